"""Pictures of the working: read each SVG with xml.etree and check that every mark sits where its
number says, against the picture's own axis ticks; that each picture has a one-sentence text
alternative; and that it fits and reads at 390 px (nothing outside the 360-unit width, no tiny text)."""
import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from calculators import IDS, api
from calculators.svg import text_width

from .case_tables import load_cases

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



# The AQI module's own pictures (the two standards compared, the six-category scale), served by a catalogue
# without the national rule file; the site's AQI now draws the rule file's bars (test_rule_engine.py).
AQI_MODULE = api.catalogue(national={})

# --- insurance ---------------------------------------------------------------------------

@pytest.mark.parametrize("amount, mode", [(10000, "progressive"), (50000, "progressive"), (50000, "whole"), (300, "progressive"),
                                          (200000, "progressive"), (10_000_000, "progressive")])
def test_insurance_marks_the_cost_the_payout_and_the_cap_where_the_numbers_say(amount, mode):
    result = api.run("insurance", {"category": "illness", "self_paid_yuan": amount, "tier_mode": mode, "event_date": "2024-03-01"})
    root = check_readable(result["picture"])
    x, y = axis(root, "x"), axis(root, "y")
    payout = result["payout_yuan"]
    point, = elements(root, mark="payout")
    assert close(point.get("cy"), y(payout))
    cost, = elements(root, mark="cost")
    right_end = max(float(t.get("x1")) for t in elements(root, axis="x"))
    assert close(cost.get("x1"), min(x(amount), right_end))  # beyond the drawn range it sits at the edge, with an arrow
    if x(amount) > right_end:
        assert any("超出图示范围" in (t.text or "") for t in root.iter(f"{SVG}text"))
    cap, = elements(root, mark="cap")
    assert cap.get("data-value") == "30000" and close(cap.get("y1"), y(30000))
    bands = elements(root, mark="band")
    assert [b.get("data-value") for b in bands] == ["0.0", "20000.0", "40000.0"]
    for band in bands:  # each band starts at the deductible plus its lower limit
        assert close(band.get("x"), x(500 + float(band.get("data-value"))))
    shares = elements(root, mark="share")
    assert [s.get("data-value") for s in shares] == [f"{float(v):g}" for v in result["insurer_shares_yuan"].values()]


def test_insurance_shares_are_drawn_in_proportion():
    result = api.run("insurance", {"category": "accident", "outcome": "death", "event_date": "2024-03-01"})
    root = check_readable(result["picture"])
    shares = elements(root, mark="share")
    widths = [float(s.get("width")) for s in shares]
    for share, width in zip(shares, widths):
        assert close(width / sum(widths), float(share.get("data-ratio")), 0.01)
    limit, = elements(root, mark="limit")
    part, = elements(root, mark="part")
    assert close(float(part.get("x")) + float(part.get("width")), limit.get("x1"))  # death benefit = its own limit


def test_industry_losses_are_drawn_as_parts_against_the_household_cap():
    result = api.run("insurance", {"category": "industry", "grain_mu": 30, "livestock": 50, "event_date": "2024-03-01"})
    root = check_readable(result["picture"])
    parts = elements(root, mark="part")
    assert [p.get("data-value") for p in parts] == ["7500", "7500"]
    zero = float(elements(root, axis="x")[0].get("x1"))
    limit, = elements(root, mark="limit")
    per_yuan = (float(limit.get("x1")) - zero) / 10000
    assert close(float(parts[0].get("width")), 7500 * per_yuan) and result["payout_yuan"] == 10000
    payout, = elements(root, mark="payout")
    assert close(payout.get("x1"), limit.get("x1"))


# --- aqi ---------------------------------------------------------------------------------

