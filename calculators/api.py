"""The one entry point used by the command line, the tests, the site build and the browser.

    run(id, inputs) -> result dict        run_json(id, text) -> JSON text
    describe(id) -> what the calculator computes, its inputs, rules table, examples, interpretations
    rules_picture(id, as_of) -> {"svg", "alt"}: the picture of the calculator's rules for its page
    ids() -> the ids served

Which calculators a site has is given, never looked up: `catalogue(county_files, national_files)`
loads and checks rule files (TOML text by the name messages give it) into a `Catalogue` with the same
four functions; `use(catalogue)` makes it the one the functions above serve (the command line's
`--county`, the browser worker's `use_rule_files_json`). The pipeline reads the files with
`county_rule_files(folder)` and `national_rule_files()`. Every calculator is a rule file: the
package holds no county's calculator (the per-module form calculators.<id>.calculate is gone). Without
`use`, the national rule files beside the engine are served, and nothing of any county.

This is the only module of the package that reads the clock: when the inputs give no `as_of`,
`run` takes today's date once, and every result echoes the day it was made for.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from . import rule_engine
from .rule_errors import RuleError
from .rule_file import NATIONAL, load_text
from .rule_model import Rules
from .working import failure

__all__ = ["RuleError", "Catalogue", "catalogue", "use", "use_rule_files_json", "county_rule_files", "national_rule_files",
           "ids", "run", "run_json", "describe", "describe_json", "rules_picture"]

MAX_NESTING = 32  # the deepest input any calculator takes is an object inside a list inside the inputs
MAX_JSON_CHARACTERS = 1_000_000


def _today() -> dt.date:
    return dt.date.today()


def _too_deep(value: Any) -> bool:
    """Nested deeper than any calculator's inputs, checked without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth > MAX_NESTING:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def _text_nesting(text: str) -> int:
    """How deep the brackets of a JSON text go, outside its strings (read before parsing it)."""
    depth = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


TOO_DEEP = f"输入的嵌套层数太多（超过 {MAX_NESTING} 层）：计算器的输入最多是“列表里的对象”，请检查输入。"


class Catalogue:
    """The calculators of one site: its county's rule files and the national ones. Made by
    `catalogue()`, so every file in it has been checked."""

    def __init__(self, rules: dict[str, Rules], national: frozenset[str] = frozenset(), texts: dict | None = None) -> None:
        self.rules = dict(rules)  # id -> Rules: the county's files by file name, then the national ones by id
        self.national = national  # the ids of national rule files: on every county's site, bound to no notice
        self.texts = dict(texts or {})  # file as named in messages -> (its text, national or not): what a site ships

    def shipped(self) -> dict[str, dict]:
        """What a site ships of each rule file (file as named in messages): its text, whether it is national, the
        calculator it defines and the other files that calculator is loaded with (the national rules it uses), so
        that a calculator's page fetches its own files and no others."""
        by_file = {rules.file: rules for rules in self.rules.values()}
        national_files = {Path(file).stem: file for file, (_, national) in self.texts.items() if national}
        shipped = {}
        for file, (text, national) in self.texts.items():
            rules = by_file.get(file)
            shipped[file] = {"text": text, "national": national, "id": rules.id if rules else "",
                             "uses": [national_files[name] for name in (rules.uses if rules else ()) if name in national_files]}
        return shipped

    def ids(self) -> tuple[str, ...]:
        """The ids served, in the order a site lists them: its county's (by file name), then the national ones."""
        return tuple(self.rules)

    def runs_from_file(self, calculator_id: str) -> bool:
        return calculator_id in self.rules

    def unknown(self, calculator_id: Any, as_of: dt.date | None = None) -> dict:
        return failure(calculator_id, [{"field": None, "message": f"没有名为 {calculator_id!r} 的计算器；"
                                                                   f"可用的有：{'、'.join(self.ids())}。"}], as_of)

    def run(self, calculator_id: str, inputs: Any) -> dict:
        today = _today()
        if calculator_id not in self.ids():
            return self.unknown(calculator_id, today)
        if _too_deep(inputs):
            return failure(calculator_id, [{"field": None, "message": TOO_DEEP}], today)
        return rule_engine.run(self.rules[calculator_id], inputs, today)

    def run_json(self, calculator_id: str, text: str) -> str:
        """JSON in, JSON out: what the browser worker and the command line call."""
        if len(text) > MAX_JSON_CHARACTERS:
            result = failure(calculator_id, [{"field": None, "message": f"输入太长（{len(text):,} 个字符），"
                                                                       f"最多 {MAX_JSON_CHARACTERS:,} 个字符。"}], _today())
        elif _text_nesting(text) > MAX_NESTING:
            result = failure(calculator_id, [{"field": None, "message": TOO_DEEP}], _today())
        else:
            try:
                inputs = json.loads(text)
            except (ValueError, RecursionError) as error:
                result = failure(calculator_id, [{"field": None, "message": f"输入不是有效的 JSON（第 {getattr(error, 'lineno', 1)} 行附近）。"}],
                                 _today())
            else:
                result = self.run(calculator_id, inputs)
        return json.dumps(result, ensure_ascii=False, allow_nan=False)

    def describe(self, calculator_id: str) -> dict:
        """What a page, a form or another system needs to know of a calculator; the same on any day.
        `national`: a national rule, on every county's site; `rule_file`: the file it runs from.
        Raises KeyError for an id the catalogue does not serve."""
        rules = self.rules[calculator_id]
        return {**rule_engine.describe(rules), "national": calculator_id in self.national, "rule_file": rules.file}

    def describe_json(self, calculator_id: str) -> str:
        return json.dumps(self.describe(calculator_id), ensure_ascii=False)

    def rules_picture(self, calculator_id: str, as_of: dt.date | str) -> dict:
        """The picture of a calculator's rules, as its page shows it: {"svg": str, "alt": str}.
        as_of (the build's date for pages) marks "today" where the picture has a time line."""
        day = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
        return rule_engine.rules_picture(self.rules[calculator_id], day)

    def check_examples(self, clock_day: dt.date) -> list[RuleError]:
        """Every worked example of every rule file computed from its file; each one that differs (both
        numbers shown) or cannot be computed is an error naming the file, line and column."""
        return [problem for rules in self.rules.values() for problem in rule_engine.check_examples(rules, clock_day)]


