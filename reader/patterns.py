"""Recognisers for single lines of a notice: 文号, dates, clause markers, offices, titles.

Pure functions on one line each; `page`, `split`, `grammar` and `parse` combine them.
Every length they judge by is named in `thresholds.py`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import thresholds as T

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ENCLOSED_CN = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"

# Lines are judged with surrounding whitespace removed, including the ideographic space.
WHITESPACE = " \t\u3000\u00a0\ufeff"
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def clean(text: str) -> str:
    return text.strip(WHITESPACE)


# Traditional characters of the words the recognisers look for (labels, menus, document types, offices,
# clause markers, 號), each with its simplified form: some copies reach us through mirrors that convert a
# page to traditional characters. One character for one, so a match on the folded text has the same
# positions in the text as written, which is what is kept and shown.
_TRADITIONAL = (
    "號号統统編编記记發发機机關关單单製制構构佈布開开責责門门屬属來来體体時时間间載载歸归檔档實实廢废"
    "狀状態态題题類类組组錄录詞词鍵键務务對对種种稱称標标範范圍围瀏浏覽览數数訪访問问點点擊击閱阅讀读"
    "輯辑審审監监總总運运營营攝摄訊讯員员複复終终內内解解視视護护傳传頁页當当網网無无礙碍簡简註注冊册"
    "聯联繫系們们圖图於于個个辦办動动設设為为閉闭頂顶糾纠錯错聽听語语報报權权識识碼码備备術术掃扫鏈链"
    "決决見见規规細细則则預预紀纪劃划議议條条計计轉转廳厅會会揮挥處处隊队館馆鎮镇鄉乡銀银團团專专縣县"
    "區区節节範范書书證证")
FOLD = str.maketrans(dict(zip(_TRADITIONAL[0::2], _TRADITIONAL[1::2])))


# A pinyin gloss a mirror prints after a character: 發(fā), 鎮(zhèn). Part of the text as written, never a word.
PINYIN_GLOSS = r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]"
_GLOSS = re.compile(PINYIN_GLOSS)


def without_glosses(text: str) -> str:
    """The text with its pinyin glosses removed ("發(fā)布日期" -> "發布日期"), for reading labels and values."""
    return _GLOSS.sub("", text)


def fold(text: str) -> str:
    """The text with traditional characters of the recognisers' words made simplified, one for one."""
    return text.translate(FOLD)


def unspaced(text: str) -> str:
    """The line without any whitespace: "征  收  土  地  公  告" -> "征收土地公告"."""
    return _SPACES.sub("", clean(text))


def letter_spaced(text: str) -> bool:
    """"征  收  土  地  公  告", "公 告": single characters separated by spaces."""
    parts = _SPACES.split(clean(text))
    return len(parts) >= 2 and all(len(p) == 1 for p in parts)


def cn_number(text: str) -> int | None:
    """一 .. 九百九十九, 〇/零/O digits read positionally (二〇二四, 二OO六 -> 2024, 2006)."""
    if not text:
        return None
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        if hundreds not in CN_DIGITS:
            return None
        rest = rest.lstrip("零〇○")
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
_DOC_NUMBER_BODY = (rf"(?P<prefix>(?:[\u4e00-\u9fff](?:{PINYIN_GLOSS})?){{1,14}}?)\s*[{re.escape(_OPEN)}]\s*(?P<year>\d{{4}}|\*{{2,4}})\s*"
                    rf"[{re.escape(_CLOSE)}]\s*(?:第\s*)?(?P<num>\d{{1,5}}|\*{{1,5}})\s*号(?:{PINYIN_GLOSS})?")  # ** where a publisher masked them
DOC_NUMBER = re.compile(_DOC_NUMBER_BODY)
# on a title's own line, a year and a number only ("…的通告 2022(20)号", "…(2022年第76号通告)"); or a 文号, bare or bracketed
_YEAR_SERIAL = r"(?:\s+\d{4}\s*[(（]\s*\d{1,4}\s*[)）]\s*号|\s*[(（]\s*(?P<serial>\d{4}\s*年\s*第\s*\d{1,4}\s*号)\s*(?:通告|公告|令)?\s*[)）])"
_DOC_NUMBER_EDGE = re.compile(
    rf"^[（(]?\s*{_DOC_NUMBER_BODY}\s*[）)]?\s*|\s*[（(]?\s*{_DOC_NUMBER_BODY.replace('?P<', '?P<e_')}\s*[）)]?$")
