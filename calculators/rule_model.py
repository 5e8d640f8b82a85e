"""What a loaded rule file is: its inputs, parameters, steps, outputs and the rest, as checked data.

rule_file builds these from a file's text; rule_engine evaluates them; rule_pictures draws them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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
    cited: tuple | None = None  # ("clause", anchor) or ("source", parameter key): this sentence's own citation


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


@dataclass
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

    def link(self, clause: str) -> str:
        """The clause's site-relative link; empty for a rule with no page on the site (a national rule)."""
        if not self.page:
            return ""
        return f"{self.page}#{clause}" if clause else self.page

    def cite(self, clause: str) -> str:
        return f"{self.notice['doc_number']} {self.clauses.get(clause, '')}".strip()

    def citation(self, cited: tuple | None, clause: str) -> tuple[str, str]:
        """(link, cite) of a sentence: its own citation, else its step's clause."""
        if cited and cited[0] == "source":
            parameter = self.parameters[cited[1]]
            return parameter.link if parameter.page else "", parameter.citation
        anchor = cited[1] if cited else clause
        return self.link(anchor), self.cite(anchor)
