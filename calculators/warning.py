"""warning: 重污染天气预警级别 (4.2 预警分级, 5.1 响应分级, 5.2 响应措施 of the plan in parameters/warning.json)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .money import number
from .params import condition_text, load
from .schema import AS_OF, Field
from .working import Working, as_of_field

ID = "warning"
P = load(ID)
PAGE = P.page
TITLE = "重污染天气预警级别计算器"
SUMMARY = (f"按《{P.title}》（{P.document}）{P['levels'].cite}，根据未来几天的日 AQI 预报判断应达到的预警级别"
           f"（{'、'.join(rule['name'] for rule in reversed(P['levels'].latest.value))}）"
           "和应急响应级别，并列出该级别应落实的响应措施（5.2，逐级累加）。")
RESPONSE_NAMES = {"III": "Ⅲ级", "II": "Ⅱ级", "I": "Ⅰ级"}
LEVEL_NAMES = {"none": "未达预警", "advisory": "健康防护提示",
               **{rule["level"]: rule["name"] for rule in P["levels"].latest.value}}


def advisory_text(limits: dict) -> str:
    """PM10>150、PM2.5>75、臭氧8小时滑动平均>160 µg/m³"""
    return "、".join(f"{P['advisory'].label_of(k)}>{limit}" for k, limit in limits.items()) + f" {P['advisory'].unit}"


INPUTS = (
    Field("daily_aqi", "逐日 AQI 预报", "number_list", required=True, maximum=Decimal("500"), clause=P["levels"].link,
          help="从明天起连续每24小时的日 AQI 预报，用逗号分隔，例如 180,210,230。", example="180,210,230"),
    Field("pm10_24h", "未来24小时 PM10 浓度", "number", unit="µg/m³", maximum=Decimal("100000"), clause=P["advisory"].link,
          help=f"只用于判断未达{P['levels'].latest.value[-1]['name']}时是否需要健康防护提示。"),
    Field("pm25_24h", "未来24小时 PM2.5 浓度", "number", unit="µg/m³", maximum=Decimal("100000"), clause=P["advisory"].link),
    Field("o3_8h", "未来24小时 O3 8小时滑动平均浓度", "number", unit="µg/m³", maximum=Decimal("100000"),
          clause=P["advisory"].link),
    as_of_field(P.policy),
)

OUTPUTS = (("level", "预警级别", "text", LEVEL_NAMES), ("response", "应急响应级别", "text", RESPONSE_NAMES),
           ("measures", "应落实的措施", "measures"))

EXAMPLES = (
    {"title": "AQI 预报 160、170、120", "inputs": {"daily_aqi": "160,170,120"}},
    {"title": "AQI 预报 210、320、250", "inputs": {"daily_aqi": "210,320,250"}},
    {"title": "AQI 预报 140、120，PM2.5 预报 80 µg/m³", "inputs": {"daily_aqi": "140,120", "pm25_24h": 80}},
)


def _interpretations() -> tuple[dict, ...]:
    return (
        {"text": "“持续48小时”“持续72小时”按列表中连续的天数计（每项代表连续24小时），比较一律用“大于”（>）。",
         "clause": P["levels"].link},
        *({"text": f"{rule['name']}要求 AQI 的峰值那一天位于连续达到持续条件的时段之内（{condition_text(c)}）。",
           "clause": f"{PAGE}#{rule['clause']}"}
          for rule in P["levels"].latest.value for c in rule["any_of"] if "peak_above" in c),
        {"text": "预警级别取整个预报期内任一时段达到的最高级别（“且未达到高级别预警条件”）。", "clause": P["levels"].link},
        {"text": f"未达{P['levels'].latest.value[-1]['name']}、但预测未来24小时 {advisory_text(P['advisory'].latest.value)} 时，"
                 "结果为“健康防护提示”。",
         "clause": P["advisory"].link},
        {"text": "响应措施逐级累加（5.2.2、5.2.3“在落实……的基础上，增加以下措施”）：" + "；".join(
            f"{rule['name']}落实{'、'.join(list(RESPONSE_NAMES.values())[:list(RESPONSE_NAMES).index(rule['response']) + 1])}措施"
            for rule in reversed(P["levels"].latest.value)) + "。",
         "clause": PAGE + "#c5-2-2"},
        {"text": f"预报所属的日子（计算日期）不在{P.policy.label}内时，结果先说明这一点，级别按原预案试算，仅供参考。",
         "clause": P.policy.link},
    )


INTERPRETATIONS = _interpretations()

ENTRY_POINTS = ({"clause": P["levels"].link, "prefill": {}, "title": "按 AQI 预报判断预警级别"},
                {"clause": PAGE + "#c5-2", "prefill": {}, "title": "查看该级别的响应措施"})


def calculate(inputs: dict) -> dict:
    """The contract's entry point (the day of calculation is fixed by calculators.api)."""
    from .api import run
    return run(ID, inputs)