# 文号 that lost its closing bracket and 号 in copying: 牟政办发〔201746
_DAMAGED_DOC_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,14}}?)\s*[{re.escape(_OPEN)}]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"[{re.escape(_CLOSE)}]?\s*(?P<num>\d{{1,4}})\s*号?")
# 规范性文件 registration numbers: HNDR-2024-01001, HFGS—2017—9 (any dash a copy turns the hyphen into)
REGISTRATION_DASHES = "-－—–‐‑"
REGISTRATION = re.compile(rf"[A-Z]{{2,8}}[{REGISTRATION_DASHES}]{{1,2}}\d{{4}}[{REGISTRATION_DASHES}]{{1,2}}\d{{1,8}}")


def normal_registration(text: str) -> str:
    """HFGS—2017—9 -> HFGS-2017-9: one hyphen for every dash form."""
    return re.sub(rf"[{REGISTRATION_DASHES}]+", "-", text)


def _normal_doc_number(match: re.Match, prefix: str = "", written: str | None = None) -> str:
    """〔〕 brackets and 号; the prefix as written (a match on folded text, sliced from the text itself)."""
    name = written[match.start(prefix + "prefix"):match.end(prefix + "prefix")] if written else match[prefix + "prefix"]
    return f"{name}〔{match[prefix + 'year']}〕{int(match[prefix + 'num'])}号"


def doc_number_line(text: str) -> str | None:
    """The normalised 文号 when the whole line is one (optionally in brackets), else None."""
    text = clean(text)
    for candidate in (text, text[1:-1] if len(text) > 2 and text[0] in "（(【[" and text[-1] in "）)】]" else ""):
        candidate = clean(candidate)
        match = DOC_NUMBER.fullmatch(fold(candidate)) if candidate else None
        if match:
            gloss = _GLOSS.search(candidate, match.end("num"), match.end())  # 號(hào): kept as the text prints it
            return (f"{candidate[match.start('prefix'):match.end('prefix')]}〔{match['year']}〕{match['num']}"
                    + (candidate[match.end('num'):match.end()].strip() if gloss else "号"))
    return None


# Numbers without a year bracket, printed where a 文号 stands: 宁夏回族自治区人民政府令第93号, 县疫情防控指挥部第1号
_SERIAL_NUMBER = re.compile(r"(?P<prefix>[\u4e00-\u9fff]{2,30}?)?\s*(?:[〔\[［﹝](?P<year>\d{4})[〕\]］﹞]|(?P<year2>\d{4})\s*年)?"
                            r"\s*第\s*(?P<num>\d{1,5})\s*号")


def serial_number_line(text: str) -> str | None:
    """A header line that numbers the notice without a year bracket (令第93号, 指挥部第1号), as printed."""
    text = clean(text)
    inner = text[1:-1] if len(text) > 2 and text[0] in "（(" and text[-1] in "）)" else text
    if inner.count("（") + inner.count("(") != inner.count("）") + inner.count(")"):
        inner = inner.strip("（()）")  # "2026年第1号)": a bracket lost its partner in copying
    match = _SERIAL_NUMBER.fullmatch(fold(clean(inner)))
    if not match or not (match["prefix"] or match["year"] or match["year2"]):
        return None
    return re.sub(r"\s+", "", clean(inner))


def damaged_doc_number_line(text: str) -> str | None:
    """A whole line that is a 文号 which lost its closing bracket or 号 ("牟政办发〔201746")."""
    text = clean(text).strip("（()）")
    match = _DAMAGED_DOC_NUMBER.fullmatch(fold(text))
    if not match or doc_number_line(text):
        return None
    return _normal_doc_number(match, written=text)


@dataclass(frozen=True)
class GluedNumber:
    title: str  # the title without its 文号
    number: str | None  # normalised 文号, None when the title line has none
    printed: str = ""  # the 文号 as printed on the line, brackets included: "(岳办发〔2017〕2号)"
    leading: bool = False  # printed before the title


def glued_doc_number(title: str) -> GluedNumber:
    """"盐政发〔2017〕40号盐池县人民政府工作规则": the title and the 文号 printed on its line."""
    match = _DOC_NUMBER_EDGE.search(fold(title))
    if not match:
        serial = re.search(_YEAR_SERIAL + "$", title)
        if serial and clean(title[:serial.start()]):
            printed = clean(serial[0])
            return GluedNumber(clean(title[:serial.start()]), re.sub(r"\s+", "", serial["serial"] or printed), printed, False)
        return GluedNumber(title, None)
    rest = clean(title[:match.start()] + title[match.end():])
    if not rest:
        return GluedNumber(title, None)
    leading = bool(match["prefix"])
    return GluedNumber(rest, _normal_doc_number(match, "" if leading else "e_", title),
                       clean(title[match.start():match.end()]), leading)


