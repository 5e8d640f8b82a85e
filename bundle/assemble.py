"""Assemble the browser bundle into a built site: runtime, wheels, the site's rule files, manifest, service worker.

`collect` reads and checks everything first (SHA-256 against bundle/checksums.sha256);
`write` then copies into the site. Nothing is downloaded. The wheel carries the engine and no county's
rules: each site's rule files (its county's and the national ones, as the build checked them) are
written beside it and named in the manifest with their SHA-256, which the worker checks like every
engine file before handing them to the engine.
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import stdlib
from .wheel import ROOT, BundleError, build_calculator_wheel

CHECKSUMS = ROOT / "bundle" / "checksums.sha256"
NODE_MODULES = ROOT / "node_modules"
BROWSER_WHEELS = ROOT / ".venv" / "browser-wheels"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
SERVICE_WORKER = ROOT / "bundle" / "service-worker.js"
PRECACHE_ALL_PAGES_UP_TO = 200  # beyond this many pages, notices are cached as they are visited
SKIP_PRECACHE = (".gz", ".br", ".map", "sitemap.xml")
SNAPSHOT_TIMEOUT_S = 300


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Bundle:
    pyodide_version: str
    lock_info: dict
    runtime: dict[str, bytes]  # file name -> content, as published in the npm package (full standard library included)
    stdlib: bytes  # the standard library the calculators need (bundle/stdlib.py)
    stdlib_left_out: tuple[str, ...]  # module names of the full library that are not in `stdlib`
    wheels: dict[str, bytes]  # file name -> content: what the first result needs (the calculators)
    qr_wheels: dict[str, bytes]  # loaded when a QR code is first asked for (segno)
    snapshot: bytes | None = None  # memory image with the calculators imported (faster warm starts)
    snapshot_inputs: str = ""  # hash of everything the image is made from: the same on every machine
    problems: tuple[str, ...] = ()  # Chinese notes for the build's warnings


def _expected() -> dict[str, str]:
    expected = {}
    for line in CHECKSUMS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split()
            expected[name] = digest
    return expected


def _checked(path: Path, key: str, expected: dict[str, str], how_to_fix: str) -> bytes:
    if not path.exists():
        raise BundleError(f"缺少文件 {path}。{how_to_fix}")
    data = path.read_bytes()
    if sha256(data) != expected[key]:
        raise BundleError(f"文件 {path} 的 SHA-256 与 bundle/checksums.sha256 记录的不符，可能已损坏或被替换。{how_to_fix}")
    return data


def collect(source_date_epoch: str, work_dir: Path) -> Bundle:
    expected = _expected()
    fix_npm = "请运行 python3 make.py serve（它会用 npm ci 按锁定版本安装 pyodide）。"
    runtime_dir = NODE_MODULES / "pyodide"
    package = runtime_dir / "package.json"
    if not package.exists():
        raise BundleError(f"找不到 Pyodide 运行时（{package}）。{fix_npm}")
    version = json.loads(package.read_text(encoding="utf-8"))["version"]
    runtime = {name: _checked(runtime_dir / name, f"pyodide/{name}", expected, fix_npm) for name in RUNTIME_FILES}
    lock = json.loads((runtime_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    wheel = build_calculator_wheel(work_dir, source_date_epoch)
    wheels = {wheel.name: stored(wheel.read_bytes())}
    qr_wheels = {}
    for key in sorted(k for k in expected if k.startswith("wheels/")):
        name = key.split("/", 1)[1]
        qr_wheels[name] = _checked(BROWSER_WHEELS / name, key, expected, "请运行 python3 make.py serve（它会从 PyPI 下载所需的 wheel）。")
    trimmed, left_out = stdlib.site_library(runtime_dir, runtime["python_stdlib.zip"],
                                            [wheel, *(BROWSER_WHEELS / n for n in qr_wheels)], work_dir)
    snapshot, inputs, problem = make_snapshot(runtime, trimmed, wheels, work_dir)
    return Bundle(version, lock["info"], runtime, trimmed, tuple(left_out), wheels, qr_wheels, snapshot, inputs,
                  (problem,) if problem else ())


def stored(archive: bytes) -> bytes:
    """The same zip (a wheel) with its members stored rather than deflated: Brotli or gzip on the wire
    then compress across files, 40 KB becomes about 25 KB. Members keep their order and dates."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as packed:
        for info in source.infolist():
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.external_attr, copy.create_system = info.external_attr, info.create_system
            packed.writestr(copy, source.read(info.filename))
    return buffer.getvalue()