def catalogue(county: dict[str, str] | None = None, national: dict[str, str] | None = None) -> Catalogue:
    """Load and check rule files: county and national each map a file, as messages name it
    (sources/<county>/calculators/x.toml), to its text. A county file may `uses` a national one by
    its name (the file's name without .toml). Raises RuleError (Chinese, with file, line and column)."""
    county, national = dict(county or {}), dict(national if national is not None else national_rule_files())
    loaded: dict[str, Rules] = {}
    by_id: dict[str, Rules] = {}
    for file, text in sorted(national.items()):
        loaded[Path(file).stem] = _added(by_id, load_text(text, file, loaded))
    national_ids = frozenset(by_id)
    for file, text in sorted(county.items()):
        _added(by_id, load_text(text, file, loaded))
    ordered = {i: by_id[i] for i in by_id if i not in national_ids} | {i: by_id[i] for i in sorted(national_ids)}
    texts = {file: (text, False) for file, text in county.items()} | {file: (text, True) for file, text in national.items()}
    return Catalogue(ordered, national_ids, texts)


def _added(by_id: dict[str, Rules], rules: Rules) -> Rules:
    if rules.id in by_id:
        raise RuleError(f"计算器的“id”“{rules.id}”已被 {by_id[rules.id].file} 用了：同一个网站上每个计算器的 id 都要不同",
                        rules.file, 1)
    by_id[rules.id] = rules
    return rules


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RuleError("文件不是 UTF-8 编码的文字，请另存为 UTF-8", shown) from None


def county_rule_files(folder: str | Path) -> dict[str, str]:
    """A county's rule files, sources/<county>/calculators/*.toml, by the name messages give them."""
    folder = Path(folder)
    shown = f"{folder.parent.name}/{folder.name}" if folder.parent.name else folder.name
    return {f"{shown}/calculators/{path.name}": _read(path, f"{shown}/calculators/{path.name}")
            for path in sorted((folder / "calculators").glob("*.toml")) if path.is_file()}


def national_rule_files() -> dict[str, str]:
    """The national rule files beside the engine (calculators/national/*.toml); none in the browser's
    wheel, where the site hands them over with its county's."""
    return {f"calculators/national/{path.name}": _read(path, f"calculators/national/{path.name}")
            for path in sorted(NATIONAL.glob("*.toml")) if path.is_file()}


_current: Catalogue | None = None


def current() -> Catalogue:
    """The catalogue the module-level functions serve: the one given to `use`, else the national rule
    files beside the engine (no county's calculators)."""
    global _current
    if _current is None:
        _current = catalogue()
    return _current


def use(chosen: Catalogue) -> None:
    global _current
    _current = chosen


def use_rule_files_json(text: str) -> None:
    """The browser worker hands over its site's checked rule files: {"county": {file: text}, "national": {…}}."""
    files = json.loads(text)
    use(catalogue(files.get("county", {}), files.get("national", {})))


def ids() -> tuple[str, ...]:
    return current().ids()


def unknown(calculator_id: Any, as_of: dt.date | None = None) -> dict:
    return current().unknown(calculator_id, as_of)


def run(calculator_id: str, inputs: Any) -> dict:
    return current().run(calculator_id, inputs)


def run_json(calculator_id: str, text: str) -> str:
    return current().run_json(calculator_id, text)


def describe(calculator_id: str) -> dict:
    return current().describe(calculator_id)


def describe_json(calculator_id: str) -> str:
    return current().describe_json(calculator_id)


def rules_picture(calculator_id: str, as_of: dt.date | str) -> dict:
    return current().rules_picture(calculator_id, as_of)
