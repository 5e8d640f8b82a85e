"""The one entry point used by the command line, the tests, the site build and the browser.

    run(id, inputs) -> result dict        run_json(id, text) -> JSON text
    describe(id) -> what the calculator computes, its inputs, rules table, examples, interpretations
    rules_picture(id, as_of) -> {"svg", "alt"}: the picture of the calculator's rules for its page

This is the only module of the package that reads the clock: when the inputs give no `as_of`,
`run` takes today's date once, and every result echoes the day it was made for.
"""
from __future__ import annotations

import datetime as dt
import importlib
import json
from typing import Any

from . import IDS
from .schema import LINK
from .working import failure, run_calculation

MAX_NESTING = 32  # the deepest input any calculator takes is an object inside a list inside the inputs
MAX_JSON_CHARACTERS = 1_000_000


def _module(calculator_id: str):
    if calculator_id not in IDS:
        raise KeyError(calculator_id)
    return importlib.import_module(f"{__package__}.{calculator_id}")


def _pictures(calculator_id: str):
    """The module that draws a calculator's pictures: it imports its calculator, never the other way round."""
    if calculator_id not in IDS:
        raise KeyError(calculator_id)
    return importlib.import_module(f"{__package__}.picture_{calculator_id}")


def _today() -> dt.date:
    return dt.date.today()


def unknown(calculator_id: Any, as_of: dt.date | None = None) -> dict:
    return failure(calculator_id, [{"field": None, "message": f"没有名为 {calculator_id!r} 的计算器；可用的有：{'、'.join(IDS)}。"}],
                   as_of)


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


def run(calculator_id: str, inputs: Any) -> dict:
    today = _today()
    if calculator_id not in IDS:
        return unknown(calculator_id, today)
    if _too_deep(inputs):
        return failure(calculator_id, [{"field": None, "message": TOO_DEEP}], today)
    module = _module(calculator_id)
    return run_calculation(calculator_id, module.INPUTS, inputs, today, module.compute, _pictures(calculator_id).draw)


def run_json(calculator_id: str, text: str) -> str:
    """JSON in, JSON out: what the browser worker and the command line call."""
    if len(text) > MAX_JSON_CHARACTERS:
        result = failure(calculator_id, [{"field": None, "message": f"输入太长（{len(text):,} 个字符），最多 {MAX_JSON_CHARACTERS:,} 个字符。"}],
                         _today())
    elif _text_nesting(text) > MAX_NESTING:
        result = failure(calculator_id, [{"field": None, "message": TOO_DEEP}], _today())
    else:
        try:
            inputs = json.loads(text)
        except (ValueError, RecursionError) as error:
            result = failure(calculator_id, [{"field": None, "message": f"输入不是有效的 JSON（第 {getattr(error, 'lineno', 1)} 行附近）。"}],
                             _today())
        else:
            result = run(calculator_id, inputs)
    return json.dumps(result, ensure_ascii=False, allow_nan=False)


def describe(calculator_id: str) -> dict:
    """What a page, a form or another system needs to know of a calculator; the same on any day."""
    module = _module(calculator_id)
    parameters = module.P
    policy = parameters.policy
    return {
        "id": calculator_id,
        "title": module.TITLE,
        "summary": module.SUMMARY,
        "audience": parameters.audience,
        "document": parameters.document,
        "document_title": parameters.title,
        "page": parameters.page,
        "policy": {"label": policy.label, "clause": policy.link, "cite": policy.citation,
                   "periods": [{"from": p.start.isoformat(), "until": p.end.isoformat() if p.end else None}
                               for p in policy.periods]},
        "parameter_file": f"calculators/parameters/{calculator_id}.json",
        "notice": parameters.notice,
        "inputs": [f.describe() for f in module.INPUTS],
        "link": LINK,
        "outputs": [{"key": key, "label": label, "kind": kind, "labels": dict(labels)}
                    for key, label, kind, *rest in module.OUTPUTS for labels in [rest[0] if rest else {}]],
        "rules": parameters.rows(),
        "examples": [dict(example) for example in module.EXAMPLES],
        "interpretations": [dict(item) for item in module.INTERPRETATIONS],
        "entry_points": [dict(item) for item in module.ENTRY_POINTS],
    }


def describe_json(calculator_id: str) -> str:
    return json.dumps(describe(calculator_id), ensure_ascii=False)


def rules_picture(calculator_id: str, as_of: dt.date | str) -> dict:
    """The picture of a calculator's rules, as its page shows it: {"svg": str, "alt": str}.
    as_of (the build's date for pages) marks "today" where the picture has a time line."""
    day = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
    return _pictures(calculator_id).rules_picture(day)
