"""Read source files: a dump of many notices or a folder of one file per notice.

The reader's first step: bytes -> SourceText. Detects the encoding (UTF-8 with or
without BOM, UTF-16 with BOM, GB18030/GBK) line by line, so that a GB18030 line pasted into
a UTF-8 file is found, named and decoded; normalises line endings. Writes nothing.

Links in a source folder are read only while they stay inside it: a link that leaves the
folder, loops or points at nothing is skipped with a warning naming it.
"""
from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import BuildWarning, SourceLine, SourceText

TEXT_SUFFIXES = {".txt", ".text"}
# Characters that GB18030 bytes turn into when they happen to be valid UTF-8 (250元/亩 read as
# "250Ԫ/Ķ"): Latin Extended, IPA, Cyrillic, Armenian, Hebrew, Arabic … Greek is left out because
# a formula may use it. A line with these and a clean GB2312 reading was written in GB18030.
_MOJIBAKE = re.compile("[\u0100-\u036f\u0400-\u07ff]")


class SourceError(Exception):
    """Bad input that stops the build; the message is Chinese and names the file."""


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line number, Chinese note)


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Raise SourceError when no supported encoding fits."""
    decoded = decode_lines(data, path)
    return decoded.text, decoded.encoding


def decode_lines(data: bytes, path: str) -> Decoded:
    """Decode line by line: the file's own encoding, and a note for each line written in another."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise SourceError(f"文件 {path} 标明为 UTF-16 编码，但第 {error.start} 字节处无法解码。") from None
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[3:]
    if b"\x00" in data:
        raise SourceError(f"文件 {path} 含有空字节（\\x00），不像纯文本文件，无法读取。"
                          "请导出为 UTF-8 或 GB18030 编码的纯文本。")
    raw_lines = data.split(b"\n")  # "\n" never occurs inside a UTF-8 or GB18030 character
    readings = [_read_line(raw, n, path) for n, raw in enumerate(raw_lines, start=1)]
    gb = [n for n, (_, kind) in enumerate(readings, start=1) if kind == "gb18030"]
    utf8 = [n for n, (_, kind) in enumerate(readings, start=1) if kind == "utf-8"]
    text = "\n".join(line for line, _ in readings)
    if not gb:
        return Decoded(text, "utf-8-sig" if bom else "utf-8")
    if not utf8 and not bom:
        return Decoded(text, "gb18030")
    if len(gb) > len(utf8) and not bom:
        notes = [(n, "这一行是 UTF-8 编码，而文件其余部分是 GB18030，已按 UTF-8 读取，请核对") for n in utf8]
        return Decoded(text, "gb18030", notes)
    notes = [(n, "这一行是 GB18030/GBK 编码，而文件其余部分是 UTF-8（多见于从别处粘贴的文字），"
                 "已按 GB18030 读取，请核对这一行并把文件另存为 UTF-8") for n in gb]
    return Decoded(text, "utf-8-sig" if bom else "utf-8", notes)


def _read_line(raw: bytes, number: int, path: str) -> tuple[str, str]:
    """(text, "ascii" | "utf-8" | "gb18030") for one line's bytes."""
    if raw.isascii():
        return raw.decode("ascii"), "ascii"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise SourceError(f"无法识别文件 {path} 第 {number} 行的编码：它既不是 UTF-8，也不是 GB18030/GBK。"
                              "请用文本编辑器另存为 UTF-8 后重试。") from None
    if _MOJIBAKE.search(text) and _clean_gb2312(raw):
        return raw.decode("gb18030"), "gb18030"
    return text, "utf-8"


def _clean_gb2312(raw: bytes) -> bool:
    """True when every non-ASCII character of the GB18030 reading is a common (GB2312) one."""
    try:
        text = raw.decode("gb18030")
        text.encode("gb2312")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return False
    return not _MOJIBAKE.search(text)


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
    decoded = decode_lines(data, display)
    warnings = tuple(BuildWarning(display, line, note) for line, note in decoded.notes)
    return SourceText(display, decoded.encoding, split_lines(decoded.text), warnings)


def source_files(source: Path, warnings: list[BuildWarning] | None = None) -> list[Path]:
    """The text files a source path stands for, in a stable order.

    Inside a folder, links are followed only to files inside the folder that are not read
    anyway; every other link is skipped and, when `warnings` is given, reported."""
    if not source.exists():
        if source.is_symlink():
            raise SourceError(f"输入 {source} 是一个链接，但它指向的文件不存在（或链接循环）。")
        raise SourceError(f"找不到输入：{source}（应为一个文本文件或一个文件夹）")
    if source.is_file():
        return [source]
    root = source.resolve()
    regular: list[Path] = []
    links: list[Path] = []
    for folder, dirnames, filenames in os.walk(source, followlinks=False):
        here = Path(folder)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        links.extend(here / d for d in dirnames if (here / d).is_symlink())
        for name in filenames:
            path = here / name
            if name.startswith(".") or Path(name).suffix.lower() not in TEXT_SUFFIXES:
                continue
            (links if path.is_symlink() else regular).append(path)
    read = {p.resolve() for p in regular}
    files = list(regular)
    for link in sorted(links):
        shown = link.relative_to(source)
        problem = _link_problem(link, root, read)
        if problem is None:
            files.append(link)
            read.add(link.resolve())
        elif warnings is not None:
            warnings.append(BuildWarning(str(shown), None, problem))
    if not files:
        raise SourceError(f"文件夹 {source} 中没有 .txt 文本文件。")
    return sorted(files)


def _link_problem(link: Path, root: Path, read: set[Path]) -> str | None:
    """Why a link in the source folder is skipped, or None when its file is read through it."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:
        return "链接形成循环（指向自己或互相指向），已跳过"
    except OSError as error:
        if error.errno == 40:  # ELOOP
            return "链接形成循环（指向自己或互相指向），已跳过"
        return "链接指向的文件不存在，已跳过"
    if not target.is_relative_to(root):
        return f"链接指向输入文件夹之外（{target}），为安全起见已跳过；如需收录，请把文件复制进来"
    if target.is_dir():
        if link.parent.resolve().is_relative_to(target):
            return "链接指向它所在的上级文件夹，形成循环，已跳过"
        return "链接指向输入文件夹中的另一个文件夹，该文件夹已直接读取，链接已跳过"
    if target in read:
        return "链接指向的文件已直接读取，链接已跳过（避免同一通知出现两次）"
    return None


def read_sources(source: Path, warnings: list[BuildWarning] | None = None) -> list[SourceText]:
    """Every text of the source; reading notes (other encodings, skipped links) go to `warnings`."""
    base = source if source.is_dir() else source.parent
    texts = [read_file(p, str(p.relative_to(base)) if source.is_dir() else p.name)
             for p in source_files(source, warnings)]
    if warnings is not None:
        for text in texts:
            warnings.extend(text.warnings)
    return texts
