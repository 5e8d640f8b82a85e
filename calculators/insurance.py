"""insurance: 防贫综合保险赔付 (四 保险责任及赔付标准 of the scheme in parameters/insurance.json)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .money import ZERO, number, percent, to_fen, yuan
from .params import load
from .schema import AS_OF, Field
from .words import chinese_ordinal, chinese_span, wan
from .working import Working, as_of_field

ID = "insurance"
P = load(ID)
PAGE = P.page
TITLE = "防贫综合保险赔付计算器"
SUMMARY = (f"按《{P.title}》（{P.document}）计算因病、因学、因灾、因意外、因产业失败和其他原因的赔付金额，"
           "以及各承保机构分别承担的部分。")
CATEGORIES = (("illness", "因病"), ("education", "因学"), ("disaster", "因灾"), ("accident", "因意外事故"),
              ("industry", "因产业失败"), ("other", "因其他原因"))
SCHOOLS = tuple(P["education.ceiling"].labels)
OUTCOMES = (("death", "意外身故"), ("disability", "意外残疾"), ("income_loss", "未伤残但收入锐减"))
QUANTITIES = {"grain_mu": ("粮食作物", "亩"), "cash_crop_mu": ("经济作物", "亩"), "poultry": ("禽类", "只"),
              "livestock": ("畜类", "头")}
BIG = Decimal("100000000")
PERIOD = P.policy.latest
OUT_OF_PERIOD = "以下金额按原方案试算，仅供参考。"


def _latest(key: str):
    return P[key].latest.value


def _limits(kind: str) -> str:
    """The band limits of a tiered category as a person reads them: 2万元、4万元."""
    return "、".join(wan(Decimal(lower)) for lower, _ in _latest(f"{kind}.bands")[1:])


def _when(*categories):
    return (("category", categories),)


INPUTS = (
    Field("category", "赔付类别", "choice", required=True, choices=CATEGORIES, clause=PAGE + "#c4", example="illness"),
    Field("self_paid_yuan", "自付医疗费用", "money", unit="元", maximum=BIG, clause=PAGE + "#c4-1", required=True,
          relevant_when=_when("illness"), help="定点医疗机构住院治疗的自付医疗费用。", example="10000"),
    Field("already_paid_yuan", "本保险期内已获赔付", "money", default=ZERO, unit="元", maximum=BIG, clause=PAGE + "#c4-1",
          relevant_when=_when("illness", "disaster"), help="只用于扣减每人（每户）最高赔付的剩余额度。"),
    Field("school_type", "学校类型", "choice", choices=SCHOOLS, clause=PAGE + "#c4-2", required=True,
          relevant_when=_when("education"), example="undergraduate"),
    Field("loss_yuan", "自付（损失）部分", "money", unit="元", maximum=BIG, clause=PAGE + "#c4-3", required=True,
          relevant_when=_when("disaster"), help="房屋、屋内附属设施及财产的损失（不含现金及金银首饰）。", example="15000"),
    Field("outcome", "意外后果", "choice", choices=OUTCOMES, clause=PAGE + "#c4-4", required=True,
          relevant_when=_when("accident"), example="disability"),
    Field("disability_grade", "伤残等级", "integer", minimum=Decimal("1"),
          maximum=Decimal(len(_latest("accident.disability_ratio"))), unit="级", clause=PAGE + "#c4-4",
          relevant_when=(("category", ("accident",)), ("outcome", ("disability",))),
          help=(f"一级最重（{percent(_latest('accident.disability_ratio')[0])}），"
                f"{chinese_ordinal(len(_latest('accident.disability_ratio')))}级最轻"
                f"（{percent(_latest('accident.disability_ratio')[-1])}）。"), example="5"),
    Field("grain_mu", "粮食作物受损面积", "number", default=ZERO, unit="亩", maximum=Decimal("100000"),
          clause=PAGE + "#c4-5", relevant_when=_when("industry")),
    Field("cash_crop_mu", "经济作物受损面积", "number", default=ZERO, unit="亩", maximum=Decimal("100000"),
          clause=PAGE + "#c4-5", relevant_when=_when("industry")),
    Field("poultry", "禽类死亡数量", "integer", default=0, unit="只", maximum=Decimal("10000000"),
          clause=PAGE + "#c4-5", relevant_when=_when("industry")),
    Field("livestock", "畜类死亡数量", "integer", default=0, unit="头", maximum=Decimal("1000000"),
          clause=PAGE + "#c4-5", relevant_when=_when("industry")),
    Field("event_date", "事故（住院、受灾）日期", "date", clause=P.policy.link,
          help=f"{P.policy.label}为{chinese_span(PERIOD.start, PERIOD.end)}；期外发生的，结果会先说明，金额仅供参考。"
               "不填时按计算日期判断。"),
    Field("tier_mode", "分段计算方式", "choice", default="progressive",
          choices=(("progressive", "超额累进：各段按各段比例"), ("whole", "全额：全部按所在段比例")),
          clause=PAGE + "#c4-1", relevant_when=_when("illness", "disaster"),
          help="方案未写明分段方式，默认按超额累进计算。"),
    as_of_field(P.policy),
)

OUTPUTS = (("payout_yuan", "赔付金额", "money"),
           ("insurer_shares_yuan", "各承保机构分担", "shares", dict(P["insurer_shares"].labels)))

EXAMPLES = (
    {"title": "住院自付 1 万元", "inputs": {"category": "illness", "self_paid_yuan": 10000, "event_date": "2024-03-01"}},
    {"title": "住院自付 5 万元（超额累进）", "inputs": {"category": "illness", "self_paid_yuan": 50000, "event_date": "2024-03-01"}},
    {"title": "住院自付 5 万元（全额按所在段）", "inputs": {"category": "illness", "self_paid_yuan": 50000, "tier_mode": "whole",
                                                 "event_date": "2024-03-01"}},
    {"title": "房屋火灾损失 1.5 万元", "inputs": {"category": "disaster", "loss_yuan": 15000, "event_date": "2024-03-10"}},
    {"title": "意外致残五级", "inputs": {"category": "accident", "outcome": "disability", "disability_grade": 5,
                                        "event_date": "2024-05-20"}},
    {"title": "水稻受灾 10 亩、死猪 20 头", "inputs": {"category": "industry", "grain_mu": 10, "livestock": 20,
                                                "event_date": "2024-06-15"}},
    {"title": "考上全日制本科", "inputs": {"category": "education", "school_type": "undergraduate", "event_date": "2024-08-20"}},
    {"title": "保险期限过后住院（仅供参考）", "inputs": {"category": "illness", "self_paid_yuan": 10000, "event_date": "2026-11-01"}},
)


def _interpretations() -> tuple[dict, ...]:
    illness, shares = _latest("illness.bands"), _latest("insurer_shares")
    names = dict(P["insurer_shares"].labels)
    keys = list(shares)
    return (
        {"text": f"因病、因灾先扣免赔额，再按扣除后的金额分段；分段界限（因病 {_limits('illness')}；因灾 {_limits('disaster')}）"
                 "适用于扣除免赔额后的金额。", "clause": PAGE + "#c4-1"},
        {"text": "方案未写明分段是超额累进还是全额按所在段比例。默认按超额累进（像个人所得税那样各段按各段比例），也可选全额方式；"
                 "结果注明所用方式。", "clause": PAGE + "#c4-1"},
        {"text": f"分段写作“{wan(Decimal(illness[1][0]))}(含)”的“含”指下限含在本段内：扣除后恰为{wan(Decimal(illness[1][0]))}"
                 f"的部分按{percent(Decimal(illness[1][1]))}一段计（全额方式）。", "clause": PAGE + "#c4-1"},
        {"text": "最高赔付额最后适用；本保险期内已获赔付只扣减剩余的最高赔付额度。", "clause": PAGE + "#c4-1"},
        {"text": "因学、因意外收入锐减、因其他原因的金额，方案只给出上限，计算结果为上限并在提示中说明。",
         "clause": PAGE + "#c4-2"},
        {"text": f"因产业失败的赔付标准乘以受损数量得出“最高赔付限额”（表中备注），实际赔付在农业保险理赔后确定，"
                 f"不超过每户{wan(_latest('industry.cap'))}。", "clause": PAGE + "#c4-5"},
        {"text": f"{len(keys)}家承保机构按{'、'.join(percent(shares[k]) for k in keys)}分担："
                 f"{'、'.join(names[k] for k in keys[:-1])}按比例四舍五入到分，{names[keys[-1]]}取余数，合计等于赔付金额。",
         "clause": P["insurer_shares"].link},
        {"text": f"事故日期（不填时为计算日期）不在{P.policy.label}内时，结果先说明这一点，金额按原方案试算，仅供参考。",
         "clause": P.policy.link},
    )


INTERPRETATIONS = _interpretations()

ENTRY_POINTS = tuple({"clause": f"{PAGE}#c4-{n}", "prefill": {"category": category, **extra}, "title": f"试算{label}赔付"}
                     for n, (category, label), extra in zip(range(1, len(CATEGORIES) + 1), CATEGORIES,
                                                          ({}, {}, {}, {"outcome": "disability"}, {}, {})))


def calculate(inputs: dict) -> dict:
    """The contract's entry point (the day of calculation is fixed by calculators.api)."""
    from .api import run
    return run(ID, inputs)


