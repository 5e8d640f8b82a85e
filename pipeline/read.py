"""Read source files: a dump of many notices or a folder of one file per notice.

Stage 1 of the site pipeline: bytes -> SourceText. Detects the encoding (UTF-8 with or
without BOM, UTF-16 with BOM, GB18030/GBK) and normalises line endings. Writes nothing.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from .model import SourceLine, SourceText

TEXT_SUFFIXES = {".txt", ".text"}


class SourceError(Exception):
    """Bad input that stops the build; the message is Chinese and names the file."""


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Raise SourceError when no supported encoding fits."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", path), "utf-16"
    if b"\x00" in data:
        raise SourceError(f"文件 {path} 含有空字节（\\x00），不像纯文本文件，无法读取。"
                          "请导出为 UTF-8 或 GB18030 编码的纯文本。")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise SourceError(f"无法识别文件 {path} 的编码：它既不是 UTF-8，也不是 GB18030/GBK。"
                      "请用文本编辑器另存为 UTF-8 后重试。")


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise SourceError(f"文件 {path} 标明为 {encoding} 编码，但第 {error.start} 字节处无法解码。") from None


def split_lines(text: str) -> tuple[SourceLine, ...]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return tuple(SourceLine(n, line) for n, line in enumerate(text.split("\n"), start=1))


def read_file(path: Path, display: str | None = None) -> SourceText:
    display = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"无法读取文件 {display}：{error.strerror}") from None
    text, encoding = decode(data, display)
    return SourceText(display, encoding, split_lines(text))


def source_files(source: Path) -> list[Path]:
    """The text files a source path stands for, in a stable order."""
    if not source.exists():
        raise SourceError(f"找不到输入：{source}（应为一个文本文件或一个文件夹）")
    if source.is_file():
        return [source]
    files = sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
                   and not any(part.startswith(".") for part in p.relative_to(source).parts))
    if not files:
        raise SourceError(f"文件夹 {source} 中没有 .txt 文本文件。")
    return files


def read_sources(source: Path) -> list[SourceText]:
    base = source if source.is_dir() else source.parent
    return [read_file(p, str(p.relative_to(base)) if source.is_dir() else p.name)
            for p in source_files(source)]
