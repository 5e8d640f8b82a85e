"""housing: 购房补贴 (items 一 to 四 of the measures in parameters/housing.json, their windows,
extension and application deadline)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .money import ZERO, number, percent, to_fen, yuan
from .params import load
from .schema import AS_OF, Field
from .words import chinese_date, chinese_ordinal
from .working import Working, as_of_field

ID = "housing"
P = load(ID)
PAGE = P.page
TITLE = "购房补贴计算器"
SUMMARY = (f"按《{P.title}》（{P.document}）计算在{P['area'].latest.value}购买新建商品房可以申请的补贴：购房契税补贴（第一项），"
           "以及首次购房补贴、园区购房补贴、人才购房补贴中最高的一项（第二至四项）。")
NEAR_DEADLINE_DAYS = 60  # when to warn that the application deadline is close (a reading aid, not a rule)
ITEM_NAMES = {"deed_tax_subsidy": "第一项 购房契税补贴", "first_home": "第二项 首次购房补贴",
              "park": "第三项 园区购房补贴", "talent": "第四项 人才购房补贴"}
ITEM_RULES = {"deed_tax_subsidy": "deed_tax_subsidy.rate.residential", "first_home": "first_home.per_m2",
              "park": "park.per_year", "talent": "talent.in_force"}
TALENT_RULES = P.documents["talent_rules"]


def _latest(key: str):
    return P[key].latest.value


def _date(key: str) -> dt.date:
    return dt.date.fromisoformat(_latest(key))


HOME_CAP = int(_latest("home_number.counted_max"))
MONTHS_PER_YEAR = int(_latest("park.months_per_year"))
HOME_NAMES = {n: "首套" if n == 1 else f"{chinese_ordinal(n)}套" + ("及以上" if n == HOME_CAP else "")
              for n in range(1, HOME_CAP + 1)}

INPUTS = (
    Field("property_type", "房屋类型", "choice", required=True,
          choices=(("residential", "住宅"), ("non_residential", "非住宅")), clause=PAGE + "#c1",
          help="住宅、非住宅的契税补贴比例不同（第一项）；第二至四项只适用于住宅。", example="residential"),
    Field("new_build", "新建商品房", "bool", default=True, clause=PAGE + "#c1",
          help="否＝二手房。各项补贴均不含二手房（第一项“不含二手房，下同”）。"),
    Field("in_county_town", f"位于{_latest('area')}", "bool", default=True, clause=P["area"].link,
          help=f"各项补贴都限于在{_latest('area')}购房。"),
    Field("area_m2", "建筑面积", "number", required=True, unit="平方米", minimum=Decimal("0.01"),
          maximum=Decimal("100000"), clause=PAGE + "#c2", example="100",
          help=f"用于首次购房补贴（每平方米{number(_latest('first_home.per_m2'))}元）和契税税率估算。"),
    Field("price_yuan", "计税价格", "money", unit="元", maximum=Decimal("10000000000"), clause=PAGE + "#p2-c3-5-p2",
          help="用于估算契税；已缴契税时可不填。", example="500000"),
    Field("deed_tax_paid_yuan", "已缴契税", "money", unit="元", maximum=Decimal("1000000000"), clause=PAGE + "#c1",
          help="以契税完税证明为准；填写后不再估算。"),
    Field("home_number", "家庭第几套房", "integer", required=True, minimum=Decimal("1"), maximum=Decimal("99"),
          clause=P["home_number.counted_max"].link, example="1", relevant_when=(("property_type", ("residential",)),),
          help="、".join(f"{n}＝{HOME_NAMES[n]}" for n in sorted(HOME_NAMES)) + f"（大于{HOME_CAP}按{HOME_CAP}计）。"),
    Field("contract_date", "网签合同日期", "date", required=True, clause=P.policy.link,
          help="各项补贴的执行期限按网签合同日期判断。", example="2024-06-01"),
    Field("application_date", "申报日期", "date", default=AS_OF, clause=P["application_deadline"].link,
          help=f"第一、二项补贴申报截止{chinese_date(_date('application_deadline'))}；不填按计算日期。"),
    Field("park_months_buyer", "购房人在园区同一规模工业企业连续就业", "integer", default=0, unit="个月",
          maximum=Decimal("720"), clause=PAGE + "#c3",
          help=f"连续稳定就业满{MONTHS_PER_YEAR}个月算一年，不足{2 * MONTHS_PER_YEAR}个月算一年，以此类推。"),
    Field("park_months_spouse", "配偶在园区同一规模工业企业连续就业", "integer", default=0, unit="个月",
          maximum=Decimal("720"), clause=PAGE + "#c3", help="夫妻均在园区规模工业企业稳定就业的可以叠加。"),
    Field("talent_subsidy_yuan", "按人才购房补贴实施细则应得金额", "money", default=ZERO, unit="元",
          maximum=Decimal("10000000"), clause=PAGE + "#c4",
          help=f"按《{TALENT_RULES['title']}》（{TALENT_RULES['number']}）确定，由县委组织部认定。"),
    Field("extension_presale_date", "楼栋取得商品房预售许可证日期（适用延期时）", "date", clause=P["extension.presale_deadline"].link,
          help=(f"在建项目和{chinese_date(_date('extension.land_deadline'))}前取得土地使用权的项目，"
                f"在{chinese_date(_date('extension.presale_deadline'))}前取得预售许可证的楼栋，"
                f"{'、'.join(P['extension.items'].label_of(i).split(' ')[0] for i in _latest('extension.items'))}"
                "延长至取证之日起一年内。")),
    as_of_field(P.policy),
)

OUTPUTS = (("total_yuan", "补贴合计", "money"), ("deed_tax_yuan", "契税（已缴或估算）", "money"),
           ("items", "各项补贴", "items", {k: v.split(" ")[1] for k, v in ITEM_NAMES.items()}),
           ("chosen", "第二至四项中采用的一项", "text", {k: v.split(" ")[1] for k, v in ITEM_NAMES.items()}))

EXAMPLES = (
    {"title": "首套住宅 100 平方米，总价 50 万元，2024 年 6 月签约", "inputs": {
        "property_type": "residential", "area_m2": 100, "price_yuan": 500000, "home_number": 1,
        "contract_date": "2024-06-01", "application_date": "2024-07-01"}},
    {"title": "夫妻在园区就业两年和三年，首套住宅 120 平方米，2025 年签约（第三项仍在执行期）", "inputs": {
        "property_type": "residential", "area_m2": 120, "price_yuan": 600000, "home_number": 1,
        "contract_date": "2025-06-01", "application_date": "2025-07-01",
        "park_months_buyer": 26, "park_months_spouse": 40}},
    {"title": "二套住宅，楼栋 2025 年 5 月取得预售许可证，适用延期", "inputs": {
        "property_type": "residential", "area_m2": 95, "price_yuan": 400000, "home_number": 2,
        "contract_date": "2025-09-01", "application_date": "2025-10-01", "extension_presale_date": "2025-05-20"}},
    {"title": "商铺（非住宅），已缴契税 20,000 元", "inputs": {
        "property_type": "non_residential", "area_m2": 60, "deed_tax_paid_yuan": 20000,
        "contract_date": "2024-10-01", "application_date": "2024-11-01"}},
)


def _interpretations() -> tuple[dict, ...]:
    start = P.policy.first.start
    one_year, three_years = P["first_home.per_m2"].latest.end, P["park.per_year"].latest.end
    deadline = _date("application_deadline")
    extension_items = "、".join(P["extension.items"].label_of(i).split(" ")[0] for i in _latest("extension.items"))
    return (
        {"text": f"执行期限按网签合同日期判断；措施自{chinese_date(start)}公布施行，一年期的项目覆盖到{chinese_date(one_year)}"
                 f"签约的合同，三年期的第三项覆盖到{chinese_date(three_years)}。", "clause": P.policy.link},
        {"text": f"延期只适用于{extension_items}；需楼栋在{chinese_date(_date('extension.presale_deadline'))}前取得预售许可证，"
                 "延至取证之日满一年的前一天；延期不会缩短原有期限。", "clause": P["extension.presale_deadline"].link},
        {"text": f"{chinese_date(deadline)}的申报截止日只适用于第一、二项，按申报日期判断；不填申报日期时按计算日期。",
         "clause": P["application_deadline"].link},
        {"text": "第一项“不含二手房，下同”理解为适用于全部各项：二手房不能享受任何一项补贴。", "clause": PAGE + "#c1"},
        {"text": f"第二、三项和第四项要求购买首套住房；家庭第几套房大于{HOME_CAP}时按{HOME_CAP}计。第三项按“连续就业满"
                 f"{MONTHS_PER_YEAR}个月算一年，不足{2 * MONTHS_PER_YEAR}个月算一年”折算年数，每人最多按"
                 f"{number(_latest('park.max_years'))}年计。", "clause": PAGE + "#c3"},
        {"text": "第二、三、四项金额相同时，按条款顺序采用前一项。", "clause": P["combination.rule"].link},
        {"text": "未提供已缴契税时，按本措施所附“政策咨询”中的契税税率估算；契税以税务机关实际征收为准。",
         "clause": PAGE + "#p2-c3-5-p2"},
        {"text": f"网签合同日期不在{P.policy.label}内时，结果先说明这一点，金额按原方案试算，仅供参考。", "clause": P.policy.link},
    )


INTERPRETATIONS = _interpretations()

ENTRY_POINTS = (
    {"clause": PAGE + "#c1", "prefill": {}, "title": "试算购房契税补贴"},
    {"clause": PAGE + "#c2", "prefill": {"property_type": "residential", "home_number": 1}, "title": "试算首次购房补贴"},
    {"clause": PAGE + "#c3", "prefill": {"property_type": "residential", "home_number": 1, "park_months_buyer": MONTHS_PER_YEAR},
     "title": "试算园区购房补贴"},
    {"clause": PAGE + "#c4", "prefill": {"property_type": "residential", "home_number": 1}, "title": "试算人才购房补贴"},
    {"clause": PAGE + "#c13-p2", "prefill": {"property_type": "residential"}, "title": "试算延期后的补贴"},
)


def calculate(inputs: dict) -> dict:
    """The contract's entry point (the day of calculation is fixed by calculators.api)."""
    from .api import run
    return run(ID, inputs)


