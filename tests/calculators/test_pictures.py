"""Pictures of the working: read each SVG with xml.etree and check that every mark sits where its
number says, against the picture's own axis ticks; that each picture has a one-sentence text
alternative; and that it fits and reads at 390 px (nothing outside the 360-unit width, no tiny text)."""
import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from calculators import api
from calculators.svg import text_width

from .case_tables import load_cases
from .conftest import IDS, JIANGHUA

SVG = "{http://www.w3.org/2000/svg}"
TOLERANCE = 0.15  # coordinates are written to 0.1


def parse(picture: dict) -> ET.Element:
    root = ET.fromstring(picture["svg"])
    assert root.tag == f"{SVG}svg"
    return root


def elements(root, **data):
    """Elements whose data-* attributes have the given values (None: present with any value)."""
    found = []
    for element in root.iter():
        if all((element.get(f"data-{key.replace('_', '-')}") is not None) if value is None else
               element.get(f"data-{key.replace('_', '-')}") == str(value) for key, value in data.items()):
            found.append(element)
    return found


def axis(root, name: str, convert=float, start: int = 0, count: int | None = None):
    """The linear map value -> coordinate that the axis ticks define (checked to be linear)."""
    ticks = elements(root, axis=name)[start:None if count is None else start + count]
    coordinate = "x1" if name == "x" else "y1"
    points = [(convert(t.get("data-value")), float(t.get(coordinate))) for t in ticks]
    assert len(points) >= 2, f"fewer than two {name} ticks"
    (v0, c0), (v1, c1) = points[0], points[-1]
    scale = (c1 - c0) / (v1 - v0)
    for value, at in points:
        assert abs(c0 + (value - v0) * scale - at) <= TOLERANCE, f"tick {value} off its axis"
    return lambda value: c0 + (convert(value) - v0) * scale


def close(a, b, tolerance=TOLERANCE):
    return abs(float(a) - float(b)) <= tolerance


def check_readable(picture: dict):
    root = parse(picture)
    assert picture["alt"] and root.get("aria-label") == picture["alt"] and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == picture["alt"]
    assert picture["alt"].count("。") == 1 and picture["alt"].endswith("。"), "one sentence"
    width = float(root.get("viewBox").split()[2])
    assert width <= 360 and root.get("width") == "360"
    for text in root.iter(f"{SVG}text"):
        size = float(text.get("font-size"))
        assert size >= 10, f"text too small to read at 390 px: {text.text}"
        x, w = float(text.get("x")), text_width(text.text or "", size)
        left = {"middle": x - w / 2, "end": x - w}.get(text.get("text-anchor"), x)
        assert -1 <= left and left + w <= width + 1, f"text outside the picture: {text.text!r} ({left:.0f}–{left + w:.0f})"
    return root



# The pictures are the rule files' own ([[picture]]: parts, bars, timeline; calculators/rule_pictures.py).

def parts_in_order(root, x, whole):
    """Each part starts where the one before it ends, all from 0, and the last ends at `whole`."""
    parts = elements(root, mark="part")
    edge = x(0)
    for part in parts:
        assert close(part.get("x"), edge)
        edge = float(part.get("x")) + float(part.get("width"))
    assert close(edge, x(whole))
    return parts


def bars_against_lines(root, values, lines):
    """One bar per value standing on 0 up to its value, and one dashed line per threshold, on the y axis."""
    y = axis(root, "y")
    bars = elements(root, mark="item")
    assert [float(b.get("data-value")) for b in bars] == [float(v) for v in values]
    for bar, value in zip(bars, values):
        assert close(bar.get("y"), y(value)) and close(float(bar.get("y")) + float(bar.get("height")), y(0))
    found = {float(line.get("data-value")): float(line.get("y1")) for line in elements(root, mark="threshold")}
    assert sorted(found) == sorted(float(v) for v in lines)
    for value, at in found.items():
        assert close(at, y(value))
    return bars


# --- insurance ---------------------------------------------------------------------------

