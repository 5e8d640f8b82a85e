"""township: 城镇开发建设奖补 (三 奖补政策 of the measures in parameters/township.json)."""
from __future__ import annotations

from decimal import Decimal

from .money import ZERO, percent, to_fen, yuan
from .params import load
from .schema import AS_OF, Field
from .words import wan
from .working import Working, as_of_field

ID = "township"
P = load(ID)
PAGE = P.page
TITLE = "城镇开发建设奖补计算器"
SUMMARY = (f"按《{P.title}》（{P.document}）三、奖补政策，计算乡镇城镇开发建设项目的"
           "土地出让金返还、资产盘活奖励、专项奖励，以及收费减免后应缴和节省的费用。")
BIG = Decimal("100000000000")
MANAGERS = (("township", "乡镇管理的国有资产"), ("county_unit", "县直单位管理、位于乡镇的资产"))


def _latest(key: str):
    return P[key].latest.value


ASSET_FIELDS = (
    Field("managed_by", "资产管理方", "choice", required=True, choices=MANAGERS, clause=PAGE + "#c3-3", example="township"),
    Field("disposal_income_yuan", "资产处置收入", "money", required=True, unit="元", maximum=BIG, clause=PAGE + "#c3-3",
          example="1000000"),
    Field("taxes_fees_yuan", "处置中缴纳和产生的税费", "money", default=ZERO, unit="元", maximum=BIG, clause=PAGE + "#c3-3"),
)

INPUTS = (
    Field("land_revenue_yuan", "城镇开发交易土地的出让收入", "money", default=ZERO, unit="元", maximum=BIG,
          clause=P["land.return_rate"].link, example="5000000"),
    Field("assets", "盘活的资产", "object_list", default=[], item_fields=ASSET_FIELDS, clause=PAGE + "#c3-3",
          example='[{"managed_by": "township", "disposal_income_yuan": 1000000, "taxes_fees_yuan": 50000}]',
          help="每项资产一行：管理方、处置收入、处置税费；净收益＝处置收入－税费。"),
    Field("provincial_honors", "成功申报省级及以上荣誉称号", "integer", default=0, unit="项", maximum=Decimal("100"),
          clause=P["honors.provincial"].link, help="特色小镇、新型城镇化试点镇、乡村振兴示范乡镇、历史文化名镇名村等。"),
    Field("city_commendations", "受到市级以上表彰通报和典型经验宣传推介", "integer", default=0, unit="次",
          maximum=Decimal("100"), clause=P["honors.city"].link),
    Field("mandated_fees_yuan", "省、市直管部门法定不能减免的收费", "money", default=ZERO, unit="元", maximum=BIG,
          clause=PAGE + "#c3-1"),
    Field("county_admin_fees_yuan", "县级行政事业性收费（按标准应收）", "money", default=ZERO, unit="元", maximum=BIG,
          clause=P["fees.county_admin_payable_rate"].link),
    Field("service_fees_lower_limit_yuan", "经营服务性收费（按下限标准）", "money", default=ZERO, unit="元", maximum=BIG,
          clause=P["fees.service_rate_of_lower_limit"].link),
    as_of_field(P.policy),
)

OUTPUTS = (("total_township_yuan", "乡镇所得合计", "money"), ("land_return_yuan", "土地出让金返还", "money"),
           ("asset_reward_township_yuan", "资产盘活奖励（乡镇）", "money"),
           ("asset_reward_unit_yuan", "资产盘活奖励（原资产管理单位）", "money"),
           ("honor_reward_yuan", "专项奖励", "money"), ("fees_payable_yuan", "减免后应缴费用", "money"),
           ("fees_saved_yuan", "减免的费用", "money"))

EXAMPLES = (
    {"title": "土地出让 500 万元，盘活一处乡镇资产", "inputs": {
        "land_revenue_yuan": 5000000,
        "assets": [{"managed_by": "township", "disposal_income_yuan": 1000000, "taxes_fees_yuan": 50000}]}},
    {"title": "配合盘活县直单位资产，并获省级特色小镇称号", "inputs": {
        "assets": [{"managed_by": "county_unit", "disposal_income_yuan": 2000000, "taxes_fees_yuan": 100000}],
        "provincial_honors": 1, "city_commendations": 1}},
    {"title": "项目收费减免", "inputs": {
        "mandated_fees_yuan": 30000, "county_admin_fees_yuan": 80000, "service_fees_lower_limit_yuan": 50000}},
)