def split_doc_number(title: str) -> tuple[str, str | None]:
    """("盐池县人民政府工作规则", "盐政发〔2017〕40号") from a title line with its 文号 glued on."""
    glued = glued_doc_number(title)
    return glued.title, glued.number


def registration_and_number(text: str) -> tuple[str, str] | None:
    """"HQDR-2014-00003 洪管函〔2014〕32号": the registration number and the 文号 printed on one head line."""
    parts = clean(text).split()
    if len(parts) != 2:
        return None
    for reg, number in (parts, parts[::-1]):
        if registration_line(reg) and doc_number_line(number):
            return registration_line(reg), doc_number_line(number)
    return None


def registration_line(text: str) -> str | None:
    text = clean(text)
    if REGISTRATION.fullmatch(text):
        return normal_registration(text)
    return None


# --- dates -----------------------------------------------------------------------

DATE = re.compile(
    r"(?P<y>\d{4}|[〇○零OＯ一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
# 2024-03-12, 2024.3.12, 2024/3/12 (a time may follow)
NUMERIC_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-./／]\s*(?P<m>\d{1,2})\s*[-./／]\s*(?P<d>\d{1,2})(?!\d)")
# 2018年03月27 (日 lost), as web pages' information blocks print it
LAX_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})(?!\d)")
# characters a copied signature date may carry around it ("{ 2017 6 23", "2024年2月6日     ")
_DATE_DEBRIS = WHITESPACE + "{}[]<>【】《》\"'“”‘’·•.,，。"


@dataclass(frozen=True)
class ParsedDate:
    text: str
    iso: str | None  # None when the text names no real day (2024年2月30日)
    candidates: tuple[str, ...] = ()  # the readings of a damaged date, all valid days
    ambiguous: bool = False  # separators were lost: "2019610", "2018年72"
    yearless: tuple[int, int] | None = None  # (month, day) of a date printed without its year: "10月14日"


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    try:
        return dt.date(year, month, day).isoformat() if None not in (year, month, day) else None
    except ValueError:
        return None


def date_in(text: str) -> ParsedDate | None:
    match = DATE.search(text)
    if not match:
        return None
    year, month, day = (number_value(match[k]) for k in ("y", "m", "d"))
    return ParsedDate(match[0], _iso(year, month, day))


def numeric_date_in(text: str) -> ParsedDate | None:
    """The first date written either way: 2024年3月12日 or 2024-03-12."""
    found = [m for m in (DATE.search(text), NUMERIC_DATE.search(text), LAX_DATE.search(text)) if m]
    if not found:
        return None
    match = min(found, key=lambda m: (m.start(), m.re is LAX_DATE))
    if match.re is DATE:
        return date_in(match[0])
    return ParsedDate(match[0], _iso(int(match["y"]), int(match["m"]), int(match["d"])))


def date_line(text: str) -> ParsedDate | None:
    """A date standing alone on its line, as under a signature (年月日 written out)."""
    text = clean(text)
    if DATE.fullmatch(text):
        return date_in(text)
    return None


def _readings(year: int, rest: str) -> tuple[str, ...]:
    """Every (month, day) split of the digits after the year that names a real day."""
    found = []
    for cut in range(1, len(rest)):
        month, day = rest[:cut], rest[cut:]
        if len(month) > 2 or len(day) > 2 or "0" in (month, day):
            continue
        iso = _iso(year, int(month), int(day))
        if iso and iso not in found:
            found.append(iso)
    return tuple(found)


