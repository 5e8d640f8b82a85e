"""The body grammar of a notice: one ordered table of (recogniser, reader) rules.

`body.BodyReader` walks the lines of a notice's body; at each non-blank line it asks the
rules in `RULES` order, and the first whose recogniser matches reads the line (and any lines
that belong with it) into blocks. A new document form is one new row here: a recogniser that
looks at the line (and the parser's state: after a signature, inside an attachment, the
numbering so far) and a reader that appends blocks and returns the index of the next line.
Every length these rules judge by is named in `thresholds.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Protocol

from . import tables
from . import thresholds as T
from .model import Contents, Heading, Paragraph, Signature, SourceLine
from .patterns import (DATE, DOC_TYPES, SENTENCE_PUNCT, Marker, attachment_list_head, attachment_start, clean,
                       date_line, doc_number_line, file_link, fold, is_appointment, is_office_line, is_title_like, marker,
                       offices_in, signature_date, unspaced)



class Reading(Protocol):
    """What a rule may use of the notice being read (`body.BodyReader` has it): the lines, the blocks
    so far, the state flags, and the helpers that append blocks. Declared here so that the grammar
    depends on no parser module."""

    lines: tuple[SourceLine, ...]
    blocks: list
    attachments: list
    numbering: Any
    signed: bool
    just_signed: bool
    record_signature: Any
    rejected_tables: Any

    def text(self, i: int) -> str: ...
    def next_non_blank(self, i: int) -> int | None: ...
    def chrome_kind(self, i: int) -> str | None: ...
    def set_aside(self, i: int, kind: str) -> None: ...
    def warn(self, line: int | None, message: str, kind: str = "problem") -> None: ...
    def paragraph_anchor(self, line: int) -> str: ...
    def at_document_start(self) -> bool: ...
    def opened_attachments(self) -> list: ...
    def after_attachment_label(self) -> bool: ...
    def listed_attachment(self, i: int) -> tuple[str, str] | None: ...
    def next_is_list_item(self, i: int) -> bool: ...
    def signature_below(self, i: int) -> bool: ...
    def continued(self, i: int, text: str) -> tuple[str, int]: ...
    def heading_role(self, i: int) -> str | None: ...
    def add_doc_title(self, taken: list[int]) -> None: ...
    def add_file_link(self, i: int, name: str) -> None: ...
    def add_table(self, found: Any, line: int) -> None: ...
    def open_attachment(self, i: int, label: str, number: str, title: str) -> int: ...
    def read_attachment_list(self, i: int, first: str) -> int: ...
    def read_clause(self, i: int, mark) -> int: ...
    def read_unplaced(self, i: int) -> int: ...

# An attachment title is complete when it ends like a document or a form.
ATTACHMENT_TITLE_END = DOC_TYPES + ("表", "单", "书", "册", "图", "目录", "样本", "样式", "模板", "汇总", "一览",
                                    "名录", "台账", "回执", "证明", "协议", "合同", "承诺书")
_NOTE = re.compile(r"[（(][^（）()]{2,60}[）)]")
_CONTENTS_LABEL = "目录"


@dataclass(frozen=True)
class Rule:
    name: str
    recognise: Callable[["Reading", int], Any]  # the match, or None
    read: Callable[["Reading", int, Any], int]  # appends blocks; the index of the next unread line


# --- page furniture --------------------------------------------------------------------------

def chrome_at(p: "Reading", i: int):
    return p.chrome_kind(i)


def read_chrome(p: "Reading", i: int, kind: str) -> int:
    p.set_aside(i, kind)
    return i + 1


# --- tables -----------------------------------------------------------------------------------

def table_here(p: "Reading", i: int):
    if re.match(r"单\s*位\s*[:：]", p.text(i)) and len(p.text(i)) <= T.CAPTION_MAX:
        return None  # "单位：万元" under a table's title is a note of the title, read as a paragraph
    previous = p.blocks[-1] if p.blocks else None
    if isinstance(previous, Paragraph) and re.match(r"单\s*位\s*[:：]", previous.text) and len(p.blocks) > 1:
        previous = p.blocks[-2]
    title = previous.text if isinstance(previous, Heading) and previous.role in ("attachment_title", "caption") else ""
    if previous is not None and not title and p.after_attachment_label():
        title = p.attachments[-1].title
    captioned = isinstance(previous, Heading) and previous.role == "caption"
    return tables.table_at(p.lines, i, captioned=captioned, form_title=title, rejected=p.rejected_tables)


def read_table(p: "Reading", i: int, found: tables.Found) -> int:
    p.add_table(found, p.lines[i].number)
    return found.end


# --- attachments ------------------------------------------------------------------------------

def attachment_here(p: "Reading", i: int):
    text = p.text(i)
    start = attachment_start(text)
    if start and start[2] and not p.signed:
        return None  # "附件1：某某表" in the text above the signature lists the attachment; it does not open it
    if start:
        return start
    listed = attachment_list_head(text)
    if listed and p.signed and not marker(listed) and not p.next_is_list_item(i):
        # after the signature, "附件：某某表" (or "附：") opens the only attachment
        label = text[: len(text) - len(listed)].rstrip("：: ")
        return label, str(len(p.opened_attachments()) + 1), listed
    return None


def read_attachment(p: "Reading", i: int, start) -> int:
    return p.open_attachment(i, *start)


def attachment_list_here(p: "Reading", i: int):
    text = p.text(i)
    start = attachment_start(text)
    if start and start[2] and not p.signed:
        return text[len(start[0]):].lstrip("：: ")
    return attachment_list_head(text)


def read_attachment_list(p: "Reading", i: int, first: str) -> int:
    return p.read_attachment_list(i, first)


def file_link_here(p: "Reading", i: int):
    return file_link(p.text(i))


def read_file_link(p: "Reading", i: int, name: str) -> int:
    p.add_file_link(i, name)
    return i + 1


# --- signatures and what follows them -----------------------------------------------------------

# a place in an issuing body's name: the head of a name that wrapped over two signature lines names one
_PLACE = re.compile(r"[省市县区旗州盟镇乡]")
# …and begins with that place's name, not as a sentence does ("请全县群众相互转告", "各乡镇", "全县")
_SENTENCE_START = re.compile(r"(请|全|各|望|希望|欢迎|凡|对|如|本|为|特此|以上|上述|经|由|在|自)")


def _office_head_joins(head: str, tail: str) -> bool:
    """A long issuing body's name wrapped over two signature lines ("彭水自治县新冠肺炎疫情防控" /
    "工作领导小组办公室"): the head names a place, is neither a name of its own nor a sentence's start, and with
    the next line makes one office's name (which has no punctuation or figures, so neither has the head)."""
    head, tail = clean(head), clean(tail)
    return (len(head) <= T.OFFICE_WRAP_HEAD_MAX_CHARS and bool(_PLACE.search(head)) and not re.search(r"\s", head)
            and not _SENTENCE_START.match(head) and marker(head) is None and not is_office_line(head)
            and is_office_line(tail) and is_office_line(head + tail))


