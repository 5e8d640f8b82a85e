"""calculators.api serves the calculators of the rule files it is given: a county's and the national ones,
the Python module for an id that has no rule file yet (the switch is per id), each rule-file calculator
computed from its file, and no county's calculators in another county's catalogue."""
import json
import subprocess
import sys

import pytest

from calculators import IDS, api

from ..conftest import CORPUS, ROOT

JIANGHUA = api.county_rule_files(CORPUS)
NATIONAL = api.national_rule_files()
MARK = "（本句由测试加入规则文件）"


def test_the_countys_files_are_named_as_messages_name_them():
    assert sorted(JIANGHUA) == [f"sources/jianghua/calculators/{name}.toml" for name in ("housing", "insurance", "township", "warning")]
    assert sorted(NATIONAL) == ["calculators/national/aqi.toml", "calculators/national/deed_tax.toml"]


def test_every_calculator_of_jianghua_runs_from_its_rule_file():
    catalogue = api.catalogue(JIANGHUA)
    assert catalogue.ids() == (*IDS, "deed_tax")
    assert all(catalogue.runs_from_file(i) for i in catalogue.ids())
    assert catalogue.describe("housing")["rule_file"] == "sources/jianghua/calculators/housing.toml"
    assert catalogue.describe("aqi")["rule_file"] == "calculators/national/aqi.toml"
    assert catalogue.describe("deed_tax")["national"] and catalogue.describe("aqi")["national"]
    assert not catalogue.describe("township")["national"]


def test_the_switch_is_per_id():
    township = "sources/jianghua/calculators/township.toml"
    catalogue = api.catalogue({township: JIANGHUA[township]})
    assert {i for i in catalogue.ids() if catalogue.runs_from_file(i)} == {"township", "aqi", "deed_tax"}
    assert catalogue.describe("township")["rule_file"] == township
    assert catalogue.describe("housing")["rule_file"] is None  # no rule file handed over: its module


def _marked(text: str) -> str:
    """The rule file with one more warning: every result computed from this text carries it."""
    return text + f'\n[[warning]]\ntext = "{MARK}"\n'


def _served(catalogue: api.Catalogue, file: str) -> str:
    return next(i for i, rules in catalogue.rules.items() if rules.file == file)


@pytest.mark.parametrize("file", sorted(JIANGHUA) + sorted(NATIONAL))
def test_each_rule_file_calculator_really_runs_from_its_file(file):
    county = {name: _marked(text) if name == file else text for name, text in JIANGHUA.items()}
    national = {name: _marked(text) if name == file else text for name, text in NATIONAL.items()}
    catalogue = api.catalogue(county, national)
    calculator_id = _served(catalogue, file)
    for example in catalogue.describe(calculator_id)["examples"]:
        result = catalogue.run(calculator_id, {"as_of": "2024-06-01", **example["inputs"]})
        assert MARK in result["warnings"], (file, example["title"])
    others = [i for i in catalogue.ids() if i != calculator_id]
    for other in others:
        for example in catalogue.describe(other)["examples"][:1]:
            assert MARK not in catalogue.run(other, {"as_of": "2024-06-01", **example["inputs"]})["warnings"]


def test_without_the_countys_files_their_ids_are_served_by_their_modules():
    plain = api.catalogue()
    assert not plain.runs_from_file("township") and plain.runs_from_file("deed_tax")
    assert plain.describe("township")["parameter_file"] == "calculators/parameters/township.json"


def test_the_module_level_functions_serve_the_catalogue_in_use():
    before = api.current()
    try:
        api.use_rule_files_json(json.dumps({"county": {f: _marked(t) for f, t in JIANGHUA.items()}, "national": NATIONAL}))
        assert api.describe("insurance")["rule_file"] == "sources/jianghua/calculators/insurance.toml"
        result = json.loads(api.run_json("insurance", json.dumps({"category": "illness", "self_paid_yuan": 10000,
                                                                  "as_of": "2024-06-01"})))
        assert result["payout_yuan"] == 2850 and MARK in result["warnings"]
    finally:
        api.use(before)


def test_two_files_with_one_id_are_refused_naming_both():
    text = JIANGHUA["sources/jianghua/calculators/township.toml"]
    with pytest.raises(api.RuleError) as caught:
        api.catalogue({"sources/a/calculators/township.toml": text, "sources/a/calculators/township-2.toml": text})
    assert "sources/a/calculators/township-2.toml 第 1 行" in str(caught.value)
    assert "sources/a/calculators/township.toml" in caught.value.message and "id" in caught.value.message


def test_a_county_file_may_not_take_a_national_rules_id():
    with pytest.raises(api.RuleError) as caught:
        api.catalogue({"sources/a/calculators/deed_tax.toml": NATIONAL["calculators/national/deed_tax.toml"]})
    assert "calculators/national/deed_tax.toml" in caught.value.message


def test_a_county_file_uses_the_national_rules_it_is_handed_not_the_disk():
    using = ('id = "mine"\ntitle = "甲"\nuses = ["deed_tax"]\n[notice]\ndoc_number = "某〔2025〕1号"\n'
             '[clauses]\nc1 = "一"\n[period]\nlabel = "期间"\nclause = "c1"\nfrom = 2025-01-01\n'
             '[[step]]\nname = "税率"\nformula = "契税新规施行日"\nclause = "c1"\n')
    assert api.catalogue({"sources/a/calculators/mine.toml": using}).runs_from_file("mine")
    with pytest.raises(api.RuleError) as caught:
        api.catalogue({"sources/a/calculators/mine.toml": using}, national={})
    assert "没有名为“deed_tax”的国家规则" in caught.value.message


def _cli(*args, stdin="{}"):
    return subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT)


def test_the_command_line_serves_a_countys_rule_files():
    listed = _cli("--county", str(CORPUS), "--list")
    assert listed.returncode == 0 and listed.stdout.split() == [*IDS, "deed_tax"]
    done = _cli("--county", str(CORPUS), "township", stdin='{"land_revenue_yuan": 5000000, "as_of": "2024-06-01"}')
    assert done.returncode == 0 and json.loads(done.stdout)["land_return_yuan"] == 3000000


def test_the_command_line_names_a_broken_rule_file(tmp_path):
    (tmp_path / "mou" / "calculators").mkdir(parents=True)
    (tmp_path / "mou" / "calculators" / "x.toml").write_text('id = "x"\ntitle = "甲"\nformla = 1\n', encoding="utf-8")
    done = _cli("--county", str(tmp_path / "mou"), "x")
    assert done.returncode == 2 and "mou/calculators/x.toml 第 3 行" in done.stderr and "不认识的键“formla”" in done.stderr
