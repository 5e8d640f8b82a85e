"""Rules are data: no rate, cap, threshold, date or rule text of a calculator's parameters may be
typed into its module or its picture module. Prose, help, warnings and pictures are generated
from the parameters, so a renewal is a dated entry in the JSON file and nothing else.

What is not checked: docstrings (developer notes), the worked examples and entry points (case
data, not rules), a field's example and its validation bounds, the numbers 0 and 1, ordinal
codes and list headings (a category's `level`, a measure's `group`), and in picture modules the numbers of the geometry (only the text
a picture prints, the strings with Chinese in them, is checked there).
"""
import ast
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from calculators import IDS
from calculators.params import load

from ..conftest import ROOT

CASE_DATA = {"EXAMPLES", "ENTRY_POINTS"}
BOUNDS = {"example", "minimum", "maximum"}
TOO_COMMON = {Decimal(0), Decimal(1)}
NUMBER = re.compile(r"(?<![A-Za-z0-9_.\-])(\d+(?:\.\d+)?)(?![A-Za-z0-9_])\s*(%|万)?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
IDENTIFIER = re.compile(r"[a-z0-9_]+")
CJK = re.compile(r"[\u4e00-\u9fff]")
NAMES = {"level", "group"}  # codes that number categories and headings of lists: names, not rules
MIN_TEXT = 4  # shorter rule texts (本措施) are names that prose may use


def _walk(value, found):
    """Every number, date and rule text inside a parameter value."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, Decimal)):
        found["numbers"].add(Decimal(value))
    elif isinstance(value, str):
        try:
            found["numbers"].add(Decimal(value))
        except InvalidOperation:
            if ISO_DATE.fullmatch(value):
                found["dates"].add(dt.date.fromisoformat(value))
            elif len(value) >= MIN_TEXT and not IDENTIFIER.fullmatch(value):
                found["texts"].add(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NAMES:
                _walk(item, found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, found)


def parameter_values(calculator) -> dict:
    """The rule values of a calculator: its parameter file's (by id) or a loaded ParameterSet's."""
    found = {"numbers": set(), "dates": set(), "texts": set()}
    parameters = load(calculator) if isinstance(calculator, str) else calculator
    for parameter in parameters.parameters.values():
        for period in parameter.periods:
            found["dates"].add(period.start)
            if period.end:
                found["dates"].add(period.end)
            _walk(period.value, found)
            if parameter.unit == "比例" and isinstance(period.value, Decimal):
                found["percents"] = found.get("percents", set()) | {period.value}
    found["numbers"] -= TOO_COMMON
    found["percents"] = found.get("percents", set()) - TOO_COMMON
    return found


def _skipped(tree: ast.Module) -> set[int]:
    """ids of the nodes not checked: docstrings, case data, field examples and bounds."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node) is not None:
            skipped.add(id(node.body[0].value))
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in CASE_DATA for t in node.targets):
            skipped.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Field":
            for keyword in node.keywords:
                if keyword.arg in BOUNDS:
                    skipped.update(id(n) for n in ast.walk(keyword.value))
    return skipped


ENGINE_BOUND = re.compile(r"(MAX|MIN)_[A-Z_]+|[A-Z_]+_CUTOFF|MONTHS_PER_YEAR")


