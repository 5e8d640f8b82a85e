"""What a loaded rule file is: its inputs, parameters, steps, outputs and the rest, as checked data.

rule_file builds these from a file's text; rule_engine evaluates them; rule_pictures draws them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .formula import Formula
from .params import ParameterSet
from .schema import Field

ITEM_NUMBER = "序号"  # in a sentence of a step computed item by item: the item's number, from 1
PIECES = "明细"  # in a sentence with pieces: the pieces whose condition holds, joined


@dataclass(frozen=True)
class Alternative:
    """A sentence of the working (or a warning), shown when its condition holds (always when None)."""
    when: Formula | None
    template: "Template"
    pieces: tuple["Alternative", ...] = ()  # parts of the sentence, each shown when its condition holds
    join: str = "；"
    cited: tuple | None = None  # ("clause", anchor, cite or None) or ("source", parameter key): this sentence's own citation


@dataclass(frozen=True)
class Template:
    """A sentence with {formula} or {formula:format} placeholders."""
    parts: tuple  # str | (Formula, format)


@dataclass(frozen=True)
class Input:
    name: str
    key: str
    field: Field
    items: tuple["Input", ...] = ()
    units: str = ""
    help: "Template | None" = None  # help naming a parameter ({首套每平方米补贴}): written out from the parameters


@dataclass(frozen=True)
class Step:
    name: str
    formula: Formula
    unit: str
    clause: str
    texts: tuple[Alternative, ...]
    warnings: tuple[Alternative, ...]
    each: str | None
    cited: tuple | None = None  # ("source", parameter key): the step cites that parameter's clause


@dataclass(frozen=True)
class Output:
    key: str
    label: str
    kind: str
    value: Formula | None
    parts: tuple[tuple[str, Formula], ...]
    labels: dict
    when: Formula | None = None  # the key is in the result only when this holds
    listed: bool = True  # false: in the result for machines, not among the outputs a page shows


@dataclass(frozen=True)
class Picture:
    kind: str
    title: str
    spec: dict


@dataclass(frozen=True)
class Application:
    """How to apply for what a result grants (怎么申请): where, what to bring, whom to call, until when."""
    item: str  # what is applied for: 购房契税补贴
    when: Any  # Formula or None: shown only where this holds (the item is granted)
    office: str  # 受理部门
    contact: str  # 联系人和电话, as the notice prints them
    bring: tuple[str, ...]  # 需提交的资料
    deadline: str | None  # a date parameter's key: the deadline in force on the case's day
    clause: str  # the clause that says it
    note: "Template | None" = None  # one more sentence, over the calculation's names


def document_name(notice: dict) -> str:
    """A notice's name in citations: its 文号; for a notice printed without one (doc_number = ""), 《title》."""
    number = notice.get("doc_number", "")
    title = notice.get("title", "")
    return number or (f"《{title}》" if title else "")


@dataclass(frozen=True)
class Rules:
    file: str
    id: str
    title: str
    summary: str
    audience: str
    notice: dict
    page: str
    clauses: dict
    parameters: ParameterSet
    parameter_keys: dict  # formula name -> key in `parameters`
    units: dict  # every name -> its unit, for sentences
    inputs: tuple[Input, ...]
    fields: tuple[Field, ...]
    steps: tuple[Step, ...]
    outputs: tuple[Output, ...]
    warnings: tuple[Alternative, ...]
    interpretations: tuple[tuple[str, tuple[Alternative, ...]], ...]
    examples: tuple[dict, ...]
    entry_points: tuple[dict, ...]
    pictures: tuple[Picture, ...]
    period: dict
    choices: dict = field(default_factory=dict)  # name -> {code: label}
    refusals: tuple = ()  # (condition, input key or None, message template)
    applications: tuple = ()  # Application: 怎么申请, at the end of every result it concerns
    uses: tuple = ()  # the national rule files (by name) whose parameters this file uses: loaded with it

    def link(self, clause: str) -> str:
        """The clause's site-relative link; empty for a rule with no page on the site (a national rule)."""
        if not self.page:
            return ""
        return f"{self.page}#{clause}" if clause else self.page

    @property
    def document(self) -> str:
        """How citations name the notice: its 文号, or 《its title》 when it was printed without one."""
        return document_name(self.notice)

    def cite(self, clause: str) -> str:
        return f"{self.document} {self.clauses.get(clause, '')}".strip()

    def citation(self, cited: tuple | None, clause: str) -> tuple[str, str]:
        """(link, cite) of a sentence: its own citation, else its step's clause."""
        if cited and cited[0] == "source":
            parameter = self.parameters[cited[1]]
            return parameter.link if parameter.page else "", parameter.citation
        anchor = (cited[1] if cited else None) or clause
        written = cited[2] if cited and len(cited) > 2 else None
        return self.link(anchor), f"{self.document} {written}" if written else self.cite(anchor)