def _rule_day(v: dict, w: Working) -> dt.date:
    """The day whose rules apply: the event's, else the day of calculation; outside the insurance
    period the case is tried under the period nearest to it, and says so first."""
    event = v["event_date"]
    day = event or v[AS_OF]
    what = "事故日期" if event else "计算日期（未填事故日期）"
    rule_day = w.check_period(P.policy, day, what, OUT_OF_PERIOD)
    period = P.policy.governing(day)
    window = f"{period.start} 至 {period.end}"
    if rule_day == day:
        if event:
            w.step(f"事故日期 {event} 在{P.policy.label}（{window}）内。", P.policy)
        else:
            w.warn(f"未填事故日期：按计算日期 {day} 所在{P.policy.label}（{window}）的标准计算，只适用于该期间内发生的事故。")
    else:
        w.warn(f"{what} {day} 不在{P.policy.label}（{window}）内，本方案不予赔付；以下仅按该期标准试算。")
    return rule_day


def banded_payout(amount: Decimal, bands: list, mode: str) -> tuple[Decimal, list[str]]:
    """Pay `amount` by bands [(lower limit, rate), ...]: progressive (each slice at its own rate)
    or whole (all of it at the rate of the band it falls in). Returns the payout and the working."""
    parts = []
    if mode == "whole":
        lower, rate = max((b for b in bands if amount >= b[0]), key=lambda b: b[0])
        payout = amount * rate
        parts.append(f"{yuan(amount)} 落在 {yuan(lower)} 起的一段，全额按 {percent(rate)}：{yuan(amount)} × {percent(rate)} = {yuan(payout)}")
        return payout, parts
    payout = ZERO
    for index, (lower, rate) in enumerate(bands):
        upper = bands[index + 1][0] if index + 1 < len(bands) else None
        if amount <= lower:
            break
        slice_ = (min(amount, upper) if upper is not None else amount) - lower
        payout += slice_ * rate
        span = f"{yuan(lower)} 至 {yuan(upper)}" if upper is not None else f"{yuan(lower)} 以上"
        parts.append(f"{span}的部分 {yuan(slice_)} × {percent(rate)} = {yuan(slice_ * rate)}")
    return payout, parts


