"""Write the staging docs folder that mkdocs builds from.

The publisher's only module that writes page sources: it is called once,
after every source has been read and every page rendered, so a bad input stops the
build before anything on disk changes.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from reader.sources import SourceError


def write_docs(staging: Path, hand_written: Path, pages: dict[str, str]) -> None:
    """Fresh staging folder = hand-written docs/ + generated pages (path -> text)."""
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(hand_written, staging)
    for relative, content in sorted(pages.items()):
        target = staging / relative
        if target.exists():
            raise SourceError(f"生成的页面 {relative} 与 docs/ 中手写的文件同名，请给 docs/ 中的文件改名")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