def signature_date(text: str) -> ParsedDate | None:
    """A signature's date line in any of the ways it reaches us.

    2024年3月12日 / 二〇二四年三月十二日 / 2024-03-12 / "{ 2017 6 23" / 20190610: clear. "2019610", "2018年72":
    separators lost, the readings that name a real day are candidates; "10月14日", "年12月21日": no year. Both ambiguous."""
    text = clean(text).strip(_DATE_DEBRIS)
    if not text:
        return None
    if DATE.fullmatch(text):
        return date_in(text)
    yearless = re.fullmatch(r"年?(\d{1,2}|[〇一二三四五六七八九十]{1,3})月(\d{1,2}|[〇一二三四五六七八九十]{1,3})日", text)
    if yearless and _iso(2000, number_value(yearless[1]) or 0, number_value(yearless[2]) or 0):  # its year: metadata
        return ParsedDate(text, None, (), True, (number_value(yearless[1]), number_value(yearless[2])))
    spaced = re.fullmatch(r"((?:19|20)\d{2})\s*[-./／年\s]\s*(\d{1,2})\s*[-./／月\s]\s*(\d{1,2})\s*日?", text)
    if spaced:
        return ParsedDate(text, _iso(*(int(g) for g in spaced.groups())))
    digits = re.fullmatch(r"((?:19|20)\d{2})\s*年?\s*(\d{2,4})\s*日?", text)
    if not digits:
        return None
    year, rest = int(digits[1]), digits[2]
    if len(rest) == 4 and "年" not in text:
        iso = _iso(year, int(rest[:2]), int(rest[2:]))
        return ParsedDate(text, iso, (iso,)) if iso else None
    candidates = _readings(year, rest)
    if not candidates:
        return None
    return ParsedDate(text, candidates[0] if len(candidates) == 1 else None, candidates, ambiguous=True)


# --- clause markers --------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    kind: str  # part | chapter | section | article | item | cn | paren_cn | enclosed_cn | dec1..dec4 | paren_ar | circled
    numbers: tuple[int, ...]  # the literal numbers: (4, 2) for "4.2"
    text: str  # the marker as written
    rest: str  # the line after the marker
    bare: bool = False  # a number run straight into its text ("1总则"): a marker only where the context says so


_CN_OR_ARABIC = rf"(?P<n>[{CN_NUMERAL}百零〇]{{1,4}}|\d{{1,3}})"
_PAD = r"[ \u3000]?"  # "第 1 章", "（ 一 ）", "四 、": a space a PDF copy puts inside a marker
_MARKERS = [
    ("part", re.compile(rf"第{_PAD}{_CN_OR_ARABIC}{_PAD}编[\s\u3000]*")),
    ("chapter", re.compile(rf"第{_PAD}{_CN_OR_ARABIC}{_PAD}章[\s\u3000]*")),
    ("section", re.compile(rf"第{_PAD}{_CN_OR_ARABIC}{_PAD}节[\s\u3000]*")),
    ("article", re.compile(rf"第{_PAD}{_CN_OR_ARABIC}{_PAD}条[\s\u3000]*")),
    ("item", re.compile(rf"第{_PAD}{_CN_OR_ARABIC}{_PAD}款[\s\u3000]*")),
    ("cn", re.compile(rf"(?P<n>[{CN_NUMERAL}]{{1,3}})[ \u3000]?[,，]?、")),  # "四 、" (a PDF), "四,、" (doubled)
    ("paren_cn", re.compile(rf"[（(]{_PAD}(?P<n>[{CN_NUMERAL}]{{1,3}}){_PAD}[）)]")),
    ("enclosed_cn", re.compile(rf"(?P<n>[{ENCLOSED_CN}])")),
    ("dotted", re.compile(r"(?P<n>\d{1,2}(?:[.．]\d{1,2}){1,3})(?![\d.．%％])")),
    ("dec1", re.compile(r"(?P<n>\d{1,2})(?:[.．]|[ \u3000]?、)(?![\d%％])")),
    ("paren_ar", re.compile(rf"[（(]{_PAD}(?P<n>\d{{1,2}}){_PAD}[）)]")),
    ("circled", re.compile(rf"(?P<n>[{CIRCLED}])")),
    ("spaced", re.compile(r"(?P<n>\d{1,2})[ \u3000]+(?=[\u4e00-\u9fff])")),
    ("bare", re.compile(r"(?P<n>\d{1,2})(?=[\u4e00-\u9fff])")),
]
# A number followed by a unit is an amount, not a clause number ("1.5万元").
_AMOUNT_AFTER = re.compile(r"\s*(万|亿|元|%|％|倍|米|公里|平方|亩|吨|个百分点)")
# Nor is a number followed by a counting word or a date part ("3个月", "12月31日前", "2家").
_COUNT_AFTER = re.compile(r"[个家年月日号时分天周人名次项条种户所件批期类位级岁元万亿亩吨米倍份套台辆间座处栋层]")
SENTENCE_PUNCT = "。，；：！？、,;:!?"