def bands_on(kind: str, day: dt.date) -> list[tuple[Decimal, Decimal]]:
    return [(Decimal(lower), Decimal(rate)) for lower, rate in P.on(f"{kind}.bands", day)]


def _tiered(v: dict, w: Working, day: dt.date, kind: str, base_key: str, per: str) -> Decimal:
    amount = v[base_key]
    deductible = P.on(f"{kind}.deductible", day)
    bands = bands_on(kind, day)
    cap = P.on(f"{kind}.cap", day)
    base = max(amount - deductible, ZERO)
    what = "自付医疗费用" if kind == "illness" else "自付（损失）部分"
    w.step(f"{what} {yuan(amount)} 先扣免赔额 {yuan(deductible)}（每{per}）：{yuan(base)}。", P[f"{kind}.deductible"])
    mode = v["tier_mode"]
    mode_text = "超额累进（各段按各段比例）" if mode == "progressive" else "全额（全部按所在段比例）"
    if base == 0:
        w.step("扣除免赔额后没有可赔付的金额。", P[f"{kind}.bands"])
        return ZERO
    payout, parts = banded_payout(base, bands, mode)
    payout = to_fen(payout)
    w.step(f"按{mode_text}计算：" + "；".join(parts) + f"；合计 {yuan(payout)}。", P[f"{kind}.bands"])
    w.warn(f"分段方式：方案未写明，本结果按{mode_text}计算；可在“分段计算方式”中改选另一种。")
    remaining = max(cap - v["already_paid_yuan"], ZERO)
    if v["already_paid_yuan"] > 0:
        w.step(f"每{per}最高赔付 {yuan(cap)}，本保险期内已获赔付 {yuan(v['already_paid_yuan'])}，剩余额度 {yuan(remaining)}。",
               P[f"{kind}.cap"])
    if payout > remaining:
        w.step(f"{yuan(payout)} 超过{'剩余额度' if v['already_paid_yuan'] > 0 else f'每{per}最高赔付'} {yuan(remaining)}，按 {yuan(remaining)} 赔付。",
               P[f"{kind}.cap"])
        payout = remaining
    if kind == "disaster":
        w.warn("因灾赔付须损失超出预警线且经查勘认定符合条件；方案未写明预警线金额，以查勘认定为准。")
    return payout


def _ceiling(value: Decimal, what: str, key: str, w: Working) -> Decimal:
    w.step(f"{what}：最高 {yuan(value)}。", P[key])
    w.warn(f"{what}的金额方案只给出上限 {yuan(value)}，实际金额由承保机构核定，可能低于上限。")
    return value


def _category_clause(category: str):
    index = [c for c, _ in CATEGORIES].index(category) + 1
    return P.clause(f"c4-{index}", f"四（{chinese_ordinal(index)}）")


