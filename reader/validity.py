"""Validity of each notice as of the build date: derived from the text, overridable by staff.

Recognised in the text: 自印发之日起实施 / 自公布之日起施行 / 自某年某月某日起施行; 有效期为N年;
有效期至某日; 自某日起施行，至某日止 / 自某日至某日施行; 试行N年; 执行期限暂定N年 per item
(第三项…3年，其余…1年); a 保险期限 (both ends, or 至某日); 某日（某时）自动终止; a 公告/公示 period
(本公告期限自…至…); 至某日（24:00 / 24时）止, 从某日至某日止, 某日起至某日止 (a 申报/受理… window
is noted, not the notice's end; 至某日0时止 ends the day before); 申报截止时间; 执行期限延长;
《…》（文号）同时废止; a status tag printed with the title ((已废止), [已失效]). A time-limiting wording
that none of these understands is a build warning naming the line. When the text sets no
term, the web page's information block may (废止时间, 有效性: 失效): that is used and noted.
Staff override any of it with a correction file (corrections.py) or, in the old form, in
`meta/<page address>.toml` beside the source texts, e.g. to record a repeal the text does not mention:

    [validity]
    status = "已失效"              # 有效 | 已失效 | 部分条款已到期 | 尚未生效
    valid_from = "2024-03-15"
    valid_until = "2024-12-31"
    repealed_by = "江政办发〔2025〕1号"
    notes = ["2024年度方案，年度结束后不再执行"]
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from .model import BuildWarning, Clause, Notice, Paragraph, Validity
from .patterns import DATE, date_in, number_value, numeric_date_in
from .schema import Key

STATUSES = ("有效", "已失效", "部分条款已到期", "尚未生效")
DATE_TEXT = re.sub(r"\(\?P<\w+>", "(?:", DATE.pattern)  # the same date, without named groups
_N = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"


@dataclass(frozen=True)
class Term:
    subject: str  # "第三项补贴政策", "其余政策", or "" for the whole notice
    until: dt.date


def _years_later(start: dt.date, years: int) -> dt.date:
    """The last day of a term of whole years that begins on start."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28) + dt.timedelta(days=1)
    return end - dt.timedelta(days=1)


def _texts(notice: Notice) -> list[tuple[str, int]]:
    return [(b.text if isinstance(b, Paragraph) else (b.heading + b.text), b.line) for b in notice.blocks
            if isinstance(b, (Paragraph, Clause))]


# Words that limit a notice in time. A sentence with one that no rule below understood is reported.
_OWN = r"(?:本|该)(?:通知|办法|措施|方案|规定|意见|细则|决定|公告|通告|预案|规划|政策|规则|条例)"
TIME_LIMIT_WORDS = re.compile(
    r"有效期(?:为|是|至|到|:|：|\d|[一二三四五六七八九十])|试行(?:期|\d|[一二三四五六七八九十]+年)|(?:执行|实施|施行)期限(?:为|至|到|暂定)|"
    r"(?:公告|公示)(?:期限|期|时间)[为是:：自从]|" + _OWN + r"[^。；]{0,24}(?:自动(?:终止|失效)|止[。；，,]|届满)|"
    r"至[^。；]{0,30}?(?:日|时|点|\d{2}|解除|结束|完毕)\s*为?止")
# an hour after a date: 12时, 12时30分, 24:00, 零时, 二十四时
_HOUR = r"(?:\s*(?:\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?|[零〇]\s*[时点]|二十四\s*[时点]))?"
# ... 至2022年4月15日24:00止 / 从2026年1月9日至2026年1月16日止 / 2023年2月6日起至2023年4月30日止
_UNTIL_STOP = re.compile(rf"(?:(?:自|从|于)?\s*({DATE_TEXT}){_HOUR}\s*(?:零时)?\s*起?\s*[，,]?\s*)?(?:直至|至|到)\s*"
                         rf"({DATE_TEXT})({_HOUR})\s*为?止")
# a period of one step, not of the notice: 申报时间自…至…止 ends the applications, not the policy
_STEP_PERIOD = re.compile(r"(申报|受理|报名|申请|征求意见|报送|办理|登记|评审|兑现|发放|征集|收集|网签|备案)[^，,。；]{0,8}$")
_MONTH_DAY = r"(?P<md>(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)"


