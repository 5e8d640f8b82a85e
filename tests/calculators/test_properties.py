"""Properties that must hold for any input (hypothesis), for Jianghua's rule files and the national ones."""
import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from calculators import api, rule_engine
from calculators.rule_file import load_path
from calculators.schema import Field

from ..conftest import CORPUS, ROOT
from .case_tables import load_cases
from .conftest import IDS, JIANGHUA
from .generated import RULE_FILES

money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
modes = st.sampled_from(["progressive", "whole"])
dates = st.dates(min_value=__import__("datetime").date(2023, 1, 1), max_value=__import__("datetime").date(2028, 12, 31))


RULES = {name: load_path(path) for name, path in RULE_FILES.items()}
CLOCK = dt.date(2024, 6, 1)


def run_rules(calculator):
    return lambda inputs: rule_engine.run(RULES[calculator], inputs, CLOCK)


def payout(**inputs):
    result = run_rules("insurance")({k: (str(v) if isinstance(v, Decimal) else v) for k, v in inputs.items()})
    assert result["errors"] == [], result
    return Decimal(str(result["payout_yuan"]))


@given(money, money, modes)
def test_illness_payout_never_exceeds_the_cap_and_never_falls_as_costs_rise(a, b, mode):
    low, high = sorted((a, b))
    assert payout(category="illness", self_paid_yuan=low, tier_mode=mode) <= payout(category="illness", self_paid_yuan=high, tier_mode=mode) <= 30000


@given(money, money, modes)
def test_disaster_payout_never_exceeds_the_cap_and_never_falls_as_losses_rise(a, b, mode):
    low, high = sorted((a, b))
    assert payout(category="disaster", loss_yuan=low, tier_mode=mode) <= payout(category="disaster", loss_yuan=high, tier_mode=mode) <= 20000


@given(money, money)
def test_already_paid_only_lowers_the_remaining_cap(self_paid, already):
    assert payout(category="illness", self_paid_yuan=self_paid, already_paid_yuan=already) <= max(Decimal(30000) - already, 0)


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 100_000), st.integers(0, 100_000))
def test_industry_payout_never_exceeds_its_cap(grain, cash, poultry, livestock):
    assert payout(category="industry", grain_mu=grain, cash_crop_mu=cash, poultry=poultry, livestock=livestock) <= 10000


@given(money)
def test_insurer_shares_always_add_up_to_the_payout(amount):
    result = run_rules("insurance")({"category": "illness", "self_paid_yuan": str(amount)})
    shares = result["insurer_shares_yuan"]
    assert sum(Decimal(str(v)) for v in shares.values()) == Decimal(str(result["payout_yuan"]))


@given(st.decimals(min_value=Decimal("0.01"), max_value=5000, places=2), st.decimals(min_value=0, max_value=5000, places=2),
       st.integers(1, 5), st.integers(0, 200), st.integers(0, 200), dates)
def test_housing_caps_hold_and_a_larger_flat_never_gets_less(area, extra, home, months_a, months_b, contract):
    calculate = run_rules("housing")
    base = {"property_type": "residential", "price_yuan": "800000", "home_number": home, "contract_date": contract.isoformat(),
            "application_date": contract.isoformat(), "park_months_buyer": months_a, "park_months_spouse": months_b}
    small = calculate(dict(base, area_m2=str(area)))
    large = calculate(dict(base, area_m2=str(area + extra)))
    for result in (small, large):
        assert result["errors"] == []
        assert result["eligible_amounts"]["first_home"] <= 10000
        assert result["eligible_amounts"]["park"] <= 60000
        assert result["total_yuan"] == result["items"]["deed_tax_subsidy"] + max(
            result["items"][k] for k in ("first_home", "park", "talent"))
    assert large["total_yuan"] >= small["total_yuan"]


@given(money, money)
def test_township_rewards_never_fall_as_revenue_rises(a, b):
    low, high = sorted((a, b))
    get = lambda x: run_rules("township")({"land_revenue_yuan": str(x)})["total_township_yuan"]
    assert get(low) <= get(high)


def _json_values():
    scalars = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats() | st.text(max_size=12)
    return st.recursive(scalars, lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
                        max_leaves=8)


def _field_names(calculator):
    return [f.name for f in JIANGHUA.rules[calculator].fields]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(IDS), st.data())
def test_no_input_crashes_any_calculator(calculator, data):
    names = _field_names(calculator) + ["aera_m2", ""]
    inputs = data.draw(st.dictionaries(st.sampled_from(names), _json_values(), max_size=6))
    result = api.run(calculator, inputs)
    assert isinstance(result["errors"], list)
    assert not any("内部错误" in e["message"] or "无法完成计算" in e["message"] for e in result["errors"]), (inputs, result)
    json.dumps(result, allow_nan=False)  # always valid JSON


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(sorted({calculator for calculator, _ in load_cases()})), st.data())
def test_the_command_line_gives_the_same_result_as_the_dict_api(calculator, data):
    case = data.draw(st.sampled_from([c for calc, c in load_cases(calculator)]))
    process = subprocess.run([sys.executable, "-m", "calculators", "--county", str(CORPUS), calculator],
                             input=json.dumps(case["inputs"]),
                             capture_output=True, text=True, cwd=ROOT)
    assert json.loads(process.stdout) == api.run(calculator, case["inputs"])
    assert process.returncode == (2 if json.loads(process.stdout)["errors"] else 0)


def test_the_command_line_exits_2_with_errors_as_json():
    process = subprocess.run([sys.executable, "-m", "calculators", "--county", str(CORPUS), "housing"], input='{"aera_m2": 100}',
                             capture_output=True, text=True, cwd=ROOT)
    assert process.returncode == 2
    assert json.loads(process.stdout)["errors"]
    listing = subprocess.run([sys.executable, "-m", "calculators", "--county", str(CORPUS), "--list"],
                             capture_output=True, text=True, cwd=ROOT)
    assert listing.stdout.split() == list(IDS)  # the county's rule files, then the national ones beside the engine


def test_field_descriptions_are_complete():
    """Every input has its label and links its clause; a national rule with no page on the site (the
    deed tax) has no clause to link."""
    for calculator in IDS:
        rules = JIANGHUA.rules[calculator]
        for f in rules.fields:
            assert isinstance(f, Field) and f.label, (calculator, f.name)
            assert f.clause or not rules.page, (calculator, f.name)
