"""The one entry point used by the command line, the tests, the site build and the browser.

    run(id, inputs) -> result dict        run_json(id, text) -> JSON text
    describe(id) -> what the calculator computes, its inputs, rules table, examples, interpretations
"""
from __future__ import annotations

import importlib
import json
from typing import Any

from . import IDS


def _module(calculator_id: str):
    if calculator_id not in IDS:
        raise KeyError(calculator_id)
    return importlib.import_module(f"{__package__}.{calculator_id}")


def unknown(calculator_id: Any) -> dict:
    return {"calculator": calculator_id, "steps": [], "warnings": [],
            "errors": [{"field": None, "message": f"没有名为 {calculator_id!r} 的计算器；可用的有：{'、'.join(IDS)}。"}]}


def run(calculator_id: str, inputs: Any) -> dict:
    if calculator_id not in IDS:
        return unknown(calculator_id)
    return _module(calculator_id).calculate(inputs)


def run_json(calculator_id: str, text: str) -> str:
    """JSON in, JSON out: what the browser worker calls."""
    try:
        inputs = json.loads(text)
    except ValueError as error:
        result = {"calculator": calculator_id, "steps": [], "warnings": [],
                  "errors": [{"field": None, "message": f"输入不是有效的 JSON（第 {getattr(error, 'lineno', 1)} 行附近）。"}]}
    else:
        result = run(calculator_id, inputs)
    return json.dumps(result, ensure_ascii=False, allow_nan=False)


def describe(calculator_id: str) -> dict:
    module = _module(calculator_id)
    return {
        "id": calculator_id,
        "title": module.TITLE,
        "summary": module.SUMMARY,
        "audience": module.AUDIENCE,
        "document": module.P.document,
        "page": module.PAGE,
        "inputs": [f.describe() for f in module.INPUTS],
        "outputs": [{"key": key, "label": label, "kind": kind} for key, label, kind in module.OUTPUTS],
        "rules": module.P.rows(),
        "examples": [dict(example) for example in module.EXAMPLES],
        "interpretations": [dict(item) for item in module.INTERPRETATIONS],
        "entry_points": [dict(item) for item in module.ENTRY_POINTS],
    }


def describe_json(calculator_id: str) -> str:
    return json.dumps(describe(calculator_id), ensure_ascii=False)
