"""Every calculator against its table of cases, each named like a sentence, computed as Jianghua's site
computes it: from its rule file (the national ones for aqi and the deed tax)."""
import pytest

from calculators import api

from .case_tables import load_cases, mismatches


@pytest.mark.parametrize("calculator, case", load_cases(), ids=lambda x: x["name"] if isinstance(x, dict) else x)
def test_case(calculator, case):
    result = api.run(calculator, case["inputs"])
    assert not mismatches(result, case["expect"]), mismatches(result, case["expect"])


@pytest.mark.parametrize("calculator, case", load_cases(), ids=lambda x: x["name"] if isinstance(x, dict) else x)
def test_every_step_cites_its_clause_or_its_national_rule(calculator, case):
    """A county's clause is a link to its anchor; a national rule (no page on the site) is cited by name."""
    result = api.run(calculator, case["inputs"])
    assert result["steps"]
    for step in result["steps"]:
        assert step["text"] and step["cite"], step
        assert ("#" in step["clause"]) or (step["clause"] == "" and "公告" in step["cite"]), step


def test_a_case_whose_figures_the_national_rule_decides_says_why_and_cites_it():
    """Only the national deed tax changes a figure of the notice's own table; such a case names the
    announcement, and its result cites it in the step that estimates the tax."""
    changed = [(calculator, case) for calculator, case in load_cases() if "changed_by" in case]
    assert changed
    for calculator, case in changed:
        assert calculator == "housing" and "公告2024年第16号" in case["changed_by"], case["name"]
        assert "deed_tax_yuan" in case["expect"], case["name"]
        steps = api.run(calculator, case["inputs"])["steps"]
        assert any("公告2024年第16号" in step["cite"] and step["clause"] == "" for step in steps), case["name"]
