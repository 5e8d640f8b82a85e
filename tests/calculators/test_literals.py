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


def parameter_values(calculator: str) -> dict:
    found = {"numbers": set(), "dates": set(), "texts": set()}
    for parameter in load(calculator).parameters.values():
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


def literals(path: Path) -> list[tuple[int, object]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _skipped(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and id(node) not in skipped and not isinstance(node.value, bool)
            and isinstance(node.value, (int, float, str))]


def _numbers_in(text: str):
    for match in NUMBER.finditer(text):
        number, suffix = Decimal(match.group(1)), match.group(2)
        yield number / 100 if suffix == "%" else number * 10000 if suffix == "万" else number, match.group(0)


def offences(calculator: str, path: Path, picture: bool = False) -> list[str]:
    values = parameter_values(calculator)
    found = []
    for line, value in literals(path):
        where = f"{path.name}:{line}"
        if isinstance(value, (int, float)):
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
