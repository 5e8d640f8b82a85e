"""aqi: 空气质量指数 under HJ 633, the standard in force on the data's date (parameters/aqi.json)."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

from .money import number
from .params import load
from .schema import AS_OF, Field
from .words import chinese_date, chinese_ordinal
from .working import Working, as_of_field

ID = "aqi"
P = load(ID)
PAGE = P.page
PLAN = P.documents["plan"]
TITLE = "空气质量指数（AQI）计算器"
POLLUTANTS = ("pm25_24h", "pm10_24h", "so2_24h", "no2_24h", "o3_8h", "o3_1h", "co_24h")
STANDARDS = P["standard"]


def pollutant(key: str):
    """The breakpoint parameter of a pollutant: its Chinese name (label, short) and unit."""
    return P[f"breakpoints.{key}"]


def standard_name(value: str) -> str:
    return STANDARDS.label_of(value)


def _standard_periods() -> str:
    """2026年2月28日及以前按 HJ 633-2012，2026年3月1日起按 HJ 633—2026 (from the dated parameter)."""
    parts = []
    for period in STANDARDS.periods:
        when = f"{chinese_date(period.end)}及以前" if period is STANDARDS.first and period.end else f"{chinese_date(period.start)}起"
        parts.append(f"{when}按 {standard_name(period.value)}")
    return "，".join(parts)


def changes() -> list[str]:
    """What each later standard changed in the breakpoint tables, read from the dated parameters."""
    found = []
    for key in POLLUTANTS:
        parameter = pollutant(key)
        for before, after in zip(parameter.periods, parameter.periods[1:]):
            levels = P.on("iaqi_levels", after.start)
            for index, (old, new) in enumerate(zip(before.value, after.value)):
                if old != new:
                    found.append(f"{parameter.label}在分指数 {number(levels[index])} 处由 {number(old)} 改为 {number(new)} "
                                 f"{parameter.unit}（{after.start} 起）")
    return found


SUMMARY = (f"按《{P.title}》计算空气质量分指数（IAQI）、空气质量指数（AQI）、级别、类别和首要污染物。"
           f"{_standard_periods()}（{PLAN['number']} {PLAN['cite']} 引用 {PLAN['cites']}）。")

INPUTS = tuple(
    Field(key, pollutant(key).label, "number", unit=pollutant(key).unit, maximum=Decimal("100000"), clause=pollutant(key).link,
          help="可只填已知的几项，至少一项。", example="80")
    for key in POLLUTANTS
) + (Field("date", "数据所属日期", "date", default=AS_OF, clause=STANDARDS.link,
           help=f"决定适用哪一版标准：{_standard_periods()}。不填按计算日期。"),
     as_of_field(P.policy))


def _categories_latest() -> list[dict]:
    return P["categories"].latest.value


NAMES = {key: pollutant(key).label for key in POLLUTANTS}
OUTPUTS = (("aqi", "空气质量指数 AQI", "integer"),
           ("level", "级别", "integer", {str(c["level"]): f"{chinese_ordinal(c['level'])}级" for c in _categories_latest()}),
           ("category", "类别", "text"),
           ("color", "表示颜色", "color", {c["color"]: c["color_name"] for c in _categories_latest()}),
           ("primary_pollutants", "首要污染物", "list", NAMES),
           ("standard", "标准", "text", dict(STANDARDS.labels)),
           ("iaqi", "分指数", "dict", NAMES),
           ("advice", "健康影响与建议", "text"))

EXAMPLES = (
    {"title": "PM2.5 为 70 µg/m³，2025 年 12 月的数据", "inputs": {"pm25_24h": 70, "date": "2025-12-01"}},
    {"title": "同样 70 µg/m³，2026 年 3 月的数据", "inputs": {"pm25_24h": 70, "date": "2026-03-01"}},
    {"title": "冬季重污染日", "inputs": {"pm25_24h": 180, "pm10_24h": 260, "no2_24h": 90, "so2_24h": 30, "co_24h": 1.8, "date": "2026-01-10"}},
    {"title": "夏季臭氧污染", "inputs": {"o3_8h": 230, "o3_1h": 280, "pm25_24h": 30, "date": "2026-07-15"}},
)


def _interpretations() -> tuple[dict, ...]:
    limit = P["o3_8h.limit"].latest.value
    above = P["primary.above"].latest.value
    top = P["iaqi_levels"].latest.value[-1]
    changed = "；".join(changes())
    return (
        {"text": f"按数据所属日期选择标准：{_standard_periods()}。" + (f"新标准的改动：{changed}；其余不变。" if changed else ""),
         "clause": STANDARDS.link},
        {"text": "分指数按分段线性插值计算，结果向上进位取整数；AQI 取各分指数的最大值。", "clause": P["iaqi_levels"].link},
        {"text": f"臭氧8小时浓度高于{number(limit)} µg/m³时不计算其分指数，以臭氧1小时分指数报告，同一种污染物不会出现两次；"
                 "此时必须提供臭氧1小时浓度。", "clause": P["o3_8h.limit"].link},
        {"text": f"浓度超过表中最高浓度限值时，分指数按{number(top)}报告，并给出提示。", "clause": P["iaqi_levels"].link},
        {"text": f"AQI 大于{number(above)}时，分指数等于 AQI 的污染物为首要污染物（可有多个）；AQI 不大于{number(above)}时没有首要污染物。",
         "clause": P["primary.above"].link},
    )


INTERPRETATIONS = _interpretations()

ENTRY_POINTS = ({"clause": PLAN["page"] + "#c4-2", "prefill": {}, "title": "由污染物浓度计算 AQI"},
                {"clause": f"{PLAN['page']}#{PLAN['clause']}", "prefill": {"date": STANDARDS.first.end.isoformat()},
                 "title": f"按 {standard_name(STANDARDS.first.value)} 计算 AQI"})


def calculate(inputs: dict) -> dict:
    """The contract's entry point (the day of calculation is fixed by calculators.api)."""
    from .api import run
    return run(ID, inputs)


