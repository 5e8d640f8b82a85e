"""Every rule value is data in its rule file, with its source clause, unit and dates; and every clause
cited exists on the site."""
import datetime as dt
import re
from pathlib import Path

import pytest

from calculators import api

from .case_tables import load_cases
from .conftest import IDS, JIANGHUA


@pytest.mark.parametrize("name", IDS)
def test_every_parameter_records_its_source_unit_and_dates(name):
    rules = JIANGHUA.rules[name]
    parameters = rules.parameters
    assert parameters.document
    assert parameters.page or rules.file.startswith("calculators/national/")  # a national rule may have no page
    assert rules.parameter_keys
    for parameter in parameters.parameters.values():
        # a clause on the site is linked (the clause's anchor); a national one without a page is named (its cite)
        assert parameter.label and (parameter.clause if parameter.page else parameter.cite), parameter.key
        assert parameter.periods, parameter.key
        starts = [p.start for p in parameter.periods]
        assert starts == sorted(starts), f"{parameter.key}: periods out of order"
        for earlier, later in zip(parameter.periods, parameter.periods[1:]):
            assert earlier.end is not None and earlier.end < later.start, f"{parameter.key}: periods overlap"


def test_a_value_is_picked_by_date():
    aqi = JIANGHUA.rules["aqi"].parameters
    assert str(aqi.at("breakpoints.pm25_24h", dt.date(2026, 2, 28))[2]) == "75"
    assert str(aqi.at("breakpoints.pm25_24h", dt.date(2026, 3, 1))[2]) == "60"
    housing = JIANGHUA.rules["housing"].parameters
    assert housing.at("area", dt.date(2027, 2, 5)) is not None  # the measures' three years
    assert housing.at("area", dt.date(2027, 2, 6)) is None
    assert housing.at("deed_tax.national.only_home", dt.date(2024, 11, 30)) is None  # the national rates, from their start
    assert housing.at("deed_tax.national.only_home", dt.date(2024, 12, 1)) is not None


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
    return links - {""}  # a national rule with no page on the site is cited by name, not linked


def test_every_clause_a_calculator_cites_exists_on_the_built_site(built_site):
    assert len(cited_links()) > 20
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
