"""The parsed form of a notice: what `parse` produces and `render` consumes.

Every source line that belongs to a notice ends up in exactly one block, so the
rendered page can show every character of the source (see tests/pipeline/test_lossless.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class SourceLine:
    number: int  # 1-based line number in the source file
    text: str  # without the line ending


@dataclass(frozen=True)
class SourceText:
    path: str  # as given on the command line or relative to the source folder
    encoding: str
    lines: tuple[SourceLine, ...]
    warnings: tuple["BuildWarning", ...] = ()  # lines in another encoding, decoded and named


@dataclass(frozen=True)
class BuildWarning:
    path: str
    line: int | None
    message: str  # Chinese, for county staff

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"警告 {where}：{self.message}"


# --- body blocks -----------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int
    kind: str = "text"  # text | addressee | appointment
    anchor: str = ""  # "<clause>-p<n>": the n-th plain paragraph after that clause or heading


@dataclass(frozen=True)
class Clause:
    """A numbered clause: 一、 （一） 1. （1） ① or 1.1 / 2.1.1."""

    marker: str  # the numbering as written, e.g. "（一）" or "4.2"
    anchor: str  # stable id from the numbering path, e.g. "c4-2" or "a1-c2-1"
    depth: int  # 1 = top level of its document part
    heading: str  # short title part ("收费减免。"), may be empty
    text: str  # the rest of the line after the heading, may be empty
    line: int
    path_label: str = ""  # human label of the full path, e.g. "三（一）" or "4.2"


@dataclass(frozen=True)
class Heading:
    """An unnumbered heading: a document title, a section title or a table caption."""

    text: str
    line: int
    role: str  # doc_title | section | caption | attachment_title
    anchor: str = ""


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    header: bool = False


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell | None, ...], ...]  # None: covered by a rowspan from above
    line: int
    sideways: bool = False  # label column on the left, one row per label


@dataclass(frozen=True)
class AttachmentStart:
    number: str  # "1"
    anchor: str  # "a1"
    label: str  # "附件1" as written
    line: int


@dataclass(frozen=True)
class AttachmentList:
    """The "附件：1.… 2.…" list at the end of a notice's text."""

    label: str  # "附件："
    items: tuple[tuple[str, str], ...]  # (number, title)
    line: int


@dataclass(frozen=True)
class Signature:
    office: str
    date_text: str
    line: int


@dataclass(frozen=True)
class Unplaced:
    """Text the reader could not place in the notice's structure; shown as is and flagged."""

    text: str
    line: int
    reason: str


@dataclass(frozen=True)
class MissingFigure:
    caption_anchor: str
    line: int


Block = Union[Paragraph, Clause, Heading, Table, AttachmentStart, AttachmentList,
              Signature, Unplaced, MissingFigure]


@dataclass(frozen=True)
class Attachment:
    number: str
    title: str
    anchor: str


@dataclass(frozen=True)
class Validity:
    status: str  # 有效 | 已失效 | 部分条款已到期 | 未标注
    valid_from: str | None = None
    valid_until: str | None = None
    notes: tuple[str, ...] = ()
    repeals: tuple[str, ...] = ()  # 文号 of notices this one repeals


@dataclass(frozen=True)
class Notice:
    source_path: str
    first_line: int
    last_line: int
    slug: str
    title: str
    doc_number: str | None  # normalised: 江政办发〔2024〕3号
    registration_number: str | None
    issuer: str | None
    date: str | None  # ISO
    addressees: str | None
    kind: str  # 规范性文件 | 人事任免 | 其他公文
    letterhead: str | None  # issuing office line shown above the title
    header_lines: tuple[SourceLine, ...]  # title, 文号, 登记号 lines as written
    blocks: tuple[Block, ...]
    attachments: tuple[Attachment, ...] = ()
    validity: Validity = field(default_factory=lambda: Validity("未标注"))

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None
