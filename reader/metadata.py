"""The notice's metadata: title, issuers, date, 文号, 登记号, kind and page address.

The text first (signature, letterhead, title), then a web page's information block or a database
record, each fallback reported to staff as a guess and noted beside the field.
"""
from __future__ import annotations

import datetime as dt
import re

from . import thresholds as T
from .anchors import doc_number_slug, fallback_slug
from .model import Attachment, Clause, Heading, InfoField, Notice, Paragraph, Signature, Unplaced
from .page import registration_in
from .patterns import (COLOPHON, DATE, DOC_TYPES, OFFICE_END, clean, damaged_doc_number_line, date_in, doc_number_line, fold, is_office_line,
                       numeric_date_in, offices_in, signature_date, unspaced, without_glosses)


PERSONNEL_PREFIXES = ("人发", "人字", "任")
# "…起施行。 奉新县人民政府 年2月12日 赞赏 |": an issuing body between spaces after a sentence's end (or a bracket's
# close), then a date, inside a notice copied onto one line; the date's year may be lost
_RUN_IN_SIGNATURE = re.compile(r"(?:^|(?<=[。！；）)】])\s|(?<=[。！；）)】]))\s*(?P<office>[^\s，。；：:,（）()]{2,%d})\s+"
                               r"(?P<date>(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})?\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
                               r"\s*[\d一二三四五六七八九十]{1,3}\s*日)(?=\s|$)" % T.OFFICE_MAX_CHARS)
_RUN_IN_ATTACHMENT = re.compile(r"(?:^|\s)附\s*件\s*[:：]\s*(?P<title>\S{2,%d})\s*$" % T.ATTACHMENT_TITLE_MAX_CHARS)
_TITLE_VERBS = re.compile(r"关于|印发|转发|批转|公布|贯彻")
# "发布部门" / "文件来源" of a law database name the level or the source it files a text under (a county's
# notice filed under its province), not surely the issuer: weighed like a page's 来源
_SOURCE_LABELS = {"来源", "信息来源", "來源", "发布部门", "文件来源"}  # a page's source: the site or office that posted it, not the issuer
# a page's source: the site or office that posted it, not the issuer
_COLOPHON_DATE = re.compile(rf"{re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)}\s*印发")  # its date on a line of its own
# its date on a line of its own
_WEBSITE = re.compile(r"网站|门户|网$|^\W*$|^本站|原创|转载")  # the site itself or a placeholder ("本站原创"), never an issuer


class MetadataReader:
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
        elif self.adoption and self.adoption[1] and not self.record_issuer:  # a record's own issuer line comes first
            issuers = (self.adoption[1],)
            self.guess(self.lines[0].number, f"发文机关取自标题下的题注：{self.adoption[1]}", "issuer", "原文无落款，据标题下的题注")
        else:
            # without a signature or letterhead: the block's issuing body, the database record's line, the block's
            # publishing office, the body the title names, and only then the page's 来源 (often the website's owner)
            publishers = [f for f in self._info("publisher") if _body_name(f.value)]
            offices = [f for f in publishers if unspaced(f.label) not in _SOURCE_LABELS]
            # a 来源 that names no body ("来源:洪湖", a news site's place line) is the page's credit, never an issuer
            sources = [f for f in publishers if unspaced(f.label) in _SOURCE_LABELS and OFFICE_END.search(fold(unspaced(f.value)))]
            candidates = ([f for f in self._info("issuer") if _body_name(f.value)][:1]
                          + ([self.record_issuer] if self.record_issuer else []) + offices[:1]
                          + ([_issuer_in_title(title)] if _issuer_in_title(title) else []) + sources[:1])
            if candidates:
                found = candidates[0]
                named = _issuer_in_title(title)
                if isinstance(found, InfoField) and named and len(named) > len(found.value) and unspaced(
                        named).endswith(unspaced(found.value)):
                    found = named  # "自治区人民政府" in the block is the short form of the body the title names in full
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

    def _yearless(self, parsed, line: int, info_days) -> tuple[str | None, bool]:
        """A signature's "10月14日" without a year: the latest such day on or before the page's own date (a notice
        is signed before the page publishes it), reported as a guess; without a page date, left empty."""
        days = sorted(dt.date.fromisoformat(day) for _, day in info_days if day)
        month, day = parsed.yearless
        if not days:
            self.warn(line, f"落款日期「{parsed.text}」没有年份，网页上也没有可参照的日期，未填成文日期")
            return None, True
        latest = days[-1]
        year = latest.year if (month, day) <= (latest.month, latest.day) else latest.year - 1
        try:
            found = dt.date(year, month, day)
        except ValueError:  # 2月29日 in a year that has none
            self.warn(line, f"落款日期「{parsed.text}」没有年份，推定的年份没有这一天，未填成文日期")
            return None, True
        self.guess(line, f"落款日期「{parsed.text}」没有年份，按网页上的日期 {latest.isoformat()} 推定为 {found.isoformat()}，请核对",
                   "date", f"原文日期“{parsed.text}”没有年份，据网页上的日期推定")
        return found.isoformat(), True

    def _date(self, signature: Signature | None) -> tuple[str | None, bool]:
        written = [f for f in self._info("written") if numeric_date_in(f.value)]
        published = [f for f in self._info("published") if numeric_date_in(f.value)]
        info_days = [(f, numeric_date_in(f.value).iso) for f in written + published]
        if signature:
            parsed = signature_date(signature.date_text)
            if parsed and parsed.yearless:
                return self._yearless(parsed, signature.date_line or signature.line, info_days)
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
            _COLOPHON_DATE.fullmatch(b.text) or COLOPHON.fullmatch(b.text)
            and is_office_line(COLOPHON.fullmatch(b.text)["office"]))), None)
        day = date_in(colophon.text) if colophon else None
        if day and day.iso:  # the text's own date beats a page's publication timestamp
            self.guess(colophon.line, f"没有落款日期，成文日期取自版记的印发日期：{day.iso}", "date", "原文无落款日期，据版记的印发日期")
            return day.iso, False
        website_lines = {f.line for f in self._info("author", "publisher") if _WEBSITE.search(f.value)}
        published = [f for f in published if f.line not in website_lines]  # "作者:法律资料网 时间:…": the site's upload time
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

    def _run_in_signature(self) -> Signature | None:
        """A notice copied onto one line: its signature inside the line ("…起施行。 某县人民政府 年2月12日 赞赏 |"),
        an issuing body standing between spaces after a sentence's end, then a date (whole or damaged)."""
        for block in reversed(self.blocks):
            if not isinstance(block, Paragraph) or len(block.text) < T.RUN_IN_SIGNATURE_MIN_CHARS:
                continue
            for match in reversed(list(_RUN_IN_SIGNATURE.finditer(block.text))):
                if is_office_line(match["office"]):
                    offices = tuple(offices_in(match["office"]))
                    named = _RUN_IN_ATTACHMENT.search(block.text[:match.start("office")])
                    if named and not self.attachments:  # "附件:某某预案(修订) 某镇人民政府 2020年10月22日"
                        self.attachments.append(Attachment("", named["title"], "", "附件"))
                    self.guess(block.line, f"落款「{match['office']} {match['date']}」与正文在同一行，已按落款读取",
                               "issuer", "落款与正文在同一行，系拆分读取")
                    return Signature("、".join(offices), match["date"], block.line, offices=offices,
                                     office_lines=(match["office"],), date_line=block.line)
        return None

    def _notice(self, title: str, addressees: str | None) -> Notice:
        signature = next((b for b in self.blocks if isinstance(b, Signature)), None)
        if signature is None and not self.letterhead and not self.record_signature:
            signature = self._run_in_signature()
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
                title = untitled_name(self.blocks)
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
                      field_notes=tuple(self.field_notes.items()),
                      title_tag=self.title_tag, title_tag_leading=self.title_tag_leading)


