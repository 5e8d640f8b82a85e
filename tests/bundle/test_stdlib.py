"""The site's own standard library: packed from the recorded modules, deterministic, and holding
every standard-library module the calculators import."""
from __future__ import annotations

import ast
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from bundle.stdlib import pack
from bundle.wheel import BundleError

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"


@pytest.fixture(scope="module")
def full() -> bytes:
    return FULL.read_bytes()


def test_pack_keeps_the_recorded_modules_and_their_data_and_lists_the_rest(full):
    packed, left_out = pack(full, ["json/__init__.py", "json/decoder.py", "tomllib/__init__.py", "random.py"])
    names = zipfile.ZipFile(io.BytesIO(packed)).namelist()
    assert names == sorted(names)
    assert {"json/__init__.py", "json/decoder.py", "random.py", "tomllib/mypy.ini"} <= set(names)
    assert "json/encoder.py" not in names and "json.encoder" in left_out and "asyncio" in left_out
    assert "random" not in left_out and "json" not in left_out
    assert all(i.compress_type == zipfile.ZIP_STORED and i.date_time == (1980, 1, 1, 0, 0, 0)
               for i in zipfile.ZipFile(io.BytesIO(packed)).infolist())


def test_pack_is_deterministic(full):
    members = ["json/__init__.py", "random.py", "email/utils.py"]
    assert pack(full, members) == pack(full, list(reversed(members)))


def test_a_module_the_runtime_does_not_have_is_a_build_error(full):
    with pytest.raises(BundleError, match="no_such_module.py"):
        pack(full, ["no_such_module.py"])


def _stdlib_imports(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            found |= {n for n in names if n.split(".")[0] in sys.stdlib_module_names}
    return found


def test_the_built_library_holds_every_module_the_calculators_import(built_site):
    manifest = json.loads((built_site / "assets" / "calc" / "manifest.json").read_text(encoding="utf-8"))
    packed = zipfile.ZipFile(built_site / manifest["stdlib"]["url"])
    names = set(packed.namelist())
    full_names = set(zipfile.ZipFile(FULL).namelist())
    for module in sorted(_stdlib_imports(ROOT / "calculators")):
        path = module.replace(".", "/")
        in_full = {f"{path}.py", f"{path}/__init__.py"} & full_names
        assert not in_full or in_full <= names, f"{module} is imported by the calculators but not packed"
    assert manifest["stdlib"]["size"] < manifest["stdlib_full"]["size"] * 1.5
    assert set(manifest["stdlib"]["left_out"]).isdisjoint(m[:-3].replace("/", ".") for m in names if m.endswith(".py"))
