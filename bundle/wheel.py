"""Build the calculators' wheel.

A standard PEP 517 build of a pure-Python package gives the same py3-none-any wheel that
`pyodide build` would; `pyodide build` cannot reach its cross-build environment from here.
Where it can, replace the body of `build_calculator_wheel` and nothing else changes.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BundleError(Exception):
    """A problem with the browser bundle; the message is Chinese."""


def build_calculator_wheel(out_dir: Path, source_date_epoch: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        shutil.copy(ROOT / "bundle" / "pyproject.toml", work / "pyproject.toml")
        shutil.copytree(ROOT / "calculators", work / "calculators",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch)
        result = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work / "dist"), str(work)],
                                capture_output=True, text=True, env=env, cwd=work)  # not ROOT: build.py would shadow `build`
        if result.returncode != 0:
            raise BundleError("计算器打包（wheel）失败：\n" + (result.stderr or result.stdout)[-2000:])
        wheel, = (work / "dist").glob("*.whl")
        target = out_dir / wheel.name
        shutil.copy(wheel, target)
        return target
