"""The formula language of rule files: what formulas compute (a case table) and what hostile
formulas get (a Chinese error with the file, line and column; never code execution, never a hang)."""
import datetime as dt
from decimal import Decimal as D

import pytest

from calculators.formula import MAX_CHARACTERS, parse
from calculators.rule_errors import EvaluationError, RuleError

BANDS = [[D(0), D("0.3")], [D(20000), D("0.4")], [D(40000), D("0.5")]]
AREA_RATES = [[D(90), D("0.01")], ["以上", D("0.015")]]
VALUES = {
    "面积": D(100), "价格": D(500000), "比例": D("0.70"), "上限": D(10000), "月数": D(26), "零": D(0),
    "金额": D(20000), "档表": BANDS, "面积档": AREA_RATES, "类型": "residential", "首套": True,
    "合同日期": dt.date(2024, 6, 1), "开始": dt.date(2024, 2, 6), "闰日": dt.date(2024, 2, 29),
    "税率表": {"1": {"小": D("0.01"), "大": D("0.015")}, "2": {"小": D("0.02"), "大": D("0.02")}},
    "套数": D(1), "十档": {"10": D(10)}, "奖励": [D("1.005"), D("2.5"), D(3)], "未填项": None, "空列表": [],
}

CASES = [
    # arithmetic is exact (Decimal), literals are read as written
    ("0.1 + 0.2 == 0.3", True),
    ("价格 × 比例", D("350000.00")),
    ("（面积 － 90）× 2", D(20)),
    ("面积 / 3 * 3 == 面积", False),  # 28 significant digits, like plain Decimal
    ("2 ** 10", D(1024)),
    ("-面积 + +面积", D(0)),
    # minimum, maximum, conditional
    ("最小(价格 × 0.03, 上限)", D(10000)),
    ("最大(0, 面积 - 120)", D(0)),
    ("最大(奖励)", D(3)),
    ("如果(面积 <= 90, 0.01, 0.015)", D("0.015")),
    ("0.01 if 面积 <= 90 else 0.015", D("0.015")),
    ("如果(零 == 0, 0, 面积 / 零)", D(0)),  # the branch not taken is never computed
    ("类型 == \"residential\" and 首套", True),
    ("“（全额）” if 首套 else \"x\"", "（全额）"),  # a text keeps its full-width characters
    ("类型 in [\"residential\", \"shop\"]", True),
    ("not 首套 or 面积 > 90", True),
    ("90 < 面积 <= 140", True),
    ("首套 == 是", True),
    # rounding
    ("到分(1.005)", D("1.01")),
    ("到分(2.675)", D("2.68")),
    ("到分(-1.005)", D("-1.01")),
    ("四舍五入(2.5)", D(3)),
    ("四舍五入(1.2345, 3)", D("1.235")),
    ("向上取整(100.01)", D(101)),
    ("向下取整(99.99)", D(99)),
    ("整除(月数, 12)", D(2)),
    ("整除(11, 12)", D(0)),
    # bands: progressive and whole, the lower limit belongs to its band
    ("累进(50000, 档表)", D(20000) * D("0.3") + D(20000) * D("0.4") + D(10000) * D("0.5")),
    ("累进(金额, 档表)", D(6000)),
    ("全额(金额, 档表)", D(8000)),
    ("全额(19999.99, 档表)", D("19999.99") * D("0.3")),
    ("按下限分档(金额, 档表)", D("0.4")),
    ("按上限分档(90, 面积档)", D("0.01")),
    ("按上限分档(90.01, 面积档)", D("0.015")),
    # lookups
    ("查表(税率表, 套数, \"大\")", D("0.015")),
    ("查表(税率表, 2, \"小\")", D("0.02")),
    ("查表(税率表, 2.0, \"小\")", D("0.02")),
    ("查表(十档, 10)", D(10)),
    # lists made by steps computed item by item
    ("求和(奖励)", D("6.505")),
    ("个数(奖励)", D(3)),
    ("个数(空列表)", D(0)),
    ("求和(空列表)", D(0)),
    # dates
    ("合同日期 >= 开始", True),
    ("合同日期 <= 日期(\"2025-02-05\")", True),
    ("天数(开始, 合同日期)", D(116)),
    ("加年(开始, 1)", dt.date(2025, 2, 6)),
    ("加天(加年(开始, 1), -1)", dt.date(2025, 2, 5)),
    ("加年(闰日, 1)", dt.date(2025, 3, 1)),  # as the housing extension has always counted
    ("加月(日期(\"2024-01-31\"), 1)", dt.date(2024, 3, 1)),
    ("整月数(开始, 合同日期)", D(3)),
    ("整月数(日期(\"2024-01-31\"), 日期(\"2024-02-29\"))", D(0)),
    ("整月数(日期(\"2024-01-31\"), 日期(\"2024-03-01\"))", D(1)),
    ("整年数(日期(\"2000-06-02\"), 合同日期)", D(23)),
    ("整年数(日期(\"2000-06-01\"), 合同日期)", D(24)),
    ("年份(合同日期)", D(2024)),
    # a formula over several lines, as a TOML multi-line string allows
    ("如果(首套,\n   最小(价格 × 0.03, 上限),\n   0)", D(10000)),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0].replace("\n", " ") for c in CASES])
def test_formula_values(text, expected):
    value = parse(text, VALUES).evaluate(VALUES)
    assert value == expected and type(value) is type(expected), value


def test_a_formula_knows_the_names_it_reads():
    assert parse("最小(价格 × 比例, 上限) + 价格", VALUES).names == ("价格", "比例", "上限")


