"""Data flows one way: the calculators use the standard library only and know nothing of the site;
the site pipeline reaches the calculators only through their public API."""
import ast
import sys

from .conftest import ROOT


def imports(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name, 0
            elif isinstance(node, ast.ImportFrom):
                yield path, node.module or "", node.level


def test_calculators_use_the_standard_library_only():
    for path, module, level in imports("calculators"):
        if level:
            continue
        top = module.split(".")[0]
        assert top in sys.stdlib_module_names or top == "calculators", f"{path.name} imports {module}"


def test_calculators_never_import_the_site():
    for path, module, level in imports("calculators"):
        assert not module.startswith(("pipeline", "mkdocs", "jinja2", "markdown")), f"{path.name} imports {module}"


def test_the_pipeline_uses_only_the_calculators_public_api():
    for path, module, level in imports("pipeline"):
        if module.startswith("calculators"):
            assert module in ("calculators", "calculators.api"), f"{path.name} imports {module}"