def _fee_rule(rate: Decimal) -> str:
    return "全免" if rate == 0 else f"按 {percent(rate)} 收取"


def _interpretations() -> tuple[dict, ...]:
    service = _latest("fees.service_rate_of_lower_limit")
    return (
        {"text": "净收益＝资产处置收入－资产处置中缴纳和产生的相关税费；净收益不大于零时没有奖励。", "clause": PAGE + "#c3-3"},
        {"text": "资产盘活奖励逐项资产计算、各自四舍五入到分后再相加，与全部相加后再四舍五入可能相差 0.01 元。"
                 "采用逐项的理解，是因为每项资产单独处置、单独核算拨付：逐项到分的金额才是每一笔实际能拨付的钱，合计就是这些钱之和。",
         "clause": PAGE + "#c3-3"},
        {"text": f"专项奖励按每项荣誉称号{wan(_latest('honors.provincial'))}、每次市级以上表彰通报或推介"
                 f"{wan(_latest('honors.city'))}计算；办法未写明同一事项多次表彰是否重复奖励，按次计算，最终以县财政核定为准。",
         "clause": P["honors.provincial"].link},
        {"text": "乡镇所得合计＝土地出让金返还＋资产盘活奖励（乡镇）＋专项奖励；奖励原资产管理单位的部分和收费减免不计入。",
         "clause": PAGE + "#c3"},
        {"text": "县人民政府指定的镇牵头组织开发建设的城镇开发项目参照以上政策执行（三（四）），计算方法相同。",
         "clause": PAGE + "#c3-4"},
        {"text": f"经营服务性收费按下限标准的{percent(service)}收取：应缴＝下限标准×{percent(service)}，"
                 f"减免＝下限标准×{percent(1 - service)}；县级行政事业性收费{_fee_rule(_latest('fees.county_admin_payable_rate'))}。",
         "clause": P["fees.service_rate_of_lower_limit"].link},
        {"text": f"计算日期早于{P.policy.label}的开始日期时，结果先说明这一点，金额按本办法试算，仅供参考。", "clause": P.policy.link},
    )


INTERPRETATIONS = _interpretations()

ENTRY_POINTS = ({"clause": PAGE + "#c3-1", "prefill": {}, "title": "试算收费减免"},
                {"clause": PAGE + "#c3-2", "prefill": {}, "title": "试算土地出让金返还"},
                {"clause": PAGE + "#c3-3", "prefill": {}, "title": "试算资产盘活奖励"},
                {"clause": PAGE + "#c3-5", "prefill": {"provincial_honors": 1}, "title": "试算专项奖励"})


def calculate(inputs: dict) -> dict:
    """The contract's entry point (the day of calculation is fixed by calculators.api)."""
    from .api import run
    return run(ID, inputs)


def compute(v: dict, w: Working) -> dict:
    day = w.check_period(P.policy, v[AS_OF], "计算日期", "以下金额按原办法试算，仅供参考。")
    rate = P.on("land.return_rate", day)
    land = to_fen((v["land_revenue_yuan"] or ZERO) * rate)
    w.step(f"土地出让金返还 = 土地出让收入 {yuan(v['land_revenue_yuan'] or ZERO)} × {percent(rate)} = {yuan(land)}。",
           P["land.return_rate"])
    township_reward, unit_reward = _assets(v["assets"] or [], w, day)
    honors = _honors(v, w, day)
    payable, saved = _fees(v, w, day)
    total = land + township_reward + honors
    w.step(f"乡镇所得合计 = 土地出让金返还 {yuan(land)} + 资产盘活奖励 {yuan(township_reward)} + 专项奖励 {yuan(honors)} = {yuan(total)}。",
           P.clause("c3", "三"))
    w.warn("如遇国家法规和政策变动，以上级最新文件规定为准；特殊情况“一事一议”（三、奖补政策末段）。")
    v["rule_day"] = day
    return {"land_return_yuan": land, "asset_reward_township_yuan": township_reward, "asset_reward_unit_yuan": unit_reward,
            "honor_reward_yuan": honors, "fees_payable_yuan": payable, "fees_saved_yuan": saved,
            "total_township_yuan": to_fen(total)}


