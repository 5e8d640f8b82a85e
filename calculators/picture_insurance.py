"""insurance pictures: the payout bands as steps with the cost, the payout and the cap marked;
a bar against its limit for the other categories; and how the insurers share the payout."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .money import percent, yuan
from .params import ParameterSet
from .words import wan
from .svg import GREY, INK, SMALL, Drawing, Scale, nice_step, text_width
from .insurance import AS_OF, P, industry_parts

LEFT, RIGHT = 50, 346
BAND_HATCHES = (None, "dots", "rising", "falling")
BAND_FILLS = ("#e8f1fb", "#cfe2f6", "#b3d1f0", "#93bde9")
SHARE_HATCHES = ("rising", "dots", "falling", "cross")
SHARE_FILLS = ("#c8e6c9", "#fff3c4", "#ffd7c2", "#d7ccf0")
CATEGORY_NAMES = {"illness": ("因病", "自付医疗费用", "每人"), "disaster": ("因灾", "自付（损失）部分", "每户")}


def _short(amount) -> str:
    """Axis labels: 2万, 500."""
    return wan(Decimal(str(amount))).replace("元", "")


def segments(deductible: float, bands: list[tuple[float, float]], cap: float, mode: str, end: float) -> list[tuple]:
    """The payout as a function of the amount, as straight pieces [(x0, p0, x1, p1)] up to x = end."""
    pieces = [(0.0, 0.0, min(deductible, end), 0.0)]
    paid = 0.0
    for index, (lower, rate) in enumerate(bands):
        upper = bands[index + 1][0] if index + 1 < len(bands) else float("inf")
        x0, x1 = deductible + lower, min(deductible + upper, end)
        if x0 >= end:
            break
        p0 = paid if mode == "progressive" else lower * rate
        p1 = p0 + (x1 - x0) * rate
        if p0 >= cap:
            pieces.append((x0, cap, x1, cap))
        elif p1 > cap:
            x_cap = x0 + (cap - p0) / rate
            pieces += [(x0, p0, x_cap, cap), (x_cap, cap, x1, cap)]
        else:
            pieces.append((x0, p0, x1, p1))
        paid = p0 + (upper - lower) * rate if upper != float("inf") else p1
    return pieces


def cap_reached_at(deductible: float, bands: list[tuple[float, float]], cap: float) -> float:
    """The amount at which the progressive payout reaches the cap."""
    paid = 0.0
    for index, (lower, rate) in enumerate(bands):
        upper = bands[index + 1][0] if index + 1 < len(bands) else float("inf")
        if rate and paid + (upper - lower) * rate >= cap:
            return deductible + lower + (cap - paid) / rate
        paid += (upper - lower) * rate
    return deductible + bands[-1][0] * 2


def tiered_chart(d: Drawing, top: float, P: ParameterSet, kind: str, day: dt.date, mode: str,
                 amount: Decimal | None = None, payout: Decimal | None = None, already: Decimal = Decimal(0)) -> float:
    """One category's payout against the amount: bands shaded and labelled with their rates,
    the payout line, the cap; the case's amount and payout when given. Returns the y below it."""
    name, what, per = CATEGORY_NAMES[kind]
    deductible = float(P.on(f"{kind}.deductible", day))
    bands = [(float(lower), float(rate)) for lower, rate in P.on(f"{kind}.bands", day)]
    cap = float(P.on(f"{kind}.cap", day))
    reach = cap_reached_at(deductible, bands, cap) * 1.12
    end = max(reach, float(amount) * 1.08) if amount is not None and float(amount) <= reach * 2.5 else reach
    step = nice_step(end, 4)
    end = step * -(-end // step)
    d.text(8, top + 14, f"{name}：{what}与赔付金额（{'超额累进' if mode == 'progressive' else '全额按所在段'}）", bold=True)
    plot_top, plot_bottom = top + 38, top + 178
    x = Scale(0, end, LEFT, RIGHT)
    y = Scale(0, cap * 1.3, plot_bottom, plot_top)
    for index, (lower, rate) in enumerate(bands):
        upper = bands[index + 1][0] if index + 1 < len(bands) else end
        x0, x1 = x(min(deductible + lower, end)), x(min(deductible + upper, end))
        if x1 - x0 < 1:
            continue
        d.rect(x0, plot_top, x1 - x0, plot_bottom - plot_top, fill=BAND_FILLS[index % 4], hatch=BAND_HATCHES[index % 4],
               mark="band", value=lower, rate=rate)
        label = percent(Decimal(str(rate)))
        if x1 - x0 > text_width(label, SMALL) + 4:
            d.text((x0 + x1) / 2, plot_top + 13, label, size=SMALL, anchor="middle", bold=True, halo=True)
    tick = 0.0
    while tick <= end + 1e-9:
        d.line(x(tick), plot_bottom, x(tick), plot_bottom + 4, axis="x", value=f"{tick:g}")
        last = tick + step > end + 1e-9
        d.text(x(tick) + (4 if last else 0), plot_bottom + 16, _short(tick), size=SMALL, anchor="end" if last else "middle")
        tick += step
    y_step = nice_step(cap, 3)
    tick = 0.0
    while tick <= cap * 1.3:
        d.line(LEFT - 4, y(tick), LEFT, y(tick), axis="y", value=f"{tick:g}")
        d.text(LEFT - 6, y(tick) + 4, _short(tick), size=SMALL, anchor="end")
        tick += y_step
    d.line(LEFT, plot_bottom, RIGHT, plot_bottom)
    d.line(LEFT, plot_top, LEFT, plot_bottom)
    path = []
    previous = None
    for x0, p0, x1, p1 in segments(deductible, bands, cap, mode, end):
        if previous is not None and abs(previous - p0) > 1e-9:  # whole mode jumps at a band limit
            d.line(x(x0), y(previous), x(x0), y(p0), stroke=INK, width=1, dash="2 2")
        path.append(f"M{x(x0):.1f} {y(p0):.1f}L{x(x1):.1f} {y(p1):.1f}")
        previous = p1
    d.path("".join(path), stroke=INK, width=2.5, mark="payout-line")
    d.line(LEFT, y(cap), RIGHT, y(cap), stroke="#b71c1c", width=1.5, dash="6 3", mark="cap", value=f"{cap:g}")
    d.text(RIGHT, y(cap) - 4, f"{per}最高 {wan(Decimal(str(cap)))}", size=SMALL, anchor="end", halo=True)
    if already and float(already) > 0:
        remaining = max(cap - float(already), 0.0)
        d.line(LEFT, y(remaining), RIGHT, y(remaining), stroke="#b71c1c", width=1, dash="2 2", mark="remaining",
               value=f"{remaining:g}")
        d.text(LEFT + 4, y(remaining) + 13, f"已获赔付后剩余 {wan(Decimal(str(remaining)))}", size=SMALL, halo=True)
    d.text(RIGHT, plot_bottom + 44, f"横轴：{what}（元），先扣免赔额 {wan(Decimal(str(deductible)))}", size=SMALL,
           anchor="end", fill=GREY)
    if amount is not None and payout is not None:
        inside = float(amount) <= end
        cost_x = x.clamp(amount)
        d.line(cost_x, plot_top, cost_x, plot_bottom, stroke=INK, width=1.5, dash="4 3", mark="cost",
               value=f"{float(amount):g}")
        point_y = y(payout)
        d.circle(cost_x, point_y, 5, mark="payout", value=f"{float(payout):g}")
        label = f"赔付 {yuan(payout)}"
        anchor, label_x = ("end", cost_x - 8) if cost_x > (LEFT + RIGHT) / 2 else ("start", cost_x + 8)
        d.text(label_x, max(point_y - 8, plot_top + 28), label, bold=True, anchor=anchor, halo=True)
        cost = f"▲ {what} {yuan(amount)}" + ("" if inside else " →（超出图示范围）")
        cost_anchor = "end" if cost_x + text_width(cost, SMALL) > RIGHT + 10 else "start"
        d.text(cost_x - 5 if cost_anchor == "start" else cost_x + 5, plot_bottom + 30, cost, size=SMALL, anchor=cost_anchor,
               bold=True)
    return plot_bottom + 54


def limit_bar(d: Drawing, top: float, title: str, parts: list[tuple[str, Decimal]], limit: Decimal, limit_label: str,
              payout: Decimal) -> float:
    """A bar of the amount (made of its parts) against its limit, for categories without bands."""
    d.text(8, top + 14, title, bold=True)
    total = sum((amount for _, amount in parts), Decimal(0))
    end = float(max(total, limit, Decimal(1)))
    x = Scale(0, end, LEFT - 40, RIGHT)
    bar_top, height = top + 26, 26
    d.rect(x(0), bar_top, x(end) - x(0), height, fill="#fafafa", stroke=GREY)
    start = Decimal(0)
    for index, (name, amount) in enumerate(parts):
        d.rect(x(start), bar_top, x(start + amount) - x(start), height, fill=SHARE_FILLS[index % 4],
               hatch=SHARE_HATCHES[index % 4], stroke=INK, mark="part", value=f"{float(amount):g}", name=name)
        start += amount
    d.line(x(0), bar_top + height + 2, x(0), bar_top + height + 6, axis="x", value="0")
    d.line(x(limit), bar_top - 6, x(limit), bar_top + height + 6, stroke="#b71c1c", width=2, dash="5 3", mark="limit",
           value=f"{float(limit):g}")
    d.line(x(payout), bar_top + height + 2, x(payout), bar_top + height + 6, mark="payout", value=f"{float(payout):g}")
    y = bar_top + height + 20
    d.text(x(limit), y, f"{limit_label} {yuan(limit)}", size=SMALL, anchor="end" if x(limit) > 200 else "start", fill="#b71c1c")
    y += 16
    for index, (name, amount) in enumerate(parts):
        d.swatch(LEFT - 40, y, SHARE_FILLS[index % 4], SHARE_HATCHES[index % 4], f"{name}：{yuan(amount)}")
        y += 16
    d.text(LEFT - 40, y + 2, f"赔付 {yuan(payout)}", bold=True)
    return y + 14


def shares_bar(d: Drawing, top: float, P: ParameterSet, day: dt.date, shares: dict | None) -> float:
    """How the insurers share the payout: one bar in proportion, each part labelled."""
    ratios = P.on("insurer_shares", day)
    names = dict(P["insurer_shares"].labels)
    d.text(8, top + 14, "各承保机构分担", bold=True)
    x = Scale(0, 1, LEFT - 40, RIGHT)
    bar_top, height = top + 24, 22
    start = 0.0
    for index, key in enumerate(ratios):
        share = float(ratios[key])
        d.rect(x(start), bar_top, x(start + share) - x(start), height, fill=SHARE_FILLS[index % 4],
               hatch=SHARE_HATCHES[index % 4], stroke=INK, mark="share", key=key, ratio=f"{share:g}",
               value=None if shares is None else f"{float(shares[key]):g}")
        start += share
    y = bar_top + height + 16
    for index, key in enumerate(ratios):
        amount = "" if shares is None else f"：{yuan(shares[key])}"
        d.swatch(LEFT - 40, y, SHARE_FILLS[index % 4], SHARE_HATCHES[index % 4], f"{names[key]} {percent(ratios[key])}{amount}")
        y += 16
    return y


def _other_category(P: ParameterSet, v: dict, result: dict, day: dt.date, d: Drawing, top: float) -> tuple[float, str]:
    payout = Decimal(str(result["payout_yuan"]))
    category = v["category"]
    if category == "education":
        school = P["education.ceiling"].label_of(v["school_type"])
        limit = P.on("education.ceiling", day)[v["school_type"]]
        return limit_bar(d, top, f"因学救助金（{school}）", [("救助金上限", payout)], limit, "上限", payout), \
            f"因学救助金（{school}）最高 {yuan(limit)}"
    if category == "accident":
        death = P.on("accident.death", day)
        if v["outcome"] == "death":
            return limit_bar(d, top, "意外身故保险金", [("身故保险金", payout)], death, "身故保险金", payout), \
                f"意外身故保险金 {yuan(death)}"
        if v["outcome"] == "disability":
            grade = v["disability_grade"]
            ratio = P.on("accident.disability_ratio", day)[grade - 1]
            return limit_bar(d, top, "意外残疾保险金", [(f"{grade}级伤残 {percent(ratio)}", payout)], death, "身故保险金",
                             payout), f"{grade}级伤残按身故保险金 {yuan(death)} 的 {percent(ratio)} 赔付 {yuan(payout)}"
        limit = P.on("accident.income_loss_ceiling", day)
        return limit_bar(d, top, "因意外导致收入锐减", [("上限", payout)], limit, "每户不超过", payout), \
            f"因意外收入锐减每户不超过 {yuan(limit)}"
    if category == "industry":
        parts = [(f"{name} {quantity.normalize():f}{unit}", amount) for name, quantity, unit, _, amount in industry_parts(v, day)]
        cap = P.on("industry.cap", day)
        return limit_bar(d, top, "因产业失败：按种类的限额", parts or [("未填", Decimal(0))], cap, "每户最高", payout), \
            f"按受损数量计 {yuan(sum((a for _, a in parts), Decimal(0)))}，每户最高 {yuan(cap)}"
    limit = P.on("other.ceiling", day)
    return limit_bar(d, top, "因其他原因", [("上限", payout)], limit, "每户最高不超过", payout), \
        f"因其他原因每户最高不超过 {yuan(limit)}"


def result(P: ParameterSet, v: dict, result: dict, day: dt.date) -> dict:
    category = v["category"]
    payout = Decimal(str(result["payout_yuan"]))
    shares = {k: Decimal(str(x)) for k, x in result["insurer_shares_yuan"].items()}
    names = dict(P["insurer_shares"].labels)
    split = "、".join(f"{names[k]} {yuan(x)}" for k, x in shares.items())
    d = Drawing("")
    if category in CATEGORY_NAMES:
        name, what, per = CATEGORY_NAMES[category]
        amount = v["self_paid_yuan"] if category == "illness" else v["loss_yuan"]
        y = tiered_chart(d, 0, P, category, day, v["tier_mode"], amount, payout, v["already_paid_yuan"] or Decimal(0))
        deductible = P.on(f"{category}.deductible", day)
        cap = P.on(f"{category}.cap", day)
        how = "超额累进" if v["tier_mode"] == "progressive" else "全额按所在段比例"
        summary = (f"{name}{what} {yuan(amount)}，扣除免赔额 {yuan(deductible)} 后按{how}计算，赔付 {yuan(payout)}"
                   f"（{per}最高 {yuan(cap)}）")
    else:
        y, summary = _other_category(P, v, result, day, d, 0)
        summary += f"，本次赔付 {yuan(payout)}"
    y = shares_bar(d, y + 6, P, day, shares)
    d.alt = f"{summary}，由{split}分担。"
    return d.render(y + 8, "insurance")


def rules(P: ParameterSet, day: dt.date) -> dict:
    d = Drawing("")
    y = tiered_chart(d, 0, P, "illness", day, "progressive")
    y = tiered_chart(d, y + 4, P, "disaster", day, "progressive")
    y = shares_bar(d, y + 6, P, day, None)
    parts = []
    for kind in CATEGORY_NAMES:
        name, what, per = CATEGORY_NAMES[kind]
        bands = "、".join(f"{wan(Decimal(lower))}起{percent(Decimal(rate))}" for lower, rate in P.on(f"{kind}.bands", day))
        parts.append(f"{name}先扣免赔额 {wan(P.on(f'{kind}.deductible', day))}，再按{bands}分段赔付，{per}最高 "
                     f"{wan(P.on(f'{kind}.cap', day))}")
    ratios = P.on("insurer_shares", day)
    names = dict(P["insurer_shares"].labels)
    d.alt = "；".join(parts) + "；赔付由" + "、".join(f"{names[k]} {percent(r)}" for k, r in ratios.items()) + "分担。"
    return d.render(y + 8, "insurance-rules")


def draw(v: dict, outcome: dict) -> dict:
    return result(P, v, outcome, v.get("rule_day") or v[AS_OF])


def rules_picture(as_of: dt.date) -> dict:
    return rules(P, P.policy.rule_day(as_of))
