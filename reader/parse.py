"""Parse one notice's lines into a Notice: header metadata, body blocks, page furniture.

Stage 2 of the site pipeline. Every line of the chunk lands in the header, in exactly one
block, or in the notice's set-aside page furniture; what cannot be placed becomes an Unplaced
block. The body is read by the rule table in `grammar.py`; this module holds the parser's
state, the header (letterhead, title, 文号, 主送), the metadata (the text first, then a web
page's information block, each fallback reported as a guess) and the passes that decide, for
all siblings of one numbering kind together, whether they are headings, text or list items.
"""
from __future__ import annotations

import dataclasses
import re

from . import thresholds as T
from .anchors import Numbering, doc_number_slug, fallback_slug
from .grammar import ATTACHMENT_TITLE_END, RULES
from .model import (Attachment, AttachmentList, AttachmentStart, Block, BuildWarning, Cell, ChromeLine, Clause,
                    Heading, InfoField, MissingFigure, Notice, Paragraph, Signature, SourceLine, Table, Unplaced)
from .page import FOOTER_KINDS, registration_in
from .patterns import (DATE, attachment_list_head, attachment_start, clean, fold,
                       damaged_doc_number_line, date_in, doc_number_line, is_addressee_line, is_office_line,
                       glued_doc_number, is_letterhead_mark, is_title_like, marker, numeric_date_in, offices_in, registration_line,
                       serial_number_line, signature_date, split_heading, title_text, unspaced)
from .split import Chunk, title_span
from .tables import Found, Rejected, table_at

PERSONNEL_PREFIXES = ("人发", "人字", "任")
_TITLE_VERBS = re.compile(r"关于|印发|转发|批转|公布|贯彻")
# "(2025年7月30日陕西省第十四届人民代表大会常务委员会第十七次会议通过)": a 题注 naming who adopted the text, and when
_ADOPTION = re.compile(rf"[（(](?P<date>{re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)})(?P<body>[^，,（）()]{{2,40}}?)"
                       r"第[一二三四五六七八九十百\d]+次(?:全体|常务)?会议(?:审议)?(?:通过|批准|修订|审议通过)[）)]")
# "(1991年3月26日济南市人民政府令19号发布)": a 令's promulgation line under its title, its number and date
_PROMULGATION = re.compile(rf"[（(]\s*(?P<date>{re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)})\s*"
                           r"(?P<number>[^，,（）()\s]{2,30}?令\s*(?:第\s*)?[\d一二三四五六七八九十百〇零]{1,5}\s*号)?\s*"
                           r"(?:公布|发布|颁布)[^（）()]{0,60}[）)]")
# "桂东县人民政府办公室2017年5月27日印发": the 版记 at a document's foot, the office that printed it and when
_COLOPHON = re.compile(rf"(?P<office>[^\s，。；]{{2,40}}?)\s*(?P<date>{re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)})\s*印发")
_SOURCE_LABELS = {"来源", "信息来源", "來源"}  # a page's source: the site or office that posted it, not the issuer
_COLOPHON_DATE = re.compile(rf"{re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)}\s*印发")  # its date on a line of its own
_WEBSITE = re.compile(r"网站|门户|网$|^\W*$|^本站|原创|转载")  # the site itself or a placeholder ("本站原创"), never an issuer
_NOTE_LINE = re.compile(r"[（(][^（）()]{2,30}[）)]")


def _is_blank(line: SourceLine) -> bool:
    return not clean(line.text)