def runs_above(values: list[Decimal], threshold: Decimal) -> list[tuple[int, int]]:
    """Maximal runs (start, end inclusive) of consecutive values strictly above threshold."""
    runs, start = [], None
    for index, value in enumerate(values + [None]):
        if value is not None and value > threshold:
            start = index if start is None else start
        elif start is not None:
            runs.append((start, index - 1))
            start = None
    return runs


def met(condition: dict, values: list[Decimal]) -> tuple[int, int] | None:
    """The first run that meets a condition {"above", "days", "peak_above"?}, or None."""
    for start, end in runs_above(values, Decimal(condition["above"])):
        if end - start + 1 < condition["days"]:
            continue
        peak = condition.get("peak_above")
        if peak is None or any(v > Decimal(peak) for v in values[start:end + 1]):
            return start, end
    return None


def reached(values: list[Decimal], day: dt.date) -> tuple[dict, dict, tuple[int, int]] | None:
    """The highest level the forecast reaches: (rule, condition, run), or None."""
    for rule in P.on("levels", day):
        for condition in rule["any_of"]:
            run = met(condition, values)
            if run:
                return rule, condition, run
    return None


def days_text(start: int, end: int) -> str:
    return f"第{start + 1}天" if start == end else f"第{start + 1}至第{end + 1}天"


def _mildest(day: dt.date) -> tuple[dict, dict]:
    """The mildest level (the list runs from severe to mild) and its lowest-threshold condition:
    single days above that threshold are still short of any warning."""
    rule = P.on("levels", day)[-1]
    return rule, min(rule["any_of"], key=lambda c: c["above"])


def compute(v: dict, w: Working) -> dict:
    values = v["daily_aqi"] or []
    if not values:
        return {"errors": [{"field": "daily_aqi", "message": "「逐日 AQI 预报」不能为空：请至少填写一天的预报，例如 180,210,230。"}]}
    day = w.check_period(P.policy, v[AS_OF], "计算日期", "以下级别按原预案试算，仅供参考。")
    v["rule_day"] = day
    w.step(f"逐日 AQI 预报：{'、'.join(number(x) for x in values)}（共 {len(values)} 天，每项代表连续24小时）。", P["levels"])
    found = reached(values, day)
    for rule in P.on("levels", day):
        if found and rule is found[0]:
            break
        w.step(f"未达到{rule['name']}条件（{'；或'.join(condition_text(c) for c in rule['any_of'])}）。",
               P.clause(rule["clause"], P["levels"].cite))
    if found:
        rule, condition, run = found
        w.step(f"{days_text(*run)}满足“{condition_text(condition)}”，达到{rule['name']}。", P.clause(rule["clause"], P["levels"].cite))
        w.step(f"发布{rule['name']}时，启动{RESPONSE_NAMES[rule['response']]}应急响应。", P.clause(rule["response_clause"], "5.1"))
        level, response = rule["level"], rule["response"]
        measures = []
        for step_level in RESPONSE_NAMES:
            listed = P.on(f"measures.{step_level}", day)
            measures += [{"clause": f"{PAGE}#{m['clause']}", "group": m["group"], "text": m["text"]} for m in listed]
            w.step(f"落实{RESPONSE_NAMES[step_level]}响应措施（{len(listed)} 项）。", P[f"measures.{step_level}"])
            if step_level == response:
                break
        w.warn("预警由县重污染天气应急指挥部按程序发布（4.4）；本结果只是按预案条件对预报数据的试算。")
    else:
        level, response, measures = _advisory(v, w, day)
    mildest, lowest = _mildest(day)
    if lowest["days"] > 1 and level in ("none", "advisory") and any(x > lowest["above"] for x in values):
        w.warn(f"预报中有单日 AQI>{lowest['above']}，但未持续{lowest['days'] * 24}小时，尚未达到{mildest['name']}条件；"
               "请关注后续预报。")
    w.warn("接到市重污染天气应急指挥机构预警提示时，应结合实际启动相应级别或更高级别的预警（4.2）。")
    return {"level": level, "response": response, "measures": measures}


def _advisory(v: dict, w: Working, day) -> tuple[str, str, list]:
    limits = P.on("advisory", day)
    mildest = _mildest(day)[0]["name"]
    exceeded = {k: limit for k, limit in limits.items() if v[k] is not None and v[k] > limit}
    given = [k for k in limits if v[k] is not None]
    if exceeded:
        shown = "、".join(f"{P['advisory'].label_of(k)} {number(v[k])}>{limit}" for k, limit in exceeded.items())
        w.step(f"未达{mildest}，但预测未来24小时 {shown} {P['advisory'].unit}，应加强公众健康防护信息提示。", P["advisory"])
        measures = [{"clause": f"{P['advisory'].page}#{m['clause']}", "group": m["group"], "text": m["text"]}
                    for m in P.on("advisory.measures", day)]
        return "advisory", "", measures
    if given:
        w.step(f"未达{mildest}；预测浓度也未超过健康防护提示条件（{advisory_text(limits)}）。", P["advisory"])
    else:
        names = "、".join(P["advisory"].label_of(k) for k in limits)
        w.step(f"未达{mildest}；未填写 {names} 浓度，未判断是否需要健康防护提示。", P["advisory"])
    return "none", "", []
