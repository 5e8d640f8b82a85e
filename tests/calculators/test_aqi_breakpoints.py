"""AQI: every breakpoint of both HJ 633 tables, and values just above and below each.

The oracle here is an independent copy of the standards' tables and formula, typed from the
standard, not read from the rule file it checks: the national calculators/national/aqi.toml,
computed by the engine.
"""
import datetime
import math
from decimal import Decimal
from fractions import Fraction

import pytest

from calculators import rule_engine
from calculators.rule_file import load_path

from ..conftest import ROOT

RULES = load_path(ROOT / "calculators" / "national" / "aqi.toml")

LEVELS = [0, 50, 100, 150, 200, 300, 400, 500]
HJ633_2012 = {
    "so2_24h": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "no2_24h": [0, 40, 80, 180, 280, 565, 750, 940],
    "pm10_24h": [0, 50, 150, 250, 350, 420, 500, 600],
    "co_24h": [0, 2, 4, 14, 24, 36, 48, 60],
    "o3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "o3_8h": [0, 100, 160, 215, 265, 800],
    "pm25_24h": [0, 35, 75, 115, 150, 250, 350, 500],
}
HJ633_2026 = dict(HJ633_2012, pm10_24h=[0, 50, 120, 250, 350, 420, 500, 600], pm25_24h=[0, 35, 60, 115, 150, 250, 350, 500])
STANDARDS = {"2026-02-28": ("HJ 633-2012", HJ633_2012), "2026-03-01": ("HJ 633-2026", HJ633_2026)}
DELTA = Fraction(1, 10)


@pytest.fixture
def calculate():
    return lambda inputs: rule_engine.run(RULES, inputs, datetime.date(2026, 6, 1))


def oracle(pollutant: str, c: Fraction, table: dict) -> int:
    bps = table[pollutant]
    if c > bps[-1]:
        return 500
    for k in range(1, len(bps)):
        if c <= bps[k]:
            return math.ceil(Fraction(LEVELS[k] - LEVELS[k - 1], bps[k] - bps[k - 1]) * (c - bps[k - 1]) + LEVELS[k - 1])
    raise AssertionError


def points():
    for date, (name, table) in STANDARDS.items():
        for pollutant, bps in table.items():
            for bp in bps:
                for c in (Fraction(bp) - DELTA, Fraction(bp), Fraction(bp) + DELTA):
                    if c >= 0 and not (pollutant == "o3_8h" and c > 800):
                        yield pytest.param(date, name, pollutant, c, id=f"{name}-{pollutant}-{float(c)}")


@pytest.mark.parametrize("date, name, pollutant, concentration", list(points()))
def test_sub_index_at_and_around_every_breakpoint(calculate, date, name, pollutant, concentration):
    value = float(concentration) if concentration.denominator != 1 else int(concentration)
    result = calculate({pollutant: value, "date": date})
    assert result["standard"] == name
    assert result["iaqi"][pollutant] == oracle(pollutant, concentration, STANDARDS[date][1])


@pytest.mark.parametrize("pollutant", ["pm25_24h", "pm10_24h", "so2_24h", "no2_24h", "co_24h", "o3_1h"])
def test_a_breakpoint_value_gives_exactly_its_index(calculate, pollutant):
    for k, bp in enumerate(HJ633_2012[pollutant]):
        assert calculate({pollutant: bp, "date": "2025-01-01"})["iaqi"][pollutant] == LEVELS[k]


@pytest.mark.parametrize("aqi_value, level, category", [(50, 1, "优"), (51, 2, "良"), (100, 2, "良"), (101, 3, "轻度污染"),
                                                       (150, 3, "轻度污染"), (151, 4, "中度污染"), (200, 4, "中度污染"),
                                                       (201, 5, "重度污染"), (300, 5, "重度污染"), (301, 6, "严重污染")])
def test_category_boundaries(calculate, aqi_value, level, category):
    """A PM2.5 value whose sub-index is exactly aqi_value (interpolated back through the oracle's table)."""
    table = HJ633_2012["pm25_24h"]
    k = next(k for k in range(1, len(LEVELS)) if aqi_value <= LEVELS[k])
    concentration = table[k - 1] + Fraction(aqi_value - LEVELS[k - 1]) * Fraction(table[k] - table[k - 1], LEVELS[k] - LEVELS[k - 1])
    written = str(Decimal(concentration.numerator) / Decimal(concentration.denominator))
    assert oracle("pm25_24h", concentration, HJ633_2012) == aqi_value
    result = calculate({"pm25_24h": written, "date": "2026-01-01"})
    assert (result["aqi"], result["level"], result["category"]) == (aqi_value, level, category)


def test_the_standard_switches_on_1_march_2026(calculate):
    assert calculate({"pm25_24h": 70, "date": "2026-02-28"})["standard"] == "HJ 633-2012"
    assert calculate({"pm25_24h": 70, "date": "2026-03-01"})["standard"] == "HJ 633-2026"


def test_ozone_over_800_without_the_one_hour_value_is_an_error_naming_it(calculate):
    result = calculate({"o3_8h": 801, "date": "2026-07-01"})
    assert [e["field"] for e in result["errors"]] == ["o3_1h"]


def test_ozone_at_800_for_eight_hours_is_still_in_the_table(calculate):
    assert calculate({"o3_8h": 800, "date": "2026-07-01"})["iaqi"]["o3_8h"] == 300