def _assets(assets: list[dict], w: Working, day) -> tuple[Decimal, Decimal]:
    township_total = unit_total = ZERO
    for index, asset in enumerate(assets, start=1):
        net = asset["disposal_income_yuan"] - (asset["taxes_fees_yuan"] or ZERO)
        name = dict(MANAGERS)[asset["managed_by"]]
        if net <= 0:
            w.step(f"第 {index} 项资产（{name}）净收益 {yuan(net)}，不大于零，没有奖励。", P["assets.township_managed.township_rate"])
            w.warn(f"第 {index} 项资产的处置税费不小于处置收入，净收益不大于零，不产生奖励。")
            continue
        if asset["managed_by"] == "township":
            rate = P.on("assets.township_managed.township_rate", day)
            reward = to_fen(net * rate)
            township_total += reward
            w.step(f"第 {index} 项资产（{name}）：净收益 {yuan(net)} × {percent(rate)} = {yuan(reward)}，奖励所在乡镇。",
                   P["assets.township_managed.township_rate"])
        else:
            rate = P.on("assets.county_unit_managed.township_rate", day)
            unit_rate = P.on("assets.county_unit_managed.unit_rate", day)
            reward, unit = to_fen(net * rate), to_fen(net * unit_rate)
            township_total += reward
            unit_total += unit
            w.step(f"第 {index} 项资产（{name}）：净收益 {yuan(net)} × {percent(rate)} = {yuan(reward)} 奖励所在乡镇；"
                   f"× {percent(unit_rate)} = {yuan(unit)} 奖励原资产管理单位。", P["assets.county_unit_managed.township_rate"])
    if len(assets) > 1:
        w.step(f"资产盘活奖励（乡镇）合计 {yuan(township_total)}：各项奖励先分别四舍五入到分再相加（每项资产单独核算拨付）。",
               P["assets.township_managed.township_rate"])
    if assets:
        w.warn("乡镇所得的资产盘活奖励含资产所在村组发展村集体经济的奖励。")
    return township_total, unit_total


def _honors(v: dict, w: Working, day) -> Decimal:
    provincial, city = v["provincial_honors"] or 0, v["city_commendations"] or 0
    total = provincial * P.on("honors.provincial", day) + city * P.on("honors.city", day)
    if provincial or city:
        w.step(f"专项奖励 = 省级及以上荣誉称号 {provincial} 项 × {yuan(P.on('honors.provincial', day))} + "
               f"市级以上表彰通报或推介 {city} 次 × {yuan(P.on('honors.city', day))} = {yuan(total)}（上级专项奖励另计）。",
               P["honors.provincial"])
    return to_fen(total)


def _fees(v: dict, w: Working, day) -> tuple[Decimal, Decimal]:
    mandated = v["mandated_fees_yuan"] or ZERO
    county = v["county_admin_fees_yuan"] or ZERO
    service = v["service_fees_lower_limit_yuan"] or ZERO
    if not (mandated or county or service):
        return ZERO, ZERO
    county_rate = P.on("fees.county_admin_payable_rate", day)
    service_rate = P.on("fees.service_rate_of_lower_limit", day)
    county_payable, service_payable = to_fen(county * county_rate), to_fen(service * service_rate)
    payable = mandated + county_payable + service_payable
    saved = (county - county_payable) + (service - service_payable)
    w.step(f"收费减免：法定不能减免的 {yuan(mandated)} 照缴；县级行政事业性收费 {yuan(county)} {_fee_rule(county_rate)}"
           f"（应缴 {yuan(county_payable)}）；经营服务性收费按下限标准 {yuan(service)} × {percent(service_rate)} = "
           f"{yuan(service_payable)} 收取。应缴合计 {yuan(payable)}，减免 {yuan(saved)}。", P["fees.service_rate_of_lower_limit"])
    return to_fen(payable), to_fen(saved)
