"""aqi: 空气质量指数 under HJ 633 (2012 until 2026-02-28, 2026 from 2026-03-01)."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

from .money import number
from .params import load
from .schema import Field
from .working import Working, run_calculation, today

ID = "aqi"
TITLE = "空气质量指数（AQI）计算器"
SUMMARY = ("按《环境空气质量指数（AQI）技术规定》计算空气质量分指数（IAQI）、空气质量指数（AQI）、级别、类别和首要污染物。"
           "2026年2月28日及以前按 HJ 633-2012（江政办发〔2024〕1号 1.2 引用），2026年3月1日起按 HJ 633—2026。")
AUDIENCE = "学校、医院、企业和公众：读懂监测或预报的污染物浓度；县生态环境部门核对预警依据。"
PAGE = "calculators/aqi/"
PLAN = "jiangzhengbanfa-2024-1/"
P = load(ID)
POLLUTANTS = (
    ("pm25_24h", "PM2.5 24小时平均", "µg/m³"),
    ("pm10_24h", "PM10 24小时平均", "µg/m³"),
    ("so2_24h", "SO2 24小时平均", "µg/m³"),
    ("no2_24h", "NO2 24小时平均", "µg/m³"),
    ("o3_8h", "O3 8小时滑动平均", "µg/m³"),
    ("o3_1h", "O3 1小时平均", "µg/m³"),
    ("co_24h", "CO 24小时平均", "mg/m³"),
)
O3_8H_LIMIT = Decimal("800")

INPUTS = tuple(
    Field(key, label, "number", unit=unit, maximum=Decimal("100000"), clause=PAGE + "#rules",
          help="可只填已知的几项，至少一项。", example="80")
    for key, label, unit in POLLUTANTS
) + (Field("date", "数据所属日期", "date", default="today", clause=PAGE + "#rules",
           help="决定适用哪一版标准：2026-02-28 及以前 HJ 633-2012，2026-03-01 起 HJ 633—2026。"),)

OUTPUTS = (("aqi", "空气质量指数 AQI", "integer"), ("level", "级别", "integer"), ("category", "类别", "text"),
           ("color", "颜色", "color"), ("primary_pollutants", "首要污染物", "list"), ("standard", "标准", "text"),
           ("iaqi", "分指数", "dict"), ("advice", "健康影响与建议", "text"))

EXAMPLES = (
    {"title": "PM2.5 为 70 µg/m³（2025 年，HJ 633-2012）", "inputs": {"pm25_24h": 70, "date": "2025-12-01"}},
    {"title": "同样 70 µg/m³（2026 年 3 月起，HJ 633—2026）", "inputs": {"pm25_24h": 70, "date": "2026-03-01"}},
    {"title": "冬季重污染日", "inputs": {"pm25_24h": 180, "pm10_24h": 260, "no2_24h": 90, "so2_24h": 30, "co_24h": 1.8, "date": "2026-01-10"}},
    {"title": "夏季臭氧污染", "inputs": {"o3_8h": 230, "o3_1h": 280, "pm25_24h": 30, "date": "2026-07-15"}},
)

INTERPRETATIONS = (
    {"text": "按日期选择标准：2026年2月28日及以前适用 HJ 633-2012，2026年3月1日起适用 HJ 633—2026（PM2.5、PM10 两行在分指数100处收紧为60、120 µg/m³，其余不变）。",
     "clause": PAGE + "#rules"},
    {"text": "分指数按分段线性插值计算，结果向上进位取整数；AQI 取各分指数的最大值。", "clause": PAGE + "#rules"},
    {"text": "臭氧8小时浓度高于800 µg/m³时不再计算其分指数，改用臭氧1小时分指数；此时必须提供臭氧1小时浓度。",
     "clause": PAGE + "#rules"},
    {"text": "浓度超过表中最高浓度限值时，分指数按500报告，并给出提示。", "clause": PAGE + "#rules"},
    {"text": "AQI 大于50时，分指数等于 AQI 的污染物为首要污染物（可有多个）；AQI 不大于50时没有首要污染物。",
     "clause": PAGE + "#rules"},
)


ENTRY_POINTS = ({"clause": PLAN + "#c4-2", "prefill": {}, "title": "由污染物浓度计算 AQI"},
                {"clause": PLAN + "#c1-2", "prefill": {"date": "2025-12-31"}, "title": "按 HJ 633-2012 计算 AQI"})


def calculate(inputs: dict) -> dict:
    return run_calculation(ID, INPUTS, inputs, _compute)


def sub_index(concentration: Decimal, breakpoints: list[Decimal], levels: list[Decimal]) -> tuple[int, str, bool]:
    """IAQI of one concentration: (rounded-up index, the working, beyond the table?)."""
    for k in range(1, len(breakpoints)):
        low, high = breakpoints[k - 1], breakpoints[k]
        if concentration <= high:
            i_low, i_high = levels[k - 1], levels[k]
            # exact rational arithmetic: a value on a breakpoint must give that index, not one more
            exact = Fraction(i_high - i_low) * Fraction(concentration - low) / Fraction(high - low) + Fraction(i_low)
            shown = number(Decimal(exact.numerator) / Decimal(exact.denominator)).split(".")
            shown = shown[0] + ("." + shown[1][:3] if len(shown) > 1 else "")
            working = (f"({number(i_high)}−{number(i_low)})÷({number(high)}−{number(low)})×({number(concentration)}−{number(low)})"
                       f"+{number(i_low)} = {shown}，向上取整 {math.ceil(exact)}")
            return math.ceil(exact), working, False
    return 500, f"超过最高浓度限值 {number(breakpoints[-1])}，按 500 报告", True


def category_of(aqi: int, day: dt.date) -> list:
    for upper, level, name, color, color_name, advice in P.at("categories", day):
        if upper is None or aqi <= upper:
            return [level, name, color, color_name, advice]
    raise AssertionError("categories table must end with an open band")


def _compute(v: dict, w: Working) -> dict:
    day = v["date"] if v["date"] not in (None, "today") else today()
    given = {key: v[key] for key, _, _ in POLLUTANTS if v[key] is not None}
    if not given:
        names = "、".join(f"{label}（{key}）" for key, label, _ in POLLUTANTS)
        return {"errors": [{"field": None, "message": f"请至少填写一项污染物浓度：{names}。"}]}
    standard = P.at("standard", day)
    if standard is None:
        first = P["standard"].periods[0].start
        return {"errors": [{"field": "date", "message": f"「数据所属日期」（date）早于 HJ 633-2012 的实施日期 {first}，无法确定适用的标准。"}]}
    if "o3_8h" in given and given["o3_8h"] > O3_8H_LIMIT and "o3_1h" not in given:
        return {"errors": [{"field": "o3_1h", "message": f"臭氧8小时浓度 {number(given['o3_8h'])} 高于 800 µg/m³，按标准须改用臭氧1小时浓度计算分指数：请填写「O3 1小时平均」（o3_1h）。"}]}
    w.step(f"数据日期 {day}，适用 {standard}。", P["standard"])
    if standard == "HJ 633-2012":
        w.step("江华县重污染天气应急预案以 HJ 633-2012 为编制依据。", PLAN + "#c1-2", "江政办发〔2024〕1号 1.2")
    levels = P.at("iaqi_levels", day)
    iaqi: dict[str, int] = {}
    for key, label, unit in POLLUTANTS:
        if key not in given:
            continue
        concentration = given[key]
        if key == "o3_8h" and concentration > O3_8H_LIMIT:
            value, working, _ = sub_index(given["o3_1h"], P.at("breakpoints.o3_1h", day), levels)
            iaqi[key] = value
            w.step(f"{label} {number(concentration)} {unit} 高于 800，按标准改用臭氧1小时分指数：{value}。", P["breakpoints.o3_8h"])
            continue
        value, working, beyond = sub_index(concentration, P.at(f"breakpoints.{key}", day), levels)
        iaqi[key] = value
        w.step(f"{label} {number(concentration)} {unit}：IAQI = {working}。", P[f"breakpoints.{key}"])
        if beyond:
            w.warn(f"{label} {number(concentration)} {unit} 超过标准表中的最高浓度限值，分指数按 500 报告。")
    aqi = max(iaqi.values())
    level, name, color, color_name, advice = category_of(aqi, day)
    primary = sorted(k for k, value in iaqi.items() if value == aqi) if aqi > 50 else []
    primary_text = "、".join(dict((k, label) for k, label, _ in POLLUTANTS)[k] for k in primary) or "无（AQI 不大于 50）"
    w.step(f"AQI 取各分指数最大值：{aqi}，{'一二三四五六'[level - 1]}级（{name}，{color_name}）；首要污染物：{primary_text}。", P["categories"])
    return {"aqi": aqi, "standard": standard, "level": level, "category": name, "color": color, "color_name": color_name,
            "iaqi": iaqi, "primary_pollutants": primary, "advice": advice}
