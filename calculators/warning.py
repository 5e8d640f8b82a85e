"""warning: 重污染天气预警级别 under 江政办发〔2024〕1号 (4.2 预警分级, 5.1 响应分级, 5.2 响应措施)."""
from __future__ import annotations

from decimal import Decimal

from .money import number
from .params import load
from .schema import Field
from .working import Working, run_calculation, today

ID = "warning"
TITLE = "重污染天气预警级别计算器"
SUMMARY = ("按《江华瑶族自治县重污染天气应急预案（修订版）》（江政办发〔2024〕1号）4.2，根据未来几天的日 AQI 预报判断"
           "应达到的预警级别（黄色、橙色、红色）和应急响应级别，并列出该级别应落实的响应措施（5.2，逐级累加）。")
AUDIENCE = "学校、幼儿园、施工工地、企业和公众：明天是否预警、是否停止户外活动；县生态环境局、气象局会商时核对条件。"
PAGE = "jiangzhengbanfa-2024-1/"
P = load(ID)

INPUTS = (
    Field("daily_aqi", "逐日 AQI 预报", "number_list", required=True, maximum=Decimal("500"), clause=PAGE + "#c4-2",
          help="从明天起连续每24小时的日 AQI 预报，用逗号分隔，例如 180,210,230。", example="180,210,230"),
    Field("pm10_24h", "未来24小时 PM10 浓度", "number", unit="µg/m³", maximum=Decimal("100000"), clause=PAGE + "#c4-2-p5",
          help="只用于判断未达黄色预警时是否需要健康防护提示。"),
    Field("pm25_24h", "未来24小时 PM2.5 浓度", "number", unit="µg/m³", maximum=Decimal("100000"), clause=PAGE + "#c4-2-p5"),
    Field("o3_8h", "未来24小时 O3 8小时滑动平均浓度", "number", unit="µg/m³", maximum=Decimal("100000"), clause=PAGE + "#c4-2-p5"),
)

OUTPUTS = (("level", "预警级别", "text"), ("response", "应急响应级别", "text"), ("measures", "应落实的措施", "measures"))

EXAMPLES = (
    {"title": "连续两天 AQI 超过 150", "inputs": {"daily_aqi": "160,170,120"}},
    {"title": "三天超过 200，其中一天超过 300", "inputs": {"daily_aqi": "210,320,250"}},
    {"title": "AQI 不高，但 PM2.5 预报超过 75", "inputs": {"daily_aqi": "140,120", "pm25_24h": 80}},
)

INTERPRETATIONS = (
    {"text": "“持续48小时”“持续72小时”按列表中连续的天数计（每项代表连续24小时），比较一律用“大于”（>）。",
     "clause": PAGE + "#c4-2"},
    {"text": "红色预警要求 AQI>300 的那一天位于连续三天及以上 AQI>200 的时段之内。", "clause": PAGE + "#c4-2-p4"},
    {"text": "预警级别取整个预报期内任一时段达到的最高级别（“且未达到高级别预警条件”）。", "clause": PAGE + "#c4-2"},
    {"text": "未达黄色预警、但预测未来24小时 PM10>150、PM2.5>75 或臭氧8小时>160 µg/m³ 时，结果为“健康防护提示”（advisory）。",
     "clause": PAGE + "#c4-2-p5"},
    {"text": "响应措施逐级累加：橙色含Ⅲ级和Ⅱ级措施，红色含Ⅲ、Ⅱ、Ⅰ级全部措施（5.2.2、5.2.3“在落实……的基础上，增加以下措施”）。",
     "clause": PAGE + "#c5-2-2"},
)


ENTRY_POINTS = ({"clause": PAGE + "#c4-2", "prefill": {}, "title": "按 AQI 预报判断预警级别"},
                {"clause": PAGE + "#c5-2", "prefill": {}, "title": "查看该级别的响应措施"})


def calculate(inputs: dict) -> dict:
    return run_calculation(ID, INPUTS, inputs, _compute)


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


def _met(condition: dict, values: list[Decimal]) -> tuple[int, int] | None:
    """The first run that meets a condition {"above", "days", "peak_above"?}, or None."""
    for start, end in runs_above(values, Decimal(condition["above"])):
        if end - start + 1 < condition["days"]:
            continue
        peak = condition.get("peak_above")
        if peak is None or any(v > Decimal(peak) for v in values[start:end + 1]):
            return start, end
    return None


