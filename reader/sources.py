"""Read source files: a dump of many notices or a folder of one file per notice, in every format a county has.

The reader's first step: bytes -> SourceText. `FORMATS` is the one ordered table of formats (.pdf, .docx,
.ofd, .doc/.wps, saved web pages, plain text): each names its suffixes, how its bytes are recognised and
its reader (one module each: `pdf_format`, `docx_format`, `ofd_format`, `legacy_format`, `html_format`).
A file is read by what its bytes are, not by what its name says: a PDF named .docx is read as a PDF, with
a note naming it. A file no reader can read raises `containers.Unreadable` (Chinese, naming the file),
and the county is built without it.

Plain text: detects the encoding (UTF-8 with or
without BOM, UTF-16 with BOM, GB18030/GBK) line by line, so that a GB18030 line pasted into
a UTF-8 file is found, named and decoded; normalises line endings. Writes nothing.

Links in a source folder are read only while they stay inside it: a link that leaves the
folder, loops or points at nothing is skipped with a warning naming it.
"""
from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .containers import Unreadable
from .docx_format import read_docx
from .html_format import read_html, read_mhtml
from .legacy_format import read_legacy
from .model import BuildWarning, SourceLine, SourceText
from .ofd_format import read_ofd
from .pdf_format import read_pdf
from .unfold import unfolded

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


def read_text(data: bytes, display: str) -> SourceText:
    """Plain text, line by line in its encoding(s)."""
    decoded = decode_lines(data, display)
    warnings = tuple(BuildWarning(display, line, note) for line, note in decoded.notes)
    lines, broken = unfolded(split_lines(decoded.text), display)
    return SourceText(display, decoded.encoding, lines, warnings + broken)


# --- the formats ------------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of .doc, .wps (and .xls)
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b",
                         re.IGNORECASE | re.DOTALL)


def _zip_holding(member: str) -> Callable[[bytes], bool]:
    def sniff(data: bytes) -> bool:
        if not data.startswith(b"PK"):
            return False
        try:
            return member in zipfile.ZipFile(io.BytesIO(data)).namelist()  # the directory only: nothing unpacked
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False
    return sniff


@dataclass(frozen=True)
class Format:
    name: str  # as a clerk knows it, for messages
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]  # do these bytes look like this format?
    read: Callable[[bytes, str], SourceText]
    binary: bool = True  # never plain text, whatever the file is called


FORMATS: tuple[Format, ...] = (
    Format("PDF", (".pdf",), lambda data: b"%PDF-" in data[:1024], read_pdf),
    Format("Word 文档（.docx）", (".docx", ".docm"), _zip_holding("word/document.xml"), read_docx),
    Format("OFD 版式文件", (".ofd",), _zip_holding("OFD.xml"), read_ofd),
    Format("旧版 Word/WPS 文件", (".doc", ".wps"), lambda data: data.startswith(_OLE), read_legacy),
    Format("网页存档（.mhtml）", (".mhtml", ".mht"),
           lambda data: re.search(rb"^MIME-Version:", data[:2048], re.IGNORECASE | re.MULTILINE) is not None
           and b"multipart/related" in data[:4096].lower(), read_mhtml, binary=False),
    Format("网页", (".html", ".htm", ".xhtml", ".shtml"), lambda data: bool(_HTML_START.match(data[:4096])),
           read_html, binary=False),
    Format("纯文本", tuple(sorted(TEXT_SUFFIXES)), lambda data: True, read_text, binary=False),
)
READABLE_SUFFIXES = frozenset(suffix for f in FORMATS for suffix in f.suffixes)


def format_of(data: bytes, suffix: str) -> tuple[Format, str]:
    """The format to read these bytes as, and a Chinese note when the name says another ("" when not).

    A plain-text name keeps plain text (a page's HTML pasted into a .txt is text); only a binary format's
    bytes override it. A binary name whose bytes are no known format is refused by its own reader."""
    named = next((f for f in FORMATS if suffix in f.suffixes), FORMATS[-1])
    sniffed = next((f for f in FORMATS[:-1] if f.sniff(data)), None)
    if sniffed is None or sniffed is named:
        if named.binary or named.sniff(data) or named is FORMATS[-1]:
            return named, ""
        return FORMATS[-1], f"文件名是 {suffix}，但内容不是{named.name}，已按纯文本读取，请核对"
    if named is FORMATS[-1] and not sniffed.binary:
        return named, ""
    return sniffed, f"文件名是 {suffix}，但内容其实是{sniffed.name}，已按{sniffed.name}读取；请把扩展名改正"


def read_file(path: Path, display: str | None = None) -> SourceText:
    """One source file in its format; `containers.Unreadable` when no reader can read it (the build goes on),
    SourceError when the file cannot be opened at all."""
    display = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"无法读取文件 {display}：{error.strerror}") from None
    chosen, note = format_of(data, path.suffix.lower())
    text = chosen.read(data, display)
    if note:
        text = SourceText(text.path, text.encoding, text.lines, (BuildWarning(display, None, note),) + text.warnings,
                          text.format)
    return text


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
            if name.startswith(".") or Path(name).suffix.lower() not in READABLE_SUFFIXES:
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
        raise SourceError(f"文件夹 {source} 中没有可读取的文件（.txt、.docx、.pdf、.ofd、.doc、.wps、.html 等）。")
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
