"""The engine on Jianghua's rule files: every case table holds for the file loaded on its own, a
changed rate is caught by the case tables, every result on generated inputs is sound, and
describe() gives the page all it shows."""
import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from calculators import rule_engine
from calculators.rule_file import load_path, load_text

from .case_tables import load_cases, mismatches
from .generated import RULE_FILES, check, problems_of

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


def test_a_changed_rate_is_caught_by_the_case_table():
    """The case tables pin the figures: a rule file with one rate changed (the township's 40% share of
    land revenue as 41%) fails some of its cases."""
    text = RULE_FILES["township"].read_text(encoding="utf-8")
    assert text.count("value = 0.40 }") >= 1
    changed = load_text(text.replace("value = 0.40 }", "value = 0.41 }"), "township.toml")
    failing = [case["name"] for _, case in load_cases("township")
               if mismatches(rule_engine.run(changed, case["inputs"], CLOCK), case["expect"])]
    assert failing


def test_every_result_on_generated_inputs_is_sound(converted):
    calculator, rules = converted
    run, problems = check(calculator, 1500, seed=7, rules=rules)
    assert run >= 1500 and problems == [], "\n".join(problems[:3])


def test_the_soundness_check_finds_a_broken_result():
    good = rule_engine.run(load_path(RULE_FILES["township"]), {"land_revenue_yuan": 100, "as_of": "2024-06-01"}, CLOCK)
    assert problems_of(good, good) == []
    internal = dict(good, errors=[{"field": None, "message": "内部错误：x"}])
    uncited = dict(good, steps=[dict(good["steps"][0], clause="")])
    assert problems_of(internal, internal) and problems_of(uncited, uncited)
    assert problems_of(good, dict(good, warnings=["另一个结果"]))
    assert problems_of({k: v for k, v in good.items() if k != "understood"}, good)
    assert problems_of(dict(good, total=float("nan")), dict(good, total=float("nan")))
    json.dumps(good)


# What describe() gives every page: the keys the calculator page, its form and the 试算 links read.
DESCRIBED_KEYS = {"id", "title", "summary", "audience", "document", "document_title", "page", "policy", "parameter_file",
                  "notice", "inputs", "outputs", "rules", "examples", "interpretations", "entry_points"}


def test_describe_gives_the_page_all_it_shows(converted):
    calculator, rules = converted
    described = rule_engine.describe(rules)
    assert DESCRIBED_KEYS <= set(described)
    assert described["id"] == calculator and described["title"] and described["summary"] and described["audience"]
    assert described["parameter_file"] == str(RULE_FILES[calculator].relative_to(RULE_FILES["township"].parents[3]))
    assert described["inputs"] and described["outputs"] and described["rules"] and described["examples"]
    assert all(f["label"] and f["clause"] for f in described["inputs"]), calculator
    # a county's row links its clause; a national rule's row (no page on the site) names its document and clause
    assert all(row["clause"] or row["document"] and row["cite"] for row in described["rules"]), calculator
    for example in described["examples"]:
        result = rule_engine.run(rules, {"as_of": "2024-06-01", **example["inputs"]}, CLOCK)
        assert result["errors"] == [], (calculator, example["title"])


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
