"""The build checks every rule file of the county and every worked example (publisher/corpus.py): a
mistake, or a hostile file (issue 18 §8), stops the build with a Chinese message naming the file, line
and column; nothing in a rule file is ever executed, and nothing hangs (the bounds are checked before
anything is computed)."""
import shutil
import subprocess
import sys

import pytest

from publisher.corpus import read_notices
from reader.sources import SourceError

from ..calculators.test_rule_file import SMALL
from ..conftest import AS_OF, FIXTURES, ROOT

FILE = "calculators/subsidy.toml"


def county(tmp_path, rule_text: str):
    """A small county: one real notice, a profile and one rule file."""
    folder = tmp_path / "sources" / "mou"
    (folder / "calculators").mkdir(parents=True)
    shutil.copy(FIXTURES / "real_notices" / "w01_zhenba_work_rules.txt", folder)
    (folder / "county.toml").write_text('name = "某县"\n', encoding="utf-8")
    (folder / FILE).write_text(rule_text, encoding="utf-8")
    return folder


def build_error(tmp_path, rule_text: str) -> str:
    with pytest.raises(SourceError) as caught:
        read_notices(county(tmp_path, rule_text), AS_OF)
    return str(caught.value)


def _step(formula: str) -> str:
    """SMALL with its one step computing this formula instead."""
    before = 'formula = "如果(套数 == \\"1\\", 最小(面积 × 每平方米补贴, 补贴上限), 0)"'
    assert before in SMALL
    return SMALL.replace(before, f"formula = {formula!r}".replace("'", '"') if '"' not in formula
                         else f"formula = '{formula}'")


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def test_a_sound_file_builds_and_serves_its_calculator(tmp_path):
    corpus = read_notices(county(tmp_path, SMALL), AS_OF)
    assert corpus.catalogue.runs_from_file("subsidy")
    assert corpus.catalogue.describe("subsidy")["rule_file"] == "sources/mou/calculators/subsidy.toml"


HOSTILE = [
    ("deep formula", "(" * 25 + "面积" + ")" * 25, "括号嵌套太深"),
    ("deep without brackets", "not " * 60 + "是", "嵌套太深"),
    ("long formula", "+".join(["面积"] * 1100), "太长"),
    ("unknown name, the nearest suggested", "面枳 × 每平方米补贴", "是否想写“面积”"),
    ("unknown function", "取最小(面积, 1)", "没有的函数"),
    ("a Python builtin", "__import__(\"os\").system(\"touch HACKED\")", "只能调用有名称的函数"),
    ("eval", "eval(\"1\")", "没有的函数"),
    ("attribute access", "面积.__class__", "取名称的属性"),
    ("huge exponent", "10 ** 100000000", "乘方指数"),
]


@pytest.mark.parametrize("kind,formula,words", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_formula_stops_the_build_with_its_place(tmp_path, kind, formula, words):
    text = _step(formula)
    message = build_error(tmp_path, text)
    line = _line(text, "formula = ")
    assert message.startswith("计算器规则文件有误：sources/mou/calculators/subsidy.toml 第 ") and words in message, message
    assert f"第 {line} 行第 " in message, message
    assert not list(tmp_path.rglob("HACKED")) and not (ROOT / "HACKED").exists()


def test_a_division_by_zero_in_a_worked_example_stops_the_build_with_the_example(tmp_path):
    text = _step("面积 × 每平方米补贴 / (面积 - 90)")  # the example's area is 90
    message = build_error(tmp_path, text)
    assert "首套 90 平方米" in message and "为零" in message
    assert f"sources/mou/calculators/subsidy.toml 第 {_line(text, '[[example]]')} 行" in message


def test_steps_in_a_cycle_stop_the_build_naming_the_cycle(tmp_path):
    text = _step("乙 + 1") + '\n[[step]]\nname = "乙"\nformula = "补贴 + 1"\nclause = "c2"\n'
    message = build_error(tmp_path, text)
    assert "循环" in message and ("补贴 → 乙 → 补贴" in message or "乙 → 补贴 → 乙" in message), message


def test_a_misspelt_key_is_named_with_the_nearest(tmp_path):
    text = SMALL.replace('name = "补贴"\nformula', 'name = "补贴"\nformla', 1)
    message = build_error(tmp_path, text)
    assert "不认识的键“formla”，是否想写“formula”" in message and f"第 {_line(text, 'formla')} 行" in message


def test_an_example_that_differs_fails_the_build_with_both_numbers(tmp_path):
    message = build_error(tmp_path, SMALL.replace("expect = { subsidy_yuan = 9000 }", "expect = { subsidy_yuan = 9500 }"))
    assert "例子“首套 90 平方米”的结果“subsidy_yuan”不一致：例子写的是 9500，按本文件算得 9000" in message
    assert "sources/mou/calculators/subsidy.toml 第 " in message


def test_the_build_command_stops_with_the_message(tmp_path):
    folder = county(tmp_path, _step("面积.__class__"))
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--no-calculators", "--source", str(folder),
                           "--out", str(tmp_path / "site"), "--date", AS_OF.isoformat()],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode != 0 and "sources/mou/calculators/subsidy.toml 第 " in done.stderr, done.stderr[-2000:]
    assert not (tmp_path / "site").exists()
