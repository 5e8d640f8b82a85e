"""Dated, cited rule parameters (in the manner of OpenFisca), loaded from parameters/*.json.

Each parameter records where it comes from (document and clause), its unit and, for every
value, the dates it applies to. When the county renews a policy, staff add a dated entry
to the JSON file; no code changes. JSON, not YAML: it must load under Pyodide with the
standard library alone.

    {"document": "江政办发〔2024〕2号", "page": "jiangzhengbanfa-2024-2/",
     "parameters": {"deed_tax_subsidy.rate.residential": {
         "label": "住宅契税补贴比例", "unit": "比例", "clause": "c1",
         "values": [{"from": "2024-02-06", "until": "2025-02-05", "value": "0.70"}]}}}
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

PARAMETERS = Path(__file__).resolve().parent / "parameters"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date | None  # inclusive; None = until further notice
    value: Any

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Parameter:
    key: str
    label: str
    unit: str
    document: str
    page: str
    clause: str
    cite: str
    periods: tuple[Period, ...]
    note: str = ""

    @property
    def link(self) -> str:
        return f"{self.page}#{self.clause}" if self.clause else self.page

    def at(self, day: dt.date) -> Any:
        """The value in force on day, or None when the rule does not apply that day."""
        for period in self.periods:
            if period.covers(day):
                return period.value
        return None

    def period_at(self, day: dt.date) -> Period | None:
        return next((p for p in self.periods if p.covers(day)), None)


def _convert(value: Any) -> Any:
    """Numbers are written as strings in the JSON so they load as exact Decimals."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    return value


class ParameterSet:
    def __init__(self, name: str, data: dict) -> None:
        self.name = name
        self.document = data.get("document", "")
        self.title = data.get("title", "")
        self.page = data.get("page", "")
        self.parameters: dict[str, Parameter] = {}
        for key, spec in data["parameters"].items():
            document = spec.get("document", self.document)
            page = spec.get("page", self.page)
            periods = tuple(Period(dt.date.fromisoformat(v["from"]),
                                   dt.date.fromisoformat(v["until"]) if v.get("until") else None,
                                   v["value"] if spec.get("raw") else _convert(v["value"]))
                            for v in spec["values"])
            self.parameters[key] = Parameter(key, spec["label"], spec.get("unit", ""), document, page,
                                             spec.get("clause", ""), spec.get("cite", ""), periods,
                                             spec.get("note", ""))

    def __getitem__(self, key: str) -> Parameter:
        return self.parameters[key]

    def at(self, key: str, day: dt.date) -> Any:
        return self.parameters[key].at(day)

    def rows(self) -> list[dict]:
        """The rules table of the documentation page, one row per dated value."""
        rows = []
        for p in self.parameters.values():
            for period in p.periods:
                rows.append({"key": p.key, "label": p.label, "value": _display(period.value, p.unit),
                             "unit": p.unit, "from": period.start.isoformat(),
                             "until": period.end.isoformat() if period.end else None,
                             "document": p.document, "cite": p.cite, "clause": p.link, "note": p.note})
        return rows


def _display(value: Any, unit: str) -> str:
    if isinstance(value, Decimal):
        if unit == "比例":
            return f"{(value * 100).normalize():f}%"
        return f"{value.normalize():f}"
    if isinstance(value, list) and value and all(isinstance(v, list) and len(v) == 2 for v in value):
        # bands: [[lower limit, rate], ...]
        return "；".join(f"{_display(Decimal(low), '')}元起 {_display(Decimal(rate), '比例')}" for low, rate in value)
    if isinstance(value, list) and value and all(isinstance(v, dict) and "text" in v for v in value):
        return "；".join(f"{i}. {v['text']}" for i, v in enumerate(value, start=1))
    if isinstance(value, list) and value and all(isinstance(v, dict) and "any_of" in v for v in value):
        return "；".join(v["name"] for v in value)
    if isinstance(value, list):
        return "、".join(_display(v, unit if unit == "比例" else "") for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_display(v, '')}" for k, v in value.items())
    return str(value)


@functools.lru_cache(maxsize=None)
def load(name: str) -> ParameterSet:
    with open(PARAMETERS / f"{name}.json", encoding="utf-8") as handle:
        return ParameterSet(name, json.load(handle))
