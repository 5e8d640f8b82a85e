"""housing pictures: a time line of each item's window, the extension and the application deadline,
with the contract, the application and the day of calculation marked."""
from __future__ import annotations

import datetime as dt

from .money import yuan
from .params import ParameterSet
from .svg import GREY, INK, SMALL, Drawing, Scale, text_width
from .housing import ITEM_NAMES, ITEM_RULES, P, extension_end

LEFT, RIGHT = 12, 348
MARGIN = dt.timedelta(days=45)
ITEM_FILLS = ("#cfe2f6", "#c8e6c9", "#fff3c4", "#ffd7c2")
ITEM_HATCHES = ("rising", "dots", "falling", "vertical")
MARKER_STYLES = {"contract": ("签约", "#0d47a1", "5 2"), "application": ("申报", "#1b5e20", "2 2"),
                 "as_of": ("计算日", INK, None), "deadline": ("申报截止", "#b71c1c", "6 3"),
                 "page_day": ("本页日期", INK, None)}


def _ordinal(day: dt.date) -> int:
    return day.toordinal()


def _years(start: dt.date, end: dt.date) -> list[dt.date]:
    return [dt.date(year, 1, 1) for year in range(start.year + 1, end.year + 1)]


def _timeline(d: Drawing, P: ParameterSet, names: dict, rules: dict, markers: dict[str, dt.date],
              extension: dt.date | None, extension_label: str, amounts: dict | None, residential: bool) -> float:
    extension_items = P.on("extension.items", P.policy.first.start)
    windows = {item: (P[key].first.start, P[key].latest.end) for item, key in rules.items()}
    deadline = markers["deadline"]
    days = [w for pair in windows.values() for w in pair if w] + list(markers.values()) + ([extension] if extension else [])
    start, end = min(days) - MARGIN, max(days) + MARGIN
    x = Scale(_ordinal(start), _ordinal(end), LEFT, RIGHT)

    # marker labels above the rows, in as many lines as it takes for them not to overlap
    lines: list[list[tuple[float, float]]] = []
    placed = []
    for kind, day in sorted(markers.items(), key=lambda item: item[1]):
        label = f"{MARKER_STYLES[kind][0]} {day}"
        width = text_width(label, SMALL)
        left = min(max(x(_ordinal(day)) - width / 2, LEFT), RIGHT - width)
        for index, taken in enumerate(lines):
            if all(left > b + 6 or left + width < a - 6 for a, b in taken):
                taken.append((left, left + width))
                placed.append((kind, day, label, left, index))
                break
        else:
            lines.append([(left, left + width)])
            placed.append((kind, day, label, left, len(lines) - 1))
    top = 32 + 15 * len(lines)
    row_height = 38
    bottom = top + row_height * len(windows) + 4
    for kind, day, label, left, line in placed:
        name, colour, dash = MARKER_STYLES[kind]
        label_y = 30 + 15 * line
        d.text(left, label_y, label, size=SMALL, fill=colour, bold=kind in ("contract", "as_of", "page_day"))
        d.line(x(_ordinal(day)), label_y + 3, x(_ordinal(day)), bottom, stroke=colour, width=1.5, dash=dash,
               mark=kind, value=day.isoformat())
    y = top
    for index, (item, (item_start, item_end)) in enumerate(windows.items()):
        applies = residential or item == "deed_tax_subsidy"
        window_text = f"{item_start} 至 {item_end}" if item_end else f"{item_start} 起"
        amount = "" if amounts is None or not applies else f"：{yuan(amounts[item])}"
        label = f"{names[item]}{amount}" + ("" if applies else "（仅住宅）")
        d.text(LEFT, y + 12, label, size=SMALL + 1, bold=bool(amounts and amounts.get(item)), fill=INK if applies else GREY,
               halo=True)
        if text_width(label, SMALL + 1) + text_width(window_text, SMALL) + 10 < RIGHT - LEFT:
            d.text(RIGHT, y + 12, window_text, size=SMALL, anchor="end", fill=GREY, halo=True)
        bar_end = item_end or end
        d.rect(x(_ordinal(item_start)), y + 17, x(_ordinal(bar_end) + 1) - x(_ordinal(item_start)), 14,
               fill=ITEM_FILLS[index % 4] if applies else "#eeeeee", stroke=INK if applies else GREY,
               hatch=ITEM_HATCHES[index % 4] if applies else None, mark="window", item=item,
               value=f"{item_start}/{bar_end}")
        if extension and item in extension_items and item_end and extension > item_end:
            d.rect(x(_ordinal(item_end) + 1), y + 17, x(_ordinal(extension) + 1) - x(_ordinal(item_end) + 1), 14,
                   fill="#ffffff", stroke=INK, hatch="cross", mark="extension", item=item,
                   value=f"{item_end + dt.timedelta(days=1)}/{extension}")
            if index == 0:
                d.text(x(_ordinal(extension)) + 3, y + 28, extension_label, size=SMALL - 1, halo=True,
                       anchor="end" if x(_ordinal(extension)) > 250 else "start")
        y += row_height
    d.line(LEFT, bottom, RIGHT, bottom)
    for year in _years(start, end):
        d.line(x(_ordinal(year)), bottom, x(_ordinal(year)), bottom + 5, axis="x", value=year.isoformat())
        at = x(_ordinal(year))
        d.text(at, bottom + 17, f"{year.year}年", size=SMALL,
               anchor="start" if at < LEFT + 20 else "end" if at > RIGHT - 20 else "middle")
    if extension:
        d.text(LEFT, bottom + 34, "申报截止只适用于第一、二项；交叉格为延期。", size=SMALL, fill=GREY)
    else:
        d.text(LEFT, bottom + 34, "申报截止只适用于第一、二项。", size=SMALL, fill=GREY)
    return bottom + 42


