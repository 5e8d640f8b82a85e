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


def test_the_rule_file_agrees_with_the_module_on_generated_inputs(converted):
    calculator, rules = converted
    compared, differences = compare(calculator, 1500, seed=7, rules=rules)
    assert compared >= 1500 and differences == [], "\n".join(differences[:3])


def test_the_differential_run_finds_a_changed_rate():
    text = RULE_FILES["township"].read_text(encoding="utf-8").replace("value = 0.40 }", "value = 0.41 }")
    changed = load_text(text, "township.toml")
    compared, differences = compare("township", 300, rules=changed)
    assert differences


def test_describe_gives_the_page_what_the_module_gave(converted):
    calculator, rules = converted
    old, new = api.describe(calculator), rule_engine.describe(rules)
    assert {k: v for k, v in new.items() if k != "parameter_file"} == {k: v for k, v in old.items() if k != "parameter_file"}
    assert new["parameter_file"] == f"sources/jianghua/calculators/{calculator}.toml"


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