def _iso(text: str) -> dt.date | None:
    parsed = date_in(text)
    return dt.date.fromisoformat(parsed.iso) if parsed and parsed.iso else None


def _step_before(text: str, start: int) -> str:
    """The step (申报, 受理 …) a period just before `start` in its sentence belongs to, or ""."""
    step = _STEP_PERIOD.search(re.split(r"[。；]", text[:start])[-1])
    return step.group(1) if step else ""


def _end_of(day: dt.date, hour: str) -> dt.date:
    """The last day in force of a term that ends on `day` at `hour`: 至16日0时止 ends with the 15th."""
    return day - dt.timedelta(days=1) if re.fullmatch(r"\s*(?:0{1,2}\s*[时点:：](?:\s*0{2})?|[零〇]\s*[时点])\s*", hour) else day


def _day_without_year(match: re.Match, reference: dt.date | None) -> dt.date | None:
    """"9月18日" in a notice issued in 2024: 2024-09-18, or the next year's when that is before issue."""
    if reference is None:
        return None
    try:
        day = dt.date(reference.year, number_value(match["m"]), number_value(match["d"]))
    except (TypeError, ValueError):
        return None
    return day if day >= reference else day.replace(year=day.year + 1)


def derive(notice: Notice, as_of: dt.date) -> tuple[Validity, list[str]]:
    """Validity from the text alone; also returns the 文号 of notices this one repeals."""
    validity, repeals, _ = derive_with_lines(notice, as_of)
    return validity, repeals


