"""Input descriptions and their validation, with errors in Chinese that name the field.

Each calculator declares its inputs as Fields; `validate` turns raw JSON (or URL strings)
into typed values or a list of errors. The same description drives the browser form.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .amounts import Unreadable, bounded, is_plain, read_number
from .words import grouped

KINDS = ("money", "number", "integer", "bool", "date", "choice", "number_list", "object_list")
AS_OF = "as_of"
MAX_LIST = 366  # a year of daily values is the longest list any calculator needs
# How a page's address carries a calculation: the inputs by name, URL-encoded as in a query string, in the
# address's fragment (#…), which a browser never sends to a server, so the figures stay on the device.
# Links in the older query form (?…) are read, then rewritten to the fragment form. A fragment longer
# than max_chars is not read (no input needs that much: the longest, a list, is checked in Python).
LINK = {"carried_in": "fragment", "also_read_from": "query", "encoding": "form-urlencoded",
        "lists_of_objects": "json", "max_chars": 200_000}
LIST_SEPARATORS = re.compile(r"[\s,，、;；]+")
PLAIN_LIST = re.compile(r"\s*[0-9]+(?:\.[0-9]+)?(?:\s*,\s*[0-9]+(?:\.[0-9]+)?)*\s*")
BOOL_WORDS = {"true": True, "false": False, "是": True, "否": False}


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # Chinese, as shown on the form
    kind: str
    required: bool = False
    default: Any = None  # AS_OF for a date means the day of the calculation (the `as_of` input)
    unit: str = ""
    minimum: Decimal | None = Decimal("0")
    maximum: Decimal | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (value, Chinese label)
    help: str = ""
    clause: str = ""  # site-relative link to the clause the field comes from
    item_fields: tuple["Field", ...] = ()  # for object_list
    relevant_when: tuple[tuple[str, tuple[str, ...]], ...] = ()  # shown only for these values
    example: str = ""

    def describe(self) -> dict:
        """The JSON description the browser form is generated from."""
        data = {
            "name": self.name, "label": self.label, "kind": self.kind, "required": self.required,
            "default": str(self.default) if isinstance(self.default, Decimal) else self.default,
            "unit": self.unit, "help": self.help, "clause": self.clause,
            "minimum": None if self.minimum is None else str(self.minimum),
            "maximum": None if self.maximum is None else str(self.maximum),
            "choices": [{"value": v, "label": label} for v, label in self.choices],
            "relevant_when": {k: list(v) for k, v in self.relevant_when},
            "example": self.example,
        }
        if self.item_fields:
            data["item_fields"] = [f.describe() for f in self.item_fields]
        if self.kind in ("number_list", "object_list"):
            data["max_items"] = MAX_LIST  # a page never draws more rows than the check accepts
        return data


@dataclass
class Validation:
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    understood: dict = field(default_factory=dict)  # field path -> the value as understood, in Chinese

    def error(self, field_name: str | None, message: str) -> None:
        self.errors.append({"field": field_name, "message": message})


def _name(f: Field) -> str:
    """A field as messages name it: by its Chinese label only (the code travels in `field`)."""
    return f"「{f.label}」"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"“{value}”" if len(value) <= 40 else f"“{value[:37]}…”"
    if isinstance(value, bool):
        return "true（是）" if value else "false（否）"
    if value is None:
        return "空值（null）"
    if isinstance(value, list):
        return f"一个列表（{len(value)} 项）"
    if isinstance(value, dict):
        return f"一个对象（{len(value)} 个键）"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _not_a_number(f: Field, raw: Any, result: Validation, path: str, reason: str = "应为数字") -> None:
    example = f"，例如 {f.example or '100'}{f.unit}" if reason == "应为数字" else ""
    result.error(path, f"{_name(f)}{reason}{example}；收到的是 {_show(raw)}。")


def _decimal(f: Field, raw: Any, result: Validation, path: str) -> Decimal | None:
    if isinstance(raw, bool) or raw is None or isinstance(raw, (list, dict)):
        _not_a_number(f, raw, result, path)
        return None
    try:
        if isinstance(raw, str):
            value = read_number(raw, f.unit)
        elif isinstance(raw, (int, float)):
            value = bounded(Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw))
        else:
            raise Unreadable("应为数字")
    except Unreadable as reason:
        _not_a_number(f, raw, result, path, str(reason))
        return None
    if f.kind == "integer" and value != value.to_integral_value():
        result.error(path, f"{_name(f)}应为整数；收到的是 {_show(raw)}。")
        return None
    if f.minimum is not None and value < f.minimum:
        what = "不能为负数" if f.minimum == 0 else f"不能小于 {grouped(f.minimum)}{f.unit}"
        result.error(path, f"{_name(f)}{what}；收到的是 {_show(raw)}。")
        return None
    if f.maximum is not None and value > f.maximum:
        result.error(path, f"{_name(f)}超出合理范围：不能大于 {grouped(f.maximum)}{f.unit}；收到的是 {_show(raw)}。")
        return None
    if isinstance(raw, str) and not is_plain(raw):
        result.understood[path] = f"{grouped(value)} {f.unit}".strip()
    return int(value) if f.kind == "integer" else value


def _value(f: Field, raw: Any, result: Validation, path: str) -> Any:
    if f.kind in ("money", "number", "integer"):
        return _decimal(f, raw, result, path)
    if f.kind == "bool":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in BOOL_WORDS:
            return BOOL_WORDS[raw.strip().lower()]
        result.error(path, f"{_name(f)}应为“是”或“否”（true 或 false）；收到的是 {_show(raw)}。")
        return None
    if f.kind == "date":
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                pass
        result.error(path, f"{_name(f)}应为真实存在的日期，格式 YYYY-MM-DD，例如 {f.example or '2024-06-01'}；收到的是 {_show(raw)}。")
        return None
    if f.kind == "number_list":
        items = raw
        if isinstance(raw, str):
            if len(raw) > MAX_LIST * 16:
                result.error(path, f"{_name(f)}太长：最多 {MAX_LIST} 个数。")
                return None
            items = [part for part in LIST_SEPARATORS.split(raw.strip()) if part] if raw.strip() else []
        if not isinstance(items, list):
            result.error(path, f"{_name(f)}应为一串数字，用逗号分隔，例如 {f.example or '210,220,310'}；收到的是 {_show(raw)}。")
            return None
        if len(items) > MAX_LIST:
            result.error(path, f"{_name(f)}最多 {MAX_LIST} 个数；收到 {len(items)} 个。")
            return None
        values = []
        for index, item in enumerate(items):
            before = len(result.errors)
            value = _decimal(f, item, result, path)
            if len(result.errors) > before:
                result.errors[-1]["message"] = f"第 {index + 1} 个数：" + result.errors[-1]["message"]
                return None
            values.append(value)
        result.understood.pop(path, None)
        if isinstance(raw, str) and not PLAIN_LIST.fullmatch(raw):
            result.understood[path] = "、".join(grouped(v) for v in values)
        return values
    if f.kind == "object_list":
        items = raw
        if isinstance(raw, str):
            try:
                items = json.loads(raw) if len(raw) <= MAX_LIST * 200 else None
            except (ValueError, RecursionError):
                items = None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            result.error(path, f"{_name(f)}应为一个列表，每项是一个对象，例如 {f.example}；收到的是 {_show(raw)}。")
            return None
        if len(items) > MAX_LIST:
            result.error(path, f"{_name(f)}最多 {MAX_LIST} 项；收到 {len(items)} 项。")
            return None
        values = []
        for index, item in enumerate(items):
            owner = f"{f.label}第 {index + 1} 项"
            inner = validate(f.item_fields, item, prefix=f"{f.name}[{index}].", owner=owner)
            result.understood.update(inner.understood)
            result.errors.extend({"field": e["field"], "message": e["message"] if e["message"].startswith(owner) else f"{owner}：{e['message']}"}
                                 for e in inner.errors)
            values.append(inner.values)
        return values
    raise ValueError(f"unknown field kind {f.kind}")  # a programming error, caught by tests


def validate(fields: tuple[Field, ...], inputs: Any, prefix: str = "", owner: str = "") -> Validation:
    result = Validation()
    if not isinstance(inputs, dict):
        result.error(None, f"{owner or '输入'}应为一个 JSON 对象（键值对）；收到的是 {_show(inputs)}。")
        return result
    known = {f.name: f for f in fields}
    for key in inputs:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            # only a hand-written URL or JSON (staff, other systems) can carry an unknown key: the
            # message names the key written and the right one, which is what such a reader must type
            hint = f"是否想填{_name(known[close[0]])}（{close[0]}）？" if close else ""
            names = "、".join(known)
            result.error(f"{prefix}{key}", f"{owner}不认识的输入项 {_show(str(key))}。{hint}可用的输入项：{names}。")
    # Choices first, each to its code, however it was written (code, label, spaces around it): every
    # later check — required, relevant_when, bounds — and the calculator itself see only the code.
    choices = {f.name: (f.default if _absent(f, inputs.get(f.name)) else choice_code(f, inputs.get(f.name)))
               for f in fields if f.kind == "choice"}
    for f in fields:
        path = f"{prefix}{f.name}"
        raw = inputs.get(f.name)
        if _absent(f, raw):
            if f.required and relevant(f, choices):
                result.error(path, f"{owner}缺少必填项{_name(f)}{_missing_hint(f)}。")
            result.values[f.name] = f.default
            continue
        if f.kind == "choice":
            result.values[f.name] = choices[f.name]
            if choices[f.name] is None:
                options = "、".join(label for _, label in f.choices)
                result.error(path, f"{_name(f)}的取值 {_show(raw)} 不在可选范围内；可选：{options}。")
            continue
        result.values[f.name] = _value(f, raw, result, path)
    return result


def _absent(f: Field, raw: Any) -> bool:
    """Not given: null, or blank text (a blank list of numbers is an empty list, and says so)."""
    return raw is None or (isinstance(raw, str) and not raw.strip() and f.kind != "number_list")


def choice_code(f: Field, raw: Any) -> str | None:
    """The code of a choice as written — its code or its Chinese label (住宅 for residential, as a
    person writes it), spaces around it ignored, or a whole number equal to a code — else None.
    The one place a choice is read: `validate` calls it before any other check."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        raw = str(raw)
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if any(text == code for code, _ in f.choices):
        return text
    return next((code for code, label in f.choices if text == label), None)


def _missing_hint(f: Field) -> str:
    """What to fill in, in the reader's words: a choice lists its labels (its values are codes)."""
    if f.choices:
        return "，可选：" + "、".join(label for _, label in f.choices)
    return f"，例如 {f.example}" if f.example else ""


def relevant(f: Field, choices: dict) -> bool:
    """Does the field apply? Judged on the codes of the choices it depends on (their defaults when
    not given), never on the raw text, so 因学 and education require the same inputs."""
    return all(choices.get(key) in values for key, values in f.relevant_when)
