"""The working of a calculation: steps that cite clauses, warnings, the period check, and the result dict."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

from .money import as_json_number
from .params import Citation, Parameter
from .schema import AS_OF, Field, validate
from .words import span

def as_of_field(period: Parameter) -> Field:
    """The day of calculation, an input of every calculator (cited to the policy's period)."""
    return Field(AS_OF, "计算日期", "date", clause=period.link, example="2024-06-01",
                 help=f"按哪一天判断是否在{period.label}内、适用哪一期规则；不填按今天。"
                      "分享链接时会带上这一天，对方打开看到同样的结果。")


class Working:
    def __init__(self, calculator: str, as_of: dt.date) -> None:
        self.calculator = calculator
        self.as_of = as_of
        self.steps: list[dict] = []
        self.warnings: list[str] = []
        self.out_of_period: dict | None = None

    def step(self, text: str, source: Parameter | Citation | str, cite: str = "") -> None:
        """One line of working; source is the parameter applied or the clause cited."""
        if isinstance(source, (Parameter, Citation)):
            link, cite = source.link, cite or source.citation
        else:
            link = source
        self.steps.append({"text": text, "clause": link, "cite": cite})

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def check_period(self, period: Parameter, day: dt.date, what: str, consequence: str) -> dt.date:
        """Is the case's day within the policy's period? Returns the day whose rules the case is tried
        under; outside, records `out_of_period` (the page leads with its message) and a step."""
        governing = period.governing(day)
        if governing.covers(day):
            return day
        window = span(governing.start, governing.end)
        message = f"{what} {day} 不在{period.label}（{window}）内，{consequence}"
        self.out_of_period = {"date": day.isoformat(),
                              "period": {"from": governing.start.isoformat(),
                                         "until": governing.end.isoformat() if governing.end else None},
                              "message": message}
        self.step(f"{what} {day} 不在{period.label}（{window}）内，以下按该期规则试算。", period)
        return period.rule_day(day)


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


def failure(calculator: Any, errors: list[dict], as_of: dt.date | None = None, understood: dict | None = None) -> dict:
    return {"calculator": calculator, "as_of": as_of.isoformat() if as_of else None, "errors": errors, "steps": [],
            "warnings": [], "understood": understood or {}, "out_of_period": None, "picture": None}


def run_calculation(calculator: str, fields: tuple[Field, ...], inputs: Any, clock_day: dt.date,
                    compute: Callable[[dict, Working], dict], draw: Callable[[dict, dict], dict]) -> dict:
    """Validate, compute, draw, assemble. Never raises: bad input gives `errors`, in Chinese.

    clock_day is the day of calculation when the inputs give no `as_of` (calculators.api reads it
    from the clock, once per call); the result echoes the day it was made for."""
    as_of = clock_day
    try:
        checked = validate(fields, inputs)
        as_of = checked.values.get(AS_OF) or clock_day
        if checked.errors:
            return failure(calculator, checked.errors, as_of, checked.understood)
        checked.values[AS_OF] = as_of
        for f in fields:  # dates defaulting to the day of calculation, now that it is known
            if f.default == AS_OF and checked.values.get(f.name) in (None, AS_OF):
                checked.values[f.name] = as_of
        working = Working(calculator, as_of)
        outputs = compute(checked.values, working)
        if "errors" in outputs:
            return failure(calculator, outputs["errors"], as_of, checked.understood)
        result = {"calculator": calculator, "as_of": as_of.isoformat(), **jsonable(outputs), "steps": working.steps,
                  "warnings": working.warnings, "errors": [], "understood": checked.understood,
                  "out_of_period": working.out_of_period}
        result["picture"] = draw(checked.values, result)
        return result
    except Exception as error:  # a bug must still not reach the user as a traceback
        return failure(calculator, [{"field": None, "message": f"计算器内部错误（{type(error).__name__}），请把输入告诉维护人员。"}],
                       as_of if isinstance(as_of, dt.date) else None)