def make_snapshot(runtime: dict[str, bytes], stdlib_zip: bytes, wheels: dict[str, bytes],
                  work_dir: Path) -> tuple[bytes | None, str, str | None]:
    """Boot the runtime in Node.js at build time and keep a memory image (Pyodide's experimental
    `_makeSnapshot`), made with the site's own standard library (an image is bound to its bytes).
    Returns (image, hash of its inputs, problem). Kept in .build/snapshots under that hash: made again
    only when the runtime, the library, the wheels or the script change, so repeated builds stay
    byte-identical. The image itself differs between machines; the hash of its inputs does not."""
    script = ROOT / "bundle" / "make-snapshot.mjs"
    inputs = (*(runtime[n] for n in RUNTIME_FILES if n != "python_stdlib.zip"), stdlib_zip, *wheels.values(), script.read_bytes())
    key = hashlib.sha256(b"".join(sha256(d).encode() for d in inputs)).hexdigest()[:24]
    cached = ROOT / ".build" / "snapshots" / f"{key}.bin"
    if cached.exists():
        return cached.read_bytes(), key, None
    node = shutil.which("node")
    if node is None:
        return None, key, "未找到 Node.js，计算器的内存快照未生成：计算器照常可用，只是再次打开时启动稍慢。"
    folder = work_dir / "snapshot-inputs"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in wheels.items():
        (folder / name).write_bytes(data)
    (folder / "python_stdlib.zip").write_bytes(stdlib_zip)
    out = work_dir / "snapshot.bin"
    try:
        result = subprocess.run([node, str(script), str(NODE_MODULES / "pyodide"), str(folder / "python_stdlib.zip"), str(out),
                                 *(str(folder / n) for n in wheels)], capture_output=True, text=True, timeout=SNAPSHOT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, key, f"计算器的内存快照生成超时（超过 {SNAPSHOT_TIMEOUT_S} 秒），已改用普通启动（计算结果不受影响）。"
    if result.returncode != 0 or not out.exists():
        return None, key, "计算器的内存快照生成失败，已改用普通启动（计算结果不受影响）：" + (result.stderr or "")[-300:]
    cached.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_name(cached.name + ".part")
    temporary.write_bytes(out.read_bytes())
    temporary.replace(cached)
    return cached.read_bytes(), key, None


def _entry(url: str, data: bytes) -> dict:
    return {"url": url, "size": len(data), "sha256": sha256(data)}


def rule_file_url(file: str, national: bool) -> str:
    """Where a rule file lies in the site: assets/calc/rules/<county|national>/<name>.toml."""
    return f"assets/calc/rules/{'national' if national else 'county'}/{Path(file).name}"


def write_rules(site: Path, rules: dict[str, dict]) -> list[dict]:
    """The site's rule files (file as messages name it -> what `Catalogue.shipped` says of it) into the site;
    their manifest entries, each with the calculator it defines and the files it is loaded with."""
    entries = []
    urls = {file: rule_file_url(file, shipped["national"]) for file, shipped in rules.items()}
    for file, shipped in sorted(rules.items(), key=lambda item: (item[1]["national"], item[0])):
        url, data = urls[file], shipped["text"].encode("utf-8")
        (site / url).parent.mkdir(parents=True, exist_ok=True)
        (site / url).write_bytes(data)
        entries.append({**_entry(url, data), "file": file, "national": shipped["national"], "id": shipped["id"],
                        "uses": [urls[u] for u in shipped["uses"]]})
    if len({e["url"] for e in entries}) != len(entries):
        raise BundleError("两个规则文件同名：" + "、".join(sorted(rules)))
    return entries


def write(site: Path, bundle: Bundle, rules: dict[str, dict] | None = None) -> dict:
    """Copy the bundle and the site's rule files into the site and write its manifest and the service
    worker. Returns the manifest.

    Everything here is the same on every machine except the memory image and its checksum file
    (pyodide-snapshot.bin, pyodide-snapshot.json): the manifest names the image by the hash of its inputs."""
    index = f"assets/pyodide/{bundle.pyodide_version}/"
    runtime_dir = site / index
    calc_dir = site / "assets" / "calc"
    runtime_dir.mkdir(parents=True, exist_ok=True)
    calc_dir.mkdir(parents=True, exist_ok=True)
    for name, data in bundle.runtime.items():
        (runtime_dir / name).write_bytes(data)
    (calc_dir / "python_stdlib.zip").write_bytes(bundle.stdlib)
    for name, data in {**bundle.wheels, **bundle.qr_wheels}.items():
        (calc_dir / name).write_bytes(data)
    manifest = {
        "pyodide": {"version": bundle.pyodide_version, "index": index, "lock_info": bundle.lock_info,
                    "files": [{"name": n, "size": len(bundle.runtime[n]), "sha256": sha256(bundle.runtime[n])}
                              for n in RUNTIME_FILES if n != "python_stdlib.zip"]},
        "stdlib": {**_entry("assets/calc/python_stdlib.zip", bundle.stdlib), "left_out": list(bundle.stdlib_left_out)},
        "stdlib_full": _entry(index + "python_stdlib.zip", bundle.runtime["python_stdlib.zip"]),
        "wheels": [_entry(f"assets/calc/{n}", d) for n, d in bundle.wheels.items()],
        "on_demand": {"qr": [_entry(f"assets/calc/{n}", d) for n, d in bundle.qr_wheels.items()]},
        "entry": "calculators.api",
        "rules": write_rules(site, rules or {}),
    }
    if bundle.snapshot:
        (calc_dir / "pyodide-snapshot.bin").write_bytes(bundle.snapshot)
        checksum = {**_entry("assets/calc/pyodide-snapshot.bin", bundle.snapshot), "inputs": bundle.snapshot_inputs}
        (calc_dir / "pyodide-snapshot.json").write_text(json.dumps(checksum) + "\n", encoding="utf-8")
        manifest["snapshot"] = {"url": "assets/calc/pyodide-snapshot.bin", "checksum": "assets/calc/pyodide-snapshot.json",
                                "inputs": bundle.snapshot_inputs}
    (calc_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_service_worker(site)
    return manifest


def _precached(site: Path) -> list[Path]:
    """The site shell, cached when a visitor first arrives. The calculation engine is not: the worker
    keeps each engine file itself once it has checked it (docs/assets/calc-worker.js)."""
    def wanted(path: Path) -> bool:
        relative = path.relative_to(site).as_posix()
        engine = relative.startswith("assets/pyodide/") or (relative.startswith("assets/calc/") and path.name != "manifest.json")
        hidden = any(part.startswith(".") for part in path.relative_to(site).parts)  # the build's marker: never served
        return not (hidden or path.name.endswith(SKIP_PRECACHE) or path.name == "sw.js" or engine
                    or relative.startswith(("assets/javascripts/lunr/", "search/"))
                    or (relative.startswith("pagefind/") and "-ui" in path.name))
    files = sorted(p for p in site.rglob("*") if p.is_file() and wanted(p))
    pages = {p for p in files if p.name == "index.html" and p.parent != site and "calculators" not in p.parts}
    if len(pages) > PRECACHE_ALL_PAGES_UP_TO:  # a province: notices and their search chunks are cached as used
        files = [p for p in files if p not in pages and not p.relative_to(site).as_posix().startswith(("pagefind/fragment/", "pagefind/index/", "qr/"))]
    return files


def _in_the_shell(relative: str) -> bool:
    """What a first visit caches: the look of the site, the home page, the calculator pages and the
    404 page. Notices, search and the rest are cached as they are used, and all at once on a
    returning visit, after 保存到本机 or on a kiosk (the page asks the service worker to complete)."""
    return (relative.startswith("assets/") or relative in ("index.html", "404.html")
            or relative.startswith("calculators/") or "/" not in relative and not relative.endswith(".html"))


def write_service_worker(site: Path) -> None:
    """sw.js with its two precache lists and a cache name taken from the content of everything it caches."""
    digest = hashlib.sha256()
    lists: dict[str, list[str]] = {"shell": [], "later": []}
    for path in _precached(site):
        relative = path.relative_to(site).as_posix()
        digest.update(relative.encode() + b"\0" + sha256(path.read_bytes()).encode())
        url = "./" if relative == "index.html" else "./" + (relative[: -len("index.html")] if relative.endswith("/index.html") else relative)
        lists["shell" if _in_the_shell(relative) else "later"].append(url)
    script = SERVICE_WORKER.read_text(encoding="utf-8")
    script = (script.replace("__VERSION__", digest.hexdigest()[:16])
              .replace("__PRECACHE__", json.dumps(lists["shell"], ensure_ascii=False))
              .replace("__LATER__", json.dumps(lists["later"], ensure_ascii=False)))
    (site / "sw.js").write_text(script, encoding="utf-8")
