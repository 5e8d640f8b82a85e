"""The output folder: never eats data.

A build writes into a fresh folder beside the output and swaps it in only when the whole build
has succeeded, so a failed build leaves the previous site as it was. The output may be a new
folder, an empty one, or one a previous build wrote (it holds the marker file); anything else is
refused, and so are the source folder, the repository, any parent of either, and any folder
inside the sources (the next build would read it).
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from reader.sources import SourceError

MARKER = ".policy-site"
MARKER_TEXT = ("此文件夹由 build.py 生成，再次生成时会整个替换，请不要在这里存放其他文件。\n"
               "This folder is written by build.py and replaced whole by the next build.\n")


def check_output(out: Path, sources: list[Path], repository: Path) -> None:
    """Refuse, in Chinese, an output folder a build must not replace."""
    out = out.resolve()
    protected = [(repository.resolve(), "本程序所在的文件夹")] + [(s.resolve(), "输入文件夹") for s in sources]
    for folder, what in protected:
        if out == folder or out in folder.parents:
            raise SourceError(f"不能把网站生成到 {out}：它是{what}{'' if out == folder else '的上级文件夹'}"
                              f"（{folder}），生成时会替换其中的全部内容。请换一个输出文件夹，例如 --out site")
        if what == "输入文件夹" and folder.is_dir() and folder in out.parents:
            raise SourceError(f"不能把网站生成到 {out}：它在输入文件夹 {folder} 里面，下次生成会把网站当作输入读取。"
                              "请换一个输出文件夹。")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SourceError(f"输出 {out} 不是一个文件夹，未改动。请换一个输出文件夹。")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SourceError(f"输出文件夹 {out} 里已有文件，但不是本程序以前生成的网站（缺少标记文件 {MARKER}），"
                          "为免误删，未做任何改动。请换一个新的或空的文件夹，或先自行清空它。")


@contextmanager
def staged_output(out: Path):
    """A fresh folder beside `out` to build into; swapped in for `out` when the block ends without error."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        yield staging
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def swap_in(new: Path, out: Path) -> None:
    """Replace `out` by `new` with two renames (the old site stays whole until the second one)."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    try:
        new.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


__all__ = ["MARKER", "check_output", "staged_output", "swap_in"]
