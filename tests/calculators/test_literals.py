"""Rules are data: county facts are configuration. No rate, cap, threshold, date or rule text of
any rule file (a county's sources/<county>/calculators/*.toml, the national calculators/national/*.toml)
may be typed into the engine (calculators/*.py) or into the site's code (publisher/, bundle/, server/,
build.py, the page scripts and templates). Prose, help, warnings and pictures are generated from the
rule files, so a renewal is a dated entry in a rule file and nothing else; a rule value in Python is
a bug. The package holds no county's data at all: no parameter files, no calculator of its own.

What is not checked: docstrings (developer notes), the numbers 0 and 1, ordinal codes and list
headings (a category's `level`, a measure's `group`), and outside the engine proper the numbers of
the code (units people write, layout, geometry): there only the text a reader sees, the strings with
Chinese in them, is checked.
"""
import ast
import datetime as dt
import re
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from calculators.params import ParameterSet
from calculators.rule_file import load_path

from ..conftest import ROOT

CASE_DATA = {"EXAMPLES", "ENTRY_POINTS"}  # a module's worked examples (case data, not rules), if one ever has them
BOUNDS = {"example", "minimum", "maximum"}
TOO_COMMON = {Decimal(0), Decimal(1)}
NUMBER = re.compile(r"(?<![A-Za-z0-9_.\-])(\d+(?:\.\d+)?)(?![A-Za-z0-9_])\s*(%|万)?")
# in the site's code only a number written as an amount or a rate (40%, 1万, 10000 元) is a rule's: its
# bare numbers are counts, sizes and timeouts
SITE_NUMBER = re.compile(r"(?<![A-Za-z0-9_.,\-])(\d+(?:\.\d+)?)(?![A-Za-z0-9_,])\s*(%|万|元)")
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
    if isinstance(value, dt.date):  # a rule file's dates are TOML dates
        found["dates"].add(value)
    elif isinstance(value, (int, Decimal)):
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


def parameter_values(parameters: ParameterSet) -> dict:
    """The rule values of a rule file's parameters."""
    found = {"numbers": set(), "dates": set(), "texts": set()}
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


def _numbers_in(text: str, pattern: re.Pattern = NUMBER):
    for match in pattern.finditer(text):
        number, suffix = Decimal(match.group(1)), match.group(2)
        yield number / 100 if suffix == "%" else number * 10000 if suffix == "万" else number, match.group(0)


def offences(parameters: ParameterSet, path: Path, picture: bool = False, engine: bool = False,
             found_literals: list | None = None, site: bool = False) -> list[str]:
    values = parameter_values(parameters)
    found = []
    for line, value in (literals(path, engine) if found_literals is None else found_literals):
        where = f"{path.name}:{line}"
        if isinstance(value, (int, float)):
            if engine and isinstance(value, int) and abs(value) <= 12:
                continue  # counting in the engine (argument positions, pairs, items), not a rule
            if not picture and Decimal(str(value)) in values["numbers"]:
                found.append(f"{where}: the number {value}")
            continue
        if picture and not CJK.search(value):
            continue  # SVG attributes and geometry, not text a reader sees
        for number, written in _numbers_in(CHINESE_DATE.sub("", ISO_DATE.sub("", value)), SITE_NUMBER if site else NUMBER):
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


def test_the_check_finds_a_typed_value(tmp_path):
    """The check itself works: a module that retypes the cap of the first-home subsidy fails."""
    module = tmp_path / "housing.py"
    module.write_text('CAP_TEXT = "最高10000元"\nLIMIT = 90\nDEADLINE = "2026年12月31日"\nRULE = "第二、三、四项就高不就低"\n',
                      encoding="utf-8")
    housing = load_path(ROOT / "sources" / "jianghua" / "calculators" / "housing.toml")
    problems = offences(housing.parameters, module)
    assert len(problems) == 4, problems


# ---- the engine: rule files are the only place of rules ----

# Every Python module under calculators/ is one of two kinds. The engine proper (formula*, rule_*) gets
# the full check: no number, date or text of any rule. The shared modules (input reading, money, dates,
# svg, parameters, the API) get the check of their Chinese text only: their numbers are the units people
# write (万 = 10000, 千 = 1000, 分 = 0.01) and layout, which coincide with rule values by accident; a
# rule's value written into their text is caught.
MODULES = sorted((ROOT / "calculators").glob("*.py"))
ENGINE = tuple(path.name for path in MODULES if path.stem.startswith(("formula", "rule_")))
SHARED = tuple(path.name for path in MODULES if path.name not in ENGINE)
RULE_FILES = sorted((ROOT / "sources").glob("*/calculators/*.toml")) + sorted((ROOT / "calculators" / "national").glob("*.toml"))
# the site's code: what builds, packs and serves the pages, and the pages' own scripts and templates
SITE_PYTHON = sorted([*(ROOT / "publisher").glob("*.py"), *(ROOT / "bundle").glob("*.py"), *(ROOT / "server").glob("*.py"),
                      ROOT / "build.py"])