def _engine_skipped(tree: ast.Module) -> set[int]:
    """In the engine, also not checked: the bounds of the formula language (module constants named
    MAX_…, MIN_…, …_CUTOFF), the calendar's months per year, and the function table's signatures."""
    skipped = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and ENGINE_BOUND.fullmatch(t.id) for t in node.targets):
            skipped.update(id(n) for n in ast.walk(node.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Function":
            skipped.update(id(n) for n in ast.walk(node))
    return skipped


def literals(path: Path, engine: bool = False) -> list[tuple[int, object]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _skipped(tree) | (_engine_skipped(tree) if engine else set())
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and id(node) not in skipped and not isinstance(node.value, bool)
            and isinstance(node.value, (int, float, str))]


def _numbers_in(text: str):
    for match in NUMBER.finditer(text):
        number, suffix = Decimal(match.group(1)), match.group(2)
        yield number / 100 if suffix == "%" else number * 10000 if suffix == "万" else number, match.group(0)


def offences(calculator, path: Path, picture: bool = False, engine: bool = False) -> list[str]:
    values = parameter_values(calculator)
    found = []
    for line, value in literals(path, engine):
        where = f"{path.name}:{line}"
        if isinstance(value, (int, float)):
            if engine and isinstance(value, int) and abs(value) <= 12:
                continue  # counting in the engine (argument positions, pairs, items), not a rule
            if not picture and Decimal(str(value)) in values["numbers"]:
                found.append(f"{where}: the number {value}")
            continue
        if picture and not CJK.search(value):
            continue  # SVG attributes and geometry, not text a reader sees
        for number, written in _numbers_in(CHINESE_DATE.sub("", ISO_DATE.sub("", value))):
            if number in values["numbers"] or number in values.get("percents", set()):
                found.append(f"{where}: “{written.strip()}” in {value!r}")
        for written in ISO_DATE.findall(value):
            if dt.date.fromisoformat(written) in values["dates"]:
                found.append(f"{where}: the date {written}")
        for year, month, day in CHINESE_DATE.findall(value):
            if dt.date(int(year), int(month), int(day)) in values["dates"]:
                found.append(f"{where}: the date {year}年{month}月{day}日")
        for text in values["texts"]:
            if text in value:
                found.append(f"{where}: the rule text “{text[:30]}” in {value[:60]!r}")
    return found


@pytest.mark.parametrize("calculator", IDS)
def test_no_parameter_value_is_typed_into_the_calculator_or_its_picture(calculator):
    problems = (offences(calculator, ROOT / "calculators" / f"{calculator}.py")
                + offences(calculator, ROOT / "calculators" / f"picture_{calculator}.py", picture=True))
    assert not problems, "rule values typed into code instead of read from the parameters:\n" + "\n".join(problems)


def test_the_check_finds_a_typed_value(tmp_path):
    """The check itself works: a module that retypes the cap of the first-home subsidy fails."""
    module = tmp_path / "housing.py"
    module.write_text('CAP_TEXT = "最高10000元"\nLIMIT = 90\nDEADLINE = "2026年12月31日"\nRULE = "第二、三、四项就高不就低"\n',
                      encoding="utf-8")
    problems = offences("housing", module)
    assert len(problems) == 4, problems


# ---- the engine: rule files are the only place of rules ----

ENGINE = ("formula.py", "formula_functions.py", "rule_errors.py", "rule_text.py", "rule_model.py", "rule_file.py",
          "rule_engine.py", "rule_pictures.py")
RULE_FILES = sorted((ROOT / "sources").glob("*/calculators/*.toml")) + sorted((ROOT / "calculators" / "national").glob("*.toml"))


def _rule_sets():
    from calculators.rule_file import load_path
    return [load_path(path) for path in RULE_FILES]


@pytest.mark.parametrize("module", ENGINE)
def test_no_rule_value_of_any_calculator_is_typed_into_the_engine(module):
    """Neither the parameter files' values nor the rule files' values appear in an engine module."""
    path = ROOT / "calculators" / module
    picture = module == "rule_pictures.py"
    problems = [p for calculator in IDS for p in offences(calculator, path, picture, engine=True)]
    problems += [p for rules in _rule_sets() for p in offences(rules.parameters, path, picture, engine=True)]
    assert not problems, "rule values typed into the engine:\n" + "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("module", ENGINE)
def test_no_name_formula_or_sentence_of_a_rule_file_is_typed_into_the_engine(module):
    """The engine knows no calculator: no input, parameter or step name, formula or sentence of a
    rule file appears in its string literals (计算日期, the day of calculation, is the engine's own)."""
    from calculators.rule_file import BUILT_IN
    from calculators.formula_functions import FUNCTIONS
    vocabulary = " ".join(f.signature for f in FUNCTIONS.values())  # the language's own words (分档表, 金额…)
    names, texts = set(), set()
    for rules in _rule_sets():
        names |= {i.name for i in rules.inputs} | {item.name for i in rules.inputs for item in i.items}
        names |= set(rules.parameter_keys) | {s.name for s in rules.steps}
        texts |= {s.formula.text for s in rules.steps}
        texts |= {part for s in rules.steps for a in s.texts for part in a.template.parts if isinstance(part, str)}
    texts = {t for t in names if len(t) >= 4 and t not in vocabulary} | {t for t in texts if len(t.strip()) >= 6}
    texts = {t for t in texts if t not in BUILT_IN and CJK.search(t)}
    found = [f"{module}:{line}: “{text}” in {value[:50]!r}" for line, value in literals(ROOT / "calculators" / module, True)
             if isinstance(value, str) for text in texts if text in value]
    assert not found, "\n".join(found)


def test_the_engine_check_finds_a_typed_rule_value(tmp_path):
    from calculators.rule_file import load_path
    module = tmp_path / "rule_engine.py"
    module.write_text('RATE_TEXT = "按 40% 奖励"\nNAME = "土地出让金返还"\n', encoding="utf-8")
    township = load_path(ROOT / "sources" / "jianghua" / "calculators" / "township.toml")
    assert offences(township.parameters, module)
