"""The working of a calculation: steps that cite clauses, warnings, and the final result dict."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

from .money import as_json_number
from .params import Parameter
from .schema import Field, validate


class Working:
    def __init__(self, calculator: str) -> None:
        self.calculator = calculator
        self.steps: list[dict] = []
        self.warnings: list[str] = []

    def step(self, text: str, source: Parameter | str, cite: str = "") -> None:
        """One line of working; source is the parameter applied or a site-relative clause link."""
        if isinstance(source, Parameter):
            link, cite = source.link, cite or f"{source.document} {source.cite}".strip()
        else:
            link = source
        self.steps.append({"text": text, "clause": link, "cite": cite})

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return as_json_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def failure(calculator: str, errors: list[dict]) -> dict:
    return {"calculator": calculator, "errors": errors, "steps": [], "warnings": []}


def run_calculation(calculator: str, fields: tuple[Field, ...], inputs: Any,
                    compute: Callable[[dict, Working], dict]) -> dict:
    """Validate, compute, assemble. Never raises: bad input gives `errors`, in Chinese."""
    try:
        checked = validate(fields, inputs)
        if checked.errors:
            return failure(calculator, checked.errors)
        working = Working(calculator)
        outputs = compute(checked.values, working)
        if "errors" in outputs:
            return failure(calculator, outputs["errors"])
        return {"calculator": calculator, **jsonable(outputs), "steps": working.steps,
                "warnings": working.warnings, "errors": []}
    except Exception as error:  # a bug must still not reach the user as a traceback
        return failure(calculator, [{"field": None, "message": f"计算器内部错误（{type(error).__name__}），请把输入告诉维护人员。"}])


def today() -> dt.date:
    return dt.date.today()
