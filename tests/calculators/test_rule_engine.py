"""The engine on Jianghua's rule files: every case table holds, the rule file agrees with the
module it replaces on generated inputs, and describe() gives the page what it gave before."""
import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from calculators import api, rule_engine
from calculators.rule_file import load_path, load_text

from .case_tables import load_cases, mismatches
from .differential import RULE_FILES, compare

CLOCK = dt.date(2024, 6, 1)


@pytest.fixture(scope="module", params=sorted(RULE_FILES))
def converted(request):
    return request.param, load_path(RULE_FILES[request.param])


def test_every_case_of_the_case_table_holds_for_the_rule_file(converted):
    calculator, rules = converted
    failures = []
    for _, case in load_cases(calculator):
        result = rule_engine.run(rules, case["inputs"], CLOCK)
        problems = mismatches(result, case["expect"])
        if problems:
            failures.append(f"{case['name']}: {problems}")
    assert not failures, "\n".join(failures)


def test_every_step_of_every_case_cites_its_clause_or_its_national_rule(converted):
    """A county's clause is a link to its anchor; a national rule (no page on the site) is cited by name."""
    calculator, rules = converted
    for _, case in load_cases(calculator):
        result = rule_engine.run(rules, case["inputs"], CLOCK)
        assert result["steps"], case["name"]
        for step in result["steps"]:
            assert step["text"] and step["cite"], step
            assert ("#" in step["clause"]) or (step["clause"] == "" and "公告" in step["cite"]), step


def test_a_case_whose_result_the_rule_file_changes_says_why():
    """Only the national deed tax may change a result; such a case names the announcement."""
    for calculator, case in load_cases():
        if "module_expect" in case:
            assert calculator == "housing" and "公告2024年第16号" in case["changed_by"], case["name"]
            assert case["module_expect"]["deed_tax_yuan"] != case["expect"]["deed_tax_yuan"], case["name"]


def test_the_rule_file_agrees_with_the_module_on_generated_inputs(converted):
    calculator, rules = converted
    compared, differences = compare(calculator, 1500, seed=7, rules=rules)
    assert compared >= 1500 and differences == [], "\n".join(differences[:3])


def test_the_differential_run_finds_a_changed_rate():
    text = RULE_FILES["township"].read_text(encoding="utf-8").replace("value = 0.40 }", "value = 0.41 }")
    changed = load_text(text, "township.toml")
    compared, differences = compare("township", 300, rules=changed)
    assert differences


# What a rule file's describe() changes on purpose. housing: each item's window is a dated row of its own
# (the rates no longer carry the window as their `until`), the national deed-tax rates are rows, its
# interpretation of the estimate names 公告2024年第16号, and its worked examples carry their day and expected
# results (one more: the 2025 case). warning: each threshold, duration and list of measures is a
# row of its own (the module's one table of levels is a set of plain parameters), and the examples carry their day.
# aqi: a national rule now, on every county's site: no county in its summary, audience or notice, no entry points
# from Jianghua's plan (a county links to it from its own pages), the categories as a band table and a list.
CHANGED_IN_DESCRIBE = {"housing": {"rules", "interpretations", "examples"}, "warning": {"rules", "examples"},
                       "aqi": {"summary", "audience", "notice", "rules", "examples", "entry_points"}}


def test_describe_gives_the_page_what_the_module_gave(converted):
    calculator, rules = converted
    # the module's own description: the default catalogue serves the national aqi.toml for "aqi"
    old, new = api._module_description(calculator), rule_engine.describe(rules)
    # the catalogue's own keys (national, rule_file) and 怎么申请 (apply: rule files only) are not the module's
    ignored = {"parameter_file", "national", "rule_file", "apply"} | CHANGED_IN_DESCRIBE.get(calculator, set())
    assert {k: v for k, v in new.items() if k not in ignored} == {k: v for k, v in old.items() if k not in ignored}
    assert new["parameter_file"] == str(RULE_FILES[calculator].relative_to(RULE_FILES["township"].parents[3]))


def test_the_pictures_are_inline_svg_with_their_sentence(converted):
    calculator, rules = converted
    inputs = next(c for _, c in load_cases(calculator))["inputs"]
    for picture in (rule_engine.run(rules, inputs, CLOCK)["picture"], rule_engine.rules_picture(rules, CLOCK)):
        svg = ET.fromstring(picture["svg"])
        assert svg.get("role") == "img" and svg.get("aria-label") == picture["alt"] and picture["alt"].endswith("。")
        assert svg.get("viewBox").startswith("0 0 360 ")
        assert not any(element.get("id") for element in svg.iter())


def test_the_township_parts_are_drawn_in_proportion():
    rules = load_path(RULE_FILES["township"])
    result = rule_engine.run(rules, {"land_revenue_yuan": 1000000, "provincial_honors": 1, "as_of": "2024-06-01"}, CLOCK)
    svg = ET.fromstring(result["picture"]["svg"])
    parts = {e.get("data-key"): (float(e.get("width")), float(e.get("data-value"))) for e in svg.iter()
             if e.get("data-mark") == "part"}
    assert parts["土地出让金返还"][1] == 600000 and parts["专项奖励"][1] == 40000
    assert parts["土地出让金返还"][0] / parts["专项奖励"][0] == pytest.approx(15, rel=0.02)
