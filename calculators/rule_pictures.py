"""Pictures of a rule file's results and rules, drawn from generic kinds with the svg helpers.

A rule file chooses its pictures ([[picture]]); the kinds drawn here are:
    parts  one bar made of its parts in proportion (the steps named in `parts`), each with a
           legend line, and the `total` under it; several `parts` pictures share one scale.
    bars   one bar per item of a list (`value`) against horizontal lines (`lines`: the thresholds),
           the run `run` ([first, last] item numbers, as 连续超过 gives) bracketed, each bar named
           by `names` (a list of texts; default 第1, 第2, …), and the sentence `caption` under it.
    timeline  date windows on one time axis: `windows`, a list of [label, from, until] (a row whose
           day is 空 is left out), and `marks`, a list of [label, day] drawn across them.
The rules picture of a calculator's page shows each rate in force (a parameter whose unit is
比例) as a bar out of 100 %, and each amount as a line of text. Knows nothing of any county.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .money import number, percent, yuan
from .svg import GREY, INK, SMALL, Drawing, Scale, nice_step, text_width

LEFT, RIGHT = 8, 352
FILLS = ("#cfe2f6", "#c8e6c9", "#fff3c4", "#ffd7c2")
HATCHES = ("rising", "dots", "falling", "cross")
BAR_FILLS = ("#e0e0e0", "#fff59d", "#ffcc80", "#ef9a9a", "#ce93d8")  # a bar above none, one, two… of the lines
BAR_HATCHES = (None, "dots", "rising", "cross", "dense")


def _amount(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, list):
        return sum((v for v in value if isinstance(v, Decimal)), Decimal(0))
    return Decimal(0)


def _stacked(d: Drawing, top: float, title: str, parts: list[tuple[str, Decimal]], whole: Decimal,
             total: tuple[str, Decimal] | None) -> float:
    d.text(LEFT, top + 14, title, bold=True)
    x = Scale(0, float(whole) if whole else 1, LEFT, RIGHT)
    bar_top, height = top + 22, 22
    d.rect(LEFT, bar_top, RIGHT - LEFT, height, fill="#fafafa", stroke=GREY)
    start = Decimal(0)
    for index, (name, amount) in enumerate(parts):
        d.rect(x(start), bar_top, x(start + amount) - x(start), height, fill=FILLS[index % 4], hatch=HATCHES[index % 4],
               stroke=INK, mark="part", key=name, value=f"{float(amount):g}")
        start += amount
    d.line(x(0), bar_top + height, x(0), bar_top + height + 4, axis="x", value="0")
    d.line(x(whole), bar_top + height, x(whole), bar_top + height + 4, axis="x", value=f"{float(whole):g}")
    y = bar_top + height + 17
    for index, (name, amount) in enumerate(parts):
        d.swatch(LEFT, y, FILLS[index % 4], HATCHES[index % 4], f"{name}：{yuan(amount)}")
        y += 16
    if total is not None:
        d.text(LEFT, y + 2, f"{total[0]} {yuan(total[1])}", bold=True)
        y += 16
    return y + 4


def _bars(d: Drawing, top: float, title: str, values: list[Decimal], lines: list[Decimal], run, caption: str,
          names: list[str] | None = None) -> float:
    """One bar per item of the list against the horizontal lines, the run [first, last] bracketed under it."""
    d.text(LEFT, top + 14, title, bold=True)
    left, right, height = 40, 330, 150
    chart_top = top + 28
    ceiling = float(max(values + lines + [Decimal(1)])) * 1.12
    y = Scale(0, ceiling, chart_top + height, chart_top)
    slot = (right - left) / max(len(values), 1)
    width = min(slot * 0.8, 34)
    d.line(left, y(0), right, y(0))
    d.line(left, y(0), left, chart_top)
    step = nice_step(ceiling)
    tick = 0.0
    while tick <= ceiling:
        d.line(left - 4, y(tick), left, y(tick), axis="y", value=f"{tick:g}")
        d.text(left - 6, y(tick) + 4, f"{tick:g}", size=SMALL, anchor="end")
        tick += step
    for line in lines:
        d.line(left, y(line), right, y(line), stroke="#b71c1c", width=1.2, dash="5 3", mark="threshold", value=f"{float(line):g}")
        d.text(right + 3, y(line) + 4, number(line), size=SMALL, fill="#b71c1c", bold=True)
    centres = []
    for index, value in enumerate(values):
        centre = left + slot * (index + 0.5)
        band = sum(1 for line in lines if value > line)
        d.rect(centre - width / 2, y(value), width, y(0) - y(value), fill=BAR_FILLS[band % len(BAR_FILLS)],
               hatch=BAR_HATCHES[band % len(BAR_HATCHES)], stroke=INK, mark="item", index=index, value=number(value))
        if len(values) <= 14:
            d.text(centre, y(value) - 3, number(value), size=SMALL - 1, anchor="middle", halo=True)
            name = names[index] if names and index < len(names) else f"第{index + 1}" if len(values) <= 7 else str(index + 1)
            d.text(centre, y(0) + 14, str(name), size=SMALL - 1, anchor="middle")
        centres.append(centre)
    bottom = y(0) + 20
    if run and len(run) == 2 and all(isinstance(v, Decimal) and 1 <= v <= len(values) for v in run):
        first, last = int(run[0]) - 1, int(run[1]) - 1
        x0, x1 = centres[first] - width / 2, centres[last] + width / 2
        d.path(f"M{x0:.1f} {bottom:.1f}V{bottom + 4:.1f}H{x1:.1f}V{bottom:.1f}", stroke=INK, width=1.5, mark="run",
               first=first, last=last)
        bottom += 10
    if caption:
        bottom = d.paragraph(LEFT, bottom + 12, caption, RIGHT - LEFT, bold=True)
    return bottom + 4


MARGIN = dt.timedelta(days=45)
MARK_COLOURS = ("#0d47a1", "#1b5e20", "#b71c1c", INK)
MARK_DASHES = ("5 2", "2 2", "6 3", None)


def _timeline(d: Drawing, top: float, title: str, windows: list, marks: list, caption: str) -> float:
    """Each window [label, from, until] a bar on its own row of one time axis; each mark [label, day] a
    line across all rows, its label above them (in as many lines as it takes not to overlap)."""
    d.text(LEFT, top + 14, title, bold=True)
    days = [day for _, start, end in windows for day in (start, end)] + [day for _, day in marks]
    if not days:
        return top + 20
    start, end = min(days) - MARGIN, max(days) + MARGIN
    x = Scale(start.toordinal(), end.toordinal(), LEFT, RIGHT)
    rows: list[list[float]] = []
    placed = []
    for label, day in marks:
        width = text_width(f"{label} {day}", SMALL - 1) + 6
        left = min(max(x(day.toordinal()) - width / 2, LEFT), RIGHT - width)
        row = next((i for i, taken in enumerate(rows) if all(left >= b or left + width <= a for a, b in zip(taken[::2], taken[1::2]))),
                   None)
        if row is None:
            rows.append([])
            row = len(rows) - 1
        rows[row] += [left, left + width]
        placed.append((label, day, left + width / 2, row))
    label_top = top + 24
    bars_top = label_top + 13 * len(rows) + 4
    for index, (label, day, centre, row) in enumerate(placed):
        d.text(centre, label_top + 10 + 13 * row, f"{label} {day}", size=SMALL - 1, anchor="middle",
               fill=MARK_COLOURS[index % len(MARK_COLOURS)])
    y = bars_top
    for index, (label, first, last) in enumerate(windows):
        d.rect(x(first.toordinal()), y + 14, x(last.toordinal() + 1) - x(first.toordinal()), 12, fill=FILLS[index % 4],
               hatch=HATCHES[index % 4], stroke=INK, mark="window", key=label, first=first.isoformat(), last=last.isoformat())
        y += 32
    for index, (label, day, centre, row) in enumerate(placed):  # the lines under the windows' labels
        at = x(day.toordinal())
        d.line(at, label_top + 13 * row + 12, at, y, stroke=MARK_COLOURS[index % len(MARK_COLOURS)], width=1.5,
               dash=MARK_DASHES[index % len(MARK_DASHES)], mark="date", key=label, value=day.isoformat())
    for index, (label, first, last) in enumerate(windows):
        d.text(LEFT, bars_top + 32 * index + 10, f"{label}：{first} 至 {last}", size=SMALL, halo=True)
    d.line(LEFT, y + 2, RIGHT, y + 2, stroke=GREY)
    for year in range(start.year + 1, end.year + 1):
        at = x(dt.date(year, 1, 1).toordinal())
        d.line(at, y, at, y + 6, axis="x", value=f"{year}-01-01")
        d.text(min(max(at, LEFT + 14), RIGHT - 14), y + 18, str(year), size=SMALL, anchor="middle")
    y += 24
    if caption:
        y = d.paragraph(LEFT, y + 12, caption, RIGHT - LEFT, bold=True)
    return y + 4


def _rows(value: Any, width: int) -> list:
    """The rows of a list formula whose items are [label, day…]: rows with a day missing are left out."""
    if not isinstance(value, list):
        return []
    return [tuple(row) for row in value if isinstance(row, list) and len(row) == width
            and all(isinstance(v, dt.date) for v in row[1:])]


def _timeline_pictures(kind: str, pictures, evaluation, write) -> dict:
    def value_of(formula):
        return formula.evaluate({n: evaluation.get(n) for n in formula.names})

    d = Drawing("")
    y, alt = 0.0, []
    for picture in pictures:
        windows = _rows(value_of(picture.spec["windows"]), 3) if "windows" in picture.spec else []
        marks = _rows(value_of(picture.spec["marks"]), 2) if "marks" in picture.spec else []
        caption = write(picture.spec["caption"]) if write and "caption" in picture.spec else ""
        y = _timeline(d, y + 4, picture.title, windows, marks, caption)
        alt.append(f"{picture.title}：" + "；".join(f"{label} {first} 至 {last}" for label, first, last in windows)
                   + ("；" if windows and marks else "") + "，".join(f"{label} {day}" for label, day in marks)
                   + (f"；{caption.rstrip('。')}" if caption else ""))
    d.alt = "；".join(alt) + "。"
    return d.render(y + 4, kind)


def result(rules, evaluation, result: dict, write=None) -> dict | None:
    """The pictures the file declares, for one result, one under another. write(template) writes a
    picture's sentence (`caption`) with the result's values."""
    if not rules.pictures or evaluation is None or not hasattr(evaluation, "get"):
        return None
    bars = [p for p in rules.pictures if p.kind == "bars"]
    if bars:
        return _bar_pictures(rules.id, bars, evaluation, write)
    timelines = [p for p in rules.pictures if p.kind == "timeline"]
    if timelines:
        return _timeline_pictures(rules.id, timelines, evaluation, write)
    drawn = []
    for picture in rules.pictures:
        if picture.kind != "parts":
            continue
        parts = []
        for formula in picture.spec.get("parts", ()):
            amount = _amount(formula.evaluate({n: evaluation.get(n) for n in formula.names}))
            if amount > 0:
                parts.append((formula.text, amount))
        total_formula = picture.spec.get("total")
        total = None
        if total_formula is not None:
            total = (total_formula.text, _amount(total_formula.evaluate({n: evaluation.get(n) for n in total_formula.names})))
        drawn.append((picture.title, parts, total))
    whole = max([sum((a for _, a in parts), Decimal(0)) for _, parts, _ in drawn] + [Decimal(0)])
    d = Drawing("")
    y, alt = 0.0, []
    for title, parts, total in drawn:
        if not parts:
            continue
        y = _stacked(d, y + 4, title, parts, whole, total)
        alt.append(f"{title}：" + "、".join(f"{name} {yuan(amount)}" for name, amount in parts)
                   + (f"，{total[0]} {yuan(total[1])}" if total else ""))
    if not alt:
        d.text(LEFT, 16, "各项金额都是 0.00 元（未填写会产生金额的项目）", bold=True)
        y = 26
        alt.append("各项金额都是 0.00 元")
    d.alt = "；".join(alt) + "。"
    return d.render(y + 4, rules.id)


def _bar_pictures(kind: str, pictures, evaluation, write) -> dict:
    def value_of(formula):
        return formula.evaluate({n: evaluation.get(n) for n in formula.names})

    d = Drawing("")
    y, alt = 0.0, []
    for picture in pictures:
        values = [v for v in (value_of(picture.spec["value"]) or []) if isinstance(v, Decimal)]
        lines = sorted({v for v in (value_of(f) for f in picture.spec.get("lines", ())) if isinstance(v, Decimal)})
        run = value_of(picture.spec["run"]) if "run" in picture.spec else None
        caption = write(picture.spec["caption"]) if write and "caption" in picture.spec else ""
        names = value_of(picture.spec["names"]) if "names" in picture.spec else None
        y = _bars(d, y + 4, picture.title, values, lines, run, caption, names if isinstance(names, list) else None)
        alt.append(f"{picture.title}：" + "、".join(number(v) for v in values) + "，对照界限 "
                   + "、".join(number(v) for v in lines) + (f"；{caption.rstrip('。')}" if caption else ""))
    d.alt = "；".join(alt) + "。"
    return d.render(y + 4, kind)


def rules(rules, day: dt.date) -> dict:
    """Each rate in force as a bar out of 100 %, each amount as a line."""
    d = Drawing("")
    d.text(LEFT, 14, "各项比例和标准", bold=True)
    y = 20.0
    x = Scale(0, 1, LEFT, RIGHT)
    alt = []
    for name, key in rules.parameter_keys.items():
        parameter = rules.parameters[key]
        value = rules.parameters.on(key, day)
        if parameter.unit == "比例" and isinstance(value, Decimal) and 0 <= value <= 1:
            label = f"{parameter.short or parameter.label}：{percent(value)}"
            y = d.paragraph(LEFT, y + 14, label, RIGHT - LEFT, size=SMALL + 1) - 8
            d.rect(LEFT, y, RIGHT - LEFT, 14, fill="#fafafa", stroke=GREY)
            if value > 0:
                d.rect(LEFT, y, x(value) - LEFT, 14, fill=FILLS[0], hatch=HATCHES[0], stroke=INK, mark="rate", key=key,
                       value=f"{float(value):g}")
            y += 18
            alt.append(label)
        elif parameter.unit == "元" and isinstance(value, Decimal):
            label = f"{parameter.short or parameter.label}：{yuan(value)}"
            y = d.paragraph(LEFT, y + 14, label, RIGHT - LEFT, size=SMALL + 1) - 6
            alt.append(label)
    d.alt = "；".join(alt) + "。" if alt else "本计算器没有比例或金额标准。"
    return d.render(y + 8, f"{rules.id}-rules")