def derive_with_lines(notice: Notice, as_of: dt.date) -> tuple[Validity, list[str], list[tuple[int, str]]]:
    """As `derive`, and the (line, sentence) of each time-limiting wording that was not understood."""
    issued = dt.date.fromisoformat(notice.date) if notice.date else None
    valid_from = issued
    terms: list[Term] = []
    notes: list[str] = []
    repeals: list[str] = []
    unclear: list[tuple[int, str]] = []
    for text, line in _texts(notice):
        understood = False
        started = re.search(rf"自({DATE_TEXT})起(施行|实施|执行)", text)
        if started and _iso(started.group(1)):
            valid_from = _iso(started.group(1))
        # 自2012年2月1日至2017年1月31日施行 / 自…起施行，至…止 / 自…起至…止
        window = re.search(rf"自({DATE_TEXT}){_HOUR}(?:零时)?起?(?:施行|实施|执行)?[，,]?(?:有效期)?至({DATE_TEXT})({_HOUR})(?:24时)?(?:止|施行|实施|执行|有效)", text)
        if window and _iso(window.group(1)) and _iso(window.group(2)):
            day = _end_of(_iso(window.group(2)), window.group(3))
            step = _step_before(text, window.start())
            if step:
                notes.append(f"{step}时间至 {day}" + ("（已截止）" if day < as_of else ""))
            else:
                valid_from = _iso(window.group(1))
                named = re.search(r"(公告|公示)(期限|期|时间)", text[:window.start()])
                terms.append(Term(f"{named.group(1)}期" if named else "", day))
            understood = True
        # 本公告期限自2025年9月28日至2025年10月11日 / 公示时间:2020年9月10日—2020年9月14日
        period = re.search(rf"(公告|公示)(?:期限|期|时间)[^。；]{{0,12}}?(?:自|从)?({DATE_TEXT}){_HOUR}起?\s*[—－\-~～至到]\s*"
                           rf"({DATE_TEXT})", text)
        if period and not window and _iso(period.group(2)) and _iso(period.group(3)):
            terms.append(Term(f"{period.group(1)}期", _iso(period.group(3))))
            understood = True
        until = re.search(rf"有效期(?:至|到)({DATE_TEXT})", text)
        if until and _iso(until.group(1)):
            terms.append(Term("", _iso(until.group(1))))
            understood = True
        for match in re.finditer(rf"有效期为?{_N}年", text):
            understood = True
            if valid_from:
                terms.append(Term("", _years_later(valid_from, number_value(match.group(1)))))
        for match in re.finditer(rf"试行(?:期)?(?:为)?{_N}年", text):
            understood = True
            if valid_from:
                terms.append(Term("", _years_later(valid_from, number_value(match.group(1)))))
                notes.append(f"试行{number_value(match.group(1))}年")
        ends = re.search(rf"(?:({DATE_TEXT})|{_MONTH_DAY}){_HOUR}(?:起)?自动(?:终止|失效)", text)
        if ends:
            day = _iso(ends.group(1)) if ends.group(1) else _day_without_year(ends, issued)
            if day:
                terms.append(Term("", day))
                understood = True
        for match in re.finditer(rf"([^，；。]{{0,16}}?)执行期限暂定{_N}年", text):
            understood = True
            if valid_from:
                terms.append(Term(match.group(1).strip("，；、 "), _years_later(valid_from, number_value(match.group(2)))))
        stop = _UNTIL_STOP.search(text) if not window else None
        if stop and _iso(stop.group(2)):
            day = _end_of(_iso(stop.group(2)), stop.group(3))
            step = _step_before(text, stop.start())
            if step:
                notes.append(f"{step}时间至 {day}" + ("（已截止）" if day < as_of else ""))
            else:
                if stop.group(1) and _iso(stop.group(1)):
                    valid_from = _iso(stop.group(1))
                terms.append(Term("", day))
            understood = True
        insurance = re.search(rf"({DATE_TEXT})零时起至({DATE_TEXT})24时止", text)
        if insurance and not window and not stop:
            valid_from = _iso(insurance.group(1))
            terms.append(Term("", _iso(insurance.group(2))))
            understood = True
        elif "保险期限" in text and not insurance and not window and not stop:
            cover = re.search(rf"保险期限[^。；]*?至({DATE_TEXT})", text)
            if cover and _iso(cover.group(1)):
                terms.append(Term("", _iso(cover.group(1))))
                understood = True
        deadline = re.search(rf"([^，；。]{{0,16}}?)申报截止时间为({DATE_TEXT})", text)
        if deadline and _iso(deadline.group(2)):
            day = _iso(deadline.group(2))
            notes.append(f"{deadline.group(1)}申报截止 {day}" + ("（已截止）" if day < as_of else ""))
        if "执行期限延长" in text:
            extended = re.search(r"(第[^，；。]{1,12}项[^，；。]{0,8})执行期限延长", text)
            notes.append(f"{extended.group(1) if extended else '部分项目'}的执行期限在符合条件时可延长（见原文）")
            understood = True
        for match in re.finditer(r"《([^》]+)》（([^）]+〔\d{4}〕\d+号)）同时废止", text):
            repeals.append(match.group(2))
            notes.append(f"同时废止《{match.group(1)}》（{match.group(2)}）")
        if not understood and TIME_LIMIT_WORDS.search(text):
            found = TIME_LIMIT_WORDS.search(text)
            unclear.append((line, text[max(0, found.start() - 12): found.end() + 24]))
    valid_until = max((t.until for t in terms), default=None)
    expired = [t for t in terms if t.subject and t.until < as_of and (valid_until is None or t.until < valid_until)]
    if valid_until and valid_until >= as_of:
        notes.extend(f"{t.subject}至 {t.until}" for t in terms if t.subject.endswith(("公告期", "公示期")))
    if valid_from and valid_from > as_of:
        status = "尚未生效"
    elif valid_until and valid_until < as_of:
        status = "已失效"
        last = next(t for t in terms if t.until == valid_until)
        notes.insert(0, f"{last.subject}至 {valid_until}，已结束" if last.subject.endswith(("公告期", "公示期"))
                     else f"有效期至 {valid_until}，已过期")
    elif expired:
        status = "部分条款已到期"
        notes[:0] = [f"{t.subject}执行期限至 {t.until}，已到期" for t in expired]
        notes[len(expired):len(expired)] = [f"{t.subject}执行至 {t.until}" for t in terms if t.subject and t not in expired]
    else:
        status = "有效"
    if not terms:
        notes.append("文中未规定有效期")
    validity = Validity(status, valid_from.isoformat() if valid_from else None,
                        valid_until.isoformat() if valid_until else None, tuple(notes), tuple(repeals))
    if not terms:
        validity = _from_page(notice, validity, as_of)
    if notice.title_tag:  # the site marked the notice repealed: later knowledge than any term in the text
        validity = replace(validity, status="已失效", notes=(f"标题标有“{notice.title_tag}”",) + validity.notes)
    return validity, repeals, unclear


