"""The differential run: a calculator's Python module against its rule file, on generated inputs.

    python -m tests.calculators.differential township 20000

prints how many inputs were compared and how many differ (with the first differences). Inputs are
boundary grids (each amount at 0, just below, at and above every edge the rules have) crossed with
random draws, dates explicit (`as_of` always given), seeded, so a run is reproducible. Compared:
every key of the result (outputs, steps with their clauses, warnings, errors, what was understood,
the period check) except the picture, which the rule file draws from generic kinds.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

from calculators import api, rule_engine
from calculators.rule_file import load_path

ROOT = Path(__file__).resolve().parents[2]
RULE_FILES = {name: ROOT / "sources" / "jianghua" / "calculators" / f"{name}.toml" for name in ("township", "insurance")}
CLOCK = dt.date(2024, 6, 1)
IGNORED = {"picture"}

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


GENERATORS = {"township": (township_grid, township_inputs), "insurance": (insurance_grid, insurance_inputs)}


def compare(calculator: str, count: int, seed: int = 18, rules=None) -> tuple[int, list[str]]:
    """(inputs compared, the differences found), the grid first, then random draws up to count."""
    rules = rules or load_path(RULE_FILES[calculator])
    grid, draw = GENERATORS[calculator]
    rng = random.Random(seed)
    cases = grid()
    cases += [draw(rng) for _ in range(max(count - len(cases), 0))]
    saved, api._today = api._today, lambda: CLOCK
    differences = []
    try:
        for inputs in cases:
            module = api.run(calculator, inputs)
            engine = rule_engine.run(rules, inputs, CLOCK)
            for key in sorted((set(module) | set(engine)) - IGNORED):
                if module.get(key) != engine.get(key):
                    differences.append(f"{json.dumps(inputs, ensure_ascii=False)}\n  {key}: module "
                                       f"{json.dumps(module.get(key), ensure_ascii=False)[:300]}\n  {key}: rules  "
                                       f"{json.dumps(engine.get(key), ensure_ascii=False)[:300]}")
                    break
    finally:
        api._today = saved
    return len(cases), differences


def main(argv: list[str]) -> int:
    calculators = [argv[0]] if argv and argv[0] in GENERATORS else list(GENERATORS)
    count = int(argv[-1]) if argv and argv[-1].isdigit() else 5000
    failed = 0
    for calculator in calculators:
        compared, differences = compare(calculator, count)
        print(f"{calculator}: {compared} inputs compared, {len(differences)} differ")
        for difference in differences[:5]:
            print(difference)
        failed += len(differences)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