@pytest.mark.parametrize("inputs", [
    {"pm25_24h": 70, "date": "2025-12-01"},
    {"pm25_24h": 180, "pm10_24h": 260, "no2_24h": 90, "so2_24h": 30, "co_24h": 1.8, "date": "2026-01-10"},
    {"o3_8h": 900, "o3_1h": 900, "date": "2026-07-01"},
    {"pm25_24h": 20, "co_24h": 0.5, "date": "2026-07-01"},
])
def test_aqi_marks_each_sub_index_on_the_six_category_scale(inputs):
    result = AQI_MODULE.run("aqi", inputs)
    root = check_readable(result["picture"])
    x = axis(root, "x", count=7)
    bars = [b for b in elements(root, mark="iaqi") if b.get("data-standard") is None]  # not the comparison's
    assert {b.get("data-key"): int(b.get("data-value")) for b in bars} == result["iaqi"]
    for bar in bars:
        assert close(bar.get("x"), x(0)) and close(float(bar.get("x")) + float(bar.get("width")), x(int(bar.get("data-value"))))
    line, = elements(root, mark="aqi")
    assert close(line.get("x1"), x(result["aqi"]))
    categories = elements(root, mark="category")
    assert len(categories) == 6
    for band in categories:
        low, high = map(int, band.get("data-value").split("/"))
        assert close(band.get("x"), x(low)) and close(float(band.get("x")) + float(band.get("width")), x(high))
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for name in ("优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"):
        assert name in texts  # named, not colour alone
    if result["primary_pollutants"]:
        assert "（首要）" in texts
    assert "#" not in result["picture"]["alt"] and "pm25_24h" not in result["picture"]["alt"]


def test_the_same_concentrations_are_compared_under_both_standards():
    result = AQI_MODULE.run("aqi", {"pm25_24h": 70, "date": "2025-12-01"})
    root = parse(result["picture"])
    compared = {b.get("data-standard"): int(b.get("data-value")) for b in elements(root, mark="iaqi") if b.get("data-standard")}
    under_2012 = AQI_MODULE.run("aqi", {"pm25_24h": 70, "date": "2026-02-28"})["iaqi"]["pm25_24h"]
    under_2026 = AQI_MODULE.run("aqi", {"pm25_24h": 70, "date": "2026-03-01"})["iaqi"]["pm25_24h"]
    assert compared == {"HJ 633-2012": under_2012, "HJ 633-2026": under_2026} and under_2026 > under_2012
    assert "HJ 633—2026 为 AQI 110（轻度污染）" in result["picture"]["alt"]


def test_ozone_above_its_limit_is_drawn_once():
    root = parse(AQI_MODULE.run("aqi", {"o3_8h": 900, "o3_1h": 900, "date": "2026-07-01"})["picture"])
    assert [b.get("data-key") for b in elements(root, mark="iaqi")] == ["o3_1h"]


