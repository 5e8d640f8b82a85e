"""Pictures of a rule file's results and rules, drawn from generic kinds with the svg helpers.

A rule file chooses its pictures ([[picture]]); the kinds drawn here are:
    parts  one bar made of its parts in proportion (the steps named in `parts`), each with a
           legend line, and the `total` under it; several `parts` pictures share one scale.
The rules picture of a calculator's page shows each rate in force (a parameter whose unit is
比例) as a bar out of 100 %, and each amount as a line of text. Knows nothing of any county.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .money import percent, yuan
from .svg import GREY, INK, SMALL, Drawing, Scale

LEFT, RIGHT = 8, 352
FILLS = ("#cfe2f6", "#c8e6c9", "#fff3c4", "#ffd7c2")
HATCHES = ("rising", "dots", "falling", "cross")


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


def result(rules, evaluation, result: dict) -> dict | None:
    """The pictures the file declares, for one result, one under another."""
    if not rules.pictures or evaluation is None or not hasattr(evaluation, "get"):
        return None
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
