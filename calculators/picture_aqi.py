"""aqi pictures: the six-category index scale with each pollutant's sub-index marked and the
primary pollutant named; the same concentrations under each standard side by side; and, for the
rules, where the particulate limits moved between the standards."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .money import number
from .params import ParameterSet
from .words import chinese_ordinal
from .svg import INK, SMALL, Drawing, Scale, text_width
from .aqi import P, POLLUTANTS, changes, indices, pollutant, primary_of, standard_name

LEFT, RIGHT = 92, 346
HATCHES = (None, "dots", "rising", "falling", "cross", "dense")


def _bands(P: ParameterSet, day: dt.date) -> list[tuple[int, int, dict]]:
    """(lower, upper, category) of each category of the index on day."""
    top = int(P.on("iaqi_levels", day)[-1])
    bands, lower = [], 0
    for row in P.on("categories", day):
        upper = row["upper"] if row["upper"] is not None else top
        bands.append((lower, upper, row))
        lower = upper
    return bands


def _style(row: dict) -> tuple[str, str | None]:
    return row["color"], HATCHES[(row["level"] - 1) % len(HATCHES)]


def _range(low: int, high: int, row: dict) -> str:
    """How the standard writes a category's range: 0–50, 51–100, >300."""
    return f"{low + 1 if low else 0}–{high}" if row["upper"] is not None else f">{low}"


def _category(P: ParameterSet, value: int, day: dt.date) -> dict:
    return next(row for low, high, row in _bands(P, day) if value <= high)


def index_scale(d: Drawing, top: float, P: ParameterSet, day: dt.date, x: Scale) -> float:
    """The six categories as a strip along the index axis, with their boundaries as ticks."""
    for low, high, row in _bands(P, day):
        fill, hatch = _style(row)
        d.rect(x(low), top, x(high) - x(low), 14, fill=fill, hatch=hatch, stroke=INK, mark="category",
               level=row["level"], value=f"{low}/{high}")
    last = None
    for low, high, row in _bands(P, day):
        for value in (low, high):
            if value == last:
                continue
            d.line(x(value), top + 14, x(value), top + 18, axis="x", value=value)
            d.text(x(value), top + 28, str(value), size=SMALL - 1, anchor="middle")
            last = value
    return top + 32


def legend(d: Drawing, top: float, P: ParameterSet, day: dt.date) -> float:
    x, y = 8.0, top
    for low, high, row in _bands(P, day):
        fill, hatch = _style(row)
        label = f"{row['name']} {_range(low, high, row)}"
        width = SMALL + 7 + text_width(label, SMALL) + 12
        if x + width > 352:
            x, y = 8.0, y + 17
        x = d.swatch(x, y, fill, hatch, label)
    return y + 10


def _bars(d: Drawing, top: float, P: ParameterSet, day: dt.date, iaqi: dict, primary: list, x: Scale,
          label_of, **data) -> float:
    y = top
    for key, value in iaqi.items():
        row = _category(P, value, day)
        fill, hatch = _style(row)
        is_primary = key in primary
        d.text(LEFT - 6, y + 12, label_of(key), size=SMALL + 1, anchor="end", bold=is_primary)
        d.rect(x(0), y + 2, x(value) - x(0), 13, fill=fill, hatch=hatch, stroke=INK, mark="iaqi", key=key, value=value,
               **data)
        text = f"{value} {row['name']}" + ("（首要）" if is_primary else "")
        if x(value) + 4 + text_width(text, SMALL) <= 352:
            d.text(x(value) + 4, y + 13, text, size=SMALL, bold=is_primary)
        else:
            d.text(x(value) - 4, y + 13, text, size=SMALL, anchor="end", bold=is_primary, halo=True)
        y += 20
    return y