def test_the_aqi_rules_picture_shows_where_the_particulate_limits_moved():
    picture = AQI_MODULE.rules_picture("aqi", dt.date(2026, 11, 29))
    root = check_readable(picture)
    bands = elements(root, mark="breakpoint-band")
    ticks = [t for t in elements(root, axis="x") if t.get("data-index") is not None]
    # four scales (PM2.5 and PM10, each under both standards), each tick at its concentration
    starts = [i for i, t in enumerate(ticks) if t.get("data-index") == "0"]
    assert len(starts) == 4
    values = {}
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(ticks)
        scale = ticks[start:end]
        x = axis(root, "x", convert=float, start=len(elements(root, axis="x")) - len(ticks) + start, count=end - start)
        for tick in scale:
            assert close(tick.get("x1"), x(tick.get("data-value")))
        values[n] = [tick.get("data-value") for tick in scale]
    assert values[0][2] == "75" and values[1][2] == "60" and values[2][2] == "150" and values[3][2] == "120"
    assert bands and "75 改为 60" in picture["alt"] and "150 改为 120" in picture["alt"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "75→60" in texts and "150→120" in texts


# --- warning -----------------------------------------------------------------------------

@pytest.mark.parametrize("forecast, level, run", [("210,320,250", "red", ("0", "2")), ("160,170,120", "yellow", ("0", "1")),
                                                  ("140,120", "none", None), ("100,160,210,220,90", "orange", ("2", "3")),
                                                  (",".join(["180"] * 40), "orange", ("0", "39"))])
def test_warning_bars_stand_against_the_plans_lines(forecast, level, run):
    result = api.run("warning", {"daily_aqi": forecast, "as_of": "2026-01-05"})
    assert result["level"] == level
    root = check_readable(result["picture"])
    y = axis(root, "y")
    values = [float(v) for v in forecast.split(",")]
    days = elements(root, mark="day")
    assert [float(d.get("data-value")) for d in days] == values
    for day, value in zip(days, values):
        assert close(day.get("y"), y(value)) and close(float(day.get("y")) + float(day.get("height")), y(0))
    lines = {int(line.get("data-value")): float(line.get("y1")) for line in elements(root, mark="threshold")}
    assert sorted(lines) == [150, 200, 300]
    for value, at in lines.items():
        assert close(at, y(value))
    brackets = elements(root, mark="run")
    if run is None:
        assert brackets == []
    else:
        bracket, = brackets
        assert (bracket.get("data-first"), bracket.get("data-last")) == run


def test_the_warning_rules_picture_draws_the_shortest_forecast_of_each_condition():
    root = check_readable(api.rules_picture("warning", dt.date(2026, 11, 29)))
    y = axis(root, "y")
    days = elements(root, mark="day")
    assert len(days) == 1 + 2 + 2 + 3 + 3  # yellow: 1 day, 2 days; orange: 2, 3; red: 3
    lines = sorted(int(line.get("data-value")) for line in elements(root, mark="threshold"))
    for day in days:
        assert close(day.get("y"), y(float(day.get("data-value"))))
    peak = max(float(d.get("data-value")) for d in days)
    assert peak > lines[-1]


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
    for mark, key in (("contract", "contract_date"), ("application", "application_date"), ("as_of", "as_of")):
        line, = elements(root, mark=mark)
        assert line.get("data-value") == inputs[key] and close(line.get("x1"), x(inputs[key]))
    deadline, = elements(root, mark="deadline")
    assert close(deadline.get("x1"), x("2026-12-31"))
    day = x("2024-01-02") - x("2024-01-01")
    for window in elements(root, mark="window"):  # from the first day to the end of the last day
        start, end = window.get("data-value").split("/")
        assert close(window.get("x"), x(start)) and close(float(window.get("x")) + float(window.get("width")), x(end) + day)
    extensions = elements(root, mark="extension")
    assert bool(extensions) == ("extension_presale_date" in inputs)


# --- township ----------------------------------------------------------------------------

def test_township_reward_is_drawn_as_its_parts():
    result = api.run("township", {"land_revenue_yuan": 5000000, "provincial_honors": 2, "as_of": "2026-01-01",
                                  "assets": [{"managed_by": "township", "disposal_income_yuan": 1000000, "taxes_fees_yuan": 50000}]})
    root = check_readable(result["picture"])
    x = axis(root, "x", count=2)
    parts = elements(root, mark="part")[:3]
    assert [(p.get("data-key"), Decimal(p.get("data-value"))) for p in parts] == [
        ("land_return_yuan", Decimal(3000000)), ("asset_reward_township_yuan", Decimal(380000)), ("honor_reward_yuan", Decimal(80000))]
    edge = x(0)
    for part in parts:
        assert close(part.get("x"), edge)
        edge = float(part.get("x")) + float(part.get("width"))
        assert close(edge, x(sum(float(p.get("data-value")) for p in parts[:parts.index(part) + 1])))
    assert close(edge, x(result["total_township_yuan"]))


# --- every picture ----------------------------------------------------------------------

@pytest.mark.parametrize("calculator", IDS)
def test_every_rules_picture_reads_and_has_a_text_alternative(calculator):
    check_readable(api.rules_picture(calculator, dt.date(2026, 11, 29)))


@pytest.mark.parametrize("calculator", IDS)
def test_every_worked_example_has_a_readable_picture(calculator):
    for example in api.describe(calculator)["examples"]:
        result = api.run(calculator, {"as_of": "2026-11-29", **example["inputs"]})
        check_readable(result["picture"])


def test_pictures_have_no_element_ids_so_many_can_share_a_page():
    result = api.run("aqi", {"pm25_24h": 70, "date": "2025-12-01"})
    assert not any(element.get("id") for element in parse(result["picture"]).iter())


@pytest.mark.parametrize("calculator, case", load_cases(), ids=lambda x: x["name"] if isinstance(x, dict) else x)
def test_every_case_of_the_tables_has_a_readable_picture(calculator, case):
    result = api.run(calculator, {"as_of": "2026-11-29", **case["inputs"]})
    check_readable(result["picture"])
