"""The parsed form of a notice: what `parse` produces and `render` consumes.

Every source line that belongs to a notice ends up in exactly one block, so the
rendered page can show every character of the source (see tests/publisher/test_lossless.py).
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


# What a build-report line is about: staff see them grouped by notice on /report/ and on stderr.
REPORT_KINDS = {
    "set_aside": "移出",  # page furniture moved out of the text into the 网页附带文字 box
    "guess": "推测",  # a field read from a weaker source than the text, or a damaged value read
    "unplaced": "无法归入",  # text shown as is and flagged because no structure fits it
    "problem": "警告",  # anything else staff should check (numbering gaps, missing 文号 …)
}


@dataclass(frozen=True)
class BuildWarning:
    path: str
    line: int | None
    message: str  # Chinese, for county staff
    kind: str = "problem"  # a key of REPORT_KINDS

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{REPORT_KINDS.get(self.kind, '警告')} {where}：{self.message}"


@dataclass(frozen=True)
class InfoField:
    """One field of a web page's information block (索引号, 发布机构, 成文日期 …)."""

    label: str  # as printed, spaces removed: 发文字号
    key: str  # index | issuer | publisher | doc_number | written | published | effective | expires | validity | topic | title | …
    value: str  # as printed ("" when the page left it empty)
    line: int


@dataclass(frozen=True)
class ChromeLine:
    """A line of page furniture set aside: shown in the collapsed 网页附带文字 box, never as text."""

    line: int
    text: str
    kind: str  # 导航 | 信息栏 | 页面按钮 | 页脚 | 网页标题 | 数据库标注 | 相关链接 | 页眉 …


# --- body blocks -----------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int
    kind: str = "text"  # text | addressee | appointment | note (题注, 此件公开发布) | file (a link to an attached file)
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
    role: str = ""  # heading | text | item: decided for all siblings of one numbering kind together
    level: int = 0  # heading level on the page, the same for every clause of one numbering kind


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
    form: str = "one-cell-a-line"  # how the source wrote it: one-cell-a-line | tabs | pipes | spaces | form
    source: tuple[str, ...] = ()  # the lines as written, when their layout characters are not spaces ("|", "-")
    shape_known: bool = True  # False: a fill-in form whose empty cells were lost; cells are listed in order


@dataclass(frozen=True)
class Contents:
    """The document's own table of contents (目录): its lines, not sections of the page."""

    entries: tuple[tuple[str, int], ...]  # (text as written, line)
    line: int


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
    anchors: tuple[str, ...] = ()  # per item, the attachment it opens on this page ("" when the text lacks it)
    lines: tuple[int, ...] = ()  # per item, its source line
    markers: tuple[str, ...] = ()  # per item, its number as written ("1.", "" when unnumbered)


@dataclass(frozen=True)
class Signature:
    office: str  # display string: the issuing bodies joined by 、
    date_text: str  # the date line as written
    line: int
    offices: tuple[str, ...] = ()  # every issuing body (joint issuers sign on one line or on consecutive lines)
    office_lines: tuple[str, ...] = ()  # the office lines as written
    notes: tuple[str, ...] = ()  # a seal note between the offices and the date: （此件公开发布）
    date_line: int = 0


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


Block = Union[Paragraph, Clause, Heading, Table, Contents, AttachmentStart, AttachmentList,
              Signature, Unplaced, MissingFigure]


@dataclass(frozen=True)
class Attachment:
    number: str
    title: str
    anchor: str  # "" when the text only names the attachment (a list entry or a file link) without its content
    label: str = ""  # 附件1, 附件 …


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
    issuers: tuple[str, ...] = ()  # every issuing body (joint issuers); `issuer` is their display string
    chrome: tuple[ChromeLine, ...] = ()  # page furniture set aside, in source order
    info: tuple[InfoField, ...] = ()  # the web page's information block
    date_ambiguous: bool = False  # the signature date lost its separators ("2019610")
    title_found: bool = True  # False: no title in the text; `title` is a placeholder naming the file
    title_number: str = ""  # a 文号 printed on the title's own line, as printed ("(岳办发〔2017〕2号)")
    title_number_leading: bool = False  # printed before the title
    field_notes: tuple[tuple[str, str], ...] = ()  # (field, Chinese note for readers) where a value was inferred
    title_tag: str = ""  # a status tag printed on the title's line, as printed ("（已废止）"); not part of `title`
    title_tag_leading: bool = True  # printed before the title
    corrected: tuple[tuple[str, str], ...] = ()  # (field, the value as read) for each field staff corrected

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None
