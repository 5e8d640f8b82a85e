"""The notice's header: the lines above and just below its title.

Above: page furniture, a database record's lines, the letterhead (issuing bodies, 文件) and the
文号 or 登记号 printed over the title. Below: the 文号, 登记号, the issuer's line, a 令's promulgation
line and a 题注, up to the first line of the body.
"""
from __future__ import annotations

import re

from . import thresholds as T
from .body import is_blank
from .model import Paragraph, Unplaced
from .patterns import (DATE, clean, fold, damaged_doc_number_line, date_in, doc_number_line, is_office_line,
                       is_letterhead_mark, offices_in, registration_line, serial_number_line, unspaced)
from .split import title_span


# "(2025年7月30日陕西省第十四届人民代表大会常务委员会第十七次会议通过)": a 题注 naming who adopted the text, and when
_ADOPTION = re.compile(rf"[（(](?P<date>{re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)})(?P<body>[^，,（）()]{{2,40}}?)"
                       r"第[一二三四五六七八九十百\d]+次(?:全体|常务)?会议(?:审议)?(?:通过|批准|修订|审议通过)[）)]")
# "(1991年3月26日济南市人民政府令19号发布)": a 令's promulgation line under its title, its number and date
_PROMULGATION = re.compile(rf"[（(]\s*(?P<date>{re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)})\s*"
                           r"(?P<number>[^，,（）()\s]{2,30}?令\s*(?:第\s*)?[\d一二三四五六七八九十百〇零]{1,5}\s*号)?\s*"
                           r"(?:公布|发布|颁布)[^（）()]{0,60}[）)]")


class HeaderReader:
    def _lead_in(self) -> set[int]:
        """Lines just above the title that belong to the header: letterhead offices, 文号, 登记号."""
        lead: set[int] = set()
        j = self.chunk.title_start - 1
        taken = 0
        while j >= 0 and taken < T.LEAD_IN_LINES:
            if is_blank(self.lines[j]):
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
            if is_blank(line):
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

    def _between_copies(self, j: int) -> bool:
        """Line j stands between a page-header copy of a title (the notice's, or the record title a database
        prints for the document it issues, set aside above) and the title itself, nothing else around it."""
        above = j - 1
        while above >= 0 and is_blank(self.lines[above]):
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


def _header_like(text: str) -> bool:
    return bool(is_office_line(text) or doc_number_line(text) or damaged_doc_number_line(text)
                or registration_line(text) or (text.endswith("文件") and is_office_line(text[:-2]))
                or is_letterhead_mark(text))
