"""Loading and checking rule files: every mistake a clerk can make gets a Chinese message naming
the file, line and column, before anything is computed."""
import datetime as dt
import textwrap

import pytest

from calculators import rule_engine
from calculators.rule_errors import RuleError
from calculators.rule_file import load_path, load_text

from ..conftest import ROOT

SMALL = textwrap.dedent('''\
    id = "subsidy"
    title = "购房补贴计算器"

    [notice]
    doc_number = "某政发〔2025〕1号"
    page = "mouzhengfa-2025-1/"

    [clauses]
    c1 = "一"
    c2 = "二"

    [period]
    label = "本办法的执行期限"
    clause = "c1"
    from = 2025-01-01
    until = 2025-12-31

    [[input]]
    name = "面积"
    key = "area_m2"
    label = "建筑面积"
    kind = "number"
    unit = "平方米"
    required = true
    clause = "c1"

    [[input]]
    name = "套数"
    key = "home_number"
    label = "第几套住房"
    kind = "choice"
    default = "1"
    clause = "c1"
    choices = [{ code = "1", label = "首套" }, { code = "2", label = "二套" }]

    [[parameter]]
    name = "每平方米补贴"
    label = "每平方米补贴"
    unit = "元"
    clause = "c2"
    values = [{ from = 2025-01-01, value = 100 }]

    [[parameter]]
    name = "补贴上限"
    label = "每套最高补贴"
    unit = "元"
    clause = "c2"
    values = [{ from = 2025-01-01, until = 2025-06-30, value = 10000 }, { from = 2025-07-01, value = 8000 }]

    [[step]]
    name = "补贴"
    formula = "如果(套数 == \\"1\\", 最小(面积 × 每平方米补贴, 补贴上限), 0)"
    unit = "元"
    clause = "c2"
    text = "补贴 = 最小(面积 {面积} 平方米 × {每平方米补贴}, {补贴上限}) = {补贴}（{套数}）。"

    [[output]]
    key = "subsidy_yuan"
    label = "补贴"
    value = "补贴"
    kind = "money"

    [[example]]
    title = "首套 90 平方米"
    as_of = 2025-03-01
    inputs = { area_m2 = 90 }
    expect = { subsidy_yuan = 9000 }
''')


def _error(text, file="sources/mou/calculators/subsidy.toml"):
    with pytest.raises(RuleError) as caught:
        load_text(text, file)
    error = caught.value
    assert error.file == file and str(error).startswith(file)
    return error