def compute(v: dict, w: Working) -> dict:
    category = v["category"]
    if category == "accident" and v["outcome"] == "disability" and v["disability_grade"] is None:
        grades = len(_latest("accident.disability_ratio"))
        return {"errors": [{"field": "disability_grade", "message": f"意外残疾须填写「伤残等级」，1 至 {grades} 级。"}]}
    day = _rule_day(v, w)
    w.step(f"赔付类别：{dict(CATEGORIES)[category]}防贫综合保险。", _category_clause(category))
    mode = None
    if category == "illness":
        payout, mode = _tiered(v, w, day, "illness", "self_paid_yuan", "人"), v["tier_mode"]
    elif category == "disaster":
        payout, mode = _tiered(v, w, day, "disaster", "loss_yuan", "户"), v["tier_mode"]
    elif category == "education":
        school = P["education.ceiling"].label_of(v["school_type"])
        payout = _ceiling(P.on("education.ceiling", day)[v["school_type"]], f"因学救助金（{school}）", "education.ceiling", w)
        w.warn("因学救助需提供录取通知书、个人身份证明、学校证明等材料。")
    elif category == "accident":
        payout = _accident(v, w, day)
    elif category == "industry":
        payout = _industry(v, w, day)
    else:
        payout = _ceiling(P.on("other.ceiling", day), "因其他原因防贫综合保险", "other.ceiling", w)
    payout = to_fen(payout)
    shares = _shares(payout, day, w)
    result = {"payout_yuan": payout, "insurer_shares_yuan": shares, "category": category}
    if mode:
        result["tier_mode"] = mode
    v["rule_day"] = day
    return result


def _accident(v: dict, w: Working, day: dt.date) -> Decimal:
    death = P.on("accident.death", day)
    if v["outcome"] == "death":
        w.step(f"意外身故保险金：{yuan(death)}/人。", P["accident.death"])
        return death
    if v["outcome"] == "disability":
        grade = v["disability_grade"]
        ratio = P.on("accident.disability_ratio", day)[grade - 1]
        amount = death * ratio
        w.step(f"意外残疾保险金 = {yuan(death)} × {chinese_ordinal(grade)}级伤残比例 {percent(ratio)} = {yuan(amount)}。",
               P["accident.disability_ratio"])
        return amount
    return _ceiling(P.on("accident.income_loss_ceiling", day), "因意外导致收入锐减", "accident.income_loss_ceiling", w)


def industry_parts(v: dict, day: dt.date) -> list[tuple[str, Decimal, str, Decimal, Decimal]]:
    """(name, quantity, unit, rate, amount) of each kind of loss filled in."""
    rates = P.on("industry.rates", day)
    parts = []
    for key, (name, unit) in QUANTITIES.items():
        quantity = Decimal(v[key] or 0)
        if quantity:
            parts.append((name, quantity, unit, rates[key], quantity * rates[key]))
    return parts


def _industry(v: dict, w: Working, day: dt.date) -> Decimal:
    parts = industry_parts(v, day)
    if not parts:
        w.step("未填写受损面积或死亡数量，赔付为 0。", P["industry.rates"])
        return ZERO
    total = sum((amount for *_, amount in parts), ZERO)
    listed = "；".join(f"{name} {number(q)} {unit} × {number(rate)} 元/{unit} = {yuan(amount)}" for name, q, unit, rate, amount in parts)
    w.step(f"按种类计算最高赔付限额：{listed}；合计 {yuan(total)}。", P["industry.rates"])
    cap = P.on("industry.cap", day)
    if total > cap:
        w.step(f"{yuan(total)} 超过每户最高 {yuan(cap)}，按 {yuan(cap)}。", P["industry.cap"])
        total = cap
    w.warn("因产业失败的金额是按受损面积或死亡数量确定的最高赔付限额，在农业保险理赔后由承保机构核定，可能低于此数。")
    return total


def shares_of(payout: Decimal, day: dt.date) -> dict:
    """Each insurer's part: rounded to the fen, the last one takes the remainder."""
    ratios = P.on("insurer_shares", day)
    keys = list(ratios)
    shares = {key: to_fen(payout * ratios[key]) for key in keys[:-1]}
    shares[keys[-1]] = payout - sum(shares.values(), ZERO)
    return shares


def _shares(payout: Decimal, day: dt.date, w: Working) -> dict:
    ratios, names = P.on("insurer_shares", day), dict(P["insurer_shares"].labels)
    shares = shares_of(payout, day)
    listed = "；".join(f"{names[key]} {percent(ratios[key])}：{yuan(shares[key])}" for key in ratios)
    w.step(f"各承保机构按承保比例分担：{listed}（最后一家取余数，合计等于赔付金额）。", P["insurer_shares"])
    return shares
