"""warning pictures: the forecast days as bars against the plan's thresholds, with the run that
reached the level bracketed and named; for the rules, the shortest forecasts that reach each level."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .money import number
from .params import ParameterSet, condition_text
from .svg import INK, SMALL, Drawing, Scale, text_width
from .warning import LEVEL_NAMES, P, RESPONSE_NAMES, days_text, reached

LEFT, RIGHT = 40, 330
FILLS = ("#e0e0e0", "#fff59d", "#ffcc80", "#ef9a9a", "#ce93d8")
HATCHES = (None, "dots", "rising", "cross", "dense")


def thresholds(P: ParameterSet, day: dt.date) -> list[int]:
    """Every AQI the plan's conditions compare with, low to high: 150, 200, 300."""
    found = set()
    for rule in P.on("levels", day):
        for condition in rule["any_of"]:
            found.add(condition["above"])
            if "peak_above" in condition:
                found.add(condition["peak_above"])
    return sorted(found)


def _band(value: float, lines: list[int]) -> int:
    """How many thresholds a value is above (0 = none): picks the bar's fill and hatching."""
    return sum(1 for line in lines if value > line)


def bar_chart(d: Drawing, top: float, P: ParameterSet, day: dt.date, groups: list[tuple[str, list[float]]],
              runs: list[tuple[int, int, str]] = (), height: float = 150) -> float:
    """Bars in groups (a label under each group) against the threshold lines. runs: (first, last,
    label) index ranges over all bars, bracketed under them. Returns the y below the chart."""
    lines = thresholds(P, day)
    values = [v for _, group in groups for v in group]
    ceiling = max(max(values, default=0), lines[-1]) * 1.12
    y = Scale(0, ceiling, top + height, top)
    count = len(values) + len(groups) - 1
    slot = (RIGHT - LEFT) / max(count, 1)
    width = min(slot * 0.8, 34)
    d.line(LEFT, y(0), RIGHT, y(0))
    d.line(LEFT, y(0), LEFT, top)
    for tick in range(0, int(ceiling) + 1, 100):
        d.line(LEFT - 4, y(tick), LEFT, y(tick), axis="y", value=tick)
        d.text(LEFT - 6, y(tick) + 4, str(tick), size=SMALL, anchor="end")
    for line in lines:
        d.line(LEFT, y(line), RIGHT, y(line), stroke="#b71c1c", width=1.2, dash="5 3", mark="threshold", value=line)
        d.text(RIGHT + 3, y(line) + 4, str(line), size=SMALL, fill="#b71c1c", bold=True)
    positions = []
    index = 0
    for group_index, (label, group) in enumerate(groups):
        first = index + group_index
        for value in group:
            centre = LEFT + slot * (index + group_index + 0.5)
            band = _band(value, lines)
            d.rect(centre - width / 2, y(value), width, y(0) - y(value), fill=FILLS[band], hatch=HATCHES[band], stroke=INK,
                   mark="day", index=index, value=number(Decimal(str(value))))
            if len(values) <= 12:
                d.text(centre, y(value) - 3, number(Decimal(str(value))), size=SMALL - 1, anchor="middle", halo=True)
            positions.append(centre)
            index += 1
        if label:
            last = index + group_index - 1
            middle = LEFT + slot * ((first + last) / 2 + 0.5)
            for line_number, part in enumerate(label.split("\n")):
                d.text(middle, y(0) + 14 + 13 * line_number, part, size=SMALL - 1, anchor="middle")
    bottom = y(0) + (14 + 13 * max((label.count("\n") + 1 for label, _ in groups if label), default=0))
    for first, last, label in runs:
        x0, x1 = positions[first] - width / 2, positions[last] + width / 2
        at = bottom + 6
        d.path(f"M{x0:.1f} {at - 4:.1f}V{at:.1f}H{x1:.1f}V{at - 4:.1f}", stroke=INK, width=1.5, mark="run",
               first=first, last=last)
        d.text(min(max((x0 + x1) / 2, 8 + text_width(label, SMALL) / 2), 352 - text_width(label, SMALL) / 2), at + 14,
               label, size=SMALL, anchor="middle", bold=True)
        bottom = at + 18
    return bottom + 6


def result(P: ParameterSet, values: list[Decimal], result: dict, day: dt.date) -> dict:
    d = Drawing("")
    level = LEVEL_NAMES[result["level"]]
    d.text(8, 14, f"逐日 AQI 预报与预警条件：{level}", bold=True)
    found = reached(values, day)
    labels = [(f"第{i + 1}天" if len(values) <= 7 else (f"{i + 1}" if len(values) <= 14 else "")) for i in range(len(values))]
    runs = []
    if found:
        rule, condition, (first, last) = found
        runs.append((first, last, f"{days_text(first, last)}：{condition_text(condition)}"))
    if len(values) <= 14:
        groups = [(labels[i], [float(v)]) for i, v in enumerate(values)]
    else:  # too many days to label each: one group, counted under the axis
        groups = [(f"第1至第{len(values)}天", [float(v) for v in values])]
    y = bar_chart(d, 30, P, day, groups, runs)
    if found:
        rule = found[0]
        why = f"{rule['name']}，启动{RESPONSE_NAMES[rule['response']]}应急响应。"
    else:
        why = f"{level}：未达到任何预警条件（虚线为预案的 AQI 界限）。"
    y = d.paragraph(8, y + 10, why, 344, bold=True)
    forecast = "、".join(number(v) for v in values)
    reason = f"，因为{runs[0][2]}" if runs else ""
    d.alt = f"逐日 AQI 预报 {forecast}，对照预案界限 {'、'.join(str(t) for t in thresholds(P, day))}：{level}{reason}。"
    return d.render(y, "warning")


def rules(P: ParameterSet, day: dt.date) -> dict:
    """For each level and each of its conditions, the shortest forecast that meets it."""
    lines = thresholds(P, day)
    d = Drawing("")
    d.text(8, 14, "达到各级预警的最短预报（示意）", bold=True)
    groups, parts = [], []
    for rule in reversed(P.on("levels", day)):
        for condition in rule["any_of"]:
            above = condition["above"]
            next_line = min((t for t in lines if t > above), default=above + 50)
            height = (above + next_line) / 2  # just above the line it must exceed
            bars = [height] * condition["days"]
            if "peak_above" in condition:
                bars[len(bars) // 2] = condition["peak_above"] + 25
            short = rule["name"].replace("预警", "")
            peak = f"\n其中>{condition['peak_above']}" if "peak_above" in condition else ""
            groups.append((f"{short}\n{condition['days']}天>{above}{peak}", bars))
            parts.append(f"{rule['name']}：{condition_text(condition)}")
    y = bar_chart(d, 30, P, day, groups, height=140)
    y = d.paragraph(8, y + 8, "每根柱代表连续24小时的日 AQI；虚线为预案中的 AQI 界限，比较一律按“大于”。", 344, size=SMALL)
    d.alt = "预警条件（每天代表连续24小时）：" + "；".join(parts) + "。"
    return d.render(y, "warning-rules")


def draw(v: dict, outcome: dict) -> dict:
    return result(P, v["daily_aqi"], outcome, v["rule_day"])


def rules_picture(as_of: dt.date) -> dict:
    return rules(P, P.policy.rule_day(as_of))
