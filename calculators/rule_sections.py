"""Loading the closing sections of a rule file: refusals, outputs, interpretations, worked examples,
entry points and pictures. A mixin of rule_file's loader (it uses the loader's fail, keys, formula,
template and clause), kept apart so that each module stays readable in one sitting.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .rule_model import Output, Picture
from .schema import AS_OF

OUTPUT = {"key", "label", "value", "parts", "kind", "labels", "when", "listed"}
INTERPRETATION = {"text", "clause"}
EXAMPLE = {"title", "inputs", "expect", "as_of"}
ENTRY = {"clause", "title", "prefill"}
PICTURE = {"kind", "title", "parts", "total", "value", "bands", "levels", "dates", "unit"}
REFUSAL = {"when", "field", "text"}
PICTURE_KINDS = ("parts",)  # the kinds rule_pictures draws


class Sections:

    def _output(self, table: dict, path: tuple, names: set) -> Output:
        self.keys(table, OUTPUT, path, "结果")
        key = self.text_of(table, "key", path, "结果")
        kind = self.text_of(table, "kind", path, "结果", False, "number")
        value = self.formula(table["value"], (*path, "value"), names) if "value" in table else None
        parts = table.get("parts", {})
        if not isinstance(parts, dict) or (value is None) == (not parts):
            self.fail(path, f"结果“{key}”应有“value”（一个公式），或“parts”（{{ 键 = 公式, … }}），二者选一")
        parts = tuple((k, self.formula(v, (*path, "parts", k), names)) for k, v in parts.items())
        when = self.formula(table["when"], (*path, "when"), names, "条件") if "when" in table else None
        listed = table.get("listed", True)
        if not isinstance(listed, bool):
            self.fail((*path, "listed"), f"结果“{key}”的“listed”应为 true 或 false")
        return Output(key, self.text_of(table, "label", path, "结果"), kind, value, parts, dict(table.get("labels", {})), when,
                      listed)

    def _refusal(self, table: dict, path: tuple, names: set, inputs) -> tuple:
        """A case the rules cannot compute, refused with its own message: (condition, input key, message)."""
        self.keys(table, REFUSAL, path, "拒绝条件")
        key = self.text_of(table, "field", path, "拒绝条件", False)
        if key and key not in {i.key for i in inputs}:
            self.fail((*path, "field"), f"拒绝条件的“field”应为一个输入的 key；有的是：{'、'.join(i.key for i in inputs)}")
        return (self.formula(table.get("when"), (*path, "when"), names, "条件"), key or None,
                self.template(self.text_of(table, "text", path, "拒绝条件"), (*path, "text"), names))

    def _interpretation(self, table: dict, path: tuple, names: set) -> tuple[str, tuple[Alternative, ...]]:
        self.keys(table, INTERPRETATION, path, "理解")
        return self.clause(table, path), self._alternatives(table, path, names, "理解")

    def _example(self, table: dict, path: tuple) -> dict:
        self.keys(table, EXAMPLE, path, "例子")
        inputs = table.get("inputs", {})
        if not isinstance(inputs, dict):
            self.fail((*path, "inputs"), "例子的“inputs”应为 { 输入的key = 值, … }")
        example = {"title": self.text_of(table, "title", path, "例子"), "inputs": plain(inputs)}
        if "as_of" in table:
            example["inputs"][AS_OF] = table["as_of"].isoformat() if isinstance(table["as_of"], dt.date) else table["as_of"]
        example["expect"] = plain(table.get("expect", {}))
        example["place"] = self.where.find(path)
        return example

    def _entry(self, table: dict, path: tuple) -> dict:
        self.keys(table, ENTRY, path, "入口")
        return {"clause": self.link_of(self.clause(table, path)), "prefill": plain(table.get("prefill", {})),
                "title": self.text_of(table, "title", path, "入口")}

    def link_of(self, clause: str) -> str:
        page = self.notice.get("page", "")
        return f"{page}#{clause}" if page else ""

    def _picture(self, table: dict, path: tuple, names: set) -> Picture:
        self.keys(table, PICTURE, path, "图")
        kind = self.text_of(table, "kind", path, "图")
        if kind not in PICTURE_KINDS:
            self.fail((*path, "kind"), f"图的种类“{kind}”不对；可用：{'、'.join(PICTURE_KINDS)}")
        spec = {}
        for key in ("parts", "dates", "levels"):
            if key in table:
                listed = table[key] if isinstance(table[key], list) else [table[key]]
                spec[key] = tuple(self.formula(v, (*path, key), names) for v in listed)
        for key in ("total", "value", "bands"):
            if key in table:
                spec[key] = self.formula(table[key], (*path, key), names)
        spec["labels"] = tuple(str(getattr(v, "text", v)) for v in spec.get("parts", ()))
        spec["unit"] = table.get("unit", "元")
        return Picture(kind, self.text_of(table, "title", path, "图"), spec)


def plain(value: Any) -> Any:
    """Example inputs as JSON would carry them (numbers as int or str, dates as ISO text)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