@pytest.mark.parametrize("inputs", [
    {"category": "illness", "self_paid_yuan": 10000, "tier_mode": "progressive"},
    {"category": "illness", "self_paid_yuan": 50000, "tier_mode": "whole"},
    {"category": "illness", "self_paid_yuan": 10_000_000},
    {"category": "accident", "outcome": "death"},
    {"category": "industry", "grain_mu": 30, "livestock": 50},
])
def test_insurance_shares_are_drawn_in_proportion_and_add_up_to_the_payout(inputs):
    result = api.run("insurance", dict(inputs, event_date="2024-03-01"))
    root = check_readable(result["picture"])
    x = axis(root, "x")
    parts = parts_in_order(root, x, result["payout_yuan"])
    shares = [v for v in result["insurer_shares_yuan"].values() if v]
    assert [float(p.get("data-value")) for p in parts] == [float(v) for v in shares]
    widths = [float(p.get("width")) for p in parts]
    for part, width in zip(parts, widths):
        assert close(width / sum(widths), float(part.get("data-value")) / result["payout_yuan"], 0.01)
    assert "赔付金额" in result["picture"]["alt"]


def test_a_payout_of_nothing_is_said_not_drawn():
    result = api.run("insurance", {"category": "illness", "self_paid_yuan": 300, "event_date": "2024-03-01"})
    assert result["payout_yuan"] == 0
    root = check_readable(result["picture"])
    assert elements(root, mark="part") == [] and "0.00 元" in result["picture"]["alt"]


# --- aqi ---------------------------------------------------------------------------------

AQI_NAMES = {"pm25_24h": "PM2.5", "pm10_24h": "PM10", "so2_24h": "SO2", "no2_24h": "NO2", "o3_8h": "O3-8h", "o3_1h": "O3-1h",
             "co_24h": "CO"}


@pytest.mark.parametrize("inputs", [
    {"pm25_24h": 70, "date": "2025-12-01"},
    {"pm25_24h": 180, "pm10_24h": 260, "no2_24h": 90, "so2_24h": 30, "co_24h": 1.8, "date": "2026-01-10"},
    {"o3_8h": 900, "o3_1h": 900, "date": "2026-07-01"},
    {"pm25_24h": 20, "co_24h": 0.5, "date": "2026-07-01"},
])
def test_aqi_draws_each_sub_index_against_the_category_limits(inputs):
    result = api.run("aqi", inputs)
    root = check_readable(result["picture"])
    order = [key for key in AQI_NAMES if key in result["iaqi"]]  # the rule file's order of pollutants
    bars_against_lines(root, [result["iaqi"][key] for key in order], [50, 100, 150, 200, 300])
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert all(AQI_NAMES[key] in texts for key in order)  # each bar named, not by colour alone
    alt = result["picture"]["alt"]
    assert f"AQI {result['aqi']}" in alt and result["category"] in alt
    assert "#" not in alt and "pm25_24h" not in alt


def test_ozone_above_its_limit_is_drawn_once():
    result = api.run("aqi", {"o3_8h": 900, "o3_1h": 900, "date": "2026-07-01"})
    root = parse(result["picture"])
    assert list(result["iaqi"]) == ["o3_1h"] and len(elements(root, mark="item")) == 1
    assert "O3-1h" in [t.text for t in root.iter(f"{SVG}text")]


# --- warning -----------------------------------------------------------------------------

@pytest.mark.parametrize("forecast, level, run", [("210,320,250", "red", ("0", "2")), ("160,170,120", "yellow", ("0", "1")),
                                                  ("140,120", "none", None), ("100,160,210,220,90", "orange", ("2", "3")),
                                                  (",".join(["180"] * 40), "orange", ("0", "39"))])
def test_warning_bars_stand_against_the_plans_lines(forecast, level, run):
    result = api.run("warning", {"daily_aqi": forecast, "as_of": "2026-01-05"})
    assert result["level"] == level
    root = check_readable(result["picture"])
    bars_against_lines(root, [float(v) for v in forecast.split(",")], [150, 200, 300])
    brackets = elements(root, mark="run")
    if run is None:
        assert brackets == []
    else:
        bracket, = brackets
        assert (bracket.get("data-first"), bracket.get("data-last")) == run


# --- housing -----------------------------------------------------------------------------

def _date(text: str) -> float:
    return dt.date.fromisoformat(text).toordinal()