# A legal database's label before a heading: "【章名】 第一章 总则" is still a chapter.
_DATABASE_HEADING_LABEL = re.compile(r"【(?:编名|章名|节名|条名)】[ \u3000]*")


# Anti-scraping junk a forum copy glues before a line ("; d% F b8 Q3 f! P二、活动地点"): short tokens of ASCII
# letters, digits and signs, some letter among them, run into the Chinese text.
ANTI_SCRAPING_JUNK = re.compile(r"(?=[!-~ ]*[A-Za-z])(?:[!-~]{1,3}[ \u3000]+){3,}[!-~]{0,3}(?=[\u4e00-\u9fff])")


def marker(text: str) -> Marker | None:
    text = clean(text)
    folded = fold(text)
    label = _DATABASE_HEADING_LABEL.match(folded) or ANTI_SCRAPING_JUNK.match(folded)
    skip = label.end() if label else 0
    for kind, pattern in _MARKERS:
        match = pattern.match(folded, skip)
        if not match:
            continue
        rest = text[match.end():]
        raw = match["n"]
        bare = False
        if kind == "circled":
            numbers = (CIRCLED.index(raw) + 1,)
        elif kind == "enclosed_cn":
            numbers = (ENCLOSED_CN.index(raw) + 1,)
        elif kind == "dotted":
            numbers = tuple(int(p) for p in re.split("[.．]", raw))
            kind = f"dec{len(numbers)}"
            if _AMOUNT_AFTER.match(rest) or numbers[0] == 0 or not clean(rest):
                return None  # "0.5", "1.27" alone on a line: a number (a table cell), not a clause
        else:
            value = number_value(raw)
            if value is None or value == 0:
                return None
            numbers = (value,)
        if kind in ("spaced", "bare"):
            # "1 总则", "1总则": a number and a short title; never an amount or a count
            limit = T.SPACED_HEADING_MAX if kind == "spaced" else T.BARE_NUMBER_HEADING_MAX
            body = clean(rest)
            if (_COUNT_AFTER.match(body) or _AMOUNT_AFTER.match(body) or len(body) > limit
                    or any(ch in SENTENCE_PUNCT for ch in body.rstrip("。；;"))):
                return None
            bare, kind = kind == "bare", "dec1"
        if kind == "dec1" and _AMOUNT_AFTER.match(rest):
            return None
        if not clean(rest) and kind in ("dec1", "cn"):
            return None  # "1." alone on a line is not a clause
        return Marker(kind, numbers, text[:match.end()], clean(rest), bare)
    return None


def split_heading(rest: str) -> tuple[str, str]:
    """Split "收费减免。乡镇城镇开发…" into ("收费减免。", "乡镇城镇开发…").

    A clause whose line is short and has no sentence end is all heading; a clause that
    runs into its text keeps the short first sentence as heading; a long first sentence
    means a numbered paragraph with no heading.
    """
    if not re.search("[。；！？]", rest) and len(rest) <= T.HEADING_MAX_CHARS and not rest.endswith(("；", ";")):
        return rest, ""
    match = re.search(r"。|[：:](?<!\d[：:])|[：:](?!\d)", rest)  # not the colon of a clock time, 24:00
    if match and match.end() <= T.RUN_IN_HEADING_MAX and match.end() < len(rest):
        return rest[:match.end()], rest[match.end():]
    if match and match.end() == len(rest) and len(rest) <= T.SHORT_HEADING_MAX and not re.search(r"[，,、]", rest):
        return rest, ""
    return "", rest


# --- titles ------------------------------------------------------------------------

DOC_TYPES = ("通知", "决定", "意见", "批复", "通报", "公告", "通告", "办法", "规定", "方案", "函",
             "报告", "细则", "规则", "措施", "预案", "纪要", "规划", "命令", "决议", "条例", "公示",
             "名单", "清单", "要点", "计划", "指南", "章程", "守则", "公报", "令")
TITLE_END = re.compile(rf"({'|'.join(DOC_TYPES)}|第?[\d〇一二三四五六七八九十百]+号令)([》」]*)([（(][^（）()]{{1,12}}[）)])?$")
TITLE_OPENERS = ("关于", "印发", "转发", "批转", "公布")
# how a text names its own kind in its opening clause: "…结合实际，特制定本实施细则", "本办法适用于…"
_SELF_KINDS = "|".join(sorted((k for k in DOC_TYPES if len(k) > 1), key=len, reverse=True))
_SELF_NAMED = re.compile(rf"(?:制定|制订|订立|出台)本(?:实施)?({_SELF_KINDS})|^(?:第[一二三四五六七八九十]+条\s*)?本(?:实施)?({_SELF_KINDS})(?:所称|适用于)")


