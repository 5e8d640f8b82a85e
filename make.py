#!/usr/bin/env python3
"""Set-up and entry point for a fresh machine (Python 3, Node.js/npm, apt).

    python3 make.py serve   # install what the site needs, build it, serve it on 127.0.0.1:8000
    python3 make.py test    # install what the tests need (incl. Debian's chromium), run the whole suite

Standard library only: this runs before anything is installed. Everything comes from
PyPI, the npm registry and Debian's apt, nothing from anywhere else.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
CHROMIUM = Path("/usr/bin/chromium")
APT_PACKAGES = ["chromium", "fonts-noto-cjk", "nginx", "libnginx-mod-http-brotli-static",  # nginx: the deployment test
                "poppler-utils",  # the browser tests rasterise and read the printed PDF
                "libreoffice-writer-nogui"]  # old Word/WPS files (.doc, .wps): their reader converts them, and its test
NGINX_BROTLI = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def run(cmd: list[str], **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def ensure_python_packages() -> None:
    if not VENV_PYTHON.exists():
        run([sys.executable, "-m", "venv", str(VENV)])
    stamp = VENV / ".requirements.sha256"
    requirements = ROOT / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes() + (ROOT / "requirements-browser.txt").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run([str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(requirements)])
    # pure-Python wheels for the browser bundle, from PyPI (their SHA-256 is checked at build time)
    run([str(VENV_PYTHON), "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--only-binary=:all:", "-d", str(VENV / "browser-wheels"), "-r", str(ROOT / "requirements-browser.txt")])
    stamp.write_text(digest)


def note_office_converter() -> None:
    """LibreOffice is optional: only old .doc/.wps files need it. Say so once, in Chinese, when it is missing."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        print("提示：本机没有 LibreOffice，旧版 Word/WPS 文件（.doc、.wps）将无法读取；"
              "需要时请安装：sudo apt install libreoffice-writer-nogui", flush=True)


def ensure_npm_packages() -> None:
    if not (ROOT / "package.json").exists():
        return
    stamp = ROOT / "node_modules" / ".package-lock.sha256"
    lock = ROOT / "package-lock.json"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.exists() else ""
    if stamp.exists() and stamp.read_text() == digest:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("未找到 npm：请先安装 Node.js 与 npm（Debian：apt-get install nodejs npm）。")
    run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=ROOT)
    stamp.write_text(digest)


def ensure_chromium() -> None:
    missing = (not CHROMIUM.exists() or not Path("/usr/share/fonts/opentype/noto").exists() or not NGINX_BROTLI.exists()
               or shutil.which("soffice") is None or shutil.which("pdftoppm") is None)
    if not missing:
        return
    apt = ["apt-get"] if os.geteuid() == 0 else ["sudo", "apt-get"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(apt + ["update", "-qq"], env=env)
    run(apt + ["install", "-y", "-qq", *APT_PACKAGES], env=env)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "serve":
        ensure_python_packages()
        note_office_converter()
        ensure_npm_packages()
        # build.py serve builds first, then serves
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(ROOT / "build.py"), "serve", *argv[2:]])
    if command == "test":
        ensure_python_packages()
        ensure_npm_packages()
        ensure_chromium()
        result = subprocess.run([str(VENV_PYTHON), "-m", "pytest", *argv[2:]], cwd=ROOT)
        return result.returncode
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
