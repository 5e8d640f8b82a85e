"""A choice is read to its code once, before any other check (calculators/schema.py, issue 22).

The contract accepts a choice by its code or by its Chinese label. Whichever is written, every
later check (required, relevant_when, bounds) and the calculator see the code: the same inputs,
one written with labels and one with codes, give the same result or the same Chinese error.
The cases are generated from each calculator's own description (describe()), so a calculator or
an input added later, or one from another engine that describes itself the same way, is covered.
"""
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from calculators import IDS, api
from calculators.schema import Field, choice_code, validate

from ..conftest import ROOT

AS_OF = "2026-12-07"
DESCRIBED = {calculator: api.describe(calculator) for calculator in IDS}
INTERNAL = "内部错误"


def _fields(calculator):
    return {f["name"]: f for f in DESCRIBED[calculator]["inputs"]}


def _label(field, code):
    return next(c["label"] for c in field["choices"] if c["value"] == code)


def as_labels(calculator, inputs):
    """The same inputs with every choice written as its Chinese label, as a person writes it."""
    fields = _fields(calculator)

    def written(field, value):
        if field["kind"] == "choice" and any(c["value"] == value for c in field["choices"]):
            return _label(field, value)
        if field["kind"] == "object_list" and isinstance(value, list):
            inner = {f["name"]: f for f in field["item_fields"]}
            return [{k: written(inner[k], v) if k in inner else v for k, v in item.items()} for item in value]
        return value

    return {k: written(fields[k], v) if k in fields else v for k, v in inputs.items()}


def _sample(field):
    """A value a person could write for a field: its example, else its first choice, else 1."""
    if field["choices"]:
        return field["example"] if field["example"] in [c["value"] for c in field["choices"]] else field["choices"][0]["value"]
    return field["example"] or "1"


def relevance_cases():
    """(calculator, field, controlling input, its code, whether the field is given) for every input
    that is relevant only for some choices, every choice of what controls it, with and without it."""
    for calculator in IDS:
        fields = _fields(calculator)
        for field in fields.values():
            for key in field["relevant_when"]:
                for choice in fields[key]["choices"]:
                    for given_ in (False, True):
                        yield pytest.param(calculator, field["name"], key, choice["value"], given_,
                                           id=f"{calculator}-{field['name']}-{key}={choice['value']}-{'given' if given_ else 'missing'}")


def _case_inputs(calculator, name, key, code, given_):
    fields = _fields(calculator)
    base = dict(DESCRIBED[calculator]["examples"][0]["inputs"])
    base.pop(name, None)
    base[key] = code
    if given_:
        base[name] = _sample(fields[name])
    base["as_of"] = AS_OF
    return base


def test_there_are_relevance_cases_to_check():
    """The generated cases below are not empty (they would pass vacuously)."""
    cases = list(relevance_cases())
    assert len(cases) >= 40
    assert {c.values[0] for c in cases} >= {"housing", "insurance"}


def test_every_relevance_rule_names_a_choice_of_the_same_calculator_and_its_codes():
    """relevant_when is judged on codes: a rule naming a non-choice input, or a label, never holds."""
    for calculator in IDS:
        for fields in [_fields(calculator)] + [{f["name"]: f for f in outer["item_fields"]}
                                              for outer in _fields(calculator).values() if outer.get("item_fields")]:
            for field in fields.values():
                for key, values in field["relevant_when"].items():
                    assert fields[key]["kind"] == "choice", (calculator, field["name"], key)
                    assert set(values) <= {c["value"] for c in fields[key]["choices"]}, (calculator, field["name"], values)


@pytest.mark.parametrize("calculator, name, key, code, given_", list(relevance_cases()))
def test_a_choice_written_as_its_label_gives_what_its_code_gives(calculator, name, key, code, given_):
    by_code = _case_inputs(calculator, name, key, code, given_)
    by_label = as_labels(calculator, by_code)
    assert by_label[key] != by_code[key]
    spaced = dict(by_label, **{key: f" {by_label[key]}　"})  # spaces around it, as pasted
    expected = api.run(calculator, by_code)
    assert api.run(calculator, by_label) == expected
    assert api.run(calculator, spaced) == expected
    assert not any(INTERNAL in e["message"] for e in expected["errors"]), expected["errors"]
    field = _fields(calculator)[name]
    relevant = code in field["relevant_when"][key]
    missing = [e for e in expected["errors"] if e["field"] == name and "缺少必填项" in e["message"]]
    if field["required"] and relevant and not given_:
        assert missing and f"「{field['label']}」" in missing[0]["message"], expected["errors"]
    else:
        assert not missing, expected["errors"]