def untitled_name(blocks: list) -> str:
    """A name for a text without a title, for citizens: its first words (never a file name)."""
    for block in blocks:
        words = (block.heading + block.text) if isinstance(block, Clause) else getattr(block, "text", "")
        if isinstance(block, (Paragraph, Clause, Heading, Unplaced)) and words:
            words = clean(words)
            return f"（原文无标题）{words[:T.UNTITLED_NAME_CHARS]}{'…' if len(words) > T.UNTITLED_NAME_CHARS else ''}"
    return "（原文无标题）"


def _same_body(a: str, b: str) -> bool:
    a, b = unspaced(a), unspaced(b)
    return a == b or a.endswith(b) or b.endswith(a)


def _body_name(value: str) -> bool:
    """A value that can name an issuing body: not the website, not a code ("81202")."""
    return not _WEBSITE.search(value) and bool(re.search(r"[\u4e00-\u9fff]", value))


# "市政府", "县人民政府办公室": the level alone, with no place, names no body a reader could tell apart
_GENERIC_BODY = re.compile(r"[省市县区州盟旗镇乡]?(?:人民)?政府(?:办公室|办公厅)?")
_PLACE_ENDS = ("镇", "乡", "街道")  # "重庆市万州区龙驹镇2023年…预案": a place the title is about, not a body


def _straddles(text: str, end: int) -> bool:
    """Does a document kind (办法, 规定 …) run across position `end` of the text?"""
    return any(text[max(0, end - k):end] == kind[:k] and text[end:end + len(kind) - k] == kind[k:]
               for kind in DOC_TYPES if len(kind) > 1 for k in range(1, len(kind)))


def _issuer_in_title(title: str) -> str | None:
    """"镇巴县人民政府工作规则" -> 镇巴县人民政府; "XX县人民政府办公室关于…" -> XX县人民政府办公室.

    The verb is looked for with a mirror's pinyin glosses set aside (關(guān)于); a name that is only the level
    (市政府) is none, and without a verb a bare place (…龙驹镇) is what the title is about, not who issued it."""
    plain = fold(without_glosses(title))
    verb = _TITLE_VERBS.search(plain)
    head = title
    if verb:
        head = next((title[:end] for end in range(len(title), 0, -1)
                     if len(fold(without_glosses(title[:end]))) <= verb.start()), "")
    for end in range(len(head), 1, -1):  # the longest leading name of a body
        name = clean(head[:end])
        if _straddles(head, end):
            continue  # "…管理办" + "法(试行)": the name would end inside the document's kind
        if is_office_line(name) and (verb or end < len(head)):
            if _GENERIC_BODY.fullmatch(fold(without_glosses(name))) or (not verb and name.endswith(_PLACE_ENDS)):
                return None
            return name
    return None
