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
    labels: tuple[tuple[str, str], ...] = ()  # Chinese names of the keys of a dict value
    short: str = ""  # a short name for pictures and lists

    @property
    def link(self) -> str:
        return f"{self.page}#{self.clause}" if self.clause else self.page

    @property
    def citation(self) -> str:
        return f"{self.document} {self.cite}".strip()

    def label_of(self, key: str) -> str:
        return dict(self.labels).get(key, key)

    def at(self, day: dt.date) -> Any:
        """The value in force on day, or None when the rule does not apply that day."""
        for period in self.periods:
            if period.covers(day):
                return period.value
        return None

    def period_at(self, day: dt.date) -> Period | None:
        return next((p for p in self.periods if p.covers(day)), None)

    def governing(self, day: dt.date) -> Period:
        """The period whose rules a case of that day is tried under: the one in force, else the
        latest that began before it (a lapsed rule), else the first (a day before any rule)."""
        started = [p for p in self.periods if p.start <= day]
        return self.period_at(day) or (started[-1] if started else self.periods[0])

    def rule_day(self, day: dt.date) -> dt.date:
        """The day whose rules a case of that day is tried under: itself when in force, else the
        nearest day of the governing period."""
        period = self.governing(day)
        if period.covers(day):
            return day
        return period.end if period.end and day > period.end else period.start

    @property
    def first(self) -> Period:
        return self.periods[0]

    @property
    def latest(self) -> Period:
        return self.periods[-1]


@dataclass(frozen=True)
class Citation:
    """A clause cited by a step that applies no single parameter: its site link and its name."""
    link: str
    citation: str


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
        self.summary = data.get("summary", "")
        self.audience = data.get("audience", "")
        self.documents: dict[str, dict] = data.get("documents", {})
        self.notice = data.get("notice")  # the notice these rules implement: {"county": …, "doc_number": …}
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
                                             spec.get("note", ""), tuple(spec.get("labels", {}).items()),
                                             spec.get("short", ""))

    def __getitem__(self, key: str) -> Parameter:
        return self.parameters[key]

    def at(self, key: str, day: dt.date) -> Any:
        return self.parameters[key].at(day)

    def on(self, key: str, day: dt.date) -> Any:
        """The value a case of that day is tried under (see Parameter.governing)."""
        return self.parameters[key].governing(day).value

    @property
    def policy(self) -> Parameter:
        """The period in which the document's rules apply to a case (key `policy_period`)."""
        return self.parameters["policy_period"]

    def clause(self, anchor: str, cite: str, document: str | None = None) -> Citation:
        return Citation(f"{self.page}#{anchor}", f"{document or self.document} {cite}".strip())

    def rows(self) -> list[dict]:
        """The rules table of the documentation page, one row per dated value."""
        rows = []
        for p in self.parameters.values():
            for period in p.periods:
                rows.append({"key": p.key, "label": p.label, "value": display(period.value, p.unit, dict(p.labels)),
                             "unit": "" if p.unit in ("比例", "日期") else p.unit, "from": period.start.isoformat(),
                             "until": period.end.isoformat() if period.end else None,
                             "document": p.document, "cite": p.cite, "clause": p.link, "note": p.note})
        return rows


def condition_text(condition: dict) -> str:
    """A run of daily index values: AQI>200持续72小时及以上且其中AQI>300."""
    text = f"AQI>{condition['above']}" + (f"持续{condition['days'] * 24}小时及以上" if condition["days"] > 1 else "")
    if "peak_above" in condition:
        text += f"且其中AQI>{condition['peak_above']}"
    return text


def display(value: Any, unit: str = "", labels: dict | None = None) -> str:
    """A parameter value as the rules table shows it to a citizen: 70%, 10000, 是, 人保财险：50%."""
    labels = labels or {}
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if unit == "比例":
            return f"{(value * 100).normalize():f}%"
        return f"{value.normalize():f}"
    if isinstance(value, list) and value and all(isinstance(v, list) and len(v) == 2 for v in value) \
            and isinstance(value[-1][0], str):
        # a table by upper limits, the last open: [[140, rate], ["以上", rate]] (rule files)
        return "；".join(f"{limit}" + (f"及以下 {display(rate, unit)}" if not isinstance(limit, str) else f" {display(rate, unit)}")
                        for limit, rate in value)
    if isinstance(value, list) and value and all(isinstance(v, list) and len(v) == 2 for v in value):
        # bands: [[lower limit, rate], ...]
        return "；".join(f"{display(Decimal(low))}元起 {display(Decimal(rate), '比例')}" for low, rate in value)
    if isinstance(value, list) and value and all(isinstance(v, dict) and "text" in v for v in value):
        return "；".join(f"{i}. {v['text']}" for i, v in enumerate(value, start=1))
    if isinstance(value, list) and value and all(isinstance(v, dict) and "any_of" in v for v in value):
        return "；".join(f"{v['name']}：{'，或'.join(condition_text(c) for c in v['any_of'])}" for v in value)
    if isinstance(value, list) and value and all(isinstance(v, dict) and "upper" in v for v in value):
        # categories of an index: upper bound, level, name, colour
        lowers = [0] + [v["upper"] + 1 for v in value[:-1]]
        return "；".join(f"{v['name']}：{low}–{v['upper']}" if v["upper"] is not None else f"{v['name']}：{low} 以上"
                        for low, v in zip(lowers, value)) + "（" + "、".join(f"{v['name']}{v['color_name']}" for v in value) + "）"
    if isinstance(value, list):
        return "、".join(labels.get(v, v) if isinstance(v, str) else display(v, unit if unit == "比例" else "") for v in value)
    if isinstance(value, dict):
        return "；".join(f"{labels.get(k, k)}：{display(v, unit if unit == '比例' else '')}" for k, v in value.items())
    if isinstance(value, (int, float)):
        return display(Decimal(str(value)), unit)
    return str(value)


@functools.lru_cache(maxsize=None)
def load(name: str) -> ParameterSet:
    with open(PARAMETERS / f"{name}.json", encoding="utf-8") as handle:
        return ParameterSet(name, json.load(handle))