@pytest.mark.parametrize("calculator", IDS)
def test_every_worked_example_written_with_labels_gives_the_same_result(calculator):
    examples = DESCRIBED[calculator]["examples"]
    relabelled = 0
    for example in examples:
        inputs = dict(example["inputs"], as_of=AS_OF)
        by_label = as_labels(calculator, inputs)
        relabelled += by_label != inputs
        expected = api.run(calculator, inputs)
        assert expected["errors"] == []
        assert api.run(calculator, by_label) == expected, example["title"]
    has_choices = any(f["kind"] == "choice" or any(i["kind"] == "choice" for i in f.get("item_fields", []))
                      for f in DESCRIBED[calculator]["inputs"])
    assert relabelled or not has_choices  # the check above did change something where it could


# --- the four cases of issue 22, each as the issue reports it ----------------------------------

@pytest.mark.parametrize("inputs, field, label", [
    ({"category": "因学"}, "school_type", "学校类型"),
    ({"category": "因病"}, "self_paid_yuan", "自付医疗费用"),
    ({"category": "因灾"}, "loss_yuan", "自付（损失）部分"),
    ({"category": "因意外事故"}, "outcome", "意外后果"),
], ids=["education", "illness", "disaster", "accident"])
def test_the_cases_of_issue_22_name_the_missing_input(inputs, field, label):
    result = api.run("insurance", dict(inputs, as_of=AS_OF))
    assert "payout_yuan" not in result  # not the 4,000 元 ceiling for a case never described
    assert result["errors"] == [{"field": field, "message": next(e["message"] for e in result["errors"])}]
    assert f"缺少必填项「{label}」" in result["errors"][0]["message"]
    assert INTERNAL not in result["errors"][0]["message"]


def test_a_label_reaches_the_same_check_through_json_and_the_command_line():
    text = json.dumps({"category": "因学", "as_of": AS_OF}, ensure_ascii=False)
    from_json = json.loads(api.run_json("insurance", text))
    process = subprocess.run([sys.executable, "-m", "calculators", "insurance"], input=text.encode("utf-8"),
                             capture_output=True, cwd=ROOT)
    assert process.returncode == 2
    assert json.loads(process.stdout.decode("utf-8")) == from_json == api.run("insurance", {"category": "education", "as_of": AS_OF})
    assert "缺少必填项「学校类型」" in from_json["errors"][0]["message"]


def test_a_label_inside_a_list_of_objects_is_read_as_its_code():
    asset = {"managed_by": "county_unit", "disposal_income_yuan": 1000000, "taxes_fees_yuan": 0}
    by_code = api.run("township", {"land_revenue_yuan": 0, "assets": [asset], "as_of": AS_OF})
    assert by_code["errors"] == [] and by_code["asset_reward_unit_yuan"] > 0
    label = "县直单位管理、位于乡镇的资产"
    assert as_labels("township", {"assets": [asset]})["assets"][0]["managed_by"] == label
    assert api.run("township", {"land_revenue_yuan": 0, "assets": [dict(asset, managed_by=label)], "as_of": AS_OF}) == by_code


# --- the engine's own rules, on a field list of its own (what a rule-file engine reuses) --------

KIND = Field("kind", "种类", "choice", required=True, choices=(("a", "甲"), ("b", "乙")))
MODE = Field("mode", "方式", "choice", default="x", choices=(("x", "某式"), ("y", "另式")))
NEEDS_A = Field("amount", "金额", "money", required=True, relevant_when=(("kind", ("a",)),), example="5")
NEEDS_Y = Field("rate", "比例", "number", required=True, relevant_when=(("mode", ("x",)),))
ENGINE_FIELDS = (KIND, MODE, NEEDS_A, NEEDS_Y)


@pytest.mark.parametrize("written, code", [("a", "a"), ("甲", "a"), (" 乙 ", "b"), ("乙", "b"), ("丙", None), ("", None),
                                           (True, None), (1, None), (["a"], None), ({"a": 1}, None), (1.0, None)])
