"""Properties that must hold for any input (hypothesis), for the modules and for the rule files replacing them."""
import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from calculators import IDS, api, housing, insurance, rule_engine, township
from calculators.rule_file import load_path
from calculators.schema import Field

from ..conftest import ROOT
from .differential import RULE_FILES

money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
modes = st.sampled_from(["progressive", "whole"])
dates = st.dates(min_value=__import__("datetime").date(2023, 1, 1), max_value=__import__("datetime").date(2028, 12, 31))


RULES = {name: load_path(path) for name, path in RULE_FILES.items()}
CLOCK = dt.date(2024, 6, 1)


def run_rules(calculator):
    return lambda inputs: rule_engine.run(RULES[calculator], inputs, CLOCK)


HOUSING = {"module": housing.calculate, "rule file": run_rules("housing")}
TOWNSHIP = {"module": township.calculate, "rule file": run_rules("township")}


def payout(**inputs):
    result = insurance.calculate({k: (str(v) if isinstance(v, Decimal) else v) for k, v in inputs.items()})
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
    result = insurance.calculate({"category": "illness", "self_paid_yuan": str(amount)})
    shares = result["insurer_shares_yuan"]
    assert sum(Decimal(str(v)) for v in shares.values()) == Decimal(str(result["payout_yuan"]))


@pytest.mark.parametrize("runner", sorted(HOUSING))
@given(st.decimals(min_value=Decimal("0.01"), max_value=5000, places=2), st.decimals(min_value=0, max_value=5000, places=2),
       st.integers(1, 5), st.integers(0, 200), st.integers(0, 200), dates)
def test_housing_caps_hold_and_a_larger_flat_never_gets_less(runner, area, extra, home, months_a, months_b, contract):
    calculate = HOUSING[runner]
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


@pytest.mark.parametrize("runner", sorted(TOWNSHIP))
@given(money, money)
def test_township_rewards_never_fall_as_revenue_rises(runner, a, b):
    low, high = sorted((a, b))
    get = lambda x: TOWNSHIP[runner]({"land_revenue_yuan": str(x)})["total_township_yuan"]
    assert get(low) <= get(high)


def _json_values():
    scalars = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats() | st.text(max_size=12)
    return st.recursive(scalars, lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
                        max_leaves=8)


def _field_names(calculator):
    module = __import__(f"calculators.{calculator}", fromlist=["INPUTS"])
    return [f.name for f in module.INPUTS]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(RULES)), st.data())
def test_no_input_crashes_any_rule_file(calculator, data):
    names = _field_names(calculator) + ["aera_m2", ""]
    inputs = data.draw(st.dictionaries(st.sampled_from(names), _json_values(), max_size=6))
    result = rule_engine.run(RULES[calculator], inputs, CLOCK)
    assert isinstance(result["errors"], list)
    assert not any("内部错误" in e["message"] or "无法完成计算" in e["message"] for e in result["errors"]), (inputs, result)
    json.dumps(result, allow_nan=False)  # always valid JSON


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(IDS), st.data())
def test_no_input_crashes_any_calculator(calculator, data):
    names = _field_names(calculator) + ["aera_m2", ""]
    inputs = data.draw(st.dictionaries(st.sampled_from(names), _json_values(), max_size=6))
    result = api.run(calculator, inputs)
    assert isinstance(result["errors"], list)
    assert not any("内部错误" in e["message"] for e in result["errors"]), (inputs, result)
    json.dumps(result, allow_nan=False)  # always valid JSON


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(IDS), st.data())
def test_the_command_line_gives_the_same_result_as_the_dict_api(calculator, data):
    from .case_tables import load_cases
    case = data.draw(st.sampled_from([c for calc, c in load_cases(calculator)]))
    process = subprocess.run([sys.executable, "-m", "calculators", calculator], input=json.dumps(case["inputs"]),
                             capture_output=True, text=True, cwd=ROOT)
    assert json.loads(process.stdout) == api.run(calculator, case["inputs"])
    assert process.returncode == (2 if json.loads(process.stdout)["errors"] else 0)


def test_the_command_line_exits_2_with_errors_as_json():
    process = subprocess.run([sys.executable, "-m", "calculators", "housing"], input='{"aera_m2": 100}',
                             capture_output=True, text=True, cwd=ROOT)
    assert process.returncode == 2
    assert json.loads(process.stdout)["errors"]
    listing = subprocess.run([sys.executable, "-m", "calculators", "--list"], capture_output=True, text=True, cwd=ROOT)
    assert listing.stdout.split() == [*IDS, "deed_tax"]  # the modules, and the national rule files beside the engine


def test_field_descriptions_are_complete():
    for calculator in IDS:
        for f in __import__(f"calculators.{calculator}", fromlist=["INPUTS"]).INPUTS:
            assert isinstance(f, Field) and f.label and f.clause, (calculator, f.name)