def window(key: str) -> tuple[dt.date, dt.date | None]:
    """An item's own window: from its rule's first period's start to its last period's end."""
    return P[key].first.start, P[key].latest.end


def _item_in_force(item: str, contract: dt.date, extension_end: dt.date | None, key: str | None = None) -> tuple[bool, str]:
    """Whether the item's rule applies to a contract of that date, and why (for the step)."""
    key = key or ITEM_RULES[item]
    start, end = window(key)
    text = f"{start} 至 {end}" if end else f"{start} 起"
    if P[key].at(contract) is not None:
        return True, f"签约日期 {contract} 在{ITEM_NAMES[item]}执行期限（{text}）内"
    if extension_end and item in P.on("extension.items", contract) and start <= contract <= extension_end:
        return True, f"签约日期 {contract} 超出原执行期限（{text}），但在延期期限（至 {extension_end}）内"
    return False, f"签约日期 {contract} 不在{ITEM_NAMES[item]}执行期限（{text}）内"


def _rate_on(key: str, contract: dt.date):
    """The value of an item's rule for a contract, frozen at the window's end when extended."""
    return P.on(key, contract)


def extension_end(presale: dt.date) -> dt.date:
    """The day before the first anniversary of the presale permit."""
    try:
        anniversary = presale.replace(year=presale.year + 1)
    except ValueError:  # 29 February
        anniversary = presale.replace(year=presale.year + 1, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


def _extension_end(presale: dt.date | None, contract: dt.date, w: Working) -> dt.date | None:
    if presale is None:
        return None
    deadline = dt.date.fromisoformat(P.on("extension.presale_deadline", contract))
    items = "、".join(P["extension.items"].label_of(i).split(" ")[0] for i in P.on("extension.items", contract))
    if presale > deadline:
        w.step(f"楼栋取得预售许可证日期 {presale} 晚于 {deadline}，不适用延期。", P["extension.presale_deadline"])
        return None
    end = extension_end(presale)
    w.step(f"楼栋于 {presale} 取得预售许可证（不晚于 {deadline}），{items}执行期限延至 {end}（取证之日起一年内）。",
           P["extension.presale_deadline"])
    w.warn(f"延期只适用于在建项目和 {P.on('extension.land_deadline', contract)} 前取得土地使用权的项目，请核实所购楼栋符合条件。")
    return end


def _deed_tax(v: dict, w: Working) -> Decimal | None:
    if v["deed_tax_paid_yuan"] is not None:
        w.step(f"契税按完税证明所列金额计：{yuan(v['deed_tax_paid_yuan'])}。", P.clause("c1", "一"))
        return to_fen(v["deed_tax_paid_yuan"])
    contract = v["contract_date"]

    def rate(key):
        return _rate_on(key, contract)

    limit = number(rate("deed_tax.first_home_area_limit"))
    if v["property_type"] == "non_residential":
        key, why = "deed_tax.rate.non_residential", "非住宅"
    elif v["home"] >= HOME_CAP:
        key, why = "deed_tax.rate.third_home", f"{HOME_NAMES[HOME_CAP]}住宅"
    elif v["home"] > 1:
        key, why = "deed_tax.rate.second_home", f"{HOME_NAMES[v['home']]}住宅"
    elif v["area_m2"] <= rate("deed_tax.first_home_area_limit"):
        key, why = "deed_tax.rate.first_home_small", f"首套住宅，{limit}平方米及以下"
    else:
        key, why = "deed_tax.rate.first_home_large", f"首套住宅，{limit}平方米以上"
    tax = to_fen(v["price_yuan"] * rate(key))
    w.step(f"未填已缴契税，按{why}税率 {percent(rate(key))} 估算：{yuan(v['price_yuan'])} × {percent(rate(key))} = {yuan(tax)}。", P[key])
    w.warn("契税为估算值：契税以税务机关实际征收为准，税率如有调整，请填写契税完税证明上的金额（“已缴契税”一项）再算。")
    return tax


def _label(name: str) -> str:
    return next(f.label for f in INPUTS if f.name == name)


def compute(v: dict, w: Working) -> dict:
    if v["deed_tax_paid_yuan"] is None and v["price_yuan"] is None:
        return {"errors": [{"field": "price_yuan", "message": f"请填写「{_label('price_yuan')}」以估算契税，"
                                                              f"或直接填写「{_label('deed_tax_paid_yuan')}」。"}]}
    contract = v["contract_date"]
    w.check_period(P.policy, contract, "网签合同日期", "以下金额按原方案试算，仅供参考。")
    application = v["application_date"]
    residential = v["property_type"] == "residential"
    v["home"] = min(v["home_number"] or 1, HOME_CAP) if residential else 0
    amounts = {item: ZERO for item in ITEM_NAMES}

    kind = "住宅" if residential else "非住宅"
    w.step(f"购房情况：{'新建商品房' if v['new_build'] else '二手房'}，{kind}{('，家庭' + HOME_NAMES[v['home']]) if residential else ''}，"
           f"建筑面积 {number(v['area_m2'])} 平方米，{'位于' if v['in_county_town'] else '不在'}{_latest('area')}，"
           f"网签合同日期 {contract}。", P.clause("c1", "一"))
    deed_tax = _deed_tax(v, w)

    eligible = True
    if not v["new_build"]:
        w.step("二手房不享受本措施的购房补贴（第一项“不含二手房，下同”）。", P.clause("c1", "一"))
        eligible = False
    if not v["in_county_town"]:
        w.step(f"各项补贴限于在{_latest('area')}购房，所购房屋不在{_latest('area')}。", P["area"])
        eligible = False

    extension = None
    if eligible:
        extension = _extension_end(v["extension_presale_date"], contract, w)
        deadline = dt.date.fromisoformat(P.on("application_deadline", contract))
        deadline_ok = application <= deadline
        w.step(f"第一、二项申报截止 {deadline}；申报日期 {application}，{'未超过' if deadline_ok else '已超过'}截止日期。",
               P["application_deadline"])
        days_left = (deadline - v[AS_OF]).days
        if 0 <= days_left <= NEAR_DEADLINE_DAYS:
            w.warn(f"第一、二项补贴申报将于 {deadline} 截止，距计算日期（{v[AS_OF]}）只剩 {days_left} 天，逾期不再受理。")
        elif days_left < 0:
            w.warn(f"第一、二项补贴申报已于 {deadline} 截止（计算日期 {v[AS_OF]}），逾期不再受理。")

        amounts["deed_tax_subsidy"] = _deed_tax_subsidy(v, deed_tax, extension, deadline_ok, w)
        if residential:
            amounts["first_home"] = _first_home(v, extension, deadline_ok, w)
            amounts["park"] = _park(v, w)
            amounts["talent"] = _talent(v, w)
        else:
            w.step("第二、三、四项补贴只适用于购买住房，非住宅不享受。", P.clause("c2", "二至四"))
    v["extension_end"] = extension

    chosen = max(("first_home", "park", "talent"), key=lambda item: (amounts[item], -list(ITEM_NAMES).index(item)))
    chosen = chosen if amounts[chosen] > 0 else None
    if chosen:
        others = "、".join(f"{ITEM_NAMES[i]} {yuan(amounts[i])}" for i in ("first_home", "park", "talent"))
        w.step(f"第二、三、四项{P.on('combination.rule', contract)}（{others}），采用{ITEM_NAMES[chosen]}。", P["combination.rule"])
    granted = {"deed_tax_subsidy": amounts["deed_tax_subsidy"],
               **{item: (amounts[item] if item == chosen else ZERO) for item in ("first_home", "park", "talent")}}
    total = granted["deed_tax_subsidy"] + (amounts[chosen] if chosen else ZERO)
    w.step(f"补贴合计 = {ITEM_NAMES['deed_tax_subsidy']} {yuan(granted['deed_tax_subsidy'])}"
           + (f" + {ITEM_NAMES[chosen]} {yuan(amounts[chosen])}" if chosen else "") + f" = {yuan(total)}。",
           P["combination.rule"])
    if total > 0:
        w.warn("如退房，应当退还已享受的相应补贴。")
    return {"total_yuan": to_fen(total), "deed_tax_yuan": deed_tax, "items": granted, "chosen": chosen,
            "eligible_amounts": amounts}


def _deed_tax_subsidy(v, deed_tax, extension_end, deadline_ok, w) -> Decimal:
    key = f"deed_tax_subsidy.rate.{v['property_type']}"
    in_force, why = _item_in_force("deed_tax_subsidy", v["contract_date"], extension_end, key)
    w.step(why + "。", P[key])
    if not in_force or not deadline_ok:
        return ZERO
    rate = _rate_on(key, v["contract_date"])
    amount = to_fen(deed_tax * rate)
    w.step(f"{ITEM_NAMES['deed_tax_subsidy']} = 契税 {yuan(deed_tax)} × {percent(rate)} = {yuan(amount)}。", P[key])
    return amount


def _first_home_item_applies(v, w, item: str, extension_end, not_first: str) -> bool:
    """Items 二 to 四 need a first home and a contract within the item's window; the working says which failed."""
    if v["home"] != 1:
        w.step(f"{not_first}，本次不是首套。", P[ITEM_RULES[item]])
        return False
    in_force, why = _item_in_force(item, v["contract_date"], extension_end)
    w.step(why + "。", P[ITEM_RULES[item]])
    return in_force


def _first_home(v, extension_end, deadline_ok, w) -> Decimal:
    if not _first_home_item_applies(v, w, "first_home", extension_end,
                                    "第二项首次购房补贴只适用于首次购买新建商品住房") or not deadline_ok:
        return ZERO
    per_m2, cap = _rate_on("first_home.per_m2", v["contract_date"]), _rate_on("first_home.cap", v["contract_date"])
    raw = to_fen(v["area_m2"] * per_m2)
    amount = min(raw, cap)
    capped = f"，超过最高 {yuan(cap)}，按 {yuan(cap)}" if raw > cap else ""
    w.step(f"{ITEM_NAMES['first_home']} = {number(v['area_m2'])} 平方米 × {number(per_m2)} 元/平方米 = {yuan(raw)}{capped}。",
           P["first_home.cap"] if raw > cap else P["first_home.per_m2"])
    return amount


def _park(v, w) -> Decimal:
    months = (v["park_months_buyer"] or 0, v["park_months_spouse"] or 0)
    if not any(months):
        return ZERO
    if not _first_home_item_applies(v, w, "park", None, "第三项园区购房补贴只适用于购买首套新建商品住房"):
        return ZERO
    contract = v["contract_date"]
    per_year, max_years = P.on("park.per_year", contract), int(P.on("park.max_years", contract))
    months_per_year, cap = int(P.on("park.months_per_year", contract)), P.on("park.cap_per_home", contract)
    total = ZERO
    for who, count in zip(("购房人", "配偶"), months):
        years = min(count // months_per_year, max_years)
        amount = per_year * years
        total += amount
        w.step(f"{who}连续就业 {count} 个月，按 {years} 年计（满{months_per_year}个月算一年，最多{max_years}年）：{yuan(amount)}。",
               P["park.per_year"])
    if total > cap:
        w.step(f"夫妻叠加 {yuan(total)} 超过每套房（每个家庭）最高 {yuan(cap)}，按 {yuan(cap)}。", P["park.cap_per_home"])
        total = cap
    if total > 0:
        w.warn("园区购房补贴需提供园区务工就业相关佐证资料，由园区管理部门审核。")
    return to_fen(total)


def _talent(v, w) -> Decimal:
    amount = v["talent_subsidy_yuan"] or ZERO
    if amount <= 0:
        return ZERO
    if not _first_home_item_applies(v, w, "talent", None, "第四项人才购房补贴只适用于购买首套商品住房"):
        return ZERO
    w.step(f"{ITEM_NAMES['talent']}按《{TALENT_RULES['title']}》（{TALENT_RULES['number']}）确定，填写的应得金额为 {yuan(amount)}。",
           P["talent.in_force"])
    w.warn(f"人才购房补贴金额由县委组织部按{TALENT_RULES['number']}认定，本计算器不核算该金额。")
    return to_fen(amount)
