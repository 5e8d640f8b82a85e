"""The standard library the calculators need: the modules recorded by running Pyodide's start-up and
every case table under the same Pyodide in Node.js (bundle/record-imports.mjs), computed from the rule
files the case tables are written for (Jianghua's and the national ones, handed over as the page does), packed into the
site's own python_stdlib.zip without docstrings and comments (what `python -OO` runs; 330 KB Brotli
instead of 640 KB), then checked: the same work under the packed library must give the same answers.
The full library stays in the site as a fallback.

The zip is stored, not deflated: Brotli or gzip on the wire then compress across files (a deflated
zip would not shrink any further), and reading it in the browser needs no inflating. Deterministic:
members sorted, fixed dates and permissions, so two builds give the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path, PurePosixPath

from .wheel import ROOT, BundleError

RECORDER = ROOT / "bundle" / "record-imports.mjs"
CASE_TABLES = ROOT / "tests" / "calculators" / "cases"
# the rule files the case tables are written for, by the name messages give them (read as files: the
# bundle packs calculators/, it does not import it)
RULE_FILES = {"county": ROOT / "sources" / "jianghua" / "calculators", "national": ROOT / "calculators" / "national"}
CACHE = ROOT / ".build" / "stdlib"
RECORD_TIMEOUT_S = 300
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def _modules(member: str) -> str:
    """The module name of a zip member ("email/utils.py" -> "email.utils")."""
    name = member[:-3].replace("/", ".")
    return name[: -len(".__init__")] if name.endswith(".__init__") else name


def rule_files() -> dict[str, dict[str, str]]:
    """{"county": {file: text}, "national": {file: text}}: what the page hands the engine, for the case tables."""
    return {kind: {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8-sig")
                   for path in sorted(folder.glob("*.toml"))}
            for kind, folder in RULE_FILES.items()}


def _run(runtime_dir: Path, wheels: list[Path], out: Path, stdlib: Path | None) -> dict:
    node = shutil.which("node")
    if node is None:
        raise BundleError("未找到 Node.js：生成计算引擎需要它来记录计算器用到的 Python 标准库模块。请安装 Node.js（Debian：apt-get install nodejs）。")
    rules = out.with_name(out.stem + "-rule-files.json")
    rules.write_text(json.dumps(rule_files(), ensure_ascii=False), encoding="utf-8")
    try:
        result = subprocess.run([node, str(RECORDER), str(runtime_dir), str(CASE_TABLES), str(rules), str(out), str(stdlib or "-"),
                                 *map(str, wheels)], capture_output=True, text=True, timeout=RECORD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise BundleError(f"用 Node.js 运行全部计算示例超时（超过 {RECORD_TIMEOUT_S} 秒）。") from None
    if result.returncode != 0 or not out.exists():
        raise BundleError("用 Node.js 运行全部计算示例时出错（记录或检查计算器用到的标准库模块）：\n"
                          + (result.stderr or result.stdout)[-1500:])
    return json.loads(out.read_text(encoding="utf-8"))


def site_library(runtime_dir: Path, full_zip: bytes, wheels: list[Path], work_dir: Path) -> tuple[bytes, list[str]]:
    """(the site's python_stdlib.zip, the module names left out of it).

    Records the modules the work imports under the full library, packs them without docstrings and
    comments, then runs the same work again under the packed library and requires the same answers.
    Cached in .build/stdlib under a hash of what decides it (runtime, wheels, case tables, rule files, scripts)."""
    parts = [RECORDER.read_bytes(), Path(__file__).read_bytes(), *(p.read_bytes() for p in sorted(CASE_TABLES.glob("*.json")))]
    parts += [json.dumps(rule_files(), sort_keys=True, ensure_ascii=False).encode("utf-8")]
    parts += [(runtime_dir / n).read_bytes() for n in ("pyodide.asm.wasm", "pyodide.asm.mjs")] + [full_zip]
    parts += [w.read_bytes() for w in wheels]
    key = hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in parts)).hexdigest()[:24]
    cached_zip, cached_list = CACHE / f"{key}.zip", CACHE / f"{key}.left-out.json"
    if cached_zip.exists() and cached_list.exists():
        return cached_zip.read_bytes(), json.loads(cached_list.read_text(encoding="utf-8"))
    recorded = _run(runtime_dir, wheels, work_dir / "stdlib-recorded.json", None)
    packed, left_out = pack(full_zip, recorded["modules"], recorded["sources"])
    candidate = work_dir / "python_stdlib.zip"
    candidate.write_bytes(packed)
    checked = _run(runtime_dir, wheels, work_dir / "stdlib-checked.json", candidate)
    if checked["answers"] != recorded["answers"]:
        raise BundleError("精简后的 Python 标准库算出的结果与完整标准库不同（用全部计算示例检查），已停止生成。"
                          "请把 bundle/record-imports.mjs 的输出交给开发人员。")
    CACHE.mkdir(parents=True, exist_ok=True)
    for path, data in ((cached_list, json.dumps(left_out).encode()), (cached_zip, packed)):
        temporary = path.with_name(path.name + ".part")
        temporary.write_bytes(data)
        temporary.replace(path)
    return packed, left_out


def pack(full_zip: bytes, members: list[str], sources: dict[str, str] | None = None) -> tuple[bytes, list[str]]:
    """(the trimmed zip, the module names of the full library left out of it). Besides each recorded
    module, the data files of its folder come along (a package may read them). `sources` replaces
    a module's text (the recorded modules without docstrings and comments)."""
    sources = sources or {}
    source = zipfile.ZipFile(io.BytesIO(full_zip))
    names = set(source.namelist())
    missing = [m for m in members if m not in names]
    if missing:
        raise BundleError(f"记录的标准库模块不在 Pyodide 的 python_stdlib.zip 中：{', '.join(missing[:5])}")
    folders = {str(PurePosixPath(m).parent) for m in members}
    chosen = set(members) | {n for n in names if not n.endswith(("/", ".py")) and str(PurePosixPath(n).parent) in folders}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as packed:
        for name in sorted(chosen):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            packed.writestr(info, sources[name].encode("utf-8") if name in sources else source.read(name))
    left_out = sorted(_modules(n) for n in names if n.endswith(".py") and n not in chosen)
    return buffer.getvalue(), left_out