class NoticeParser:
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

    # -- helpers used by the grammar ------------------------------------------------------------
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
                    if unspaced(_attachment_title(title)) == text:
                        return number or str(len(self.opened_attachments()) + 1), title
        return None

    def next_is_list_item(self, i: int) -> bool:
        j = self.next_non_blank(i + 1)
        found = marker(self.lines[j].text) if j is not None else None
        return bool(found and found.numbers[0] == 2)

    # -- the notice --------------------------------------------------------------------------------
    def parse(self) -> tuple[Notice, list[BuildWarning]]:
        chunk = self.chunk
        self.header: list[SourceLine] = []
        self.letterhead: list[str] = []
        self.doc_number: str | None = None
        self.registration: str | None = None
        self.adoption: tuple[str, str] | None = None  # (ISO date, body) from a 题注
        self.promulgation: tuple[str | None, str] | None = None  # (ISO date, 令 number) of a promulgation line
        self.record_issuer = ""
        self.record_signature: tuple[tuple[str, ...], str] | None = None  # (offices, date) a collection prints above the text  # a legal database's issuing-body line between copies of the title
        self.title_number = None
        addressees = None
        if chunk.split_error and self.lines:
            self.warn(self.lines[0].number, f"第 {self.lines[0].number}–{self.lines[-1].number} 行分篇时出错"
                                            f"（{chunk.split_error}），整份文件按一份通知读取，请核对并反馈给维护人员",
                      "unplaced")
        if chunk.title_start is None:
            title = ""  # named from the text's first words once the body is read (see _notice)
            body_start = self._post_title(0)  # an untitled copy may still open with its 文号 and 登记号
        else:
            self._pre_title()
            title_lines = [l for l in self.lines[chunk.title_start: chunk.title_end + 1] if not _is_blank(l)]
            self.header.extend(title_lines)
            glued = glued_doc_number(title_text([l.text for l in title_lines]))
            if glued.number and not self.doc_number:
                self.doc_number = glued.number
            self.title_number = glued if glued.number else None
            title = chunk.title or glued.title
            if chunk.title_note:
                self.guess(title_lines[0].number, chunk.title_note, "title", "原文标题不完整，已按网页标题栏补全")
            body_start = self._post_title(chunk.title_end + 1)
            i = self.next_non_blank(body_start)
            if i is not None and is_addressee_line(self.lines[i].text) and not self.chrome_kind(i):
                addressees = self.text(i).rstrip("：:")
                self.blocks.append(Paragraph(self.text(i), self.lines[i].number, "addressee",
                                             self.paragraph_anchor(self.lines[i].number)))
                body_start = i + 1
        self.document_start = body_start
        self.footer_start = self._footer_start(body_start)
        self.parse_body(body_start)
        self._sibling_roles()
        self._resolve_attachment_lists()
        self._report_set_aside()
        return self._notice(title, addressees), self.warnings

    def _lead_in(self) -> set[int]:
        """Lines just above the title that belong to the header: letterhead offices, 文号, 登记号."""
        lead: set[int] = set()
        j = self.chunk.title_start - 1
        taken = 0
        while j >= 0 and taken < T.LEAD_IN_LINES:
            if _is_blank(self.lines[j]):
                j -= 1
                continue
            text = self.text(j)
            if j in self.chunk.header_titles or self.chrome_kind(j) or not _header_like(text):
                break
            lead.add(j)
            taken += 1
            j -= 1
        return lead

    def _pre_title(self) -> None:
        """Lines before the title: page furniture, the letterhead and 文号, or text with no place."""
        chunk = self.chunk
        lead = self._lead_in()
        web = self.page.web_copy or bool(chunk.header_titles)
        for j in range(chunk.title_start):
            line = self.lines[j]
            if _is_blank(line):
                continue
            text = clean(line.text)
            kind = self.chrome_kind(j)
            if j in lead and is_office_line(text) and self._between_copies(j):
                self.set_aside(j, "信息栏")  # a database record's issuing-body line, between copies of the title
                self.record_issuer = unspaced(text)
            elif j in chunk.header_titles or (j not in lead and j < chunk.title_start and title_span(self.lines, j, anywhere=True)):
                self.set_aside(j, "网页标题")  # a title-like line above the title: the page's header
                web = True
            elif kind:
                self.set_aside(j, kind)
            elif j in lead:
                self.header.append(line)
                number = doc_number_line(text) or damaged_doc_number_line(text)
                if number and not self.doc_number:
                    self.doc_number = number
                    if not doc_number_line(text):
                        self.guess(line.number, f"文号「{text}」残缺，读作 {number}", "doc_number", f"原文文号“{text}”残缺，系推定")
                elif registration_line(text) and not self.registration:
                    self.registration = registration_line(text)
                elif is_letterhead_mark(text):
                    pass  # "文件" or the red rule under the issuing body's name
                elif is_office_line(text) or text.endswith("文件"):
                    self.letterhead.extend(offices_in(text[:-2] if text.endswith("文件") and not is_office_line(text) else text))
            elif web:
                self.set_aside(j, "页眉")  # reported, as a guess, with its run in _report_set_aside
            else:
                self.blocks.append(Unplaced(text, line.number, "位于第一份通知标题之前"))
                self.warn(line.number, "标题之前的文字无法归入任何通知，已原样保留在本通知开头", "unplaced")

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

    def _between_copies(self, j: int) -> bool:
        """Line j stands between a page-header copy of a title (the notice's, or the record title a database
        prints for the document it issues, set aside above) and the title itself, nothing else around it."""
        above = j - 1
        while above >= 0 and _is_blank(self.lines[above]):
            above -= 1
        # a page title that already reads "<this body> <title>" shows the body as the document's own letterhead
        header_copy = above in self.chunk.header_titles or (
            above >= 0 and bool(self.chrome) and self.chrome[-1].line == self.lines[above].number
            and self.chrome[-1].kind == "网页标题" and unspaced(self.text(j)) not in unspaced(self.text(above)))
        return header_copy and self.next_non_blank(j + 1) == self.chunk.title_start

    def _post_title(self, start: int) -> int:
        """文号, 登记号, a 题注 and page furniture between the title and the body; the body's first index."""
        body_start = start
        i = self.next_non_blank(start)
        while i is not None:
            line = self.lines[i]
            text = self.text(i)
            kind = self.chrome_kind(i)
            number = doc_number_line(text) or damaged_doc_number_line(text) or serial_number_line(text)
            if kind:
                self.set_aside(i, kind)
            elif number and not self.doc_number:
                self.doc_number = number
                self.header.append(line)
                if damaged_doc_number_line(text) and not doc_number_line(text):
                    self.guess(line.number, f"文号「{text}」残缺，读作 {number}", "doc_number", f"原文文号“{text}”残缺，系推定")
            elif registration_line(text) and not self.registration:
                self.registration = registration_line(text)
                self.header.append(line)
            elif is_office_line(text) and not self.letterhead and self._number_follows(i):
                self.letterhead.extend(offices_in(text))  # the issuer's line under the title, above its number
                self.header.append(line)
            elif _PROMULGATION.fullmatch(fold(text)) and self.promulgation is None:
                match = _PROMULGATION.fullmatch(fold(text))
                parsed = date_in(match["date"])
                number = re.sub(r"\s+", "", text[match.start("number"):match.end("number")]) if match["number"] else ""
                self.promulgation = (parsed.iso if parsed else None, number)
                if number and not self.doc_number:
                    self.doc_number = number
                self.blocks.append(Paragraph(text, line.number, "note", self.paragraph_anchor(line.number)))
            elif _ADOPTION.fullmatch(text) and self.adoption is None:
                match = _ADOPTION.fullmatch(text)
                parsed = date_in(match["date"])
                body = re.sub(r"第[一二三四五六七八九十百\d]+届", "", match["body"]).strip()
                self.adoption = (parsed.iso if parsed else None, body)
                self.blocks.append(Paragraph(text, line.number, "note", self.paragraph_anchor(line.number)))
            else:
                break
            body_start = i + 1
            i = self.next_non_blank(body_start)
        return body_start

    def _number_follows(self, i: int) -> bool:
        j = self.next_non_blank(i + 1)
        return j is not None and bool(doc_number_line(self.text(j)) or damaged_doc_number_line(self.text(j))
                                      or serial_number_line(self.text(j)))

    def _footer_reaches_signature(self, start: int, first: int) -> int:
        """Short lines between the signature's date and the page footer ("THE END", "TAG:…") are footer too."""
        j = first - 1
        while j >= start:
            text = self.text(j)
            if text:
                if signature_date(text):
                    return j + 1
                if (len(text) > T.FOOTER_LINE_MAX or any(ch in "。；" for ch in text) or marker(text)
                        or attachment_start(text) or is_office_line(text) or self.lines[j].text.startswith("\t")
                        or _NOTE_LINE.fullmatch(text)):
                    return first  # （此件公开发布） and the like belong to the document
            j -= 1
        return first

    def _trailing_links(self, start: int, first: int) -> int:
        """Short link-like lines between the signature (or the 版记) and the end of the copy or its footer:
        a page's list of related articles with no heading of its own. Where they begin, else `first`.
        Rows of figures (a table run together in copying) are not links."""
        run: list[int] = []
        j = first - 1
        while j >= start:
            text = self.text(j)
            if text:
                parsed = signature_date(text)
                if parsed or _COLOPHON.fullmatch(text):
                    if parsed and parsed.ambiguous and not run:
                        return first
                    return run[-1] if len(run) >= T.FOOTER_LINKS_MIN else first
                if (len(text) > T.FOOTER_LINE_MAX or any(ch in "。；：:，,|｜" for ch in text) or marker(text)
                        or re.search(r"\d{5}", text) or sum(ch.isdigit() for ch in text) * 2 > len(text)
                        or attachment_start(text) or attachment_list_head(text) or is_office_line(text)
                        or _NOTE_LINE.fullmatch(text) or self.lines[j].text.startswith("\t") or "抄送" in text):
                    return first
                run.append(j)
            j -= 1
        return first

    def _footer_start(self, start: int) -> int:
        """Where the page footer begins: in the run of short lines that ends the copy, its first furniture."""
        first = len(self.lines)
        j = len(self.lines) - 1
        while j >= start:
            text = self.text(j)
            if text:
                number = self.lines[j].number
                kind = self.page.chrome.get(number)
                if kind in FOOTER_KINDS or kind == "导航" or number in self.page.credits or number in self.page.weak_credits:
                    first = j
                elif not kind and (len(text) > T.FOOTER_LINE_MAX or any(ch in "。；" for ch in text)):
                    break
            j -= 1
        if first < len(self.lines):
            first = self._footer_reaches_signature(start, first)
        first = self._trailing_links(start, first)
        # the page's empty "附件:" box just above the footer
        k = self.next_non_blank(start)
        while k is not None and k < first:
            following = self.next_non_blank(k + 1)
            if re.fullmatch(r"附\s*件\s*[:：]", self.text(k)) and (following is None or following >= first):
                return k
            k = following
        return first

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

    # -- passes over the blocks --------------------------------------------------------------------
    def _sibling_roles(self) -> None:
        """Siblings of one numbering kind agree: all headings, all text, or (short and adjacent) a list."""
        groups: dict[tuple, list[int]] = {}
        levels: dict[tuple, int] = {}
        for index, (placement, part) in self.placements.items():
            groups.setdefault((part, placement.parent, placement.kind), []).append(index)
            levels.setdefault((part, placement.kind), placement.depth)  # a kind's level: where it first appears
        for (_, parent, kind), members in groups.items():
            clauses = [self.blocks[k] for k in members]
            if kind in ("article", "item"):
                role = "text"  # provisions are text, however short
            elif all(c.heading and not c.text and not c.heading.endswith(("；", ";", "，", ",")) for c in clauses):
                role = "heading"
            else:
                role = "text"
            items = _list_runs(self.blocks, members)
            for k in members:
                placement, part = self.placements[k]
                own = "item" if k in items else role
                self.blocks[k] = dataclasses.replace(self.blocks[k], role=own, level=levels[(part, placement.kind)])

    def _resolve_attachment_lists(self) -> None:
        """Link each listed attachment to its content on the page, or name it as missing (never a dead link)."""
        opened = {a.number: a for a in self.attachments if a.anchor}
        named_only: list[Attachment] = []
        for index, block in enumerate(self.blocks):
            if not isinstance(block, AttachmentList):
                continue
            single = len(block.items) == 1
            anchors = []
            for (number, title), line in zip(block.items, block.lines or (block.line,) * len(block.items)):
                found = opened.get(number or "1") if (number or single) else None
                anchors.append(found.anchor if found else "")
                if found and found.title in (found.label, "") or (found and found.title.rstrip("：: ") == found.label):
                    # the attachment opens without a title of its own: the list's title names it
                    named = dataclasses.replace(found, title=_attachment_title(title))
                    self.attachments[self.attachments.index(found)] = named
                    opened[number or "1"] = named  # a second list naming it finds it as it is now
                if not found:
                    label = f"附件{number}" if number else "附件"
                    named_only.append(Attachment(number, _attachment_title(title), "", label))
                    self.warn(line, f"{label}「{title}」正文中没有它的内容（网页上多为另附文件），列表中不加链接",
                              "unplaced")
            self.blocks[index] = dataclasses.replace(block, anchors=tuple(anchors))
        known = {(a.number, a.title) for a in self.attachments}
        self.attachments.extend(a for a in named_only if (a.number, a.title) not in known)
        self.attachments.sort(key=lambda a: (not a.number, int(a.number) if a.number.isdigit() else 0))

    def _report_set_aside(self) -> None:
        """One report line per run of set-aside lines: which lines, and what they were."""
        run: list[ChromeLine] = []
        for chrome in sorted(self.chrome, key=lambda c: c.line) + [None]:
            if run and (chrome is None or chrome.line - run[-1].line > T.REPORT_RUN_GAP):
                kinds = "、".join(dict.fromkeys(c.kind for c in run))
                where = f"第 {run[0].line}–{run[-1].line} 行" if len(run) > 1 else f"第 {run[0].line} 行"
                self.warn(run[0].line, f"{where}（{kinds}）是网页附带的文字，已移入「网页附带文字」，不作标题、小标题或正文",
                          "set_aside")
                placed = [c for c in run if c.kind in ("页眉", "页脚")]
                if placed:
                    spot = "标题之前" if placed[0].kind == "页眉" else "落款之后的网页页脚中"
                    self.warn(placed[0].line, f"{where}中有 {len(placed)} 行（如「{placed[0].text[:16]}」）位于{spot}、"
                                              "不像公文文字，推测为网页附带文字", "guess")
                run = []
            if chrome is not None:
                run.append(chrome)

    # -- metadata ------------------------------------------------------------------------------------
    def _info(self, *keys: str) -> list[InfoField]:
        if not hasattr(self, "_own_info"):
            first, last = (self.lines[0].number, self.lines[-1].number) if self.lines else (0, 0)
            self._own_info = self.page.info_in(first, last)
        return [f for f in self._own_info if f.key in keys and f.value]

    def _issuers(self, title: str, signature: Signature | None) -> tuple[str, ...]:
        if signature and signature.offices:
            issuers = signature.offices
        elif self.letterhead:
            issuers = tuple(self.letterhead)
        elif self.record_signature:
            issuers = self.record_signature[0]
            self.guess(self.lines[0].number, f"落款无发文机关，发文机关取自标题下的收录信息：{'、'.join(issuers)}", "issuer",
                       "据标题下的收录信息")
        elif self.adoption and self.adoption[1]:
            issuers = (self.adoption[1],)
            self.guess(self.lines[0].number, f"发文机关取自标题下的题注：{self.adoption[1]}", "issuer", "原文无落款，据标题下的题注")
        else:
            # without a signature or letterhead: the block's issuing body, the database record's line, the block's
            # publishing office, the body the title names, and only then the page's 来源 (often the website's owner)
            publishers = [f for f in self._info("publisher") if not _WEBSITE.search(f.value)]
            offices = [f for f in publishers if unspaced(f.label) not in _SOURCE_LABELS]
            sources = [f for f in publishers if unspaced(f.label) in _SOURCE_LABELS]
            candidates = ([f for f in self._info("issuer") if not _WEBSITE.search(f.value)][:1]
                          + ([self.record_issuer] if self.record_issuer else []) + offices[:1]
                          + ([_issuer_in_title(title)] if _issuer_in_title(title) else []) + sources[:1])
            if candidates:
                found = candidates[0]
                if isinstance(found, InfoField):
                    self.guess(found.line, f"正文没有落款，发文机关取自网页信息栏「{found.label}」：{found.value}",
                               "issuer", f"原文无落款，据网页信息栏“{found.label}”")
                    return (found.value,)
                if found == self.record_issuer:
                    self.guess(self.lines[0].number, f"正文没有落款，发文机关取自数据库记录的发布机关行：{found}",
                               "issuer", "原文无落款，据数据库记录")
                else:
                    self.guess(self.lines[0].number, f"正文没有落款，发文机关取自标题：{found}", "issuer", "原文无落款，据标题")
                return (found,)
            self.warn(self.lines[0].number if self.lines else None, "未找到发文机关")
            return ()
        for field in self._info("issuer", "publisher"):
            if not _WEBSITE.search(field.value) and not any(_same_body(field.value, i) for i in issuers):
                self.warn(field.line, f"网页信息栏「{field.label}」写作「{field.value}」，与正文的「{'、'.join(issuers)}」不同，以正文为准")
        return issuers

    def _date(self, signature: Signature | None) -> tuple[str | None, bool]:
        written = [f for f in self._info("written") if numeric_date_in(f.value)]
        published = [f for f in self._info("published") if numeric_date_in(f.value)]
        info_days = [(f, numeric_date_in(f.value).iso) for f in written + published]
        if signature:
            parsed = signature_date(signature.date_text)
            if parsed and parsed.ambiguous:
                line = signature.date_line or signature.line
                for field, day in info_days:
                    if day in parsed.candidates:
                        self.guess(line, f"日期「{parsed.text}」丢了分隔符，有歧义，取网页信息栏「{field.label}」的 {day}",
                                   "date", f"原文日期“{parsed.text}”缺分隔符，据网页信息栏推定")
                        return day, True
                if parsed.iso:
                    self.guess(line, f"日期「{parsed.text}」丢了分隔符，读作 {parsed.iso}，请核对", "date",
                               f"原文日期“{parsed.text}”缺分隔符，系推定")
                    return parsed.iso, True
                published_days = sorted(day for _, day in info_days if day)
                before = [c for c in parsed.candidates if published_days and c <= published_days[-1]]
                if before:  # a notice is signed before the page publishes it: the latest reading before that
                    day = max(before)
                    self.guess(line, f"日期「{parsed.text}」丢了分隔符，可读作 {'或'.join(parsed.candidates)}，"
                                     f"按网页发布日期 {published_days[-1]} 取 {day}，请核对", "date",
                               f"原文日期“{parsed.text}”缺分隔符，系推定")
                    return day, True
                self.warn(line, f"日期「{parsed.text}」丢了分隔符，可读作 {'或'.join(parsed.candidates)}，无法确定，未填成文日期")
                return None, True
            if parsed and parsed.iso:
                for field in written:
                    day = numeric_date_in(field.value).iso
                    if day and day != parsed.iso:
                        self.warn(field.line, f"网页信息栏「{field.label}」写作 {day}，与落款日期 {parsed.iso} 不同，以落款为准")
                return parsed.iso, False
            if parsed or date_in(signature.date_text):
                self.warn(signature.line, f"成文日期「{signature.date_text}」不是有效日期")
                return None, False
        recorded = signature_date(self.record_signature[1]) if self.record_signature else None
        if recorded and recorded.iso:
            self.guess(self.lines[0].number, f"没有落款日期，成文日期取自标题下的收录信息：{recorded.iso}", "date",
                       "据标题下的收录信息")
            return recorded.iso, False
        if self.promulgation and self.promulgation[0]:
            self.guess(self.lines[0].number, f"没有落款日期，成文日期取自标题下的发布行：{self.promulgation[0]}", "date",
                       "原文无落款日期，据标题下的发布行")
            return self.promulgation[0], False
        if self.adoption and self.adoption[0]:
            self.guess(self.lines[0].number, f"没有落款日期，成文日期取自标题下的题注：{self.adoption[0]}", "date",
                       "原文无落款日期，据标题下的题注")
            return self.adoption[0], False
        colophon = next((b for b in self.blocks if isinstance(b, Paragraph) and (
            _COLOPHON_DATE.fullmatch(b.text) or _COLOPHON.fullmatch(b.text)
            and is_office_line(_COLOPHON.fullmatch(b.text)["office"]))), None)
        day = date_in(colophon.text) if colophon else None
        if day and day.iso:  # the text's own date beats a page's publication timestamp
            self.guess(colophon.line, f"没有落款日期，成文日期取自版记的印发日期：{day.iso}", "date", "原文无落款日期，据版记的印发日期")
            return day.iso, False
        for fields, what in ((written, "成文日期"), (published, "发布日期")):
            for field in fields:
                day = numeric_date_in(field.value).iso
                if day:
                    note = "（网页发布日期，不一定是成文日期）" if what == "发布日期" else ""
                    self.guess(field.line, f"正文没有落款日期，成文日期取自网页信息栏「{field.label}」：{day}{note}", "date",
                               f"原文无落款日期，据网页信息栏“{field.label}”" + ("（为网页发布日期）" if note else ""))
                    return day, False
        self.warn(self.lines[-1].number if self.lines else None, "未找到落款和成文日期")
        return None, False

    def _doc_number_elsewhere(self) -> str | None:
        for block in self.blocks:
            if isinstance(block, Signature):
                break  # a 文号 after the signature numbers the document the notice issues or forwards
            if isinstance(block, Paragraph) and doc_number_line(block.text):
                return doc_number_line(block.text)
        for field in self._info("doc_number"):
            number = doc_number_line(field.value) or damaged_doc_number_line(field.value)
            if number:
                self.guess(field.line, f"正文没有文号，文号取自网页信息栏「{field.label}」：{number}", "doc_number",
                           "据网页信息栏")
                return number
        start = self.chunk.title_start or 0
        self.warn(self.lines[min(start, len(self.lines) - 1)].number if self.lines else None,
                  "未找到文号（如 江政办发〔2024〕3号），页面地址将由标题生成")
        return None

    def _notice(self, title: str, addressees: str | None) -> Notice:
        signature = next((b for b in self.blocks if isinstance(b, Signature)), None)
        title_found = self.chunk.title_start is not None
        if not title_found:
            named = next((f for f in self._info("title")), None)
            issued = next((b for b in self.blocks if isinstance(b, Heading) and b.role == "doc_title"), None)
            if named:
                title, title_found = named.value, True
                self.guess(named.line, f"正文没有标题，标题取自网页信息栏「{named.label}」", "title", "原文无标题，据网页信息栏")
            elif issued:
                title = issued.text  # the page's name; the notice's own title is still missing (title_found False)
                self.guess(issued.line, f"通知本身的标题不在文本中，页面以其印发的文件标题「{issued.text}」为名", "title",
                           "原文缺通知标题，以所印发文件的标题为页面名称")
            else:
                title = _untitled_name(self.blocks)
                self.warn(self.lines[0].number if self.lines else None,
                          f"未能识别公文标题，整份文本按原样列出，页面以「{title}」为名")
        issuers = self._issuers(title if title_found else "", signature)
        date, ambiguous = self._date(signature)
        doc_number = self.doc_number
        if doc_number is None:
            doc_number = self._doc_number_elsewhere()
        else:
            for field in self._info("doc_number"):
                other = doc_number_line(field.value)
                if other and other != doc_number:
                    self.warn(field.line, f"网页信息栏「{field.label}」写作 {other}，与正文的 {doc_number} 不同，以正文为准")
        registration = self.registration or next(
            (registration_in(f.value) or f.value for f in self._info("registration")
             if registration_in(f.value) or re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-]{5,}", f.value)), None)
        if registration and not self.registration:
            self.guess(self.lines[0].number, f"登记号取自网页信息栏：{registration}", "registration", "据网页信息栏")
        if registration:
            kind = "规范性文件"
        elif (doc_number and any(p in doc_number for p in PERSONNEL_PREFIXES)) or re.search("任职|任免|免职", title):
            kind = "人事任免"
        else:
            kind = "其他公文"
        slug = doc_number_slug(doc_number) if doc_number else fallback_slug(title, date)
        first = self.lines[0].number if self.lines else 0
        last = self.lines[-1].number if self.lines else 0
        letterhead = "、".join(self.letterhead) or None
        return Notice(self.path, first, last, slug, title, doc_number, registration, "、".join(issuers) or None, date,
                      addressees, kind, letterhead, tuple(self.header), tuple(self.blocks), tuple(self.attachments),
                      issuers=issuers, chrome=tuple(sorted(self.chrome, key=lambda c: c.line)),
                      info=tuple(self.page.info_in(first, last)),
                      date_ambiguous=ambiguous, title_found=title_found,
                      title_number=self.title_number.printed if self.title_number else "",
                      title_number_leading=bool(self.title_number and self.title_number.leading),
                      field_notes=tuple(self.field_notes.items()))


def _attachment_title(text: str) -> str:
    """"某某名单.rar", "某某分配表。": the title, without a file's extension or a closing full stop."""
    text = clean(text).rstrip("。；;，,")
    return re.sub(r"\.(?:docx?|xlsx?|et|wps|pdf|ofd|zip|rar|7z)$", "", text, flags=re.IGNORECASE) or text


def _untitled_name(blocks: list) -> str:
    """A name for a text without a title, for citizens: its first words (never a file name)."""
    for block in blocks:
        words = (block.heading + block.text) if isinstance(block, Clause) else getattr(block, "text", "")
        if isinstance(block, (Paragraph, Clause, Heading, Unplaced)) and words:
            words = clean(words)
            return f"（原文无标题）{words[:T.UNTITLED_NAME_CHARS]}{'…' if len(words) > T.UNTITLED_NAME_CHARS else ''}"
    return "（原文无标题）"


def _header_like(text: str) -> bool:
    return bool(is_office_line(text) or doc_number_line(text) or damaged_doc_number_line(text)
                or registration_line(text) or (text.endswith("文件") and is_office_line(text[:-2]))
                or is_letterhead_mark(text))


def _same_body(a: str, b: str) -> bool:
    a, b = unspaced(a), unspaced(b)
    return a == b or a.endswith(b) or b.endswith(a)


def _issuer_in_title(title: str) -> str | None:
    """"镇巴县人民政府工作规则" -> 镇巴县人民政府; "XX县人民政府办公室关于…" -> XX县人民政府办公室."""
    verb = _TITLE_VERBS.search(title)
    head = title[: verb.start()] if verb else title
    for end in range(len(head), 1, -1):  # the longest leading name of a body
        if is_office_line(head[:end]) and (verb or end < len(head)):
            return clean(head[:end])
    return None


def _list_runs(blocks: list, members: list[int]) -> set[int]:
    """Members that stand in runs of adjacent short siblings with nothing between them: list items.

    Three make a list; two do when the sentence before them announces it (ends with a colon)."""
    found: set[int] = set()
    run: list[int] = []
    for k in members + [None]:
        clause = blocks[k] if k is not None else None
        # an entry names something (a body, a person, a farm): short, and not a sentence ending in 。
        short = clause is not None and len(clause.heading + clause.text) <= T.LIST_ITEM_MAX_CHARS and not any(
            ch in "。！？" for ch in (clause.heading + clause.text))
        if clause is not None and short and run and k == run[-1] + 1:
            run.append(k)
            continue
        if len(run) >= T.LIST_MIN_ITEMS or (len(run) >= 2 and _announces_list(blocks[run[0] - 1] if run[0] else None)):
            found.update(run)
        run = [k] if short else []
    return found


def _announces_list(block) -> bool:
    text = block.text if isinstance(block, (Paragraph, Clause)) else ""
    return text.rstrip().endswith(("：", ":"))


def _sideways_period(rows: list[list[str]]) -> int | None:
    """A table laid out sideways repeats its row labels (等级 row, 比例 row, 等级 row …)."""
    for period in (2, 3):
        if len(rows) >= 2 * period and len(rows) % period == 0:
            labels = [r[0] for r in rows[:period]]
            if len(set(labels)) == period and all(rows[k][0] == labels[k % period] for k in range(len(rows))):
                return period
    return None


def parse_chunk(chunk: Chunk) -> tuple[Notice, list[BuildWarning]]:
    """The notice of one chunk. The reader never stops a build: a chunk it fails on is still a notice,
    every line shown as written and flagged, with a warning naming the file and line."""
    try:
        return NoticeParser(chunk).parse()
    except Exception as error:  # noqa: BLE001 - any failure of the reader is reported, never fatal
        return unread_notice(chunk, error)


def unread_notice(chunk: Chunk, error: Exception) -> tuple[Notice, list[BuildWarning]]:
    """A chunk the reader failed on: one notice holding every line as unplaced text, flagged."""
    path = chunk.source.path
    lines = [line for line in chunk.lines if clean(line.text)]
    first = chunk.lines[0].number if chunk.lines else 0
    last = chunk.lines[-1].number if chunk.lines else 0
    reason = "读取时出错，按原样列出"
    blocks = tuple(Unplaced(clean(line.text), line.number, reason) for line in lines)
    title = _untitled_name(list(blocks))
    warning = BuildWarning(path, first or None,
                           f"第 {first}–{last} 行读取时出错（{type(error).__name__}），未能识别其结构，"
                           "已把这段文字作为一份通知原样列出，请核对并反馈给维护人员", "unplaced")
    notice = Notice(path, first, last, fallback_slug(title, None), title, None, None, None, None, None,
                    "其他公文", None, (), blocks, title_found=False)
    return notice, [warning]