def _wrapped_tail(p: "Reading", i: int) -> int | None:
    """The line that completes an issuing body's name begun on line i, if its name wrapped there."""
    tail = p.next_non_blank(i + 1)
    if tail is None or tail - i > T.SIGNATURE_GAP_LINES or p.chrome_kind(i):
        return None
    return tail if _office_head_joins(p.lines[i].text, p.lines[tail].text) else None


@dataclass(frozen=True)
class SignatureMatch:
    office_lines: tuple[int, ...]
    note_lines: tuple[int, ...]
    date_line: int
    wrapped: bool = False  # the first two office lines are one name wrapped over two lines


def signature_here(p: "Reading", i: int) -> SignatureMatch | None:
    """Office line(s), maybe a seal note, then a date; or a date alone after the text."""
    text = p.text(i)
    if date_line(text) or (signature_date(text) and not signature_date(text).ambiguous and not text.isdigit()):
        return SignatureMatch((), (), i) if p.blocks else None
    offices: list[int] = []
    notes: list[int] = []
    j = i
    tail = _wrapped_tail(p, i)
    wrapped = tail is not None
    if wrapped:
        offices.append(i)
        j = tail
    while j is not None and len(offices) < T.SIGNATURE_MAX_OFFICES and is_office_line(p.lines[j].text) \
            and not p.chrome_kind(j):
        offices.append(j)
        j = p.next_non_blank(j + 1)
        if j is not None and j - offices[-1] > T.SIGNATURE_GAP_LINES:
            return None
    if not offices:
        return None
    if j is not None and _NOTE.fullmatch(p.text(j)) and len(p.text(j)) <= T.NOTE_MAX_CHARS:
        notes.append(j)
        j = p.next_non_blank(j + 1)
    if j is None or j - (notes or offices)[-1] > T.SIGNATURE_GAP_LINES or p.chrome_kind(j):
        return None
    return SignatureMatch(tuple(offices), tuple(notes), j, wrapped) if signature_date(p.text(j)) else None