def _from_page(notice: Notice, validity: Validity, as_of: dt.date) -> Validity:
    """No term in the text: the web page's information block (废止时间, 有效性: 失效) if it gives one."""
    for field in notice.info:
        day = numeric_date_in(field.value) if field.key == "expires" else None
        if day and day.iso:
            until = dt.date.fromisoformat(day.iso)
            status = "已失效" if until < as_of else validity.status
            notes = tuple(n for n in validity.notes if n != "文中未规定有效期") + (
                f"网页信息栏「{field.label}」为 {day.iso}（原文未写明有效期）",)
            return replace(validity, status=status, valid_until=day.iso, notes=notes)
        if field.key == "validity" and re.search(r"失效|废止|否|无效", field.value):
            return replace(validity, status="已失效",
                           notes=validity.notes + (f"网页信息栏「{field.label}」标为“{field.value}”（原文未写明）",))
    return validity


META_SCHEMA = (
    Key("kind", "类别", "text", example='"规范性文件"'),
    Key("validity", "有效性", "table", keys=(
        Key("status", "状态", "choice", example='"已失效"', choices=STATUSES),
        Key("valid_from", "施行日期", "date", example="2024-03-15"),
        Key("valid_until", "有效期至", "date", example="2024-12-31"),
        Key("repealed_by", "废止它的文件", "text", example='"青政办发〔2025〕1号"'),
        Key("notes", "说明", "texts", example='["2024年度方案"]'),
    )),
)


def apply(notices: list[Notice], as_of: dt.date, overrides: dict[str, dict] | None = None
          ) -> tuple[list[Notice], list[BuildWarning]]:
    """Fill every notice's validity: the text's rules, then repeals across notices, then staff's corrections
    (`overrides`: per page address, the [validity] table of META_SCHEMA, read and matched by corrections.py)."""
    overrides = overrides or {}
    warnings: list[BuildWarning] = []
    derived = {}
    for n in notices:
        validity, repeals, unclear = derive_with_lines(n, as_of)
        derived[n.slug] = (validity, repeals)
        warnings.extend(BuildWarning(n.source_path, line, f"文中有限定时间的说法「{phrase}」，但未能读出日期，有效期请人工核对"
                                                          "（可用更正文件写明，见 python3 build.py correct）") for line, phrase in unclear)
        warnings.extend(BuildWarning(n.source_path, n.first_line, f"原文没有写明有效期，状态取自{note}", "guess")
                        for note in validity.notes if note.startswith("网页信息栏"))
    by_number = {n.doc_number: n.slug for n in notices if n.doc_number}
    repealed_by: dict[str, str] = {}
    for notice in notices:
        for number in derived[notice.slug][1]:
            if number in by_number:
                repealed_by[by_number[number]] = notice.doc_number or notice.title
    result = []
    for notice in notices:
        validity = derived[notice.slug][0]
        if notice.slug in repealed_by:
            validity = replace(validity, status="已失效", notes=validity.notes + (f"已被 {repealed_by[notice.slug]} 废止",))
        v = overrides.get(notice.slug, {})
        if v:
            derived_status = validity.status
            notes = validity.notes + tuple(v.get("notes", ()))
            if v.get("repealed_by"):
                notes += (f"已被 {v['repealed_by']} 废止",)
            validity = Validity(
                v.get("status") or ("已失效" if v.get("repealed_by") else validity.status),
                v["valid_from"].isoformat() if v.get("valid_from") else validity.valid_from,
                v["valid_until"].isoformat() if v.get("valid_until") else validity.valid_until,
                notes, validity.repeals)
            if "status" not in v and v.get("valid_until") and v["valid_until"] < as_of:
                validity = replace(validity, status="已失效")
            if validity.status != derived_status:
                notice = replace(notice, field_notes=tuple(dict(notice.field_notes, status=(
                    f"经工作人员更正，系统按原文判断为“{derived_status}”")).items()))
        result.append(replace(notice, validity=validity))
    return result, warnings


__all__ = ["META_SCHEMA", "STATUSES", "apply", "derive"]
