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
from .patterns import (DATE, DOC_NUMBER, clean, fold, damaged_doc_number_line, date_in, doc_number_line,
                       is_office_line, is_letterhead_mark, offices_in, registration_and_number, registration_line,
                       serial_number_line, unspaced)
from .split import is_menu_line, title_span


# "(2025年7月30日陕西省第十四届人民代表大会常务委员会第十七次会议通过)": a 题注 naming who adopted the text, and when
# (several events — adopted by a city's congress, approved by the province's — the last is the text's date; a
# "1996年10月1日起施行" may close the note)
_PLAIN_DATE = re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)
_EVENT = (rf"(?P<date>{_PLAIN_DATE})(?P<body>[^，,（）()\s]{{2,40}}?)"
          r"第[一二三四五六七八九十百\d]+次(?:全体|常务)?会议(?:审议)?(?:通过|批准|修订|审议通过)")
_ANY_EVENT = re.sub(r"[(][?]P<[a-z]+>", "(?:", _EVENT)
ADOPTION_EVENT = re.compile(_EVENT)
_ADOPTION = re.compile(rf"[（(]\s*{_ANY_EVENT}(?:[\s，,；;]*{_ANY_EVENT})*(?:[\s，,；;]*{_PLAIN_DATE}\s*起?施行)?\s*[）)]")
# a letterhead's name wrapped after its place: the place's line, then the body's kind alone on the next
_PLACE_END = re.compile(r"(?:省|市|县|区|州|盟|旗|镇|乡|街道)$")
_BODY_WITHOUT_PLACE = re.compile(r"(?:人民)?政府(?:办公室|办公厅)?|人民代表大会常务委员会")
# "德宏州人民政府办公室公告", "某市人民政府令": an issuing body and the kind, over the document's number
_ISSUING_HEAD = re.compile(r".{2,40}?(?:人民政府|政府|办公室|办公厅|委员会|局|厅)(?:公告|通告|令)")
_BARE_SERIAL = re.compile(r"第\s*[\d一二三四五六七八九十百〇零]{1,5}\s*号")
# "(1985年5月4日皖政〔1985〕38号)  根据…": a database's note of the date and 文号, run into the first paragraph
_RUN_IN_NOTE = re.compile(rf"[（(]\s*(?P<date>{re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)})\s*"
                          rf"(?P<number>{re.sub(r'[(][?]P<[a-z]+>', '(?:', DOC_NUMBER.pattern)})\s*[）)]")
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
            elif j in chunk.header_titles or (j not in lead and j < chunk.title_start and self._title_of_its_own(j, lead)):
                self.set_aside(j, "网页标题")  # a title-like line above the title: the page's header
                web = True
            elif kind:
                self.set_aside(j, kind)
            elif j not in lead and is_menu_line(text):
                self.set_aside(j, "导航")  # a breadcrumb or a menu entry above the title: the page's, on any site
                web = True
            elif line.number in self.page.weak_credits and j not in lead:
                self.set_aside(j, "信息栏")  # "来源:县人民政府" above the title: the page's credit line
            elif j in lead:
                self.header.append(line)
                both = registration_and_number(text)
                if both and not self.registration:
                    self.registration = both[0]
                number = doc_number_line(text) or damaged_doc_number_line(text) or (both[1] if both else None)
                if number and not self.doc_number:
                    self.doc_number = number
                    if not doc_number_line(text):
                        self.guess(line.number, f"文号「{text}」残缺，读作 {number}", "doc_number", f"原文文号“{text}”残缺，系推定")
                elif registration_line(text) and not self.registration:
                    self.registration = registration_line(text)
                elif is_letterhead_mark(text):
                    pass  # "文件" or the red rule under the issuing body's name
                elif is_office_line(text) or text.endswith("文件"):
                    names = offices_in(text[:-2] if text.endswith("文件") and not is_office_line(text) else text)
                    if self.letterhead and names and _PLACE_END.search(self.letterhead[-1]) and _BODY_WITHOUT_PLACE.fullmatch(names[0]):
                        self.letterhead[-1] += names.pop(0)  # "柳城县马山镇" over "人民政府文件": one body's name, wrapped
                    self.letterhead.extend(names)
            elif web:
                self.set_aside(j, "页眉")  # reported, as a guess, with its run in _report_set_aside
            else:
                self.blocks.append(Unplaced(text, line.number, "位于第一份通知标题之前"))
                self.warn(line.number, "标题之前的文字无法归入任何通知，已原样保留在本通知开头", "unplaced")

    def _title_of_its_own(self, j: int, lead: set[int]) -> bool:
        """A title-like line above the title that reads as a title of its own, not one that runs on into the
        letterhead or the title below it (a region tag "辽宁" over the typeset title)."""
        span = title_span(self.lines, j, anywhere=True)
        return span is not None and span.end < min(lead | {self.chunk.title_start})

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
        i = first = self.next_non_blank(start)
        while i is not None:
            line = self.lines[i]
            text = self.text(i)
            kind = self.chrome_kind(i)
            # "第3号" alone right under a title: its number, with neither issuer nor year printed
            number = (doc_number_line(text) or damaged_doc_number_line(text) or serial_number_line(text)
                      or (unspaced(fold(text)) if i == first and _BARE_SERIAL.fullmatch(fold(clean(text))) else None))
            if i in self.chunk.header_titles:
                self.set_aside(i, "网页标题")  # an untitled text: the site's headline above it (split._foreign_headline)
                if self.chunk.title_note:
                    self.guess(line.number, self.chunk.title_note)
            elif kind:
                self.set_aside(i, kind)
            elif self.chunk.header_titles and i < self.chunk.header_titles[-1]:
                self.set_aside(i, "页眉")  # the site's lines above its headline
            elif number and not self.doc_number:
                self.doc_number = number
                self.header.append(line)
                if damaged_doc_number_line(text) and not doc_number_line(text):
                    self.guess(line.number, f"文号「{text}」残缺，读作 {number}", "doc_number", f"原文文号“{text}”残缺，系推定")
            elif registration_line(text) and not self.registration:
                self.registration = registration_line(text)
                self.header.append(line)
            elif is_office_line(text) and self.chunk.header_titles and (i == first or self.record_issuer):
                # a database record: its issuing-body line under the title (printed again under each copy)
                self.set_aside(i, "信息栏")
                self.record_issuer = self.record_issuer or unspaced(text)
            elif _ISSUING_HEAD.fullmatch(text) and not self.doc_number and (self._number_follows(i) or self._bare_serial(i)):
                self.header.append(line)  # "德宏州人民政府办公室公告" over "第8号": the document's own head
                if self._bare_serial(i):
                    i = self.next_non_blank(i + 1)
                    self.doc_number = unspaced(self.text(i))
                    self.header.append(self.lines[i])
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
                match = list(ADOPTION_EVENT.finditer(text))[-1]
                parsed = date_in(match["date"])
                body = re.sub(r"第[一二三四五六七八九十百\d]+届", "", match["body"]).strip()
                self.adoption = (parsed.iso if parsed else None, body)
                self.blocks.append(Paragraph(text, line.number, "note", self.paragraph_anchor(line.number)))
            else:
                self._run_in_note(i)
                break
            body_start = i + 1
            i = self.next_non_blank(body_start)
        return body_start

    def _run_in_note(self, i: int) -> None:
        """The first body line opens with a note of the date and 文号: read them; the line stays the body's."""
        match = _RUN_IN_NOTE.match(fold(self.text(i)))
        if not match or self.doc_number:
            return
        self.doc_number = re.sub(r"\s+", "", self.text(i)[match.start("number"):match.end("number")])
        parsed = date_in(match["date"])
        if self.promulgation is None and parsed:
            self.promulgation = (parsed.iso, "")
        self.guess(self.lines[i].number, f"文号取自正文开头的题注：{self.doc_number}", "doc_number", "据正文开头的题注")

    def _bare_serial(self, i: int) -> bool:
        """"第8号" alone under a 公告's or 令's head: its number, which elsewhere names nothing."""
        j = self.next_non_blank(i + 1)
        return j is not None and bool(_BARE_SERIAL.fullmatch(self.text(j)))

    def _number_follows(self, i: int) -> bool:
        j = self.next_non_blank(i + 1)
        return j is not None and bool(doc_number_line(self.text(j)) or damaged_doc_number_line(self.text(j))
                                      or serial_number_line(self.text(j)))


def _header_like(text: str) -> bool:
    return bool(is_office_line(text) or doc_number_line(text) or damaged_doc_number_line(text) or registration_and_number(text)
                or registration_line(text) or (text.endswith("文件") and is_office_line(text[:-2]))
                or is_letterhead_mark(text))