def read_signature(p: "Reading", i: int, match: SignatureMatch) -> int:
    lines = [p.lines[j].text for j in match.office_lines]
    if match.wrapped:
        lines[:2] = [clean(lines[0]) + clean(lines[1])]
    offices = tuple(o for text in lines for o in offices_in(text))
    if not p.blocks and match.office_lines and p.signature_below(match.date_line):
        # an issuing body and a date above the text, which is signed below: a collection's record of the
        # document (author, date), not its signature; set aside, and a fallback for issuer and date
        for j in (*match.office_lines, *match.note_lines, match.date_line):
            p.set_aside(j, "信息栏")
        p.record_signature = (offices, clean(p.lines[match.date_line].text))
        return match.date_line + 1
    p.blocks.append(Signature(
        "、".join(offices), clean(p.lines[match.date_line].text), p.lines[i].number,
        offices=offices, office_lines=tuple(clean(p.lines[j].text) for j in match.office_lines),
        notes=tuple(clean(p.lines[j].text) for j in match.note_lines), date_line=p.lines[match.date_line].number))
    p.signed = True
    p.just_signed = True
    return match.date_line + 1


# "迪庆州人民政府法制办公室 2016年12月1日 ------ 某某条例(草案) 第一章 …": a signature at the start of a line
# that a copy ran on into a rule and the next document
_RUN_ON_SIGNATURE = re.compile(rf"(?P<office>[^\s，。；：:,]{{2,{T.OFFICE_MAX_CHARS}}})[ \u3000\t]+"
                               rf"(?P<date>{re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)})[ \u3000\t]*"
                               rf"(?P<rule>[-—_=－─━]{{{T.RUN_ON_RULE_MIN},}}.*)")


def run_on_signature_here(p: "Reading", i: int):
    if p.signed or not p.blocks:
        return None
    match = _RUN_ON_SIGNATURE.fullmatch(p.text(i))
    return match if match and is_office_line(match["office"]) else None


def read_run_on_signature(p: "Reading", i: int, match) -> int:
    line = p.lines[i]
    offices = tuple(offices_in(match["office"]))
    p.blocks.append(Signature("、".join(offices), match["date"], line.number, offices=offices,
                              office_lines=(match["office"],), date_line=line.number))
    p.blocks.append(Paragraph(match["rule"], line.number, "text", p.paragraph_anchor(line.number)))
    p.warn(line.number, f"落款「{match['office']} {match['date']}」与后面的文字在同一行，已拆开读取", "guess")
    p.signed = True
    return i + 1


def after_signature_here(p: "Reading", i: int):
    return True if p.just_signed else None


def read_after_signature(p: "Reading", i: int, _) -> int:
    """Right after a signature: a note, the title of the document the notice issues, or stray text."""
    text = p.text(i)
    if _NOTE.fullmatch(text) and len(text) <= T.NOTE_MAX_CHARS:
        p.blocks.append(Paragraph(text, p.lines[i].number, "note", p.paragraph_anchor(p.lines[i].number)))
        return i + 1  # still right after the signature
    p.just_signed = False
    listed = p.listed_attachment(i)
    if listed:  # a title the attachment list named, printed after the signature without "附件1"
        return p.open_attachment(i, "", listed[0], p.text(i))
    end = doc_title_at(p, i)
    if end is not None:
        return end
    return p.read_unplaced(i)


def doc_title_at(p: "Reading", i: int) -> int | None:
    """The title of the document a notice issues (办法, 预案 …), after the notice's signature."""
    taken: list[int] = []
    j = i
    while (j is not None and len(taken) < T.DOC_TITLE_MAX_LINES and is_title_like(p.lines[j].text)
           and not re.match(r"第\S{1,4}[章节编]", p.text(j)) and not p.chrome_kind(j)
           and unspaced(p.text(j)) != _CONTENTS_LABEL):
        if taken and j - taken[-1] > 2:
            break
        if attachment_start(p.text(j)) or (taken and is_office_line(p.text(j))) or doc_number_line(p.text(j)):
            break  # the 文号 under the title is the issued document's, read as its own line
        taken.append(j)
        j = p.next_non_blank(j + 1)
    if not taken:
        return None
    p.add_doc_title(taken)
    return taken[-1] + 1


# --- the document's own table of contents -------------------------------------------------------

