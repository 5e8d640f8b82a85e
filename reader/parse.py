"""Parse one notice's lines into a Notice: header metadata, body blocks, page furniture.

Every line of the chunk lands in the header, in exactly one block, or in the notice's set-aside
page furniture; what cannot be placed becomes an Unplaced block. `NoticeParser` is put together
from its parts, one module each: the state and the body walk over the grammar's rules (`body.py`,
`grammar.py`), the header (`header.py`), the footer (`footer.py`), the passes that decide for all
siblings together (`siblings.py`) and the metadata, text first, then a web page's information block,
each fallback reported as a guess (`metadata.py`).
"""
from __future__ import annotations

from .anchors import fallback_slug
from .body import BodyReader, is_blank
from .footer import FooterFinder
from .header import HeaderReader
from .metadata import MetadataReader, untitled_name
from .model import BuildWarning, Notice, Paragraph, SourceLine, Unplaced
from .patterns import (TITLE_OPENERS, clean, glued_doc_number, is_addressee_line, looks_like_title_end, status_tag, title_text,
                       unspaced)
from .siblings import SiblingDecisions
from .split import Chunk



class NoticeParser(HeaderReader, FooterFinder, SiblingDecisions, MetadataReader, BodyReader):
    """One notice's reading: the header, the body by the grammar, the passes over siblings, the metadata."""

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
        self.title_tag, self.title_tag_leading = "", True  # （已废止） printed with the title
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
            title_lines = [l for l in self.lines[chunk.title_start: chunk.title_end + 1] if not is_blank(l)]
            self.header.extend(title_lines)
            glued = glued_doc_number(title_text([l.text for l in title_lines]))
            if glued.number and not self.doc_number:
                self.doc_number = glued.number
            self.title_number = glued if glued.number else None
            title = chunk.title or glued.title
            self.title_tag, title, self.title_tag_leading = status_tag(title)
            if chunk.title_note:
                self.guess(title_lines[0].number, chunk.title_note, "title", "原文标题不完整，已按网页标题栏补全")
            elif title and not looks_like_title_end(title) and not unspaced(title).startswith(TITLE_OPENERS):
                # the reader took the first title-like line; a real 公文 title names its kind at its end
                self.guess(title_lines[0].number, f"标题「{title[:40]}」不像公文标题（公文标题一般以通知、办法、意见、方案等结尾），"
                                                  "请核对是否取错了行；如需更正，可写更正文件", "title")
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
    title = untitled_name(list(blocks))
    warning = BuildWarning(path, first or None,
                           f"第 {first}–{last} 行读取时出错（{type(error).__name__}），未能识别其结构，"
                           "已把这段文字作为一份通知原样列出，请核对并反馈给维护人员", "unplaced")
    notice = Notice(path, first, last, fallback_slug(title, None), title, None, None, None, None, None,
                    "其他公文", None, (), blocks, title_found=False)
    return notice, [warning]