def _line_of(text, needle):
    return next(number for number, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_a_small_file_loads_computes_and_explains():
    rules = load_text(SMALL, "subsidy.toml")
    result = rule_engine.run(rules, {"area_m2": "120", "home_number": "首套", "as_of": "2025-08-01"}, dt.date(2025, 1, 1))
    assert result["errors"] == [] and result["subsidy_yuan"] == 8000
    assert result["steps"][-1]["text"] == "补贴 = 最小(面积 120 平方米 × 100.00 元, 8,000.00 元) = 8,000.00 元（首套）。"
    assert result["steps"][-1]["clause"] == "mouzhengfa-2025-1/#c2" and result["steps"][-1]["cite"] == "某政发〔2025〕1号 二"
    assert rule_engine.check_examples(rules, dt.date(2025, 1, 1)) == []


def test_a_day_outside_the_period_is_tried_under_the_nearest_rules_and_says_so():
    rules = load_text(SMALL, "subsidy.toml")
    result = rule_engine.run(rules, {"area_m2": "120", "as_of": "2026-03-01"}, dt.date(2025, 1, 1))
    assert result["subsidy_yuan"] == 8000 and result["out_of_period"]["period"] == {"from": "2025-01-01", "until": "2025-12-31"}


def test_an_example_that_differs_fails_with_both_numbers():
    rules = load_text(SMALL.replace("expect = { subsidy_yuan = 9000 }", "expect = { subsidy_yuan = 9500 }"), "subsidy.toml")
    problems = rule_engine.check_examples(rules, dt.date(2025, 1, 1))
    assert len(problems) == 1
    assert "9500" in problems[0].message and "9000" in problems[0].message
    assert problems[0].line == _line_of(SMALL, "[[example]]")


MISTAKES = [
    ("TOML syntax", ('title = "购房补贴计算器"', 'title = 购房补贴计算器'), "文件写法有误", 'title = '),
    ("full-width quotes", ('title = "购房补贴计算器"', 'title = “购房补贴计算器”'), "文件写法有误", 'title = '),
    ("misspelt top key", ('title = "购房', 'titel = "购房'), "是否想写“title”", "titel"),
    ("misspelt step key", ('formula = "如果', 'formla = "如果'), "是否想写“formula”", "formla"),
    ("unknown input kind", ('kind = "number"', 'kind = "float"'), "种类“float”不对", 'kind = "float"'),
    ("clause not listed", ('clause = "c2"\nvalues = [{ from = 2025-01-01, value = 100 }]',
                           'clause = "c9"\nvalues = [{ from = 2025-01-01, value = 100 }]'), "没有在 [clauses] 里列出", 'clause = "c9"'),
    ("misspelt name in a formula", ("最小(面积 × 每平方米补贴", "最小(面积 × 每平米补贴"), "是否想写“每平方米补贴”", "formula ="),
    ("unknown function", ("最小(面积", "最少(面积"), "没有的函数", "formula ="),
    ("attribute access", ("最小(面积 ×", "最小(面积.real ×"), "取名称的属性", "formula ="),
    ("name used twice", ('name = "补贴上限"', 'name = "每平方米补贴"'), "已经用过了", 'label = "每套最高补贴"'),
    ("dates out of order", ("{ from = 2025-07-01, value = 8000 }", "{ from = 2025-03-01, value = 8000 }"), "时间不能重叠",
     "values = [{ from = 2025-01-01, until"),
    ("placeholder naming nothing", ("= {补贴}（{套数}）", "= {补帖}（{套数}）"), "是否想写“补贴”", "text ="),
    ("bad placeholder format", ("= {补贴}（", "= {补贴:美元}（"), "格式“美元”不对", "text ="),
    ("no period", ("[period]", "[periodx]"), "不认识的键", "[periodx]"),
    ("relevant_when naming nothing", ('clause = "c1"\nchoices', 'clause = "c1"\nrelevant_when = "面枳 == \\"1\\""\nchoices'),
     "是否想写“面积”", "relevant_when"),
    ("relevant_when that is not a choice test", ('clause = "c1"\nchoices', 'clause = "c1"\nrelevant_when = "面积 > 90"\nchoices'),
     "只能写成", "relevant_when"),
    ("relevant_when on a later input", ('unit = "平方米"\n', 'unit = "平方米"\nrelevant_when = "套数 == \\"1\\""\n'),
     "没有定义的名称", "relevant_when"),
    ("a Chinese key", ('title = "购房补贴计算器"', '标题 = "购房补贴计算器"'), "键要用英文字母", "标题"),
    ("choice without a code", ('{ code = "2", label = "二套" }', '{ label = "二套" }'), "choices", "choices ="),
    ("a name that is a function", ('name = "补贴"\n', 'name = "最小"\n'), "不能用", 'name = "最小"'),
]


@pytest.mark.parametrize("kind,change,words,line_with", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_mistakes_get_a_chinese_error_with_the_place(kind, change, words, line_with):
    old, new = change
    assert old in SMALL, old
    text = SMALL.replace(old, new, 1)
    error = _error(text)
    assert words in error.message, error.message
    expected = _line_of(text, line_with) - (1 if kind == "name used twice" else 0)
    assert error.line == expected, (error.line, str(error))
    assert error.column is None or error.column >= 1


def test_a_misspelt_name_in_a_formula_is_pointed_at_exactly():
    text = SMALL.replace("最小(面积 × 每平方米补贴", "最小(面积 × 每平米补贴")
    error = _error(text)
    line = text.split("\n")[error.line - 1]
    assert line[error.column - 1:].startswith("每平米补贴")


def test_steps_in_a_cycle_are_refused_naming_the_cycle():
    text = SMALL.replace("[[output]]", '[[step]]\nname = "甲"\nformula = "乙 + 1"\nclause = "c2"\n\n'
                                       '[[step]]\nname = "乙"\nformula = "甲 * 2"\nclause = "c2"\n\n[[output]]')
    error = _error(text)
    assert "循环" in error.message and ("甲 → 乙 → 甲" in error.message or "乙 → 甲 → 乙" in error.message)
    assert error.line in (_line_of(text, 'formula = "乙 + 1"'), _line_of(text, 'formula = "甲 * 2"'))


def test_a_step_that_uses_itself_is_a_cycle():
    text = SMALL.replace('formula = "如果(套数', 'formula = "补贴 + 如果(套数')
    assert "补贴 → 补贴" in _error(text).message


def test_a_huge_file_is_refused_before_it_is_read():
    assert "文件太大" in _error(SMALL + "#" * 600_000).message


def test_deeply_nested_toml_gets_an_error_not_a_crash():
    error = _error(SMALL.replace('title = "购房补贴计算器"', "title = " + "[" * 5000 + "]" * 5000))
    assert error.message


def test_a_division_by_zero_for_some_inputs_is_a_result_error_in_chinese():
    text = SMALL.replace("最小(面积 × 每平方米补贴, 补贴上限)", "最小(每平方米补贴 / (面积 - 90) , 补贴上限)")
    rules = load_text(text, "subsidy.toml")
    result = rule_engine.run(rules, {"area_m2": 90, "as_of": "2025-03-01"}, dt.date(2025, 1, 1))
    assert result["errors"] and "为零" in result["errors"][0]["message"]
    assert "subsidy.toml" not in result["errors"][0]["message"]  # users are not shown file names


SHIPPED = sorted((ROOT / "sources").glob("*/calculators/*.toml")) + sorted((ROOT / "calculators" / "national").glob("*.toml"))


def test_a_county_file_uses_a_national_rule_dated_and_cited():
    text = SMALL.replace('id = "subsidy"', 'id = "subsidy"\nuses = ["deed_tax"]').replace(
        "[[output]]", '[[step]]\nname = "估算契税"\nformula = "到分(面积 × 10000 × 按上限分档(面积, 唯一住房契税税率表))"\n'
                      'unit = "元"\nclause = "c1"\ntext = "契税 {估算契税}（{契税新规施行日}起）。"\n\n[[output]]')
    rules = load_text(text, "subsidy.toml")
    row = next(r for r in rule_engine.describe(rules)["rules"] if r["key"] == "deed_tax.national.only_home")
    assert row["document"] == "财政部 税务总局 住房城乡建设部公告2024年第16号" and row["from"] == "2024-12-01"
    result = rule_engine.run(rules, {"area_m2": 140, "as_of": "2025-03-01"}, dt.date(2025, 1, 1))
    assert result["steps"][-1]["text"] == "契税 14,000.00 元（2024-12-01起）。"
    result = rule_engine.run(rules, {"area_m2": "140.5", "as_of": "2025-03-01"}, dt.date(2025, 1, 1))
    assert result["steps"][-1]["text"].startswith("契税 21,075.00 元")


def test_a_misspelt_national_rule_is_named():
    error = _error(SMALL.replace('id = "subsidy"', 'id = "subsidy"\nuses = ["deed_taxes"]'))
    assert "是否想写“deed_tax”" in error.message and error.line == 2


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_rule_file_loads_and_its_examples_hold(path):
    rules = load_path(path)
    assert rule_engine.check_examples(rules, dt.date(2024, 6, 1)) == []
