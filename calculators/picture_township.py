"""township pictures: the township's reward made of its parts (and what the original unit and the
fee relief come to); for the rules, where each 100 yuan goes."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .money import yuan
from .params import ParameterSet
from .words import wan
from .svg import GREY, INK, SMALL, Drawing, Scale
from .township import P

LEFT, RIGHT = 8, 352
FILLS = ("#cfe2f6", "#c8e6c9", "#fff3c4", "#ffd7c2")
HATCHES = ("rising", "dots", "falling", "cross")


def stacked(d: Drawing, top: float, title: str, parts: list[tuple[str, str, Decimal]], total: Decimal | None = None,
            unit: str = "yuan", track: Decimal | None = None) -> float:
    """One bar made of its parts, in proportion, each with a legend line. Returns the y below it."""
    d.text(LEFT, top + 14, title, bold=True)
    whole = track if track is not None else sum((amount for _, _, amount in parts), Decimal(0))
    x = Scale(0, float(whole) if whole else 1, LEFT, RIGHT)
    bar_top, height = top + 22, 22
    d.rect(LEFT, bar_top, RIGHT - LEFT, height, fill="#fafafa", stroke=GREY)
    start = Decimal(0)
    for index, (key, name, amount) in enumerate(parts):
        d.rect(x(start), bar_top, x(start + amount) - x(start), height, fill=FILLS[index % 4], hatch=HATCHES[index % 4],
               stroke=INK, mark="part", key=key, value=f"{float(amount):g}")
        start += amount
    d.line(x(0), bar_top + height, x(0), bar_top + height + 4, axis="x", value="0")
    d.line(x(whole), bar_top + height, x(whole), bar_top + height + 4, axis="x", value=f"{float(whole):g}")
    y = bar_top + height + 17
    for index, (key, name, amount) in enumerate(parts):
        shown = yuan(amount) if unit == "yuan" else f"{amount.normalize():f} 元"
        d.swatch(LEFT, y, FILLS[index % 4], HATCHES[index % 4], f"{name}：{shown}")
        y += 16
    if total is not None:
        d.text(LEFT, y + 2, f"合计 {yuan(total)}", bold=True)
        y += 16
    return y + 4


def result(P: ParameterSet, result: dict, day: dt.date) -> dict:
    amount = {key: Decimal(str(result[key])) for key in result if key.endswith("_yuan")}
    d = Drawing("")
    parts = [(key, name, amount[key]) for key, name in (("land_return_yuan", "土地出让金返还"),
                                                          ("asset_reward_township_yuan", "资产盘活奖励"),
                                                          ("honor_reward_yuan", "专项奖励")) if amount[key] > 0]
    y = 0.0
    alt = []
    if parts:
        y = stacked(d, y, "乡镇所得由哪几部分组成", parts, amount["total_township_yuan"])
        alt.append(f"乡镇所得 {yuan(amount['total_township_yuan'])}，由" + "、".join(f"{n} {yuan(a)}" for _, n, a in parts) + "组成")
    else:
        d.text(LEFT, 16, "乡镇所得：0.00 元（未填写会产生奖补的项目）", bold=True)
        y = 26
        alt.append("乡镇所得 0.00 元")
    if amount["asset_reward_unit_yuan"] > 0:
        # on the same scale as the township's bar, so the two compare at a glance
        y = stacked(d, y + 4, "另：奖励原资产管理单位（与上图同一比例）",
                    [("asset_reward_unit_yuan", "资产盘活奖励（原单位）", amount["asset_reward_unit_yuan"])],
                    track=max(amount["total_township_yuan"], amount["asset_reward_unit_yuan"]))
        alt.append(f"另奖励原资产管理单位 {yuan(amount['asset_reward_unit_yuan'])}")
    if amount["fees_payable_yuan"] + amount["fees_saved_yuan"] > 0:
        fees = [("fees_payable_yuan", "减免后应缴", amount["fees_payable_yuan"]),
                ("fees_saved_yuan", "减免", amount["fees_saved_yuan"])]
        y = stacked(d, y + 4, "项目收费：应缴与减免", [f for f in fees if f[2] > 0])
        alt.append(f"收费减免后应缴 {yuan(amount['fees_payable_yuan'])}，减免 {yuan(amount['fees_saved_yuan'])}")
    d.alt = "；".join(alt) + "。"
    return d.render(y + 4, "township")


def rules(P: ParameterSet, day: dt.date) -> dict:
    """Where each 100 yuan goes, rate by rate."""
    hundred = Decimal(100)
    land = P.on("land.return_rate", day)
    township_asset = P.on("assets.township_managed.township_rate", day)
    unit_township = P.on("assets.county_unit_managed.township_rate", day)
    unit_unit = P.on("assets.county_unit_managed.unit_rate", day)
    county_fee = P.on("fees.county_admin_payable_rate", day)
    service_fee = P.on("fees.service_rate_of_lower_limit", day)
    rows = [
        ("土地出让收入每 100 元", [("land", "返还乡镇", hundred * land)]),
        ("乡镇管理资产净收益每 100 元", [("township_asset", "奖励乡镇", hundred * township_asset)]),
        ("县直单位资产净收益每 100 元", [("unit_township", "奖励乡镇", hundred * unit_township),
                                       ("unit_unit", "奖励原单位", hundred * unit_unit)]),
        ("县级行政事业性收费每 100 元", [("county_fee_payable", "应缴", hundred * county_fee),
                                       ("county_fee_saved", "减免", hundred * (1 - county_fee))]),
        ("经营服务性收费（下限）每 100 元", [("service_payable", "应缴", hundred * service_fee),
                                          ("service_saved", "减免", hundred * (1 - service_fee))]),
    ]
    d = Drawing("")
    d.text(LEFT, 14, "每 100 元的去向", bold=True)
    y = 20.0
    x = Scale(0, 100, LEFT, RIGHT)
    alt = []
    for title, parts in rows:
        d.text(LEFT, y + 14, title, size=SMALL + 1)
        bar_top = y + 20
        d.rect(LEFT, bar_top, RIGHT - LEFT, 18, fill="#fafafa", stroke=GREY)
        start = Decimal(0)
        labels = []
        for index, (key, name, value) in enumerate(parts):
            if value > 0:
                d.rect(x(start), bar_top, x(start + value) - x(start), 18, fill=FILLS[index % 4], hatch=HATCHES[index % 4],
                       stroke=INK, mark="part", key=key, value=f"{float(value):g}")
            labels.append(f"{name} {value.normalize():f} 元")
            start += value
        d.line(x(100), bar_top + 18, x(100), bar_top + 22, axis="x", value="100")
        d.line(x(0), bar_top + 18, x(0), bar_top + 22, axis="x", value="0")
        label = "，".join(labels)
        d.text(LEFT, bar_top + 33, label, size=SMALL, fill=INK)
        alt.append(f"{title}{label}")
        y = bar_top + 40
    honors = f"专项奖励：每项省级及以上荣誉称号 {wan(P.on('honors.provincial', day))}，每次市级以上表彰或推介 {wan(P.on('honors.city', day))}。"
    y = d.paragraph(LEFT, y + 14, honors, RIGHT - LEFT, size=SMALL + 1)
    d.alt = "；".join(alt) + "；" + honors
    return d.render(y, "township-rules")


def draw(v: dict, outcome: dict) -> dict:
    return result(P, outcome, v["rule_day"])


def rules_picture(as_of: dt.date) -> dict:
    return rules(P, P.policy.rule_day(as_of))
