"""Zip containers (.docx, .ofd, .xlsx) and the XML inside them, read within bounds.

A county's files come from many hands, and a hostile or broken one must cost bounded time and memory:
a zip member is read in chunks and refused once it grows past `thresholds.ZIP_MEMBER_MAX_BYTES`, the
whole container past `ZIP_TOTAL_MAX_BYTES`, and a member that unpacks to more than `ZIP_MAX_RATIO`
times its packed size is a zip bomb whatever its declared size says. The XML reader refuses any
document type declaration (no entities, internal or external, so neither "billion laughs" nor a
file read from the disk) and bounds the elements it builds.

`Unreadable` is what every format reader raises for a file it cannot or will not read: its message
is Chinese and names the file, and the rest of the county is built without it.
"""
from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree
from xml.parsers import expat

from . import thresholds as T


class Unreadable(Exception):
    """A file the reader cannot read (damaged, encrypted, hostile, unsupported): the message is Chinese and
    names the file; the build goes on without it."""


class BoundedZip:
    """The members of a zip file, each read at most once within the bounds; names as the zip lists them."""

    def __init__(self, data: bytes, display: str, what: str) -> None:
        self.display, self.what = display, what
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise Unreadable(f"文件 {display} 不是完整的{what}（压缩包已损坏或不完整），无法读取。"
                             "请用原来的软件重新导出后再放入。") from None
        if len(infos) > T.ZIP_MAX_MEMBERS:
            raise Unreadable(f"文件 {display} 内含 {len(infos)} 个部件，远多于正常的{what}，为安全起见未读取。")
        if any(info.flag_bits & 0x1 for info in infos):
            raise Unreadable(f"文件 {display} 已加密（设置了打开密码），无法读取。请在原软件中取消密码后另存一份再放入。")
        self.names = {info.filename: info for info in infos}
        self.total = 0
        # zipfile never unpacks more than a member's declared size, so bounding the declared sizes bounds what a
        # library that opens the file after us (python-docx reads every part) can unpack
        declared = sum(info.file_size for info in infos)
        if declared > T.ZIP_TOTAL_MAX_BYTES or any(
                info.file_size > T.ZIP_MEMBER_MAX_BYTES or (info.file_size > T.ZIP_RATIO_FREE_BYTES
                                                            and info.file_size > info.compress_size * T.ZIP_MAX_RATIO)
                for info in infos):
            raise self._bomb()

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        """One member's bytes; Unreadable when it is missing, damaged or too large (declared or actual)."""
        info = self.names.get(name)
        if info is None:
            raise Unreadable(f"文件 {self.display} 缺少{self.what}应有的部件（{name}），可能已损坏，无法读取。")
        if info.file_size > T.ZIP_MEMBER_MAX_BYTES or self.total + info.file_size > T.ZIP_TOTAL_MAX_BYTES:
            raise self._bomb()
        limit = min(T.ZIP_MEMBER_MAX_BYTES, T.ZIP_TOTAL_MAX_BYTES - self.total,
                    max(T.ZIP_RATIO_FREE_BYTES, info.compress_size * T.ZIP_MAX_RATIO))
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as member:
                while True:
                    chunk = member.read(T.ZIP_READ_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise self._bomb()
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
            raise Unreadable(f"文件 {self.display} 的部件 {name} 已损坏（解压失败），无法读取。") from None
        self.total += size
        return b"".join(chunks)

    def _bomb(self) -> Unreadable:
        return Unreadable(f"文件 {self.display} 解压后大得异常（可能是“压缩炸弹”），为安全起见未读取。"
                          "如果它确实是一份正常的文件，请另存为 PDF 或纯文本再放入。")


def parse_xml(data: bytes, display: str, part: str) -> ElementTree.Element:
    """An XML part as an element tree: no document type declaration (so no entities), bounded size."""
    if len(data) > T.XML_MAX_BYTES:
        raise Unreadable(f"文件 {display} 的部件 {part} 过大，为安全起见未读取。")
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    count = 0

    def refuse_doctype(*_args) -> None:
        raise Unreadable(f"文件 {display} 的部件 {part} 含有文档类型声明（DTD/实体），正常的办公文件不会这样写，"
                         "为安全起见未读取。")

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > T.XML_MAX_ELEMENTS:
            raise Unreadable(f"文件 {display} 的部件 {part} 元素多得异常，为安全起见未读取。")
        builder.start(_clark(tag), {_clark(k): v for k, v in attrs.items()})

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.ExternalEntityRefHandler = refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_clark(tag))
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
        return builder.close()
    except expat.ExpatError as error:
        raise Unreadable(f"文件 {display} 的部件 {part} 不是完整的 XML（第 {error.lineno} 行出错），可能已损坏，"
                         "无法读取。") from None


def _clark(name: str) -> str:
    """expat's "uri}local" as ElementTree's "{uri}local"."""
    return "{" + name if "}" in name else name


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]


def check_xml_parts(container: BoundedZip, suffixes: tuple[str, ...] = (".xml", ".rels")) -> None:
    """Read and parse every XML part of a container within the bounds before a library opens it: a part that
    is a bomb, declares a DTD or is damaged is refused here, so the library only ever sees checked parts."""
    for name in container.names:
        if name.lower().endswith(suffixes):
            parse_xml(container.read(name), container.display, name)