def self_named_kind(text: str) -> str:
    """The kind a text's opening calls itself ("特制定本实施细则" -> 细则), or ""."""
    match = _SELF_NAMED.search(fold(unspaced(text)))
    return (match[1] or match[2]) if match else ""


def looks_like_title_end(text: str) -> bool:
    text = fold(unwrapped_title(unspaced(text)))
    balanced = (text.count("《") == text.count("》")
                and text.count("（") + text.count("(") == text.count("）") + text.count(")"))
    return balanced and bool(TITLE_END.search(text))


def title_text(lines: list[str]) -> str:
    """A title typeset over several lines, joined: letter-spacing removed, inner spaces kept, and a grid's
    empty cells after it ("解读《…》 | |", the page's title row of an information grid) left out."""
    parts = [unspaced(line) if letter_spaced(line) else clean(line) for line in lines]
    return unwrapped_title(without_empty_cells("".join(parts)))


_EMPTY_CELLS = re.compile(r"(?:\s*[|｜])+\s*$")


def without_empty_cells(text: str) -> str:
    """A line of an information grid with its trailing empty cells ("… | |") cut off."""
    cut = _EMPTY_CELLS.sub("", text)
    return cut if cut else text


# "《国家突发事件总体应急预案》(国发〔2015〕11号)": a basis cited with its 文号, one a line; not a title
CITATION_LINE = re.compile(r"《[^《》]+》\s*[（(][^（）()]*号[）)]")


# A status tag a website prints before (or after) a notice's title: （已废止）, (失效), [已失效], 【作废】
_STATUS_TAG = r"[（(【\[［〔]\s*(?:已\s*)?(?:废\s*止|失\s*效|作\s*废)\s*[）)】\]］〕]"
_LEADING_TAG = re.compile(rf"^\s*{_STATUS_TAG}\s*")
_TRAILING_TAG = re.compile(rf"\s*{_STATUS_TAG}\s*$")


# A category tag a website prints before a title: "[规范性文件]", "【通知公告】", "「通告」", "应急预案—" (the column's name)
_CATEGORY_TAG = re.compile(r"^\s*(?:[【\[［〔「『]\s*(?P<bracketed>[\u4e00-\u9fff]{2,%d})\s*[】\]］〕」』]|(?P<dashed>[\u4e00-\u9fff]{2,%d})\s*(?:——|—|－|-))\s*"
                           % (T.CATEGORY_TAG_MAX, T.CATEGORY_TAG_MAX))
_CATEGORY_ENDS = tuple(DOC_TYPES) + ("文件", "公告公示", "公开", "动态", "解读", "法规")


def status_tag(title: str) -> tuple[str, str, bool]:
    """(the tag as printed, the title without it, whether it leads) for a title marked 已废止 / 失效, or led by the
    site's category ("[规范性文件] …", "应急预案—…"); ("", title, True) when it is not marked. The tag is shown as a
    tag, not as part of the title (nor of the address made from it); only 废止/失效 words make it a status
    (`tag_repeals`)."""
    for pattern, leading in ((_LEADING_TAG, True), (_TRAILING_TAG, False)):
        match = pattern.search(title)
        if match and title[:match.start()] + title[match.end():]:
            return match.group().strip(), (title[:match.start()] + title[match.end():]).strip(), leading
    match = _CATEGORY_TAG.match(title)
    if match:
        category, rest = match["bracketed"] or match["dashed"], title[match.end():].strip()
        if ("关于" not in category and (match["bracketed"] or category.endswith(_CATEGORY_ENDS))
                and len(unspaced(rest)) >= T.WHOLE_TITLE_MIN and looks_like_title_end(rest)):
            return match.group().strip(), rest, True
    return "", title, True


def tag_repeals(tag: str) -> bool:
    """Does a tag printed with the title say the notice is repealed (（已废止）, [失效])?"""
    return bool(re.fullmatch(_STATUS_TAG, tag.strip()))


def unwrapped_title(text: str) -> str:
    """A whole title wrapped in 《》 by a mirror site: the brackets are not part of it."""
    if text.startswith("《") and text.endswith("》") and text.count("《") == 1 and text.count("》") == 1:
        return text[1:-1]
    return text