def _days(start: int, end: int) -> str:
    return f"第{start + 1}天" if start == end else f"第{start + 1}至第{end + 1}天"


def _describe(condition: dict) -> str:
    hours = condition["days"] * 24
    text = f"AQI>{condition['above']}" + (f"持续{hours}小时及以上" if condition["days"] > 1 else "")
    if "peak_above" in condition:
        text += f"且其中 AQI>{condition['peak_above']}"
    return text


def _compute(v: dict, w: Working) -> dict:
    values = v["daily_aqi"] or []
    if not values:
        return {"errors": [{"field": "daily_aqi", "message": "「逐日 AQI 预报」（daily_aqi）不能为空：请至少填写一天的预报，例如 180,210,230。"}]}
    day = today()
    page = P["levels"].page
    w.step(f"逐日 AQI 预报：{'、'.join(number(x) for x in values)}（共 {len(values)} 天，每项代表连续24小时）。", P["levels"])
    found = None
    for rule in P.at("levels", day):
        for condition in rule["any_of"]:
            run = _met(condition, values)
            if run:
                found = (rule, condition, run)
                break
        if found:
            break
        w.step(f"未达到{rule['name']}条件（{'；或'.join(_describe(c) for c in rule['any_of'])}）。", f"{page}#{rule['clause']}",
               "江政办发〔2024〕1号 4.2")
    if found:
        rule, condition, run = found
        w.step(f"{_days(*run)}满足“{_describe(condition)}”，达到{rule['name']}。", f"{page}#{rule['clause']}", "江政办发〔2024〕1号 4.2")
        w.step(f"发布{rule['name']}时，启动{'Ⅲ' if rule['response'] == 'III' else 'Ⅱ' if rule['response'] == 'II' else 'Ⅰ'}级应急响应。",
               f"{page}#{rule['response_clause']}", "江政办发〔2024〕1号 5.1")
        level, response = rule["level"], rule["response"]
        measures = []
        for step_level in ("III", "II", "I"):
            measures += [{"clause": f"{page}#{m['clause']}", "group": m["group"], "text": m["text"]}
                         for m in P.at(f"measures.{step_level}", day)]
            w.step(f"落实{'Ⅲ' if step_level == 'III' else 'Ⅱ' if step_level == 'II' else 'Ⅰ'}级响应措施（{len(P.at(f'measures.{step_level}', day))} 项）。",
                   P[f"measures.{step_level}"])
            if step_level == response:
                break
        w.warn("预警由县重污染天气应急指挥部按程序发布（4.4）；本结果只是按预案条件对预报数据的试算。")
    else:
        level, response, measures = _advisory(v, w, day)
    if any(x > 150 for x in values) and level in ("none", "advisory"):
        w.warn("预报中有单日 AQI>150，但未持续48小时，尚未达到黄色预警条件；请关注后续预报。")
    w.warn("接到市重污染天气应急指挥机构预警提示时，应结合实际启动相应级别或更高级别的预警（4.2）。")
    return {"level": level, "response": response, "measures": measures}


def _advisory(v: dict, w: Working, day) -> tuple[str, str, list]:
    limits = P.at("advisory", day)
    names = {"pm10_24h": "PM10", "pm25_24h": "PM2.5", "o3_8h": "臭氧8小时滑动平均"}
    exceeded = [f"{names[k]} {number(v[k])}>{limit}" for k, limit in limits.items() if v[k] is not None and v[k] > limit]
    given = [k for k in limits if v[k] is not None]
    if exceeded:
        w.step(f"未达黄色预警，但预测未来24小时 {'、'.join(exceeded)} µg/m³，应加强公众健康防护信息提示。", P["advisory"])
        measures = [{"clause": f"{P['advisory'].page}#{m['clause']}", "group": m["group"], "text": m["text"]}
                    for m in P.at("advisory.measures", day)]
        return "advisory", "", measures
    if given:
        w.step("未达黄色预警；预测浓度也未超过健康防护提示条件（PM10>150、PM2.5>75、臭氧8小时>160 µg/m³）。", P["advisory"])
    else:
        w.step("未达黄色预警；未填写 PM10、PM2.5、臭氧浓度，未判断是否需要健康防护提示。", P["advisory"])
    return "none", "", []
