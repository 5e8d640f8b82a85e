"""The case tables in tests/calculators/cases/*.json, shared by pytest and the browser tests."""
from __future__ import annotations

import json
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"
SPECIAL = ("warning_contains", "warning_absent", "measure_count")


def load_cases(calculator: str | None = None) -> list[tuple[str, dict]]:
    """[(calculator, case)] for one calculator or all."""
    found = []
    for path in sorted(CASES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if calculator in (None, data["calculator"]):
            found.extend((data["calculator"], case) for case in data["cases"])
    return found


def mismatches(result: dict, expect: dict) -> list[str]:
    """What in `result` differs from `expect` (a subset; nested dicts compared key by key)."""
    problems = []
    if result.get("errors"):
        return [f"errors: {result['errors']}"]
    for key, wanted in expect.items():
        if key == "warning_contains":
            if not any(wanted in w for w in result["warnings"]):
                problems.append(f"no warning contains {wanted!r}: {result['warnings']}")
        elif key == "warning_absent":
            if any(wanted in w for w in result["warnings"]):
                problems.append(f"a warning contains {wanted!r}")
        elif key == "measure_count":
            if len(result["measures"]) != wanted:
                problems.append(f"measures: {len(result['measures'])} != {wanted}")
        elif isinstance(wanted, dict):
            for inner, value in wanted.items():
                if result.get(key, {}).get(inner) != value:
                    problems.append(f"{key}.{inner}: {result.get(key, {}).get(inner)!r} != {value!r}")
        elif result.get(key) != wanted:
            problems.append(f"{key}: {result.get(key)!r} != {wanted!r}")
    return problems