def sub_index(concentration: Decimal, breakpoints: list[Decimal], levels: list[Decimal]) -> tuple[int, str, bool]:
    """IAQI of one concentration: (rounded-up index, the working, beyond the table?)."""
    for k in range(1, len(breakpoints)):
        low, high = breakpoints[k - 1], breakpoints[k]
        if concentration <= high:
            i_low, i_high = levels[k - 1], levels[k]
            # exact rational arithmetic: a value on a breakpoint must give that index, not one more
            # (the inputs are bounded in size and precision by the schema, so this is cheap)
            exact = Fraction(i_high - i_low) * Fraction(concentration - low) / Fraction(high - low) + Fraction(i_low)
            shown = number(Decimal(exact.numerator) / Decimal(exact.denominator)).split(".")
            shown = shown[0] + ("." + shown[1][:3] if len(shown) > 1 else "")
            working = (f"({number(i_high)}−{number(i_low)})÷({number(high)}−{number(low)})×({number(concentration)}−{number(low)})"
                       f"+{number(i_low)} = {shown}，向上取整 {math.ceil(exact)}")
            return math.ceil(exact), working, False
    top = int(levels[-1])
    return top, f"超过最高浓度限值 {number(breakpoints[-1])}，按 {top} 报告", True


def category_of(aqi: int, day: dt.date) -> list:
    for row in P.on("categories", day):
        if row["upper"] is None or aqi <= row["upper"]:
            return [row["level"], row["name"], row["color"], row["color_name"], row["advice"]]
    raise AssertionError("categories table must end with an open band")


def indices(given: dict, day: dt.date) -> dict[str, int]:
    """Every sub-index of the given concentrations under the standard in force on day (for pictures
    comparing standards): the 8-hour ozone above its limit is not indexed, as in the working."""
    levels, limit = P.on("iaqi_levels", day), P.on("o3_8h.limit", day)
    return {key: sub_index(value, P.on(f"breakpoints.{key}", day), levels)[0] for key, value in given.items()
            if not (key == "o3_8h" and value > limit)}


def primary_of(iaqi: dict[str, int], day: dt.date) -> list[str]:
    aqi = max(iaqi.values())
    return sorted(k for k, value in iaqi.items() if value == aqi) if aqi > P.on("primary.above", day) else []


def compute(v: dict, w: Working) -> dict:
    day = v["date"]
    given = {key: v[key] for key in POLLUTANTS if v[key] is not None}
    if not given:
        names = "、".join(pollutant(key).label for key in POLLUTANTS)
        return {"errors": [{"field": None, "message": f"请至少填写一项污染物浓度：{names}。"}]}
    standard = P.at("standard", day)
    if standard is None:
        first = STANDARDS.first
        return {"errors": [{"field": "date", "message": f"「数据所属日期」早于 {standard_name(first.value)} 的实施日期 {first.start}，"
                                                        "无法确定适用的标准。"}]}
    limit = P.on("o3_8h.limit", day)
    if "o3_8h" in given and given["o3_8h"] > limit and "o3_1h" not in given:
        return {"errors": [{"field": "o3_1h", "message": f"臭氧8小时浓度 {number(given['o3_8h'])} 高于 {number(limit)} µg/m³，"
                                                         f"按标准须改用臭氧1小时浓度计算分指数：请填写「{pollutant('o3_1h').label}」。"}]}
    w.step(f"数据日期 {day}，适用 {standard_name(standard)}。", STANDARDS)
    if standard == PLAN["cites"]:
        w.step(f"本县重污染天气应急预案以 {standard_name(standard)} 为编制依据。", f"{PLAN['page']}#{PLAN['clause']}",
               f"{PLAN['number']} {PLAN['cite']}")
    levels = P.on("iaqi_levels", day)
    iaqi: dict[str, int] = {}
    for key in POLLUTANTS:
        if key not in given:
            continue
        name, unit, concentration = pollutant(key).label, pollutant(key).unit, given[key]
        if key == "o3_8h" and concentration > limit:
            w.step(f"{name} {number(concentration)} {unit} 高于 {number(limit)}，按标准不计算其分指数，以臭氧1小时分指数报告。",
                   P["o3_8h.limit"])
            continue
        value, working, beyond = sub_index(concentration, P.on(f"breakpoints.{key}", day), levels)
        iaqi[key] = value
        w.step(f"{name} {number(concentration)} {unit}：IAQI = {working}。", pollutant(key))
        if beyond:
            w.warn(f"{name} {number(concentration)} {unit} 超过标准表中的最高浓度限值，分指数按 {value} 报告。")
    aqi = max(iaqi.values())
    level, name, color, color_name, advice = category_of(aqi, day)
    primary = primary_of(iaqi, day)
    above = number(P.on("primary.above", day))
    primary_text = "、".join(pollutant(k).label for k in primary) or f"无（AQI 不大于 {above}）"
    w.step(f"AQI 取各分指数最大值：{aqi}，{chinese_ordinal(level)}级（{name}，{color_name}）。", P["categories"])
    w.step(f"首要污染物：{primary_text}。", P["primary.above"])
    return {"aqi": aqi, "standard": standard, "level": level, "category": name, "color": color, "color_name": color_name,
            "iaqi": iaqi, "primary_pollutants": primary, "advice": advice}