def result(P: ParameterSet, given: dict, result: dict, day: dt.date) -> dict:
    d = Drawing("")
    standard = standard_name(result["standard"])
    d.text(8, 14, f"各污染物的分指数（{standard}）", bold=True)
    top_value = int(P.on("iaqi_levels", day)[-1])
    x = Scale(0, top_value, LEFT, RIGHT)
    y = index_scale(d, 24, P, day, x)
    iaqi, primary, aqi = result["iaqi"], result["primary_pollutants"], result["aqi"]
    bars_top = y + 2
    y = _bars(d, bars_top, P, day, iaqi, primary, x, lambda key: pollutant(key).short)
    d.line(x(aqi), bars_top - 4, x(aqi), y + 2, stroke=INK, width=1.5, dash="4 2", mark="aqi", value=aqi)
    y += 14
    names = "、".join(pollutant(k).label for k in primary) or "无"
    summary = f"AQI {aqi}，{chinese_ordinal(result['level'])}级，{result['category']}（{result['color_name']}）；首要污染物：{names}。"
    y = d.paragraph(8, y, summary, 344, bold=True)
    y = legend(d, y + 4, P, day)
    alt = f"按 {standard}，{summary[:-1]}；分指数：" + "、".join(f"{pollutant(k).label} {v}" for k, v in iaqi.items())
    # the same concentrations under every standard, where a changed table makes them differ
    others = []
    changed = [k for k in given if len({tuple(p.value) for p in pollutant(k).periods}) > 1]
    if changed:
        periods = P["standard"].periods
        y += 14
        d.text(8, y, "同样的浓度，按两版标准", bold=True)
        y += 8
        for key in changed:
            d.text(8, y + 12, f"{pollutant(key).label} {number(given[key])} {pollutant(key).unit}", size=SMALL + 1)
            y += 18
            for period in periods:
                rule_day = period.start
                value = indices({key: given[key]}, rule_day)[key]
                y = _bars(d, y, P, rule_day, {key: value}, [], x, lambda _: standard_name(period.value),
                          standard=period.value)
        for period in periods:
            every = indices(given, period.start)
            overall = max(every.values())
            row = _category(P, overall, period.start)
            others.append(f"按 {standard_name(period.value)} 为 AQI {overall}（{row['name']}）"
                          + ("，首要污染物" + "、".join(pollutant(k).short for k in primary_of(every, period.start))
                             if primary_of(every, period.start) else ""))
        y = d.paragraph(8, y + 14, "；".join(others) + "。", 344)
        alt += "；同样浓度" + "，".join(others)
    d.alt = alt + "。"
    return d.render(y + 4, "aqi")


def _concentration_scale(d: Drawing, top: float, P: ParameterSet, key: str, period, end: float, previous=None) -> float:
    day = period.start
    levels = [int(v) for v in P.on("iaqi_levels", day)]
    breakpoints = pollutant(key).governing(day).value
    x = Scale(0, end, 8 + 96, RIGHT)
    d.text(8 + 90, top + 12, standard_name(P.on("standard", day)), size=SMALL, anchor="end")
    for index in range(1, len(breakpoints)):
        low, high = float(breakpoints[index - 1]), float(breakpoints[index])
        if low >= end:
            break
        row = _category(P, levels[index], day)
        fill, hatch = _style(row)
        d.rect(x(low), top + 2, x(min(high, end)) - x(low), 14, fill=fill, hatch=hatch, stroke=INK, mark="breakpoint-band",
               level=row["level"], value=f"{number(Decimal(str(low)))}/{number(Decimal(str(high)))}")
    for index, value in enumerate(breakpoints):
        if float(value) > end:
            break
        moved = previous is not None and index < len(previous) and previous[index] != value
        d.line(x(float(value)), top + 16, x(float(value)), top + 20, axis="x", value=number(value), index=index)
        label = f"{number(previous[index])}→{number(value)}" if moved else number(value)
        if moved or index <= 4:
            d.text(x(float(value)), top + 31, label, size=SMALL - 1, anchor="middle", bold=moved,
                   fill="#b71c1c" if moved else INK)
    return top + 36


def rules(P: ParameterSet, as_of: dt.date) -> dict:
    d = Drawing("")
    d.text(8, 14, "空气质量指数的级别", bold=True)
    day = P["standard"].rule_day(as_of) if P.at("standard", as_of) is None else as_of
    x = Scale(0, int(P.on("iaqi_levels", day)[-1]), 8, RIGHT)
    y = index_scale(d, 24, P, day, x)
    y = legend(d, y + 8, P, day)
    moved = [key for key in POLLUTANTS if len(pollutant(key).periods) > 1]
    for key in moved:
        parameter = pollutant(key)
        y += 18
        d.text(8, y, f"{parameter.label}（{parameter.unit}）的浓度分段", bold=True)
        differ = [i for before, after in zip(parameter.periods, parameter.periods[1:])
                  for i, (a, b) in enumerate(zip(before.value, after.value)) if a != b]
        shown = min(max(differ) + 3, len(parameter.latest.value) - 1)  # a few steps past the last change
        end = max(float(p.value[shown]) for p in parameter.periods)
        previous = None
        y += 4
        for period in parameter.periods:
            y = _concentration_scale(d, y, P, key, period, end, previous)
            previous = period.value
    y = d.paragraph(8, y + 16, "红字为新标准改动的浓度限值：同样的浓度，按新标准的分指数更高。" if moved else "", 344, size=SMALL)
    categories = "、".join(f"{row['name']}（{_range(low, high, row)}）" for low, high, row in _bands(P, day))
    d.alt = f"空气质量指数分为{categories}六级" + (f"；{'；'.join(changes())}，同样浓度按新标准的分指数更高" if moved else "") + "。"
    return d.render(y + 4, "aqi-rules")


def draw(v: dict, outcome: dict) -> dict:
    given = {key: v[key] for key in POLLUTANTS if v[key] is not None}
    return result(P, given, outcome, v["date"])


def rules_picture(as_of: dt.date) -> dict:
    return rules(P, as_of)
