"""Bad input never raises: it returns `errors` in Chinese that name the field and say what is accepted."""
import json
import math
import subprocess
import sys

import pytest

from calculators import api

from ..conftest import ROOT
from .conftest import IDS, JIANGHUA

GOOD = {
    "housing": {"property_type": "residential", "area_m2": 100, "price_yuan": 500000, "home_number": 1, "contract_date": "2024-06-01"},
    "insurance": {"category": "illness", "self_paid_yuan": 10000},
    "aqi": {"pm25_24h": 70, "date": "2026-03-01"},
    "warning": {"daily_aqi": [160, 170]},
    "township": {"land_revenue_yuan": 100000},
    "deed_tax": {"area_m2": 100, "home_number": "1", "price_yuan": 500000, "contract_date": "2025-03-01"},
}


def errors(calculator, inputs):
    result = api.run(calculator, inputs)
    assert result["errors"], result
    for error in result["errors"]:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error
    return result["errors"]


def fields(errs):
    return [e["field"] for e in errs]


@pytest.mark.parametrize("calculator", IDS)
def test_the_good_inputs_used_below_are_good(calculator):
    assert api.run(calculator, GOOD[calculator])["errors"] == []


@pytest.mark.parametrize("calculator", IDS)
def test_a_typo_in_a_field_name_is_an_error_that_suggests_the_right_name(calculator):
    inputs = dict(GOOD[calculator])
    key = next(iter(inputs))
    inputs[key[:2] + key[3] + key[2] + key[4:]] = inputs.pop(key)  # swap two letters: area_m2 -> aera_m2
    errs = errors(calculator, inputs)
    assert any(key in e["message"] and "是否想填" in e["message"] for e in errs)


def test_aera_m2_names_area_m2():
    inputs = dict(GOOD["housing"])
    inputs["aera_m2"] = inputs.pop("area_m2")
    errs = errors("housing", inputs)
    assert "aera_m2" in fields(errs)
    assert any("area_m2" in e["message"] for e in errs if e["field"] == "aera_m2")


@pytest.mark.parametrize("calculator, field", [("housing", "contract_date"), ("housing", "property_type"), ("housing", "area_m2"),
                                               ("insurance", "category"), ("warning", "daily_aqi")])
def test_a_missing_required_field_is_named(calculator, field):
    inputs = dict(GOOD[calculator])
    inputs.pop(field)
    assert field in fields(errors(calculator, inputs))


@pytest.mark.parametrize("calculator, field", [("housing", "property_type"), ("insurance", "category")])
def test_a_missing_choice_offers_its_labels_not_its_codes(calculator, field):
    inputs = dict(GOOD[calculator])
    inputs.pop(field)
    message = next(e["message"] for e in errors(calculator, inputs) if e["field"] == field)
    described = next(f for f in api.describe(calculator)["inputs"] if f["name"] == field)
    assert "可选：" + "、".join(c["label"] for c in described["choices"]) in message
    assert not any(c["value"] in message for c in described["choices"])


@pytest.mark.parametrize("value", ["一百", [100], {"v": 1}, True, None])
def test_a_wrong_type_is_named(value):
    inputs = dict(GOOD["housing"], area_m2=value)
    assert "area_m2" in fields(errors("housing", inputs))


@pytest.mark.parametrize("value", [-1, -0.01, math.nan, math.inf, -math.inf, "NaN", "Infinity", 1e30])
def test_negative_non_finite_and_absurd_numbers_are_refused(value):
    assert "self_paid_yuan" in fields(errors("insurance", dict(GOOD["insurance"], self_paid_yuan=value)))


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "2024/06/01", "昨天", 20240601])
def test_impossible_dates_are_refused(value):
    errs = errors("housing", dict(GOOD["housing"], contract_date=value))
    assert "contract_date" in fields(errs)
    assert any("YYYY-MM-DD" in e["message"] for e in errs)


@pytest.mark.parametrize("calculator, field, value", [("housing", "property_type", "villa"), ("insurance", "category", "theft"),
                                                      ("insurance", "tier_mode", "flat")])
def test_unknown_categories_list_what_is_accepted(calculator, field, value):
    errs = errors(calculator, dict(GOOD[calculator], **{field: value}))
    message = next(e["message"] for e in errs if e["field"] == field)
    assert "可选" in message


def test_an_empty_forecast_is_an_error():
    assert fields(errors("warning", {"daily_aqi": []})) == ["daily_aqi"]
    assert fields(errors("warning", {"daily_aqi": ""})) == ["daily_aqi"]


def test_a_bad_number_inside_a_list_names_its_position():
    errs = errors("warning", {"daily_aqi": "160,abc"})
    assert "第 2 个数" in errs[0]["message"]


def test_nested_asset_errors_name_the_item():
    errs = errors("township", {"assets": [{"managed_by": "township", "disposal_income_yuan": 1, "price": 3}]})
    assert errs[0]["field"] == "assets[0].price" and "第 1 项" in errs[0]["message"]


def test_aqi_needs_at_least_one_concentration():
    errors("aqi", {"date": "2026-01-01"})


@pytest.mark.parametrize("calculator", IDS)
@pytest.mark.parametrize("inputs", [None, [], "text", 3, [{"a": 1}]])
def test_inputs_that_are_not_an_object(calculator, inputs):
    assert fields(errors(calculator, inputs)) == [None]


def test_an_unknown_calculator_and_bad_json():
    assert api.run("nope", {})["errors"]
    result = json.loads(api.run_json("housing", "{not json"))
    assert result["errors"] and "JSON" in result["errors"][0]["message"]


def _nested(depth: int):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("depth", [40, 1000, 100_000])
def test_deeply_nested_json_is_a_chinese_error_not_a_recursion_error(depth):
    text = '{"pm25_24h": ' + "[" * depth + "1" + "]" * depth + "}"
    result = json.loads(api.run_json("aqi", text))
    assert result["errors"][0]["field"] is None and "嵌套层数太多" in result["errors"][0]["message"]
    assert api.run("aqi", {"pm25_24h": _nested(min(depth, 5000))})["errors"][0]["message"].startswith("输入的嵌套层数太多")


def test_a_deeply_nested_list_of_assets_in_a_url_is_refused_in_chinese():
    errs = errors("township", {"assets": "[" * 5000 + "]" * 5000})
    assert errs[0]["field"] == "assets" and "列表" in errs[0]["message"]


def test_the_command_line_answers_deep_nesting_in_chinese_without_a_traceback():
    text = '{"pm25_24h": ' + "[" * 1000 + "1" + "]" * 1000 + "}"
    process = subprocess.run([sys.executable, "-m", "calculators", "aqi"], input=text, capture_output=True, text=True, cwd=ROOT)
    assert process.returncode == 2 and process.stderr == ""
    assert "嵌套层数太多" in json.loads(process.stdout)["errors"][0]["message"]


@pytest.mark.parametrize("calculator", IDS)
def test_every_result_has_the_same_keys_whether_it_succeeds_or_fails(calculator):
    good, bad = api.run(calculator, GOOD[calculator]), api.run(calculator, {"nonsense": 1})
    common = {"calculator", "as_of", "steps", "warnings", "errors", "understood", "out_of_period", "picture"}
    assert common <= set(good) and common <= set(bad)
    if JIANGHUA.rules[calculator].pictures:  # a rule file without a picture (deed_tax) has none in its results
        assert good["picture"]["svg"].startswith("<svg") and good["picture"]["alt"]
    else:
        assert good["picture"] is None
    assert bad["picture"] is None and bad["as_of"]
