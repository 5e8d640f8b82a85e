"""Parse one notice's lines into a Notice: header metadata and body blocks.

Stage 2 of the site pipeline. Every line of the chunk lands in the header or in exactly
one block; what cannot be placed becomes an Unplaced block and a build warning.
"""
from __future__ import annotations

import dataclasses
import re

from .anchors import Numbering, doc_number_slug, fallback_slug
from .model import (Attachment, AttachmentList, AttachmentStart, Block, BuildWarning, Cell,
                    Clause, Heading, MissingFigure, Notice, Paragraph, Signature, SourceLine,
                    Table, Unplaced)
from .patterns import (attachment_list_head, attachment_start, clean, date_line,
                       doc_number_line, is_addressee_line, is_appointment, is_office_line,
                       is_title_like, marker, registration_line, split_heading)
from .split import Chunk

PERSONNEL_PREFIXES = ("人发", "人字", "任")
MAX_DOC_TITLE_LINES = 3


def _is_blank(line: SourceLine) -> bool:
    return not clean(line.text)


def _is_table_line(line: SourceLine) -> bool:
    return line.text.startswith("\t")


class NoticeParser:
    def __init__(self, chunk: Chunk) -> None:
        self.chunk = chunk
        self.lines = chunk.lines
        self.path = chunk.source.path
        self.warnings: list[BuildWarning] = []
        self.blocks: list[Block] = []
        self.attachments: list[Attachment] = []
        self.numbering = Numbering()
        self.anchors: set[str] = set()
        self.paragraph_base = "s"  # what a plain paragraph's id counts from
        self.paragraph_count = 0

    # -- helpers --------------------------------------------------------------
    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(BuildWarning(self.path, line, message))

    def next_non_blank(self, i: int) -> int | None:
        while i < len(self.lines):
            if not _is_blank(self.lines[i]):
                return i
            i += 1
        return None

    def paragraphs_follow(self, base: str) -> None:
        self.paragraph_base, self.paragraph_count = base, 0

    def paragraph_anchor(self, line: int) -> str:
        self.paragraph_count += 1
        return self.unique_anchor(f"{self.paragraph_base}-p{self.paragraph_count}", line)

    def unique_anchor(self, anchor: str, line: int) -> str:
        if anchor not in self.anchors:
            self.anchors.add(anchor)
            return anchor
        n = 2
        while f"{anchor}-{n}" in self.anchors:
            n += 1
        self.warn(line, f"锚点 {anchor} 已被使用，本条改用 {anchor}-{n}")
        self.anchors.add(f"{anchor}-{n}")
        return f"{anchor}-{n}"

    # -- header ---------------------------------------------------------------
    def parse(self) -> tuple[Notice, list[BuildWarning]]:
        header: list[SourceLine] = []
        letterhead = None
        doc_number = registration = addressees = None
        chunk = self.chunk
        if chunk.title_start is None:
            self.warn(self.lines[0].number if self.lines else None,
                      "未能识别公文标题，整份文本按原样列出")
            title = f"未识别标题的文本（{self.path}）"
            body_start = 0
        else:
            for line in self.lines[: chunk.title_start]:
                if _is_blank(line):
                    continue
                if doc_number_line(line.text) and not doc_number:
                    doc_number = doc_number_line(line.text)
                    header.append(line)
                elif registration_line(line.text) and not registration:
                    registration = registration_line(line.text)
                    header.append(line)
                elif is_office_line(line.text) and letterhead is None:
                    letterhead = clean(line.text)
                    header.append(line)
                else:
                    self.blocks.append(Unplaced(clean(line.text), line.number,
                                                "位于第一份通知标题之前"))
                    self.warn(line.number, "标题之前的文字无法归入任何通知，已原样保留在本通知开头")
            title_lines = [l for l in self.lines[chunk.title_start: chunk.title_end + 1] if not _is_blank(l)]
            header.extend(title_lines)
            title = "".join(clean(l.text) for l in title_lines)
            body_start = chunk.title_end + 1
            i = self.next_non_blank(body_start)
            while i is not None:
                text = self.lines[i].text
                if doc_number_line(text) and not doc_number:
                    doc_number = doc_number_line(text)
                elif registration_line(text) and not registration:
                    registration = registration_line(text)
                else:
                    break
                header.append(self.lines[i])
                body_start = i + 1
                i = self.next_non_blank(body_start)
            if i is not None and is_addressee_line(self.lines[i].text):
                addressees = clean(self.lines[i].text).rstrip("：:")
                self.blocks.append(Paragraph(clean(self.lines[i].text), self.lines[i].number, "addressee",
                                             self.paragraph_anchor(self.lines[i].number)))
                body_start = i + 1
        self.parse_body(body_start)
        if doc_number is None:
            doc_number = self._doc_number_elsewhere()
        return self._notice(title, header, letterhead, doc_number, registration, addressees), self.warnings

    def _doc_number_elsewhere(self) -> str | None:
        for block in self.blocks:
            if isinstance(block, Paragraph) and doc_number_line(block.text):
                return doc_number_line(block.text)
        self.warn(self.chunk.lines[self.chunk.title_start or 0].number if self.lines else None,
                  "未找到文号（如 江政办发〔2024〕3号），页面地址将由标题生成")
        return None

    def _notice(self, title, header, letterhead, doc_number, registration, addressees) -> Notice:
        signatures = [b for b in self.blocks if isinstance(b, Signature)]
        date = issuer = None
        if signatures:
            parsed = date_line(signatures[0].date_text)
            date = parsed.iso if parsed else None
            issuer = signatures[0].office or None
            if parsed and not parsed.iso:
                self.warn(signatures[0].line, f"成文日期「{signatures[0].date_text}」不是有效日期")
        else:
            self.warn(self.lines[-1].number if self.lines else None, "未找到落款和成文日期")
        issuer = issuer or letterhead
        if issuer is None:
            self.warn(self.lines[0].number if self.lines else None, "未找到发文机关")
        if registration:
            kind = "规范性文件"
        elif (doc_number and any(p in doc_number for p in PERSONNEL_PREFIXES)) or re.search("任职|任免|免职", title):
            kind = "人事任免"
        else:
            kind = "其他公文"
        slug = doc_number_slug(doc_number) if doc_number else fallback_slug(title, date)
        first = self.lines[0].number if self.lines else 0
        last = self.lines[-1].number if self.lines else 0
        return Notice(self.path, first, last, slug, title, doc_number, registration, issuer, date,
                      addressees, kind, letterhead, tuple(header), tuple(self.blocks),
                      tuple(self.attachments))

    # -- body -----------------------------------------------------------------
    def parse_body(self, i: int) -> None:
        after_signature = False
        while True:
            i = self.next_non_blank(i)
            if i is None:
                return
            line = self.lines[i]
            text = clean(line.text)
            if _is_table_line(line):
                i = self.read_table(i)
                continue
            start = attachment_start(text)
            if start:
                i = self.open_attachment(i, *start)
                after_signature = False
                continue
            listed = attachment_list_head(text)
            if listed:
                i = self.read_attachment_list(i, listed)
                continue
            signature_end = self.signature_at(i)
            if signature_end is not None:
                i = signature_end
                after_signature = True
                continue
            if after_signature:
                after_signature = False
                title_end = self.doc_title_at(i)
                if title_end is not None:
                    i = title_end
                    continue
                i = self.read_unplaced(i)
                continue
            mark = marker(text)
            if mark:
                i = self.read_clause(i, mark)
                continue
            role = self.heading_role(i)
            if role:
                self.blocks.append(Heading(text, line.number, role))
                i += 1
                continue
            kind = "appointment" if is_appointment(text) else "text"
            i = self.read_paragraph(i, kind)

    def signature_at(self, i: int) -> int | None:
        """End index (exclusive) of an office line followed by a date line, or a lone date."""
        text = self.lines[i].text
        parsed = date_line(text)
        if parsed and self.blocks:
            self.blocks.append(Signature("", clean(text), self.lines[i].number))
            return i + 1
        if not is_office_line(text):
            return None
        j = self.next_non_blank(i + 1)
        if j is None or j - i > 3 or not date_line(self.lines[j].text):
            return None
        self.blocks.append(Signature(clean(text), clean(self.lines[j].text), self.lines[i].number))
        return j + 1

    def doc_title_at(self, i: int) -> int | None:
        """After a notice's signature: the title of the document it issues (办法, 预案 …)."""
        taken = []
        j = i
        while (j is not None and len(taken) < MAX_DOC_TITLE_LINES and is_title_like(self.lines[j].text)
               and not re.match(r"第\S{1,4}[章节编]", clean(self.lines[j].text))):
            if taken and j - taken[-1] > 2:
                break
            if attachment_start(clean(self.lines[j].text)):
                break
            taken.append(j)
            j = self.next_non_blank(j + 1)
        if not taken:
            return None
        title = "".join(clean(self.lines[k].text) for k in taken)
        self.blocks.append(Heading(title, self.lines[taken[0]].number, "doc_title"))
        self.numbering = Numbering()
        self.paragraphs_follow("doc")
        return taken[-1] + 1

    def read_unplaced(self, i: int) -> int:
        """Text after the last signature that is neither a document nor an attachment."""
        while i is not None:
            text = clean(self.lines[i].text)
            if attachment_start(text) or self.lines[i].text.startswith("\t"):
                return i
            self.blocks.append(Unplaced(text, self.lines[i].number, "位于落款之后，无法归入通知的结构"))
            self.warn(self.lines[i].number, f"落款之后的零散文字「{text[:20]}」无法归入通知结构，已原样保留并标出")
            i = self.next_non_blank(i + 1)
        return len(self.lines)

    def open_attachment(self, i: int, label: str, number: str, title: str) -> int:
        anchor = self.unique_anchor(f"a{number}", self.lines[i].number)
        self.blocks.append(AttachmentStart(number, anchor, label, self.lines[i].number))
        self.numbering = Numbering(prefix=f"{anchor}-")
        self.paragraphs_follow(anchor)
        next_i = i + 1
        if not title:
            j = self.next_non_blank(i + 1)
            if j is not None and is_title_like(self.lines[j].text, limit=60):
                title = clean(self.lines[j].text)
                self.blocks.append(Heading(title, self.lines[j].number, "attachment_title"))
                next_i = j + 1
        else:
            self.blocks.append(Heading(title, self.lines[i].number, "attachment_title"))
        self.attachments.append(Attachment(number, title or label, anchor))
        return next_i

    def read_attachment_list(self, i: int, first: str) -> int:
        items = []
        label = clean(self.lines[i].text)[: len(clean(self.lines[i].text)) - len(first)]
        mark = marker(first)
        items.append((str(mark.numbers[0]) if mark else "", mark.rest if mark else first))
        j = i + 1
        expected = 2
        while mark:
            k = self.next_non_blank(j)
            if k is None:
                break
            following = marker(self.lines[k].text)
            if not following or following.kind != mark.kind or following.numbers[0] != expected \
                    or len(following.rest) > 60:
                break
            items.append((str(expected), following.rest))
            expected += 1
            j = k + 1
        self.blocks.append(AttachmentList(label, tuple(items), self.lines[i].number))
        return j

    def read_clause(self, i: int, mark) -> int:
        line = self.lines[i]
        placement = self.numbering.place(mark)
        if placement.problem:
            self.warn(line.number, placement.problem)
        if placement.restarted:
            self._start_part()
        anchor = self.unique_anchor(placement.anchor, line.number)
        rest, j = self.continued(i, mark.rest)
        heading, rest = split_heading(rest)
        self.blocks.append(Clause(mark.text, anchor, placement.depth, heading, rest, line.number,
                                  placement.label))
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
        if not is_title_like(line.text, limit=30) or re.search(r"\d", line.text) or is_office_line(line.text):
            return None
        j = self.next_non_blank(i + 1)
        if j is None:
            return None
        if _is_table_line(self.lines[j]):
            return "caption"
        following = marker(self.lines[j].text)
        if following and following.numbers[-1] == 1:
            return "section"
        return None

    def continued(self, i: int, text: str) -> tuple[str, int]:
        """A long line cut off mid-sentence (export or hard wrap) joins the next line.

        Returns the joined text and the index after the last line used."""
        j = i + 1
        while len(text) >= 40 and re.search(r"[\u4e00-\u9fff，、]$", text):
            k = self.next_non_blank(j)
            if k is None or k - j > 1:
                break
            following = self.lines[k]
            nxt = clean(following.text)
            if (_is_table_line(following) or marker(nxt) or is_office_line(nxt) or date_line(nxt)
                    or attachment_start(nxt) or attachment_list_head(nxt)
                    or not re.match(r"[\u4e00-\u9fff]", nxt)):
                break
            text += nxt
            j = k + 1
        return text, j

    def read_paragraph(self, i: int, kind: str) -> int:
        """A paragraph is one line, or a line and its continuation."""
        line = self.lines[i]
        text, j = (self.continued(i, clean(line.text)) if kind == "text" else (clean(line.text), i + 1))
        self.blocks.append(Paragraph(text, line.number, kind, self.paragraph_anchor(line.number)))
        return j

    # -- tables ---------------------------------------------------------------
    def read_table(self, i: int) -> int:
        """Tables written one cell a line: tab-indented cells, a blank line between rows."""
        first_line = self.lines[i].number
        rows: list[list[str]] = []
        current: list[str] = []
        blank_run = 0
        j = i
        while j < len(self.lines):
            raw = self.lines[j].text
            if raw.startswith("\t\t") and current and blank_run == 0:
                current[-1] += clean(raw)  # a wrapped cell, indented deeper
            elif raw.startswith("\t"):
                if blank_run and current:
                    rows.append(current)
                    current = []
                current.append(clean(raw))
                blank_run = 0
            elif not clean(raw):
                blank_run += 1
            elif current and blank_run == 0 and not marker(raw):
                current[-1] += clean(raw)  # a wrapped cell, continued without a tab
            else:
                break
            j += 1
        if current:
            rows.append(current)
        # hand trailing blank lines back to the body
        while j > i and not clean(self.lines[j - 1].text) and not self.lines[j - 1].text.startswith("\t"):
            j -= 1
        self.blocks.append(self._table(rows, first_line))
        return j

    def _table(self, rows: list[list[str]], line: int) -> Table:
        width = max(len(r) for r in rows)
        if any(len(r) != width for r in rows):
            self.warn(line, f"表格各行单元格数不一致（最多 {width} 个），缺少的单元格按空白补齐")
            rows = [r + [""] * (width - len(r)) for r in rows]
        period = _sideways_period(rows)
        if period:
            cells = tuple(tuple(Cell(text, header=(c == 0)) for c, text in enumerate(r)) for r in rows)
            return Table(cells, line, sideways=True)
        header = tuple(Cell(text, header=True) for text in rows[0])
        body = [[Cell(text) for text in r] for r in rows[1:]]
        # a lone tab is the empty part of a merged cell: extend the cell above it
        for c in range(width):
            origin = None
            for r, row in enumerate(body):
                if row[c].text == "" and origin is not None:
                    top_r = origin
                    body[top_r][c] = dataclasses.replace(body[top_r][c], rowspan=body[top_r][c].rowspan + 1)
                    row[c] = None  # covered by the rowspan
                elif row[c].text != "":
                    origin = r
                else:
                    origin = None
        return Table((header,) + tuple(tuple(row) for row in body), line)


def _sideways_period(rows: list[list[str]]) -> int | None:
    """A table laid out sideways repeats its row labels (等级 row, 比例 row, 等级 row …)."""
    for period in (2, 3):
        if len(rows) >= 2 * period and len(rows) % period == 0:
            labels = [r[0] for r in rows[:period]]
            if len(set(labels)) == period and all(rows[k][0] == labels[k % period] for k in range(len(rows))):
                return period
    return None


def parse_chunk(chunk: Chunk) -> tuple[Notice, list[BuildWarning]]:
    return NoticeParser(chunk).parse()
