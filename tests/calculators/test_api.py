"""calculators.api serves the calculators of the rule files it is given: a county's and the national ones,
each computed from its file, and no county's calculators in another county's catalogue. Without a
county's files it serves the national rule files only: the package holds no county's calculator."""
import json
import subprocess
import sys

import pytest

from calculators import api

from ..conftest import CORPUS, ROOT

JIANGHUA = api.county_rule_files(CORPUS)
NATIONAL = api.national_rule_files()
MARK = "（本句由测试加入规则文件）"


def test_the_countys_files_are_named_as_messages_name_them():
    assert sorted(JIANGHUA) == [f"sources/jianghua/calculators/{name}.toml" for name in ("housing", "insurance", "township", "warning")]
    assert sorted(NATIONAL) == ["calculators/national/aqi.toml", "calculators/national/deed_tax.toml"]


SITE_ORDER = ("housing", "insurance", "township", "warning", "aqi", "deed_tax")  # the county's files by name, then the national


def test_every_calculator_of_jianghua_runs_from_its_rule_file():
    catalogue = api.catalogue(JIANGHUA)
    assert catalogue.ids() == SITE_ORDER
    assert all(catalogue.runs_from_file(i) for i in catalogue.ids())
    assert catalogue.describe("housing")["rule_file"] == "sources/jianghua/calculators/housing.toml"
    assert catalogue.describe("aqi")["rule_file"] == "calculators/national/aqi.toml"
    assert catalogue.describe("deed_tax")["national"] and catalogue.describe("aqi")["national"]
    assert not catalogue.describe("township")["national"]


def test_the_order_of_the_countys_files_is_their_names_whatever_order_they_come_in():
    backwards = dict(sorted(JIANGHUA.items(), reverse=True))
    assert api.catalogue(backwards).ids() == SITE_ORDER


def test_a_calculator_whose_file_is_not_handed_over_is_not_served():
    township = "sources/jianghua/calculators/township.toml"
    catalogue = api.catalogue({township: JIANGHUA[township]})
    assert catalogue.ids() == ("township", "aqi", "deed_tax")
    assert all(catalogue.runs_from_file(i) for i in catalogue.ids()) and not catalogue.runs_from_file("housing")
    assert catalogue.describe("township")["rule_file"] == township
    refused = catalogue.run("housing", {"area_m2": 100})
    assert refused["errors"] and "没有名为 'housing' 的计算器" in refused["errors"][0]["message"]
    assert "township、aqi、deed_tax" in refused["errors"][0]["message"]
    with pytest.raises(KeyError):
        catalogue.describe("housing")


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


def test_without_a_countys_files_only_the_national_rules_are_served():
    plain = api.catalogue()
    assert plain.ids() == ("aqi", "deed_tax") and all(plain.describe(i)["national"] for i in plain.ids())
    assert plain.describe("aqi")["parameter_file"] == "calculators/national/aqi.toml"
    assert plain.run("township", {"land_revenue_yuan": 100})["errors"]
    assert api.catalogue(national={}).ids() == ()


def test_the_package_holds_no_countys_calculator():
    """The per-module form calculators.<id>.calculate is gone, and with it the rule values in the package."""
    import importlib
    import calculators
    for gone in ("housing", "insurance", "aqi", "warning", "township", "picture_housing", "picture_aqi"):
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(f"calculators.{gone}")
    assert not hasattr(calculators, "IDS")
    assert not (ROOT / "calculators" / "parameters").exists()


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
    # read in name order ("-" before "."): the second one read is refused, naming the first
    assert "sources/a/calculators/township.toml 第 1 行" in str(caught.value)
    assert "sources/a/calculators/township-2.toml" in caught.value.message and "id" in caught.value.message


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
    assert listed.returncode == 0 and listed.stdout.split() == list(SITE_ORDER)
    done = _cli("--county", str(CORPUS), "township", stdin='{"land_revenue_yuan": 5000000, "as_of": "2024-06-01"}')
    assert done.returncode == 0 and json.loads(done.stdout)["land_return_yuan"] == 3000000


def test_the_command_line_without_a_county_serves_the_national_rules_only():
    listed = _cli("--list")
    assert listed.returncode == 0 and listed.stdout.split() == ["aqi", "deed_tax"]
    done = _cli("aqi", stdin='{"pm25_24h": 70, "date": "2026-03-01", "as_of": "2026-06-01"}')
    assert done.returncode == 0 and json.loads(done.stdout)["standard"] == "HJ 633-2026"
    county = _cli("township", stdin='{"land_revenue_yuan": 5000000}')
    assert county.returncode == 2 and "没有名为 'township' 的计算器" in json.loads(county.stdout)["errors"][0]["message"]
    assert "--county" in county.stderr  # says how to serve a county's calculators


def test_the_command_line_names_a_county_folder_without_rule_files(tmp_path):
    done = _cli("--county", str(tmp_path / "nowhere"), "--list")
    assert done.returncode == 2 and "calculators" in done.stderr and not done.stdout


def test_the_command_line_names_a_broken_rule_file(tmp_path):
    (tmp_path / "mou" / "calculators").mkdir(parents=True)
    (tmp_path / "mou" / "calculators" / "x.toml").write_text('id = "x"\ntitle = "甲"\nformla = 1\n', encoding="utf-8")
    done = _cli("--county", str(tmp_path / "mou"), "x")
    assert done.returncode == 2 and "mou/calculators/x.toml 第 3 行" in done.stderr and "不认识的键“formla”" in done.stderr


def test_what_a_site_ships_of_each_file_names_its_calculator_and_the_national_rules_it_is_loaded_with():
    shipped = api.catalogue(JIANGHUA, NATIONAL).shipped()
    assert set(shipped) == set(JIANGHUA) | set(NATIONAL)
    housing = shipped["sources/jianghua/calculators/housing.toml"]
    assert (housing["id"], housing["national"], housing["uses"]) == ("housing", False, ["calculators/national/deed_tax.toml"])
    assert housing["text"] == JIANGHUA["sources/jianghua/calculators/housing.toml"]
    assert shipped["sources/jianghua/calculators/insurance.toml"]["uses"] == []
    assert (shipped["calculators/national/aqi.toml"]["id"], shipped["calculators/national/aqi.toml"]["national"]) == ("aqi", True)
