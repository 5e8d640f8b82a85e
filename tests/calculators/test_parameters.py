"""Every rule value is data with its source clause, unit and dates; and every clause cited exists on the site."""
import datetime as dt
import re
from pathlib import Path

import pytest

from calculators import IDS, api
from calculators.params import load

from .case_tables import load_cases


@pytest.mark.parametrize("name", IDS)
def test_every_parameter_records_its_source_unit_and_dates(name):
    parameters = load(name)
    assert parameters.document and parameters.page
    for parameter in parameters.parameters.values():
        assert parameter.label and parameter.clause, parameter.key
        assert parameter.periods, parameter.key
        starts = [p.start for p in parameter.periods]
        assert starts == sorted(starts), f"{parameter.key}: periods out of order"
        for earlier, later in zip(parameter.periods, parameter.periods[1:]):
            assert earlier.end is not None and earlier.end < later.start, f"{parameter.key}: periods overlap"


def test_a_value_is_picked_by_date():
    aqi = load("aqi")
    assert str(aqi.at("breakpoints.pm25_24h", dt.date(2026, 2, 28))[2]) == "75"
    assert str(aqi.at("breakpoints.pm25_24h", dt.date(2026, 3, 1))[2]) == "60"
    housing = load("housing")
    assert housing.at("first_home.per_m2", dt.date(2025, 2, 5)) is not None
    assert housing.at("first_home.per_m2", dt.date(2025, 2, 6)) is None


def cited_links() -> set[str]:
    links = set()
    for calculator in IDS:
        described = api.describe(calculator)
        links.update(row["clause"] for row in described["rules"])
        links.update(f["clause"] for f in described["inputs"] if f["clause"])
        links.update(i["clause"] for i in described["interpretations"])
    for calculator, case in load_cases():
        result = api.run(calculator, case["inputs"])
        links.update(step["clause"] for step in result["steps"])
        links.update(m["clause"] for m in result.get("measures", []))
    return links


def test_every_clause_a_calculator_cites_exists_on_the_built_site(built_site):
    missing = []
    for link in sorted(cited_links()):
        page, _, anchor = link.partition("#")
        html = Path(built_site, page, "index.html")
        if not html.exists() or (anchor and not re.search(rf'\sid="{re.escape(anchor)}"', html.read_text(encoding="utf-8"))):
            missing.append(link)
    assert not missing


def test_calculator_pages_show_rules_from_the_parameters_and_worked_examples(built_site):
    page = (built_site / "calculators" / "insurance" / "index.html").read_text(encoding="utf-8")
    assert "0元起 30%；20000元起 40%；40000元起 50%" in page
    assert "2,850.00 元" in page  # the worked example computed at build time
    assert 'id="interpretations"' in page