def contents_here(p: "Reading", i: int):
    """目录 and its entries, or a run of entries at a document's start whose first entry recurs below.

    The label is "目录" (spaced or not) or a short line ending in it ("…应急预案目录", then every entry is
    numbered). Entries may carry dotted leaders and page numbers ("1、总则……1"). The contents end where the
    first entry recurs (its words, or its number alone: "第一章" after "第一章 总则"), where a paragraph
    begins, or with the copy."""
    text = fold(unspaced(p.text(i)))  # 目錄 in a traditional copy
    named = text.endswith(_CONTENTS_LABEL) and text != _CONTENTS_LABEL and len(text) <= T.CONTENTS_LINE_MAX and not any(
        ch in SENTENCE_PUNCT for ch in text)
    labelled = text == _CONTENTS_LABEL or named
    if not labelled and not p.at_document_start():
        return None
    first = p.next_non_blank(i + 1) if labelled else i
    if first is None:
        return None
    entries: list[int] = []
    j = first
    opening = _entry_words(_without_leader(p.text(first)))
    opening_marker = marker(_without_leader(p.text(first)))
    recurred = False
    while j is not None and len(entries) < T.CONTENTS_SCAN_LINES:
        text = _without_leader(p.text(j))
        found = marker(text)
        if entries and (_entry_words(text) == opening or (
                found and opening_marker and (found.kind, found.numbers) == (opening_marker.kind, opening_marker.numbers))):
            recurred = True  # the body begins: the first entry again, now as a heading
            break
        if (len(text) > T.CONTENTS_LINE_MAX or any(ch in "。，；：！？,;:!?" for ch in text) or p.chrome_kind(j)
                or (named and not found)):
            if labelled:
                break  # a labelled 目录 may end where the body's first paragraph begins
            return None
        entries.append(j)
        j = p.next_non_blank(j + 1)
    if len(entries) < T.CONTENTS_MIN_LINES or not (recurred or labelled):
        return None
    return ([i] if labelled else []) + entries


_LEADER = re.compile(r"\s*(?:[…．.·]{2,}|…+)\s*\d{1,4}\s*$")


def _without_leader(text: str) -> str:
    """"1、总则………………1": an entry with its dotted leader and page number cut off."""
    return _LEADER.sub("", text)


def _entry_words(text: str) -> str:
    found = marker(text)
    return unspaced(found.rest if found else text)


def read_contents(p: "Reading", i: int, indices: list[int]) -> int:
    p.blocks.append(Contents(tuple((p.text(j), p.lines[j].number) for j in indices), p.lines[i].number))
    return indices[-1] + 1


# --- clauses, section titles, paragraphs -----------------------------------------------------------

def clause_here(p: "Reading", i: int):
    found = marker(p.text(i)) or _lost_numeral(p, i)
    if found is None:
        return None
    if found.bare and not p.numbering.continues(found) and found.numbers[0] != 1:
        return None  # "12宜章县…" is item 12 only after an item 11
    return found


def _lost_numeral(p: "Reading", i: int) -> Marker | None:
    """"、禁火内容" where "三、" stood: a copy lost the numeral of a head; it numbers the next of the open 一、 level."""
    text = clean(p.text(i))
    number = p.numbering.next_number("cn") if text.startswith("、") and len(text) > 1 else None
    return Marker("cn", (number,), "、", text[1:]) if number else None


def read_clause(p: "Reading", i: int, found) -> int:
    if found.text == "、":
        p.warn(p.lines[i].number, f"「{clean(p.text(i))}」前缺了序号，按前后顺序读作第 {found.numbers[0]} 项", "guess")
    return p.read_clause(i, found)


def section_title_here(p: "Reading", i: int):
    return p.heading_role(i)


def read_section_title(p: "Reading", i: int, role: str) -> int:
    p.blocks.append(Heading(p.text(i), p.lines[i].number, role))
    return i + 1


def appointment_here(p: "Reading", i: int):
    return True if is_appointment(p.text(i)) else None


def read_appointment(p: "Reading", i: int, _) -> int:
    line = p.lines[i]
    p.blocks.append(Paragraph(clean(line.text), line.number, "appointment", p.paragraph_anchor(line.number)))
    return i + 1


def read_paragraph(p: "Reading", i: int, _) -> int:
    line = p.lines[i]
    text, j = p.continued(i, clean(line.text))
    p.blocks.append(Paragraph(text, line.number, "text", p.paragraph_anchor(line.number)))
    return j


RULES: tuple[Rule, ...] = (
    Rule("chrome", chrome_at, read_chrome),
    Rule("table", table_here, read_table),
    Rule("attachment", attachment_here, read_attachment),
    Rule("attachment_list", attachment_list_here, read_attachment_list),
    Rule("file_link", file_link_here, read_file_link),
    Rule("signature", signature_here, read_signature),
    Rule("run_on_signature", run_on_signature_here, read_run_on_signature),
    Rule("after_signature", after_signature_here, read_after_signature),
    Rule("contents", contents_here, read_contents),
    Rule("clause", clause_here, read_clause),
    Rule("section_title", section_title_here, read_section_title),
    Rule("appointment", appointment_here, read_appointment),
    Rule("paragraph", lambda p, i: True, read_paragraph),
)