def test_choice_code(written, code):
    assert choice_code(KIND, written) == code


def test_a_number_equal_to_a_code_is_that_code():
    numbered = Field("grade", "等级", "choice", choices=(("1", "一级"), ("2", "二级")))
    assert choice_code(numbered, 2) == "2" and choice_code(numbered, "二级") == "2" and choice_code(numbered, True) is None


def test_relevance_is_judged_on_codes_and_on_a_choice_left_at_its_default():
    by_label = validate(ENGINE_FIELDS, {"kind": "甲", "rate": 1})
    assert [e["field"] for e in by_label.errors] == ["amount"]
    assert by_label.values["kind"] == "a"
    # mode not given: its default x applies, and so does the input relevant for x
    assert [e["field"] for e in validate(ENGINE_FIELDS, {"kind": "乙"}).errors] == ["rate"]
    assert validate(ENGINE_FIELDS, {"kind": "乙", "mode": "另式"}).errors == []


def test_a_choice_not_among_the_options_names_the_field_and_nothing_depends_on_it():
    result = validate(ENGINE_FIELDS, {"kind": "丙", "mode": "y"})
    assert result.errors == [{"field": "kind", "message": "「种类」的取值 “丙” 不在可选范围内；可选：甲、乙。"}]


# --- no input, however written, is an internal error ---------------------------------------------

GARBAGE = st.sampled_from(["", " ", "因", "因学校", "Education", "education1", "null", "-1", "1e400", "０", "是", "[]", "{}"])


def _written(field):
    """Pairs (as written, as its code): the same value, the first possibly in a label's clothing."""
    if field["kind"] == "choice":
        codes = [c["value"] for c in field["choices"]]
        chosen = st.sampled_from(codes)
        return st.one_of(
            chosen.map(lambda c: (c, c)),
            chosen.map(lambda c: (_label(field, c), c)),
            chosen.map(lambda c: (f"  {_label(field, c)} ", c)),
            chosen.map(lambda c: (f"\t{c}\n", c)),
            GARBAGE.map(lambda g: (g, g)),
            st.sampled_from([None, 0, True, [], {}]).map(lambda v: (v, v)),
        )
    if field["kind"] == "object_list":
        inner = {f["name"]: _written(f) for f in field["item_fields"]}
        item = st.fixed_dictionaries({}, optional=inner).map(
            lambda pairs: ({k: p[0] for k, p in pairs.items()}, {k: p[1] for k, p in pairs.items()}))
        return st.lists(item, max_size=3).map(lambda items: ([i[0] for i in items], [i[1] for i in items]))
    plain = [field["example"]] if field["example"] else []
    if field["kind"] == "bool":
        plain += ["true", "false", "是", "否", True]
    if field["kind"] == "date":
        plain += ["2024-03-01", "2026-12-07", "2024-02-30"]
    return st.one_of(st.sampled_from(plain + ["0", "12,5", "50万", "100"]), GARBAGE).map(lambda v: (v, v))


@st.composite
def mixtures(draw):
    calculator = draw(st.sampled_from(IDS))
    fields = _fields(calculator)
    pairs = draw(st.fixed_dictionaries({}, optional={name: _written(f) for name, f in fields.items() if name != "as_of"}))
    day = draw(st.sampled_from(["2024-03-01", AS_OF]))
    written = dict({k: p[0] for k, p in pairs.items()}, as_of=day)
    coded = dict({k: p[1] for k, p in pairs.items()}, as_of=day)
    return calculator, written, coded


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixtures())
def test_labels_codes_and_garbage_in_any_mixture_never_give_an_internal_error(case):
    calculator, written, coded = case
    result = api.run(calculator, written)
    assert not any(INTERNAL in e["message"] for e in result["errors"]), (written, result["errors"])
    assert result == api.run(calculator, coded), (written, coded)
    labels = {f["label"] for f in DESCRIBED[calculator]["inputs"]} | {
        i["label"] for f in DESCRIBED[calculator]["inputs"] for i in f.get("item_fields", [])}
    for error in result["errors"]:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error
        if "缺少必填项" in error["message"]:
            assert any(f"「{label}」" in error["message"] for label in labels), error
