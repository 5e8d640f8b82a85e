"""The parser's state and the body: the walk over the notice's lines by the grammar's rule table.

`BodyReader` holds what a notice's reading has found so far (blocks, attachments, set-aside lines,
numbering, anchors) and the helpers the rules in `grammar.py` call; `parse_body` asks the rules in
order at each line. The header (`header.py`), the footer (`footer.py`), the passes over siblings
(`siblings.py`) and the metadata (`metadata.py`) are the other parts of `parse.NoticeParser`.
"""
from __future__ import annotations

import dataclasses
import re

from . import thresholds as T
from .anchors import Numbering
from .grammar import ATTACHMENT_TITLE_END, RULES
from .model import (Attachment, AttachmentList, AttachmentStart, Block, BuildWarning, Cell, ChromeLine, Clause,
                    Heading, MissingFigure, Paragraph, SourceLine, Table, Unplaced)
from .patterns import (attachment_list_head, attachment_start, clean, is_office_line, is_title_like, marker,
                       signature_date, split_heading, unspaced)
from .split import Chunk
from .tables import Found, Rejected, table_at



def is_blank(line: SourceLine) -> bool:
    return not clean(line.text)


class BodyReader:
    def __init__(self, chunk: Chunk) -> None:
        self.chunk = chunk
        self.lines = chunk.lines
        self.path = chunk.source.path
        self.page = chunk.page
        self.warnings: list[BuildWarning] = []
        self.blocks: list[Block] = []
        self.attachments: list[Attachment] = []  # opened in the text, and named only (list entries, file links)
        self.chrome: list[ChromeLine] = []
        self.numbering = Numbering()
        self.placements: dict[int, tuple] = {}  # block index -> (Placement, document part), for the sibling passes
        self.documents = 0  # counts numbering restarts by document (notice, issued document, attachment)
        self.anchors: set[str] = set()
        self.next_suffix: dict[str, int] = {}  # per anchor, the first "-n" not yet tried (linear in repeats)
        self.paragraph_base = "s"  # what a plain paragraph's id counts from
        self.paragraph_count = 0
        self.signed = False  # a signature has been read
        self.just_signed = False  # the last block read is a signature
        self.document_start = 0  # index of the first body line of the current document (notice or issued document)
        self._next = [len(self.lines)] * (len(self.lines) + 1)
        for i in range(len(self.lines) - 1, -1, -1):
            self._next[i] = i if clean(self.lines[i].text) else self._next[i + 1]
        self.footer_start = len(self.lines)
        self.field_notes: dict[str, str] = {}
        self._last_signed: int | None = None  # index of the last signature's date line, once looked for
        self.rejected_tables = Rejected()  # runs the table readers already turned down (keeps reading linear)

    def warn(self, line: int | None, message: str, kind: str = "problem") -> None:
        self.warnings.append(BuildWarning(self.path, line, message, kind))

    def guess(self, line: int | None, message: str, field: str = "", note: str = "") -> None:
        """A value read from a weaker source than the text: reported to staff, and noted beside the field."""
        self.warn(line, message, "guess")
        if field and note:
            self.field_notes[field] = note

    def text(self, i: int) -> str:
        return clean(self.lines[i].text)

    def next_non_blank(self, i: int) -> int | None:
        if i >= len(self.lines):
            return None
        j = self._next[i]
        return j if j < len(self.lines) else None

    def chrome_kind(self, i: int) -> str | None:
        kind = self.page.chrome.get(self.lines[i].number)
        if kind:
            return kind
        if i >= self.footer_start:
            return "页脚"
        return None

    def set_aside(self, i: int, kind: str) -> None:
        line = self.lines[i]
        self.chrome.append(ChromeLine(line.number, clean(line.text), kind))

    def paragraphs_follow(self, base: str) -> None:
        self.paragraph_base, self.paragraph_count = base, 0

    def paragraph_anchor(self, line: int) -> str:
        self.paragraph_count += 1
        return self.unique_anchor(f"{self.paragraph_base}-p{self.paragraph_count}", line)

    def unique_anchor(self, anchor: str, line: int) -> str:
        if anchor not in self.anchors:
            self.anchors.add(anchor)
            return anchor
        n = self.next_suffix.get(anchor, 2)
        while f"{anchor}-{n}" in self.anchors:
            n += 1
        self.next_suffix[anchor] = n + 1
        self.warn(line, f"锚点 {anchor} 已被使用，本条改用 {anchor}-{n}")
        self.anchors.add(f"{anchor}-{n}")
        return f"{anchor}-{n}"

    def at_document_start(self) -> bool:
        """No clause, table or signature yet in the current document: where a table of contents stands."""
        for block in reversed(self.blocks):
            if isinstance(block, Heading) and block.role == "doc_title":
                return True
            if not (isinstance(block, Paragraph) and block.kind in ("addressee", "note")):
                return False
        return True

    def opened_attachments(self) -> list[Attachment]:
        return [a for a in self.attachments if a.anchor]

    def after_attachment_label(self) -> bool:
        return bool(self.blocks) and isinstance(self.blocks[-1], AttachmentStart) and bool(self.attachments)

    def listed_attachment(self, i: int) -> tuple[str, str] | None:
        """(number, title) of the attachment list entry whose title is this line, if any."""
        text = unspaced(self.text(i)).rstrip("。；;，,")
        for block in self.blocks:
            if isinstance(block, AttachmentList):
                for number, title in block.items:
                    if unspaced(attachment_title(title)) == text:
                        return number or str(len(self.opened_attachments()) + 1), title
        return None

    def next_is_list_item(self, i: int) -> bool:
        j = self.next_non_blank(i + 1)
        found = marker(self.lines[j].text) if j is not None else None
        return bool(found and found.numbers[0] == 2)

    def signature_below(self, i: int) -> bool:
        """An issuing body over a date somewhere below line i: the text is signed further down."""
        if self._last_signed is None:  # found once per notice, from the end (keeps reading linear)
            self._last_signed = -1
            following = None
            for j in range(len(self.lines) - 1, -1, -1):
                text = self.text(j)
                if not text:
                    continue
                if following is not None and is_office_line(text):
                    parsed = signature_date(self.text(following))
                    if parsed and not parsed.ambiguous:
                        self._last_signed = following
                        break
                following = j
        return self._last_signed > i

    # -- the body ----------------------------------------------------------------------------------
    def parse_body(self, i: int) -> None:
        while True:
            i = self.next_non_blank(i)
            if i is None:
                return
            for rule in RULES:
                found = rule.recognise(self, i)
                if found is None or found is False:
                    continue
                if rule.name not in ("chrome", "signature", "after_signature"):
                    self.just_signed = False
                i = rule.read(self, i, found)
                break

    def read_unplaced(self, i: int) -> int:
        """Text after a signature that is neither a document, an attachment nor a clause: kept and flagged.

        When what follows has the structure of a document (numbered clauses, paragraphs), it is the
        document the notice issues, printed without its title: read as such, with one warning."""
        if self._untitled_document_at(i):
            self.warn(self.lines[i].number, "落款之后的文字没有标题，按通知所印发的文件读取（原文缺文件标题）", "guess")
            self.numbering = Numbering()
            self.documents += 1
            self.paragraphs_follow("doc")
            self.document_start = i
            return i
        while i is not None:
            text = self.text(i)
            if (attachment_start(text) or self.lines[i].text.startswith("\t") or self.chrome_kind(i)
                    or attachment_list_head(text)):
                return i
            self.blocks.append(Unplaced(text, self.lines[i].number, "位于落款之后，无法归入通知的结构"))
            self.warn(self.lines[i].number, f"落款之后的零散文字「{text[:20]}」无法归入通知结构，已原样保留并标出",
                      "unplaced")
            i = self.next_non_blank(i + 1)
        return len(self.lines)

    def _untitled_document_at(self, i: int) -> bool:
        """Numbered clauses or several long paragraphs before the next attachment: a document, not stray text."""
        long_lines = 0
        j = i
        for _ in range(T.UNTITLED_DOCUMENT_LOOKAHEAD):
            if j is None:
                break
            text = self.text(j)
            if attachment_start(text) or self.chrome_kind(j):
                break
            if marker(text) and not marker(text).bare:
                return True
            long_lines += len(text) > T.WRAP_MIN_CHARS
            j = self.next_non_blank(j + 1)
        return long_lines >= 2

    def add_doc_title(self, taken: list[int]) -> None:
        title = "".join(self.text(k) for k in taken)
        self.blocks.append(Heading(title, self.lines[taken[0]].number, "doc_title"))
        self.numbering = Numbering()
        self.documents += 1
        self.paragraphs_follow("doc")
        self.document_start = taken[-1] + 1

    def open_attachment(self, i: int, label: str, number: str, title: str) -> int:
        anchor = self.unique_anchor(f"a{number}", self.lines[i].number)
        self.blocks.append(AttachmentStart(number, anchor, label, self.lines[i].number))
        self.numbering = Numbering(prefix=f"{anchor}-")
        self.documents += 1
        self.paragraphs_follow(anchor)
        self.document_start = i + 1
        next_i = i + 1
        if title:
            self.blocks.append(Heading(title, self.lines[i].number, "attachment_title"))
        else:
            taken: list[int] = []
            j = self.next_non_blank(i + 1)
            while (j is not None and len(taken) < T.ATTACHMENT_TITLE_MAX_LINES
                   and is_title_like(self.lines[j].text, limit=T.ATTACHMENT_TITLE_MAX_CHARS)
                   and not self.chrome_kind(j) and not attachment_start(self.text(j))):
                if taken and (j != taken[-1] + 1 or unspaced("".join(self.text(k) for k in taken)).endswith(
                        ATTACHMENT_TITLE_END) or len("".join(self.text(k) for k in taken + [j])) > T.ATTACHMENT_TITLE_MAX_CHARS):
                    break  # a title broken over lines continues on the very next line, until it is complete
                taken.append(j)
                j = self.next_non_blank(j + 1)
            if taken:
                title = "".join(self.text(k) for k in taken)
                self.blocks.append(Heading(title, self.lines[taken[0]].number, "attachment_title"))
                next_i = taken[-1] + 1
                self.document_start = next_i
        self.attachments.append(Attachment(number, title or label, anchor, label.rstrip("：: ")))
        return next_i

    def read_attachment_list(self, i: int, first: str) -> int:
        """"附件：1.… / 2.… / …": entries on following lines, numbered or not (a renumbered 1. is the next entry)."""
        text = self.text(i)
        label = text[: len(text) - len(first)]
        mark = marker(first)
        numbered = attachment_start(text)  # "附件2：某某表": the number is in the label
        number = str(mark.numbers[0]) if mark else (numbered[1] if numbered and numbered[2] else "")
        items = [(number, mark.rest if mark else first)]
        markers = [mark.text if mark else ""]
        lines = [self.lines[i].number]
        j = i + 1
        k = self.next_non_blank(j)
        if (not mark and k == j and not unspaced(first).endswith(ATTACHMENT_TITLE_END)
                and is_title_like(self.lines[k].text, limit=T.ATTACHMENT_TITLE_MAX_CHARS)
                and not attachment_start(self.text(k)) and not attachment_list_head(self.text(k))
                and not is_office_line(self.text(k))):
            items[0] = (number, first + self.text(k))  # "…资金安" + "排表": the title broken over two lines
            j = k + 1
        while mark:
            k = self.next_non_blank(j)
            if k is None or self.chrome_kind(k):
                break
            following = marker(self.lines[k].text)
            if (not following or following.kind != mark.kind or len(following.rest) > T.ATTACHMENT_TITLE_MAX_CHARS
                    or any(ch in "。；" for ch in following.rest)):
                break
            expected = len(items) + 1
            if following.numbers[0] != expected:
                self.warn(self.lines[k].number, f"附件列表第 {expected} 项的编号写成了「{following.text.strip()}」，按第 {expected} 项处理",
                          "guess")
            items.append((str(expected), following.rest))
            markers.append(following.text)
            lines.append(self.lines[k].number)
            j = k + 1
        self.blocks.append(AttachmentList(label, tuple(items), self.lines[i].number, lines=tuple(lines),
                                          markers=tuple(markers)))
        return j

    def add_file_link(self, i: int, name: str) -> None:
        line = self.lines[i]
        self.blocks.append(Paragraph(self.text(i), line.number, "file", self.paragraph_anchor(line.number)))
        previous = self.blocks[-2] if len(self.blocks) > 1 else None
        if isinstance(previous, AttachmentList):
            return  # the download link of the entry just listed
        self.attachments.append(Attachment("", name, "", "附件"))
        self.warn(line.number, f"附件「{name}」只有文件链接，正文中没有它的内容", "unplaced")

    def add_table(self, found: Found, line: int) -> None:
        rows = found.rows
        width = max(len(r) for r in rows)
        if found.shape_known and any(len(r) != width for r in rows):
            self.warn(line, f"表格各行单元格数不一致（最多 {width} 个），缺少的单元格按空白补齐")
        if not found.shape_known:
            self.warn(line, "表格原文丢失了空白单元格，无法还原表格形状，页面上按原顺序列出各单元格", "unplaced")
        rows = [r + [""] * (width - len(r)) for r in rows]
        extra = {"form": found.form, "source": found.source, "shape_known": found.shape_known}
        if found.spans is not None:
            covered = {(r + k, c) for (r, c), span in found.spans.items() for k in range(1, span)}
            table_rows = []
            for r, row in enumerate(rows):
                table_rows.append(tuple(None if (r, c) in covered else
                                        Cell(text, rowspan=found.spans.get((r, c), 1), header=(r == 0))
                                        for c, text in enumerate(row)))
            self.blocks.append(Table(tuple(table_rows), line, **extra))
            return
        period = _sideways_period(rows)
        if period:
            cells = tuple(tuple(Cell(text, header=(c == 0)) for c, text in enumerate(r)) for r in rows)
            self.blocks.append(Table(cells, line, sideways=True, **extra))
            return
        header = tuple(Cell(text, header=True) for text in rows[0])
        body = [[Cell(text) for text in r] for r in rows[1:]]
        if found.form == "one-cell-a-line":
            # a lone tab is the empty part of a merged cell: extend the cell above it
            for c in range(width):
                origin = None
                for r, row in enumerate(body):
                    if row[c].text == "" and origin is not None:
                        body[origin][c] = dataclasses.replace(body[origin][c], rowspan=body[origin][c].rowspan + 1)
                        row[c] = None  # covered by the rowspan
                    elif row[c].text != "":
                        origin = r
                    else:
                        origin = None
        self.blocks.append(Table((header,) + tuple(tuple(row) for row in body), line, **extra))

    def read_clause(self, i: int, mark) -> int:
        line = self.lines[i]
        placement = self.numbering.place(mark)
        if placement.problem:
            self.warn(line.number, placement.problem)
        if placement.restarted:
            self._start_part()
        anchor = self.unique_anchor(placement.anchor, line.number)
        rest, j = self.continued(i, mark.rest)
        if not rest and mark.kind in ("part", "chapter", "section"):
            k = self.next_non_blank(i + 1)  # "第一章" on one line, "总则" on the next
            if k is not None and k - i <= 2 and is_title_like(self.lines[k].text, limit=T.SECTION_TITLE_MAX):
                rest, j = self.text(k), k + 1
        heading, rest = split_heading(rest)
        self.placements[len(self.blocks)] = (placement, (self.documents, self.numbering.part))
        self.blocks.append(Clause(mark.text, anchor, placement.depth, heading, rest, line.number, placement.label))
        self.paragraphs_follow(anchor)
        if heading and not rest and heading.endswith("图"):
            following = self.next_non_blank(j)
            if following is None or marker(self.lines[following].text) or following - i > 2:
                self.blocks.append(MissingFigure(anchor, line.number))
                self.warn(line.number, f"「{heading}」只有标题，原文中的图没有文字内容，页面上注明图缺失")
        return j

    def _start_part(self) -> None:
        """Numbering restarted: a new part begins, titled by the heading just before it."""
        anchor = self.numbering.part_anchor
        if self.blocks and isinstance(self.blocks[-1], Heading) and self.blocks[-1].role == "section":
            self.blocks[-1] = dataclasses.replace(self.blocks[-1], anchor=self.unique_anchor(anchor, self.blocks[-1].line))
            self.paragraphs_follow(anchor)

    def heading_role(self, i: int) -> str | None:
        """An unnumbered short line is a section title before numbered clauses, a caption before a table."""
        line = self.lines[i]
        text = clean(line.text)
        caption = bool(re.match(r"(附)?表\s*[\d一二三四五六七八九十]", text)) and len(text) <= T.CAPTION_MAX
        if not caption and (not is_title_like(line.text, limit=T.SECTION_TITLE_MAX) or re.search(r"\d", line.text)
                            or is_office_line(line.text)):
            return None
        j = self.next_non_blank(i + 1)
        if j is None:
            return None
        if (self.lines[j].text.startswith("\t") or j == i + 1 or caption) and not self.chrome_kind(j):
            if table_at(self.lines, j, captioned=True, rejected=self.rejected_tables):
                return "caption"
        following = marker(self.lines[j].text)
        if following and following.numbers[-1] == 1 and not caption:
            return "section"
        return None

    def continued(self, i: int, text: str) -> tuple[str, int]:
        """A long line cut off mid-sentence (export or hard wrap) joins the next line.

        Returns the joined text and the index after the last line used. Linear: only the last
        character of the text so far is looked at, and the parts are joined once."""
        parts = [text]
        length = len(text)
        last = text[-1:] if text else ""
        j = i + 1
        while length >= T.WRAP_MIN_CHARS and re.match(r"[\u4e00-\u9fff，、]", last):
            k = self.next_non_blank(j)
            if k is None or k - j > 1:
                break
            following = self.lines[k]
            nxt = clean(following.text)
            if (following.text.startswith("\t") or marker(nxt) or is_office_line(nxt) or signature_date(nxt)
                    or attachment_start(nxt) or attachment_list_head(nxt) or self.chrome_kind(k)
                    or not re.match(r"[\u4e00-\u9fff]", nxt)):
                break
            parts.append(nxt)
            length += len(nxt)
            last = nxt[-1]
            j = k + 1
        return "".join(parts), j


def attachment_title(text: str) -> str:
    """"某某名单.rar", "某某分配表。": the title, without a file's extension or a closing full stop."""
    text = clean(text).rstrip("。；;，,")
    return re.sub(r"\.(?:docx?|xlsx?|et|wps|pdf|ofd|zip|rar|7z)$", "", text, flags=re.IGNORECASE) or text


def _sideways_period(rows: list[list[str]]) -> int | None:
    """A table laid out sideways repeats its row labels (等级 row, 比例 row, 等级 row …)."""
    for period in (2, 3):
        if len(rows) >= 2 * period and len(rows) % period == 0:
            labels = [r[0] for r in rows[:period]]
            if len(set(labels)) == period and all(rows[k][0] == labels[k % period] for k in range(len(rows))):
                return period
    return None