# --- offices and signatures ------------------------------------------------------------

OFFICE_END = re.compile(
    r"(人民政府|政府|办公室|办公厅|委员会|管委会|局|厅|委|办|中心|小组|工作组|指挥部|公司|院|部|会|站|所|"
    r"办事处|管理处|队|社|馆|室|镇|乡|街道|署|银行|分行|支行|集团|专班)$")
_SEAL_NOTE = re.compile(r"[（(](?:印章|盖章|代章|签章|章)[）)]$")


def _office_text(text: str) -> str:
    return _SEAL_NOTE.sub("", clean(text)).rstrip(WHITESPACE)


def is_office_line(text: str) -> bool:
    text = without_glosses(_office_text(text))  # 鶴山市農(nóng)業(yè)農(nóng)村局: a mirror's glosses are not part of the name
    return (2 <= len(text) <= T.OFFICE_MAX_CHARS and not re.search(r"[\d%。，；：！？,;:（）()《》“”]", text)
            and bool(OFFICE_END.search(fold(text))))


_LETTERHEAD_MARK = re.compile(r"文\s*件|[—\-－_━─=＝★☆*·\s]{3,}")


def is_letterhead_mark(text: str) -> bool:
    """A letterhead's "文件" on a line of its own, or its red rule ("——————", "★"): between the
    issuing body's name and the 文号, part of the document's head."""
    return bool(_LETTERHEAD_MARK.fullmatch(clean(text)))


def offices_in(text: str) -> list[str]:
    """The issuing bodies on one signature line: joint issuers are separated by spaces."""
    text = _office_text(text)
    parts = [p for p in re.split(r"[ \t\u3000\u00a0]+", text) if p]
    if len(parts) > 1 and all(is_office_line(p) and len(p) > 3 for p in parts):
        return parts
    return [unspaced(text)]


def is_addressee_line(text: str) -> bool:
    text = clean(text)
    return (text.endswith(("：", ":")) and "。" not in text and len(text) <= T.ADDRESSEE_MAX_CHARS
            and not marker(text))


def is_title_like(text: str, limit: int = T.DOC_TITLE_MAX_CHARS) -> bool:
    """Short, no sentence punctuation: a document or attachment title."""
    text = clean(text)
    return (0 < len(text) <= limit and not any(ch in SENTENCE_PUNCT + "|｜│" for ch in text)
            and marker(text) is None and not re.search(r"\s{2,}", text))


APPOINTMENT = re.compile(r"同志.{0,6}(任|免去|试用)|^免去.{1,12}同志")


def is_appointment(text: str) -> bool:
    text = clean(text)
    return len(text) <= T.APPOINTMENT_MAX_CHARS and bool(APPOINTMENT.search(text)) and text.endswith(("；", ";", "。"))


# --- attachments -------------------------------------------------------------------

ATTACHMENT_START = re.compile(
    rf"附\s*[件表]\s*(?P<n>\d{{1,2}}|[{CN_NUMERAL}]{{1,3}})?\s*(?:[:：]\s*(?P<title>[^。]{{2,60}})?)?")
ATTACHMENT_LIST = re.compile(r"附\s*[件表]?\s*[:：]\s*(?P<rest>.+)")
FILE_LINK = re.compile(r"(?:(?:https?://|www\.)\S+/)?(?P<name>[^/\s]{1,80}\.(?:docx?|xlsx?|et|wps|pdf|ofd|zip|rar|7z|jpg|png))"
                       r"\s*(?:附件)?(?:预览|下载|查看)?", re.IGNORECASE)


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
    """The text after "附件：" (or "附：") when the line lists attachments."""
    match = ATTACHMENT_LIST.fullmatch(clean(text))
    return clean(match["rest"]) if match else None


def file_link(text: str) -> str | None:
    """The file name when the line is a link to an attached file ("….docx", "x.xlsx附件预览")."""
    match = FILE_LINK.fullmatch(clean(text))
    return match["name"] if match else None


# "桂东县人民政府办公室2017年5月27日印发": the 版记 at a document's foot, the office that printed it and when
COLOPHON = re.compile(rf"(?P<office>[^\s，。；]{{2,40}}?)\s*(?P<date>{re.sub(r'[(][?]P<[a-z]>', '(?:', DATE.pattern)})\s*印发")