SITE_TEXT = sorted([*(ROOT / "docs" / "assets").glob("*.js"), *(ROOT / "bundle").glob("*.mjs"), *(ROOT / "bundle").glob("*.js"),
                    *(ROOT / "publisher" / "templates").rglob("*.j2"), *(ROOT / "site_templates").rglob("*.html")])


def test_no_module_of_the_package_is_a_calculator_of_its_own():
    """Calculators are rule files: no module is one calculator (the per-module entry point `calculate`,
    a calculator ID, parameters loaded by a calculator's name, a list of calculator IDS)."""
    found = []
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "calculate":
                found.append(f"{path.name}:{node.lineno}: def {node.name}")
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in ("ID", "IDS") for t in node.targets):
                found.append(f"{path.name}:{node.lineno}: {node.targets[0].id} = …")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "load" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                found.append(f"{path.name}:{node.lineno}: load({node.args[0].value!r})")
    assert not found, "\n".join(found)


def test_every_module_of_the_package_is_checked():
    """A new module is checked as engine or shared the day it appears: nothing under calculators/ escapes."""
    everything = {path.name for path in (ROOT / "calculators").glob("*.py")}
    assert everything == set(ENGINE) | set(SHARED)
    assert "rule_engine.py" in ENGINE and "formula.py" in ENGINE and "schema.py" in SHARED and "api.py" in SHARED


def test_the_package_holds_no_data_but_the_national_rule_files():
    """County facts are configuration: beside the engine's modules there are only the national rule
    files (no parameter files, no county's rule file, no data of any kind)."""
    package = ROOT / "calculators"
    data = sorted(path.relative_to(package).as_posix() for path in package.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py")
    assert data and all(name.startswith("national/") and name.endswith(".toml") for name in data), data
    assert not (package / "parameters").exists()
    assert all(path.parent == package for path in package.rglob("*.py") if "__pycache__" not in path.parts)


def test_the_check_finds_a_calculator_module_of_its_own(tmp_path):
    module = tmp_path / "pension.py"
    module.write_text('ID = "pension"\nP = load("pension")\n\n\ndef calculate(inputs):\n    return {}\n', encoding="utf-8")
    globals()["MODULES"], saved = [module], MODULES
    try:
        with pytest.raises(AssertionError, match="pension"):
            test_no_module_of_the_package_is_a_calculator_of_its_own()
    finally:
        globals()["MODULES"] = saved


_LOADED: list = []


def _rule_sets():
    if not _LOADED:
        _LOADED.extend(load_path(path) for path in RULE_FILES)
    return _LOADED


@pytest.mark.parametrize("module", SHARED)
def test_no_rule_value_is_written_into_the_text_of_a_shared_module(module):
    path = ROOT / "calculators" / module
    problems = [p for rules in _rule_sets() for p in offences(rules.parameters, path, picture=True, engine=True)]
    assert not problems, "rule values written into a shared module:\n" + "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("module", ENGINE)
def test_no_rule_value_of_any_calculator_is_typed_into_the_engine(module):
    """No rule file's value appears in an engine module (in rule_pictures.py, in the text it prints)."""
    path = ROOT / "calculators" / module
    picture = module == "rule_pictures.py"
    problems = [p for rules in _rule_sets() for p in offences(rules.parameters, path, picture, engine=True)]
    assert not problems, "rule values typed into the engine:\n" + "\n".join(sorted(set(problems)))


def _text_literals(path: Path) -> list[tuple[int, str]]:
    """The lines with Chinese in them of a script or template: the text a reader sees."""
    return [(number, line) for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if CJK.search(line)]


@pytest.mark.parametrize("path", SITE_PYTHON + SITE_TEXT, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_rule_value_is_written_into_the_sites_code(path):
    """The site builds its calculator pages from the rule files: no county's rate, cap, date or rule text
    (nor a national one's) is written into the code that builds, packs or serves the site."""
    found = None if path.suffix == ".py" else _text_literals(path)
    problems = [p for rules in _rule_sets()
                for p in offences(rules.parameters, path, picture=True, engine=True, found_literals=found, site=True)]
    assert not problems, "rule values written into the site's code:\n" + "\n".join(sorted(set(problems)))


def test_the_site_check_finds_a_typed_rate(tmp_path):
    page = tmp_path / "calculator.js"
    page.write_text('const hint = "首套住房每平方米补贴 100 元，最高 1万元";\n', encoding="utf-8")
    housing = load_path(ROOT / "sources" / "jianghua" / "calculators" / "housing.toml")
    problems = offences(housing.parameters, page, picture=True, engine=True, found_literals=_text_literals(page), site=True)
    assert len(problems) == 2, problems


def test_no_countys_name_is_written_into_the_engine():
    """The engine knows no county: no county's name (sources/<county>/county.toml) in its strings."""
    names = set()
    for profile in (ROOT / "sources").glob("*/county.toml"):
        data = tomllib.loads(profile.read_text(encoding="utf-8"))
        names |= {data[key] for key in ("name", "short_name") if data.get(key)}
    assert names
    found = [f"{path.name}:{line}: {value[:60]!r}" for path in MODULES for line, value in literals(path, True)
             if isinstance(value, str) for name in names if name in value]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("module", ENGINE + SHARED)
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
