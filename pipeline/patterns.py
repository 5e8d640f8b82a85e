"""Recognisers for single lines of a notice: 文号, dates, clause markers, offices.

Pure functions on one stripped line each; `split` and `parse` combine them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Lines are judged with surrounding whitespace removed, including the ideographic space.
WHITESPACE = " \t\u3000\u00a0\ufeff"


def clean(text: str) -> str:
    return text.strip(WHITESPACE)


def cn_number(text: str) -> int | None:
    """一 .. 九百九十九, 〇/零 digits read positionally (二〇二四 -> 2024)."""
    if not text:
        return None
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        if hundreds not in CN_DIGITS:
            return None
        rest = rest.lstrip("零〇")
        below = cn_number(rest) if rest else 0
        return None if below is None else CN_DIGITS[hundreds] * 100 + below
    if all(ch in CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        if (tens and tens not in CN_DIGITS) or (ones and ones not in CN_DIGITS):
            return None
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    if len(text) == 1 and text in CN_DIGITS:
        return CN_DIGITS[text]
    return None


def number_value(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_number(text)


# --- 文号 and registration number --------------------------------------------------

_OPEN = "〔[［﹝（(【"
_CLOSE = "〕]］﹞）)】"
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,14}}?)\s*[{re.escape(_OPEN)}]\s*(?P<year>\d{{4}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*(?:第\s*)?(?P<num>\d{{1,5}})\s*号")
REGISTRATION = re.compile(r"[A-Z]{2,8}[-－—]\d{4}[-－—]\d{3,8}")


def doc_number_line(text: str) -> str | None:
    """The normalised 文号 when the whole line is one (optionally in brackets), else None."""
    text = clean(text)
    for candidate in (text, text[1:-1] if len(text) > 2 and text[0] in "（(【[" and text[-1] in "）)】]" else ""):
        match = DOC_NUMBER.fullmatch(clean(candidate)) if candidate else None
        if match:
            return f"{match['prefix']}〔{match['year']}〕{match['num']}号"
    return None


def registration_line(text: str) -> str | None:
    text = clean(text)
    if REGISTRATION.fullmatch(text):
        return re.sub("[－—]", "-", text)
    return None


# --- dates -----------------------------------------------------------------------

DATE = re.compile(
    r"(?P<y>\d{4}|[〇○零OＯ一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")


@dataclass(frozen=True)
class ParsedDate:
    text: str
    iso: str | None  # None when the text names no real day (2024年2月30日)


def date_in(text: str) -> ParsedDate | None:
    match = DATE.search(text)
    if not match:
        return None
    year, month, day = (number_value(match[k]) for k in ("y", "m", "d"))
    try:
        iso = dt.date(year, month, day).isoformat() if None not in (year, month, day) else None
    except ValueError:
        iso = None
    return ParsedDate(match[0], iso)


def date_line(text: str) -> ParsedDate | None:
    """A date standing alone on its line, as under a signature."""
    text = clean(text)
    if DATE.fullmatch(text):
        return date_in(text)
    return None


# --- clause markers --------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    kind: str  # chapter | article | cn | paren_cn | dec1 | dec2 | dec3 | dec4 | paren_ar | circled
    numbers: tuple[int, ...]  # the literal numbers: (4, 2) for "4.2"
    text: str  # the marker as written
    rest: str  # the line after the marker


_MARKERS = [
    ("chapter", re.compile(rf"第(?P<n>[{CN_NUMERAL}百零〇]{{1,4}}|\d{{1,3}})章[\s\u3000]*")),
    ("article", re.compile(rf"第(?P<n>[{CN_NUMERAL}百零〇]{{1,4}}|\d{{1,3}})条[\s\u3000]*")),
    ("cn", re.compile(rf"(?P<n>[{CN_NUMERAL}]{{1,3}})、")),
    ("paren_cn", re.compile(rf"[（(](?P<n>[{CN_NUMERAL}]{{1,3}})[）)]")),
    ("dotted", re.compile(r"(?P<n>\d{1,2}(?:[.．]\d{1,2}){1,3})(?![\d.．%％])")),
    ("dec1", re.compile(r"(?P<n>\d{1,2})[.．、](?![\d%％])")),
    ("paren_ar", re.compile(r"[（(](?P<n>\d{1,2})[）)]")),
    ("circled", re.compile(rf"(?P<n>[{CIRCLED}])")),
]
# A number followed by a unit is an amount, not a clause number ("1.5万元").
_AMOUNT_AFTER = re.compile(r"\s*(万|亿|元|%|％|倍|米|公里|平方|亩|吨|个百分点)")


def marker(text: str) -> Marker | None:
    text = clean(text)
    for kind, pattern in _MARKERS:
        match = pattern.match(text)
        if not match:
            continue
        rest = text[match.end():]
        raw = match["n"]
        if kind == "circled":
            numbers = (CIRCLED.index(raw) + 1,)
        elif kind == "dotted":
            numbers = tuple(int(p) for p in re.split("[.．]", raw))
            kind = f"dec{len(numbers)}"
            if _AMOUNT_AFTER.match(rest):
                return None
        else:
            value = number_value(raw)
            if value is None or value == 0:
                return None
            numbers = (value,)
        if kind == "dec1" and _AMOUNT_AFTER.match(rest):
            return None
        if not clean(rest) and kind in ("dec1", "cn"):
            return None  # "1." alone on a line is not a clause
        return Marker(kind, numbers, match[0], clean(rest))
    return None


def split_heading(rest: str) -> tuple[str, str]:
    """Split "收费减免。乡镇城镇开发…" into ("收费减免。", "乡镇城镇开发…").

    A clause whose line is short and has no sentence end is all heading; a clause that
    runs into its text keeps the short first sentence as heading; a long first sentence
    means a numbered paragraph with no heading.
    """
    if not re.search("[。；！？]", rest) and len(rest) <= 40 and not rest.endswith(("；", ";")):
        return rest, ""
    match = re.search("[。：:]", rest)
    if match and match.end() <= 32 and match.end() < len(rest):
        return rest[:match.end()], rest[match.end():]
    if match and match.end() == len(rest) and len(rest) <= 20 and not re.search("[，,、]", rest):
        return rest, ""
    return "", rest


# --- other line kinds ------------------------------------------------------------

DOC_TYPES = ("通知", "决定", "意见", "批复", "通报", "公告", "通告", "办法", "规定", "方案", "函",
             "报告", "细则", "规则", "措施", "预案", "纪要", "规划", "命令", "决议")
TITLE_END = re.compile(rf"({'|'.join(DOC_TYPES)})([》」]*)(（[^（）]{{1,12}}）)?$")
SENTENCE_PUNCT = "。，；：！？、,;:!?"
OFFICE_END = re.compile(
    r"(人民政府|政府|办公室|委员会|管委会|局|厅|委|办|中心|小组|指挥部|公司|院|部|会)$")


def looks_like_title_end(text: str) -> bool:
    text = clean(text)
    balanced = text.count("《") == text.count("》") and text.count("（") == text.count("）")
    return balanced and bool(TITLE_END.search(text))


def is_office_line(text: str) -> bool:
    text = clean(text)
    return (2 <= len(text) <= 40 and not re.search(r"[\d%。，；：！？,;:（）()]", text)
            and bool(OFFICE_END.search(text)))


def is_addressee_line(text: str) -> bool:
    text = clean(text)
    return text.endswith(("：", ":")) and "。" not in text and len(text) <= 300 and not marker(text)


def is_title_like(text: str, limit: int = 50) -> bool:
    """Short, no sentence punctuation: a document or attachment title."""
    text = clean(text)
    return (0 < len(text) <= limit and not any(ch in SENTENCE_PUNCT for ch in text)
            and marker(text) is None and not re.search(r"\s{2,}", text))


APPOINTMENT = re.compile(r"同志.{0,6}(任|免去|试用)|^免去.{1,12}同志")


def is_appointment(text: str) -> bool:
    text = clean(text)
    return len(text) <= 120 and bool(APPOINTMENT.search(text)) and text.endswith(("；", ";", "。"))


ATTACHMENT_START = re.compile(
    rf"附\s*件\s*(?P<n>\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})?\s*(?:[:：]\s*(?P<title>[^。]{{2,60}})?)?")
ATTACHMENT_LIST = re.compile(r"附\s*件\s*[:：]\s*(?P<rest>.+)")


def attachment_start(text: str) -> tuple[str, str, str] | None:
    """("附件1", "1", title-on-the-same-line) for a line that opens an attachment."""
    text = clean(text)
    match = ATTACHMENT_START.fullmatch(text)
    if not match:
        return None
    number = match["n"] or ""
    if number and not number.isdigit():
        number = str(cn_number(number) or number)
    title = clean(match["title"] or "")
    if not number and title:
        return None  # "附件：某某办法" lists an attachment, it does not open one
    label = text[: len(text) - len(match["title"] or "")].rstrip("：: ") if title else text
    return label, number or "1", title


def attachment_list_head(text: str) -> str | None:
    """The text after "附件：" when the line lists attachments."""
    match = ATTACHMENT_LIST.fullmatch(clean(text))
    return clean(match["rest"]) if match else None