@pytest.mark.parametrize("inputs", [
    {"contract_date": "2024-06-01", "application_date": "2024-07-01", "as_of": "2026-11-29"},
    {"contract_date": "2025-09-01", "application_date": "2025-10-01", "extension_presale_date": "2025-05-20", "as_of": "2025-10-01"},
    {"contract_date": "2024-02-05", "application_date": "2024-07-01", "extension_presale_date": "2025-07-31", "as_of": "2024-07-01"},
    {"contract_date": "2027-06-01", "application_date": "2027-06-01", "as_of": "2030-01-01"},
])
def test_housing_timeline_marks_the_case_dates_on_the_calendar(inputs):
    base = {"property_type": "residential", "area_m2": 100, "price_yuan": 500000, "home_number": 1}
    result = api.run("housing", {**base, **inputs})
    assert result["errors"] == []
    root = check_readable(result["picture"])
    x = axis(root, "x", convert=_date)
    marks = {line.get("data-key"): line for line in elements(root, mark="date")}
    for label, key in (("签约", "contract_date"), ("申报", "application_date"), ("计算日", "as_of")):
        assert marks[label].get("data-value") == inputs[key] and close(marks[label].get("x1"), x(inputs[key]))
    assert close(marks["申报截止"].get("x1"), x("2026-12-31"))
    day = x("2024-01-02") - x("2024-01-01")
    windows = elements(root, mark="window")
    for window in windows:  # from the first day to the end of the last day
        start, end = window.get("data-first"), window.get("data-last")
        assert close(window.get("x"), x(start)) and close(float(window.get("x")) + float(window.get("width")), x(end) + day)
    extended = [w for w in windows if w.get("data-key").startswith("延期")]
    assert bool(extended) == ("extension_presale_date" in inputs)


# --- township ----------------------------------------------------------------------------

def test_township_reward_is_drawn_as_its_parts():
    result = api.run("township", {"land_revenue_yuan": 5000000, "provincial_honors": 2, "as_of": "2026-01-01",
                                  "assets": [{"managed_by": "township", "disposal_income_yuan": 1000000, "taxes_fees_yuan": 50000}]})
    root = check_readable(result["picture"])
    x = axis(root, "x", count=2)  # the first picture's scale, shared by the three
    parts = elements(root, mark="part")[:3]
    assert [(p.get("data-key"), Decimal(p.get("data-value"))) for p in parts] == [
        ("土地出让金返还", Decimal(3000000)), ("资产盘活奖励乡镇", Decimal(380000)), ("专项奖励", Decimal(80000))]
    edge = x(0)
    for part in parts:
        assert close(part.get("x"), edge)
        edge = float(part.get("x")) + float(part.get("width"))
        assert close(edge, x(sum(float(p.get("data-value")) for p in parts[:parts.index(part) + 1])))
    assert close(edge, x(result["total_township_yuan"]))
    assert "乡镇所得合计" in result["picture"]["alt"]


# --- every picture ----------------------------------------------------------------------

@pytest.mark.parametrize("calculator", IDS)
def test_every_rules_picture_reads_and_has_a_text_alternative(calculator):
    check_readable(api.rules_picture(calculator, dt.date(2026, 11, 29)))


@pytest.mark.parametrize("calculator", IDS)
def test_every_worked_example_has_a_readable_picture(calculator):
    """Every example of a calculator whose rule file declares pictures; a result of one that declares
    none (the deed tax) has none."""
    for example in api.describe(calculator)["examples"]:
        result = api.run(calculator, {"as_of": "2026-11-29", **example["inputs"]})
        if JIANGHUA.rules[calculator].pictures:
            check_readable(result["picture"])
        else:
            assert result["picture"] is None


def test_pictures_have_no_element_ids_so_many_can_share_a_page():
    result = api.run("aqi", {"pm25_24h": 70, "date": "2025-12-01"})
    assert not any(element.get("id") for element in parse(result["picture"]).iter())


@pytest.mark.parametrize("calculator, case", load_cases(), ids=lambda x: x["name"] if isinstance(x, dict) else x)
def test_every_case_of_the_tables_has_a_readable_picture(calculator, case):
    result = api.run(calculator, {"as_of": "2026-11-29", **case["inputs"]})
    check_readable(result["picture"])
