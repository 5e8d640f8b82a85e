"""The calculators' Python core under Pyodide, in the page's own worker: the same inputs give the
same result as CPython, byte for byte, with the day of calculation, what was understood, the
policy period and the picture (standard library only: unicodedata, fractions, decimal)."""
import json

import pytest

from ..conftest import county_calculators

JIANGHUA = county_calculators()  # what the built site serves: its rule files first


pytestmark = pytest.mark.browser
READY = "body[data-calc-ready=true]"
BOOT_TIMEOUT = 90_000

CASES = {
    "housing": [{"property_type": "住宅", "area_m2": "90㎡", "price_yuan": "50万", "home_number": 1, "contract_date": "2024-02-05",
                 "extension_presale_date": "2025-07-31", "as_of": "2026-11-29"},
                {"property_type": "residential", "area_m2": 100, "price_yuan": "500,000", "home_number": 1,
                 "contract_date": "2024-06-01", "as_of": "2026-11-29"}],
    "insurance": [{"category": "illness", "self_paid_yuan": "１万元", "as_of": "2026-11-29"},
                  {"category": "industry", "grain_mu": "3亩", "livestock": 20, "event_date": "2024-03-01", "as_of": "2026-11-29"}],
    "aqi": [{"pm25_24h": "70微克/立方米", "pm10_24h": 160, "date": "2025-12-01", "as_of": "2026-11-29"},
            {"o3_8h": 900, "o3_1h": 300, "as_of": "2026-07-01"}, {"pm25_24h": "12,5", "as_of": "2026-07-01"},
            {"pm25_24h": "1e-999999", "as_of": "2026-07-01"}],
    "warning": [{"daily_aqi": "２１０，３２０，２５０", "as_of": "2029-02-06"}],
    "township": [{"land_revenue_yuan": "500万", "as_of": "2026-11-29",
                  "assets": [{"managed_by": "township", "disposal_income_yuan": "1.01"},
                             {"managed_by": "county_unit", "disposal_income_yuan": "200万"}]}],
}


def run_in_worker(page, calculator: str, inputs: dict) -> dict:
    """Ask the page's calculation worker directly, beside the page's own listener."""
    text = page.evaluate("""([calculator, json]) => new Promise(resolve => {
        const worker = window.__calcBoot.worker, id = -Math.floor(Math.random() * 1e9);
        worker.addEventListener("message", function listen(event) {
            if (event.data.type === "result" && event.data.id === id) {
                worker.removeEventListener("message", listen);
                resolve(event.data.json);
            }
        });
        worker.postMessage({type: "run", id, calculator, json});
    })""", [calculator, json.dumps(inputs, ensure_ascii=False)])
    return json.loads(text)


@pytest.mark.parametrize("calculator", list(CASES))
def test_pyodide_gives_the_same_result_and_picture_as_cpython(phone, site_server, calculator):
    phone.goto(site_server + f"calculators/{calculator}/")
    phone.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    for inputs in CASES[calculator]:
        assert run_in_worker(phone, calculator, inputs) == JIANGHUA.run(calculator, inputs), inputs


def test_without_as_of_the_worker_says_which_day_it_used(phone, site_server):
    phone.goto(site_server + "calculators/insurance/")
    phone.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    result = run_in_worker(phone, "insurance", {"category": "illness", "self_paid_yuan": 10000})
    browser_day = phone.evaluate("new Date().toISOString().slice(0, 10)")  # Pyodide's clock is UTC
    assert result["as_of"] == browser_day and result["out_of_period"]["date"] == browser_day


def test_the_rules_picture_and_example_pictures_are_on_the_page_and_read_at_390(phone, site_server):
    phone.goto(site_server + "calculators/aqi/")
    phone.evaluate("document.querySelectorAll('details.calc-reference').forEach(d => { d.open = true; })")  # one tap each
    figures = phone.locator("figure.calc-picture-figure")
    assert figures.count() == 1 + len(JIANGHUA.describe("aqi")["examples"])
    for index in range(figures.count()):
        box = figures.nth(index).locator("svg").bounding_box()
        assert box["width"] <= 390 - 16 and box["x"] >= 0  # within the phone's width, no sideways scroll
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
