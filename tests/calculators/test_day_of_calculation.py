"""One explicit day per calculation: the case's own dates, else `as_of`; only calculators.api
reads the clock (once, when `as_of` is absent) and every result says which day it was made for.
A case outside its policy's period says so first (`out_of_period`)."""
import ast
import datetime as dt

import pytest

from calculators import api

from ..conftest import ROOT
from .conftest import IDS

CLOCK_CALLS = {"today", "now", "utcnow", "time", "time_ns", "localtime", "gmtime", "monotonic"}
ANY = {
    "housing": {"property_type": "residential", "area_m2": 100, "price_yuan": 500000, "home_number": 1,
                "contract_date": "2024-06-01"},
    "insurance": {"category": "illness", "self_paid_yuan": 10000},
    "aqi": {"pm25_24h": 70},
    "warning": {"daily_aqi": "160,170"},
    "township": {"land_revenue_yuan": 100000},
    "deed_tax": {"area_m2": 100, "home_number": "1", "price_yuan": 500000, "contract_date": "2025-03-01"},
}


def clock_reads(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CLOCK_CALLS]


def test_only_the_api_reads_the_clock_and_only_once():
    reads = {path.name: clock_reads(path) for path in sorted((ROOT / "calculators").glob("*.py"))}
    assert {name: lines for name, lines in reads.items() if lines and name != "api.py"} == {}
    assert len(reads["api.py"]) == 1


@pytest.fixture
def clock(monkeypatch):
    """Set the day calculators.api reads from the clock."""
    def set_day(day: str):
        monkeypatch.setattr(api, "_today", lambda: dt.date.fromisoformat(day))
    return set_day


@pytest.mark.parametrize("calculator", IDS)
def test_without_as_of_the_result_says_the_day_the_clock_gave(calculator, clock):
    clock("2025-03-04")
    assert api.run(calculator, ANY[calculator])["as_of"] == "2025-03-04"


@pytest.mark.parametrize("calculator", IDS)
def test_with_as_of_the_result_is_the_same_whatever_the_clock_says(calculator, clock):
    inputs = dict(ANY[calculator], as_of="2024-08-01")
    clock("2024-08-01")
    first = api.run(calculator, inputs)
    clock("2031-12-31")
    assert api.run(calculator, inputs) == first
    assert first["as_of"] == "2024-08-01" and first["errors"] == []


def test_a_shared_housing_link_without_an_application_date_uses_the_day_in_the_link(clock):
    clock("2030-01-01")
    near = api.run("housing", dict(ANY["housing"], as_of="2026-11-29"))
    assert any("只剩 32 天" in w for w in near["warnings"])
    assert near["total_yuan"] == 15250  # applied (by the day of calculation) before the deadline
    late = api.run("housing", dict(ANY["housing"], as_of="2027-01-01"))
    assert late["total_yuan"] == 0 and any("已于 2026-12-31 截止" in w for w in late["warnings"])


def test_the_clock_is_read_at_each_call_not_at_import(clock):
    clock("2026-12-01")
    assert api.run("aqi", {"pm25_24h": 70})["standard"] == "HJ 633-2026"
    clock("2025-12-01")
    assert api.run("aqi", {"pm25_24h": 70})["standard"] == "HJ 633-2012"


@pytest.mark.parametrize("calculator, inputs, day, period", [
    ("insurance", {"category": "illness", "self_paid_yuan": 10000, "event_date": "2026-11-01"}, "2026-11-01",
     {"from": "2023-10-01", "until": "2024-09-30"}),
    ("insurance", {"category": "illness", "self_paid_yuan": 10000, "as_of": "2026-11-29"}, "2026-11-29",
     {"from": "2023-10-01", "until": "2024-09-30"}),
    ("housing", dict(ANY["housing"], contract_date="2024-02-05", application_date="2024-07-01"), "2024-02-05",
     {"from": "2024-02-06", "until": "2027-02-05"}),
    ("warning", {"daily_aqi": "210,220", "as_of": "2029-02-06"}, "2029-02-06", {"from": "2024-02-06", "until": "2029-02-05"}),
    ("township", {"land_revenue_yuan": 100, "as_of": "2024-03-11"}, "2024-03-11", {"from": "2024-03-12", "until": None}),
])
def test_a_case_outside_its_policys_period_leads_with_that(calculator, inputs, day, period):
    result = api.run(calculator, inputs)
    assert result["errors"] == []
    out = result["out_of_period"]
    assert out["date"] == day and out["period"] == period
    assert f"{day} 不在" in out["message"] and out["message"].endswith("仅供参考。")
    assert result["steps"][0]["text"].startswith(out["message"].split(" 不在")[0])


@pytest.mark.parametrize("calculator, inputs", [
    ("insurance", {"category": "illness", "self_paid_yuan": 10000, "event_date": "2024-09-30"}),
    ("insurance", {"category": "illness", "self_paid_yuan": 10000, "as_of": "2023-10-01"}),
    ("housing", dict(ANY["housing"], contract_date="2027-02-05", as_of="2027-02-05")),
    ("warning", {"daily_aqi": "210", "as_of": "2029-02-05"}),
    ("township", {"land_revenue_yuan": 100, "as_of": "2024-03-12"}),
    ("aqi", {"pm25_24h": 70, "date": "2016-01-01"}),
])
def test_a_case_within_its_period_has_no_out_of_period(calculator, inputs):
    result = api.run(calculator, inputs)
    assert result["errors"] == [] and result["out_of_period"] is None


def test_the_insurance_period_is_judged_on_the_event_not_the_day_of_calculation():
    result = api.run("insurance", {"category": "illness", "self_paid_yuan": 10000, "event_date": "2024-03-01",
                                   "as_of": "2026-11-29"})
    assert result["out_of_period"] is None and result["payout_yuan"] == 2850


def test_out_of_period_rules_are_those_of_the_nearest_period():
    """A township case before the measures took effect is tried under their first rules, not a crash."""
    result = api.run("township", {"land_revenue_yuan": 100, "as_of": "2020-01-01"})
    assert result["errors"] == [] and result["land_return_yuan"] == 60