def _error(text, names=VALUES, kind=RuleError, values=VALUES):
    with pytest.raises(kind) as caught:
        formula = parse(text, names, "sources/x/calculators/购房.toml", 7, 11)
        formula.evaluate(values)
    error = caught.value
    assert error.file == "sources/x/calculators/购房.toml" and (error.line, error.column) >= (7, 11) and error.column >= 1
    assert "sources/x/calculators/购房.toml 第" in str(error)
    return error


HOSTILE = [
    ("attribute", "面积.__class__", "取名称的属性"),
    ("dunder attribute of a call", "最小(1, 2).__class__.__bases__", "取名称的属性"),
    ("subscript", "档表[0]", "方括号"),
    ("lambda", "(lambda: 1)()", "lambda"),
    ("list comprehension", "[x for x in 奖励]", "推导式"),
    ("generator", "求和(x for x in 奖励)", "推导式"),
    ("walrus", "(x := 1)", "赋值"),
    ("f-string", "f'{面积}'", "f 字符串"),
    ("dict literal", "{'a': 1}", "表"),
    ("keyword argument", "四舍五入(面积, 位数=2)", "名称=值"),
    ("starred", "最小(*奖励)", "星号"),
    ("unknown function", "取最小(面积, 1)", "没有的函数"),
    ("python builtin", "__import__('os')", "没有的函数"),
    ("eval", "eval('1')", "没有的函数"),
    ("calling a name", "面积(1)", "不能当函数调用"),
    ("calling the result of a call", "最小(1)(2)", "有名称的函数"),
    ("unknown name", "建筑面枳 * 2", "没有定义的名称"),
    ("huge literal exponent", "10 ** 100000000", "乘方指数"),
    ("fractional exponent", "2 ** 0.5", "乘方指数"),
    ("floor division", "面积 // 12", "整除"),
    ("modulo", "面积 % 12", "%"),
    ("bitwise", "首套 & 首套", "and"),
    ("is", "面积 is 1", "=="),
    ("too long", "+".join(["面积"] * (MAX_CHARACTERS // 2)), "太长"),
    ("too many parts", "+".join(["1"] * 300), "嵌套太深"),
    ("deep brackets", "(" * 25 + "1" + ")" * 25, "括号嵌套太深"),
    ("deep unary chain", "-" * 1000 + "1", "嵌套太深"),
    ("deep without brackets", "not " * 60 + "首套", "嵌套太深"),
    ("deep calls", "最小(" * 25 + "1" + ")" * 25, "嵌套太深"),
    ("unclosed bracket", "最小(面积, 1", "括号没有配对"),
    ("syntax", "面积 * * 2", "写法有误"),
    ("statement", "import os", "写法有误"),
    ("empty", "   ", "是空的"),
    ("not text", D(5), "应写成文字"),
    ("bytes constant", "b'x'", "常量"),
    ("wrong arity", "如果(首套, 1)", "参数个数不对"),
]


@pytest.mark.parametrize("kind,text,words", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_formulas_get_a_chinese_error_at_parse_time(kind, text, words):
    error = _error(text)
    assert words in error.message, error.message


RUNTIME = [
    ("division by zero", "面积 / 零", "为零"),
    ("division by zero in a function", "整除(面积, 零)", "为零"),
    ("zero to a negative power", "零 ** -1", "除以零"),
    ("exponent from a value", "面积 ** 月数 ** 月数", "乘方指数"),
    ("a result beyond the bounded context", "价格 ** 20", "太大"),
    ("text in arithmetic", "类型 * 2", "应为数"),
    ("an unfilled input", "未填项 + 1", "没有值"),
    ("a condition that is a number", "如果(面积, 1, 2)", "条件"),
    ("comparing a date with a number", "合同日期 > 面积", "不能比较"),
    ("missing table key", "查表(税率表, 5)", "没有“5”"),
    ("minimum of nothing", "最小(空列表)", "至少要有一个数"),
    ("a band table that does not rise", "累进(面积, [[100, 0.1], [50, 0.2]])", "从小到大"),
    ("an impossible date", "日期(\"2024-02-30\")", "不是真实存在的日期"),
    ("a date too far", "加年(开始, 9000)", "超出"),
]


@pytest.mark.parametrize("kind,text,words", RUNTIME, ids=[r[0] for r in RUNTIME])
def test_formulas_that_cannot_be_computed_get_a_chinese_error_with_the_place(kind, text, words):
    error = _error(text, kind=EvaluationError)
    assert words in error.message, error.message


def test_a_misspelt_name_suggests_the_nearest_one():
    assert "是否想写“合同日期”" in _error("合同日其 >= 开始").message
    assert "是否想写“最小”" in _error("min(面积, 1)").message
    assert "是否想写“最大”" in _error("MAX(面积, 1)").message


def test_the_column_counts_characters_not_bytes():
    error = _error("最小(面积, 建筑面枳)")
    assert (error.line, error.column) == (7, 11 + len("最小(面积, "))


def test_the_line_and_column_inside_a_formula_over_several_lines():
    error = _error("如果(首套,\n  面积 / 零,\n  0)", kind=EvaluationError)
    assert (error.line, error.column) == (8, 3)
    error = _error("如果(首套,\n  面积.real,\n  0)")
    assert (error.line, error.column) == (8, 3)


def test_a_hostile_formula_never_runs_code(tmp_path):
    marker = tmp_path / "ran"
    for text in (f"__import__('pathlib').Path({str(marker)!r}).touch()", f"open({str(marker)!r}, 'w')",
                 "().__class__.__base__.__subclasses__()"):
        with pytest.raises(RuleError):
            parse(text, VALUES).evaluate(VALUES)
    assert not marker.exists()
