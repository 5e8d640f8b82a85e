"""Jianghua's rule files on generated inputs: what must hold for every result, whatever the inputs.

    python -m tests.calculators.generated township 20000

prints how many inputs were run and how many results break a rule (with the first ones). Inputs are
boundary grids (each amount at 0, just below, at and above every edge the rules have) crossed with
random draws, dates explicit (`as_of` always given), seeded, so a run is reproducible. (These were
the inputs of the differential run that compared each rule file with the Python module it replaced,
until the modules were deleted; every rule file agreed with its module on them.) Checked on each
result: the engine does not raise; the result is JSON; it has every key a result has; no error is
an internal one; a result with errors has no picture, one without has steps that each say what they
did and cite their clause (or their national rule by name); the same inputs give the same result.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
from decimal import Decimal
from pathlib import Path

from calculators import rule_engine
from calculators.money import number
from calculators.rule_file import load_path

ROOT = Path(__file__).resolve().parents[2]
RULE_FILES = {**{name: ROOT / "sources" / "jianghua" / "calculators" / f"{name}.toml"
                 for name in ("township", "insurance", "housing", "warning")},
              "aqi": ROOT / "calculators" / "national" / "aqi.toml"}
CLOCK = dt.date(2024, 6, 1)
COMMON = {"calculator", "as_of", "steps", "warnings", "errors", "understood", "out_of_period", "picture"}
INTERNAL = ("内部错误", "无法完成计算")

EDGE_AMOUNTS = ("0", "0.01", "0.005", "1", "99.99", "100", "12345.675", "1000000", "99999999999.99", "100000000000")
DAYS = ("2016-01-01", "2024-03-11", "2024-03-12", "2024-03-13", "2025-06-30", "2030-12-31")


def _money(rng: random.Random) -> object:
    choice = rng.random()
    if choice < 0.3:
        return rng.choice(EDGE_AMOUNTS)
    if choice < 0.45:
        return rng.randint(0, 10_000_000)
    if choice < 0.55:
        return f"{rng.randint(0, 500)}万"  # as people write it
    if choice < 0.6:
        return f"{rng.randint(0, 9_999_999):,}"
    if choice < 0.62:
        return rng.choice(("-1", "abc", "1e5", "12,5", None, "", True))  # refused or empty, the same way
    return f"{rng.randint(0, 10**9)}.{rng.randint(0, 99):02d}"


def _day(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(DAYS)
    return (dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 6))).isoformat()


def township_inputs(rng: random.Random) -> dict:
    inputs: dict = {"as_of": _day(rng)}
    for key in ("land_revenue_yuan", "mandated_fees_yuan", "county_admin_fees_yuan", "service_fees_lower_limit_yuan"):
        if rng.random() < 0.6:
            inputs[key] = _money(rng)
    if rng.random() < 0.7:
        assets = []
        for _ in range(rng.choice((0, 1, 1, 2, 3, 5))):
            asset = {"managed_by": rng.choice(("township", "county_unit", "乡镇管理的国有资产", "县直单位管理、位于乡镇的资产",
                                               "township", "county_unit", "other"))}
            asset["disposal_income_yuan"] = _money(rng)
            if rng.random() < 0.8:
                asset["taxes_fees_yuan"] = rng.choice((_money(rng), asset["disposal_income_yuan"]))
            assets.append(asset)
        inputs["assets"] = assets
    for key in ("provincial_honors", "city_commendations"):
        if rng.random() < 0.5:
            inputs[key] = rng.choice((0, 1, 2, 3, 100, 101, "2项", "1.5", -1))
    return inputs


def township_grid() -> list[dict]:
    """Every edge amount in every money input, alone and with a day before, at and after the start."""
    cases = []
    for day in DAYS:
        for amount in EDGE_AMOUNTS:
            for key in ("land_revenue_yuan", "mandated_fees_yuan", "county_admin_fees_yuan", "service_fees_lower_limit_yuan"):
                cases.append({"as_of": day, key: amount})
            for manager in ("township", "county_unit"):
                for taxes in ("0", amount, "0.01", "1000000"):
                    cases.append({"as_of": day, "assets": [{"managed_by": manager, "disposal_income_yuan": amount,
                                                            "taxes_fees_yuan": taxes}]})
        for honors in (0, 1, 100):
            for city in (0, 1, 100):
                cases.append({"as_of": day, "provincial_honors": honors, "city_commendations": city})
    return cases


INSURANCE_DAYS = ("2023-09-30", "2023-10-01", "2024-03-01", "2024-09-30", "2024-10-01", "2026-11-01")
BAND_EDGES = ("0", "499.99", "500", "500.01", "999.99", "1000", "1000.01", "10999.99", "11000", "11000.01", "20500", "20500.01",
              "21000", "40500", "40500.01", "75500", "75500.01", "100000", "100000000")
CATEGORIES = ("illness", "education", "disaster", "accident", "industry", "other")


def insurance_inputs(rng: random.Random) -> dict:
    inputs: dict = {"as_of": _day(rng), "category": rng.choice(CATEGORIES + ("因病", "因意外事故", "car"))}
    if rng.random() < 0.6:
        inputs["event_date"] = rng.choice(INSURANCE_DAYS) if rng.random() < 0.5 else _day(rng)
    for key in ("self_paid_yuan", "loss_yuan"):
        if rng.random() < 0.8:
            inputs[key] = rng.choice(BAND_EDGES) if rng.random() < 0.5 else _money(rng)
    if rng.random() < 0.4:
        inputs["already_paid_yuan"] = rng.choice(("0", "100", "15000", "19999.99", "20000", "30000", "29999")) \
            if rng.random() < 0.7 else _money(rng)
    if rng.random() < 0.6:
        inputs["tier_mode"] = rng.choice(("progressive", "whole", "全额：全部按所在段比例", "banded"))
    inputs["school_type"] = rng.choice(("double_first_class", "undergraduate", "junior_college", "全日制本科", None, "x"))
    inputs["outcome"] = rng.choice(("death", "disability", "income_loss", "意外残疾", None))
    if rng.random() < 0.8:
        inputs["disability_grade"] = rng.choice((1, 2, 5, 9, 10, 0, 11, "5级", "1.5"))
    for key, top in (("grain_mu", 100), ("cash_crop_mu", 100), ("poultry", 1000), ("livestock", 200)):
        if rng.random() < 0.5:
            inputs[key] = rng.choice((0, rng.randint(0, top), f"{rng.randint(0, top)}.5", top * 10))
    return {k: v for k, v in inputs.items() if v is not None}


def insurance_grid() -> list[dict]:
    cases = []
    for day in INSURANCE_DAYS:
        for mode in ("progressive", "whole"):
            for amount in BAND_EDGES:
                for already in ("0", "10000", "30000"):
                    cases.append({"as_of": "2024-06-01", "event_date": day, "category": "illness", "self_paid_yuan": amount,
                                  "tier_mode": mode, "already_paid_yuan": already})
                    cases.append({"as_of": day, "category": "disaster", "loss_yuan": amount, "tier_mode": mode,
                                  "already_paid_yuan": already})
        for school in ("double_first_class", "undergraduate", "junior_college"):
            cases.append({"as_of": day, "category": "education", "school_type": school})
        for grade in range(1, 11):
            cases.append({"as_of": day, "category": "accident", "outcome": "disability", "disability_grade": grade})
        for outcome in ("death", "income_loss", "disability"):
            cases.append({"as_of": day, "category": "accident", "outcome": outcome})
        for grain, livestock in ((0, 0), (10, 20), (40, 0), (40, 0.01), (0, 67), (1000, 1000)):
            cases.append({"as_of": day, "category": "industry", "grain_mu": grain, "livestock": livestock})
        cases.append({"as_of": day, "category": "other"})
    return cases


HOUSING_DAYS = ("2024-02-05", "2024-02-06", "2024-11-30", "2024-12-01", "2025-02-05", "2025-02-06", "2025-07-31",
                "2026-04-30", "2026-07-30", "2026-07-31", "2026-11-01", "2026-12-31", "2027-01-01", "2027-02-05",
                "2027-02-06")
AREAS = ("0.01", "89.99", "90", "90.01", "100", "139.99", "140", "140.01", "150", "100000", "90㎡", "140平米")
PRESALE_DAYS = (None, "2024-01-10", "2024-02-29", "2025-02-28", "2025-05-01", "2025-07-31", "2025-08-01")
MONTHS = (0, 11, 12, 23, 24, 35, 36, 100, 720, "2年", "30个月")


def housing_inputs(rng: random.Random) -> dict:
    inputs: dict = {"as_of": rng.choice(HOUSING_DAYS) if rng.random() < 0.5 else _day(rng),
                    "property_type": rng.choice(("residential", "residential", "non_residential", "住宅", "非住宅", "shop")),
                    "contract_date": rng.choice(HOUSING_DAYS) if rng.random() < 0.6 else _day(rng)}
    inputs["area_m2"] = rng.choice(AREAS) if rng.random() < 0.6 else rng.choice(("-5", "0", f"{rng.randint(1, 300)}",
                                                                                  f"{rng.randint(1, 300)}.{rng.randint(0, 99):02d}"))
    inputs["home_number"] = rng.choice((1, 1, 2, 2, 3, 4, 99, 0, 100, "2", "二", None))
    if rng.random() < 0.9:
        inputs["price_yuan"] = rng.choice(("500000", "50万", "1000000", "0")) if rng.random() < 0.5 else _money(rng)
    if rng.random() < 0.2:
        inputs["deed_tax_paid_yuan"] = rng.choice(("6000", "0", "12345.675")) if rng.random() < 0.5 else _money(rng)
    for key in ("new_build", "in_county_town"):
        if rng.random() < 0.2:
            inputs[key] = rng.choice((True, False, "是", "否", "maybe"))
    if rng.random() < 0.7:
        inputs["application_date"] = rng.choice(HOUSING_DAYS) if rng.random() < 0.6 else _day(rng)
    for key in ("park_months_buyer", "park_months_spouse"):
        if rng.random() < 0.4:
            inputs[key] = rng.choice(MONTHS)
    if rng.random() < 0.3:
        inputs["talent_subsidy_yuan"] = rng.choice((0, 5000, 10000, 20000, 50000, "3万", 10000001))
    if rng.random() < 0.4:
        inputs["extension_presale_date"] = rng.choice(PRESALE_DAYS) if rng.random() < 0.7 else _day(rng)
    return {k: v for k, v in inputs.items() if v is not None}


def housing_grid() -> list[dict]:
    """Every window edge for the contract, every deed-tax area edge, each kind of home, with and without
    the deed tax paid; then the extension's and the deadline's edges."""
    cases = []
    for contract in HOUSING_DAYS:
        for area in AREAS:
            for home in (1, 2, 3):
                for paid in (None, "6000"):
                    case = {"as_of": "2024-06-01", "property_type": "residential", "area_m2": area, "price_yuan": "500000",
                            "home_number": home, "contract_date": contract, "application_date": "2025-03-01"}
                    cases.append(case if paid is None else dict(case, deed_tax_paid_yuan=paid))
            cases.append({"as_of": "2024-06-01", "property_type": "non_residential", "area_m2": area, "price_yuan": "500000",
                          "contract_date": contract})
        for presale in PRESALE_DAYS[1:]:
            for application in ("2026-12-31", "2027-01-01"):
                cases.append({"as_of": "2026-11-01", "property_type": "residential", "area_m2": "100", "price_yuan": "500000",
                              "home_number": 1, "contract_date": contract, "application_date": application,
                              "extension_presale_date": presale, "park_months_buyer": 24, "talent_subsidy_yuan": 15000})
    return cases


AQI_EDGES = (0, 100, 149, 150, 151, 199, 200, 201, 299, 300, 301, 500)
WARNING_DAYS = ("2024-02-05", "2024-02-06", "2026-06-01", "2029-02-05", "2029-02-06")
CONCENTRATIONS = {"pm10_24h": ("150", "150.01", "149.99"), "pm25_24h": ("75", "75.01", "74"), "o3_8h": ("160", "160.5", "0")}


def warning_inputs(rng: random.Random) -> dict:
    length = rng.choice((0, 1, 2, 3, 3, 4, 5, 7, 10))
    values = [rng.choice(AQI_EDGES) if rng.random() < 0.5 else rng.randint(0, 500) for _ in range(length)]
    if rng.random() < 0.03:
        values.append(rng.choice((501, -1, "abc")))
    written = rng.random()
    daily = values if written < 0.4 else ",".join(map(str, values)) if written < 0.8 else "、".join(map(str, values))
    inputs: dict = {"as_of": rng.choice(WARNING_DAYS) if rng.random() < 0.3 else _day(rng), "daily_aqi": daily}
    for key, edges in CONCENTRATIONS.items():
        if rng.random() < 0.4:
            inputs[key] = rng.choice(edges) if rng.random() < 0.6 else rng.choice((rng.randint(0, 400), "80微克/立方米", "-3"))
    return inputs


def warning_grid() -> list[dict]:
    """Runs of one to four days at each edge, a peak inside and outside the run, and each advisory edge."""
    cases = []
    for day in WARNING_DAYS:
        for low in AQI_EDGES:
            for high in AQI_EDGES:
                for pattern in ((low,), (low, high), (low, high, low), (high, low, high), (low, low, high, low), (high, high, low, high)):
                    cases.append({"as_of": day, "daily_aqi": list(pattern)})
        for key, edges in CONCENTRATIONS.items():
            for edge in edges:
                cases.append({"as_of": day, "daily_aqi": "140,120", key: edge})
        cases.append({"as_of": day, "daily_aqi": []})
    return cases


POLLUTANTS = ("pm25_24h", "pm10_24h", "so2_24h", "no2_24h", "o3_8h", "o3_1h", "co_24h")
AQI_DAYS = ("2015-12-31", "2016-01-01", "2026-02-28", "2026-03-01", "2030-01-01")


def _breakpoint_edges() -> dict[str, list[str]]:
    """Each pollutant's breakpoints under both standards, and just beside them (read from the rule file's table)."""
    parameters = load_path(RULE_FILES["aqi"]).parameters
    edges = {}
    for key in POLLUTANTS:
        found = set()
        for period in parameters[f"breakpoints.{key}"].periods:
            for value in period.value:
                found |= {value, value + Decimal("0.001"), max(value - Decimal("0.001"), Decimal(0)), value + 1}
        edges[key] = sorted(number(v) for v in found)
    return edges


EDGES = _breakpoint_edges()


def aqi_inputs(rng: random.Random) -> dict:
    inputs: dict = {"as_of": rng.choice(AQI_DAYS) if rng.random() < 0.3 else _day(rng)}
    if rng.random() < 0.8:
        inputs["date"] = rng.choice(AQI_DAYS) if rng.random() < 0.5 else _day(rng)
    for key in rng.sample(POLLUTANTS, rng.choice((0, 1, 1, 2, 3, 7))):
        choice = rng.random()
        inputs[key] = (rng.choice(EDGES[key]) if choice < 0.5 else f"{rng.randint(0, 1300)}.{rng.randint(0, 999):03d}"
                       if choice < 0.8 else rng.choice((rng.randint(0, 3000), "80微克/立方米", "-1", "abc", "1.5mg/m³")))
    return inputs


def aqi_grid() -> list[dict]:
    """Every breakpoint of every pollutant, beside it and beyond the table, under both standards; ozone
    above its 8-hour limit with and without the 1-hour value; no value at all; a day before the standard."""
    cases = []
    for day in AQI_DAYS:
        for key in POLLUTANTS:
            for edge in EDGES[key]:
                cases.append({"as_of": "2026-06-01", "date": day, key: edge})
        cases.append({"as_of": day, "o3_8h": "801"})
        cases.append({"as_of": day, "o3_8h": "801", "o3_1h": "300", "pm25_24h": "300"})
        cases.append({"as_of": day})
        cases.append({"date": day, "pm25_24h": "75", "pm10_24h": "100", "no2_24h": "80"})  # a tie for the primary
    return cases


GENERATORS = {"township": (township_grid, township_inputs), "insurance": (insurance_grid, insurance_inputs),
              "housing": (housing_grid, housing_inputs), "warning": (warning_grid, warning_inputs),
              "aqi": (aqi_grid, aqi_inputs)}


def problems_of(result: dict, again: dict) -> list[str]:
    """What is wrong with one result (empty when nothing is)."""
    found = []
    try:
        json.dumps(result, allow_nan=False)
    except (TypeError, ValueError) as error:
        found.append(f"not JSON: {error}")
    missing = COMMON - set(result)
    if missing:
        found.append(f"missing keys {sorted(missing)}")
    if not isinstance(result.get("errors"), list):
        return found + ["errors is not a list"]
    found += [f"internal error: {e['message']}" for e in result["errors"] if any(word in e["message"] for word in INTERNAL)]
    if result["errors"]:
        if result.get("picture") is not None:
            found.append("a picture beside errors")
    else:
        if not result.get("steps"):
            found.append("no steps")
        for step in result.get("steps", []):
            if not (step.get("text") and step.get("cite")) or not ("#" in step["clause"] or step["clause"] == "" and "公告" in step["cite"]):
                found.append(f"a step without its text or clause: {json.dumps(step, ensure_ascii=False)[:200]}")
                break
    if again != result:
        found.append("the same inputs gave another result")
    return found


def check(calculator: str, count: int, seed: int = 18, rules=None) -> tuple[int, list[str]]:
    """(inputs run, the problems found), the grid first, then random draws up to count."""
    rules = rules or load_path(RULE_FILES[calculator])
    grid, draw = GENERATORS[calculator]
    rng = random.Random(seed)
    cases = grid()
    cases += [draw(rng) for _ in range(max(count - len(cases), 0))]
    problems = []
    for inputs in cases:
        try:
            result = rule_engine.run(rules, inputs, CLOCK)
            again = rule_engine.run(rules, json.loads(json.dumps(inputs)), CLOCK)
        except Exception as error:  # noqa: BLE001 - any exception is what this run looks for
            problems.append(f"{json.dumps(inputs, ensure_ascii=False)}\n  raised {type(error).__name__}: {error}")
            continue
        found = problems_of(result, again)
        if found:
            problems.append(f"{json.dumps(inputs, ensure_ascii=False)}\n  " + "\n  ".join(found))
    return len(cases), problems


def main(argv: list[str]) -> int:
    calculators = [argv[0]] if argv and argv[0] in GENERATORS else list(GENERATORS)
    count = int(argv[-1]) if argv and argv[-1].isdigit() else 5000
    failed = 0
    for calculator in calculators:
        run, problems = check(calculator, count)
        print(f"{calculator}: {run} inputs run, {len(problems)} results with a problem")
        for problem in problems[:5]:
            print(problem)
        failed += len(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