def result(P: ParameterSet, names: dict, rules: dict, v: dict, result: dict) -> dict:
    contract, application, as_of = v["contract_date"], v["application_date"], v["as_of"]
    deadline = dt.date.fromisoformat(P.on("application_deadline", contract))
    markers = {"contract": contract, "application": application, "as_of": as_of, "deadline": deadline}
    extension = v.get("extension_end")
    amounts = result.get("eligible_amounts") or result["items"]
    d = Drawing("")
    d.text(8, 14, "各项补贴的执行期限与您的日期", bold=True)
    residential = v["property_type"] == "residential"
    y = _timeline(d, P, names, rules, markers, extension, f"延至 {extension}", amounts, residential)
    inside = [names[item].split(" ")[0] for item, key in rules.items()
              if P[key].at(contract) is not None and (residential or item == "deed_tax_subsidy")]
    where = f"在{'、'.join(inside)}的执行期限内" if inside else "不在任何一项的原执行期限内"
    extended = f"，延期至 {extension}" if extension else ""
    before = "未超过" if application <= deadline else "已超过"
    d.alt = (f"网签合同日期 {contract} {where}{extended}；申报日期 {application} {before}第一、二项申报截止日 {deadline}；"
             f"计算日期 {as_of}；补贴合计 {yuan(result['total_yuan'])}。")
    return d.render(y, "housing")


def rules(P: ParameterSet, names: dict, rules: dict, as_of: dt.date) -> dict:
    deadline = dt.date.fromisoformat(P.on("application_deadline", P.policy.first.start))
    presale_deadline = dt.date.fromisoformat(P.on("extension.presale_deadline", P.policy.first.start))
    longest = extension_end(presale_deadline)
    d = Drawing("")
    d.text(8, 14, "各项补贴的执行期限、延期和申报截止", bold=True)
    y = _timeline(d, P, names, rules, {"page_day": as_of, "deadline": deadline}, longest, f"最长延至 {longest}", None, True)
    windows = "；".join(f"{names[item]} {P[key].first.start} 至 {P[key].latest.end}" for item, key in rules.items())
    extension_items = "、".join(P["extension.items"].label_of(i).split(" ")[0] for i in P.on("extension.items", P.policy.first.start))
    d.alt = (f"执行期限按网签合同日期判断：{windows}；{extension_items}可因楼栋在 {presale_deadline} 前取得预售许可证"
             f"延期，最长至 {longest}；第一、二项申报截止 {deadline}；本页按 {as_of} 绘制。")
    return d.render(y, "housing-rules")


def draw(v: dict, outcome: dict) -> dict:
    return result(P, ITEM_NAMES, ITEM_RULES, v, outcome)


def rules_picture(as_of: dt.date) -> dict:
    return rules(P, ITEM_NAMES, ITEM_RULES, as_of)
