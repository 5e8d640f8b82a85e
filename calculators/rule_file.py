"""Loading and checking one rule file (a calculator written as TOML) into a `Rules` object.

Everything a clerk can get wrong is found here, before any calculation, with a Chinese message
naming the file, line and column: unknown or misspelt keys and names (with the nearest one),
wrong kinds, clauses the file does not list, dated values out of order, formulas the formula
language refuses, steps that depend on each other in a cycle, placeholders in sentences that
name nothing. The worked examples are checked by the engine (rule_engine.check_examples).
The format is documented in contracts/calculators.md and, for clerks, in the README.
"""
from __future__ import annotations

import ast
import datetime as dt
import difflib
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import rule_text
from .formula import NAME_CUTOFF, Formula, parse
from .formula_functions import FUNCTIONS
from .params import ParameterSet
from .rule_model import ITEM_NUMBER, PIECES, Alternative, Application, Input, Rules, Step, Template, document_name
from .rule_sections import PICTURE_KINDS, Sections, plain
from .rule_errors import RuleError
from .schema import AS_OF, Field

TOP = {"id", "title", "summary", "audience", "notice", "clauses", "period", "input", "parameter", "step", "warning",
       "output", "interpretation", "example", "entry_point", "picture", "uses", "refusal", "apply"}
NOTICE = {"county", "doc_number", "title", "page", "standard"}
PERIOD = {"label", "clause", "from", "until", "note", "judged", "what", "consequence", "value"}
INPUT = {"name", "key", "label", "kind", "unit", "choices", "minimum", "maximum", "default", "required",
         "relevant_when", "help", "clause", "example", "item"}
APPLY = {"item", "when", "office", "contact", "bring", "deadline", "clause", "note"}
PARAMETER = {"name", "key", "label", "unit", "clause", "cite", "document", "page", "note", "values", "labels", "short"}
VALUE = {"from", "until", "value", "note"}
STEP = {"name", "formula", "unit", "clause", "cite", "source", "text", "warning", "each"}
ALTERNATIVE = {"when", "text", "pieces", "join", "clause", "cite", "source"}
KINDS = {"money": "money", "number": "number", "integer": "integer", "bool": "bool", "date": "date",
         "choice": "choice", "number_list": "number_list", "list": "object_list"}
UNITS_BY_KIND = {"money": "元"}
BUILT_IN = {"计算日期": "日期", "判断日期": "日期", "在期内": "", "期间开始": "日期", "期间结束": "日期"}
MAX_STEPS = 200


class _Loader(Sections):
    def __init__(self, text: str, file: str, national: dict | None = None) -> None:
        self.text, self.file = text, file
        self.national = national  # name -> loaded national Rules (the site's); None: the files beside the engine
        self.data = rule_text.read(text, file)
        self.where = rule_text.Locator(text)

    def fail(self, path: tuple, message: str):
        line, column = self.where.find(path)
        raise RuleError(message, self.file, line, column)

    def keys(self, table: Any, allowed: set, path: tuple, what: str) -> dict:
        if not isinstance(table, dict):
            self.fail(path, f"{what}应为一个表（键 = 值）")
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=NAME_CUTOFF)
                hint = f"，是否想写“{close[0]}”？" if close else f"。可用的键：{'、'.join(sorted(allowed))}"
                self.fail((*path, key), f"{what}里有不认识的键“{key}”{hint}")
        return table

    def text_of(self, table: dict, key: str, path: tuple, what: str, required: bool = True, default: str = "") -> str:
        value = table.get(key, None)
        if value is None:
            if required:
                self.fail(path, f"{what}缺少“{key}”")
            return default
        if not isinstance(value, str):
            self.fail((*path, key), f"{what}的“{key}”应为文字（用英文双引号括起来）")
        return value

    def table_list(self, key: str) -> list:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail((key,), f"“{key}”应写成 [[{key}]] 开头的一组表")
        return value

    def formula(self, text: Any, path: tuple, names, what: str = "公式") -> Formula:
        line, column = self.where.find(path)
        try:
            return parse(text, names, self.file, line or 1, column or 1, what)
        except RuleError as error:
            raise self.unescaped(error, line, column) from None

    def unescaped(self, error: RuleError, line: int | None, column: int | None) -> RuleError:
        """A column inside a one-line string with escapes (\\" for a quote) counted in the file's characters."""
        if line is None or column is None or error.line != line or error.column is None:
            return error
        raw = self.text.split("\n")[line - 1]
        position, characters = column - 1, error.column - column
        while characters > 0 and position < len(raw):
            if raw[position] == "\\":
                position += {"u": 6, "U": 10}.get(raw[position + 1: position + 2], 2)
            else:
                position += 1
            characters -= 1
        error.column = position + 1
        return error

    def clause(self, table: dict, path: tuple, required: bool = True) -> str:
        anchor = table.get("clause", "")
        if not anchor and not required:
            return ""
        if not isinstance(anchor, str) or anchor not in self.clauses:
            close = difflib.get_close_matches(str(anchor), list(self.clauses), n=1, cutoff=NAME_CUTOFF)
            hint = f"，是否想写“{close[0]}”？" if close else f"；已列出的条款：{'、'.join(self.clauses)}"
            self.fail((*path, "clause"), f"引用的条款“{anchor}”没有在 [clauses] 里列出{hint}")
        return anchor

    def load(self) -> Rules:
        data = self.keys(self.data, TOP, (), "文件")
        for key in ("id", "title"):
            self.text_of(data, key, (), "文件")
        identifier = data["id"]
        if not identifier.replace("_", "").replace("-", "").isalnum() or not identifier.isascii():
            self.fail(("id",), "“id”是计算器网址的一部分，只能用英文字母、数字、“-”和“_”")
        self.notice = self.keys(data.get("notice", {}), NOTICE, ("notice",), "[notice]")
        self.text_of(self.notice, "doc_number", ("notice",), "[notice]")
        clauses = data.get("clauses", {})
        if not isinstance(clauses, dict) or not all(isinstance(v, str) for v in clauses.values()):
            self.fail(("clauses",), "[clauses] 的每一行应为：条款锚点 = \"引用写法\"，例如 c3-1 = \"三（一）\"")
        self.clauses = clauses
        self.names: dict[str, tuple] = {name: () for name in BUILT_IN}
        self.units: dict[str, str] = dict(BUILT_IN)
        self.choices: dict[str, dict] = {}
        period = self._period(data.get("period"))
        parameters, keys = self._parameters(period)
        self.parameter_keys = keys
        self.done_inputs: list[Input] = []
        for index, item in enumerate(self.table_list("input")):
            self.done_inputs.append(self._input(item, ("input", index)))
        inputs = tuple(self.done_inputs)
        lists = {i.name: i for i in inputs if i.items}
        steps = self._steps(lists)
        known = set(self.names)
        period["what"] = self._alternatives({"what": period["what"]}, ("period",), known, "[period] 的“what”", "what")
        refusals = tuple(self._refusal(item, ("refusal", index), known, inputs)
                         for index, item in enumerate(self.table_list("refusal")))
        outputs = tuple(self._output(item, ("output", index), known) for index, item in enumerate(self.table_list("output")))
        if len({o.key for o in outputs}) != len(outputs):
            self.fail(("output",), "有两个结果用了同一个“key”")
        warnings = tuple(self._warning(item, ("warning", index), known)
                         for index, item in enumerate(self.table_list("warning")))
        constants = set(keys) | {"计算日期"}
        interpretations = tuple(self._interpretation(item, ("interpretation", index), constants)
                                for index, item in enumerate(self.table_list("interpretation")))
        examples = tuple(self._example(item, ("example", index)) for index, item in enumerate(self.table_list("example")))
        entries = tuple(self._entry(item, ("entry_point", index)) for index, item in enumerate(self.table_list("entry_point")))
        pictures = tuple(self._picture(item, ("picture", index), known) for index, item in enumerate(self.table_list("picture")))
        applications = tuple(self._application(item, ("apply", index), known)
                             for index, item in enumerate(self.table_list("apply")))
        if len({p.kind for p in pictures}) > 1:
            self.fail(("picture",), "一个计算器的图只能用同一种（都用 parts，或都用 bars）")
        page = self.notice.get("page", "")
        fields = tuple(i.field for i in inputs) + (self._as_of_field(parameters, page),)
        return Rules(self.file, identifier, data["title"], self.text_of(data, "summary", (), "文件", False),
                     self.text_of(data, "audience", (), "文件", False), dict(self.notice), page, dict(self.clauses),
                     parameters, keys, dict(self.units), inputs, fields, steps, outputs, warnings, interpretations,
                     examples, entries, pictures, period, dict(self.choices), refusals, applications,
                     tuple(self.data.get("uses", [])))

    # ---- period and parameters ----

    def _period(self, table: Any) -> dict:
        if table is None:
            self.fail((), "文件缺少 [period]：本计算器所依据规则的施行期间（label、clause、from）")
        table = self.keys(table, PERIOD, ("period",), "[period]")
        start = table.get("from")
        if not isinstance(start, dt.date):
            self.fail(("period", "from"), "[period] 的“from”应为日期，例如 2000-01-31（不加引号）")
        until = table.get("until")
        if until is not None and (not isinstance(until, dt.date) or until < start):
            self.fail(("period", "until"), "[period] 的“until”应为不早于“from”的日期")
        judged = _nfkc(self.text_of(table, "judged", ("period",), "[period]", False, "计算日期"))
        return {"label": self.text_of(table, "label", ("period",), "[period]"), "clause": self.clause(table, ("period",)),
                "from": start, "until": until, "note": table.get("note", ""), "value": table.get("value", "本文件"),
                "judged": judged, "what": table.get("what", "计算日期"),
                "consequence": self.text_of(table, "consequence", ("period",), "[period]", False, "以下按该期规则试算，仅供参考。")}

    def _name(self, table: dict, path: tuple, what: str) -> str:
        # as Python reads identifiers (NFKC): 落实Ⅲ级 is the name 落实III级 wherever a formula writes it
        name = _nfkc(self.text_of(table, "name", path, what))
        if not name.isidentifier() or name in FUNCTIONS or name in ("True", "False", "None", "and", "or", "not", "if",
                                                                    "else", "in", "is", "是", "否", "空", ITEM_NUMBER):
            self.fail((*path, "name"), f"名称“{name}”不能用：名称只能由汉字、字母、数字和“_”组成，不能以数字开头，"
                                       f"也不能与函数或保留字同名")
        if name in self.names:
            self.fail((*path, "name"), f"名称“{name}”已经用过了：每个输入、参数和步骤的名称都要不同")
        self.names[name] = path
        return name

    def _parameters(self, period: dict) -> tuple[ParameterSet, dict]:
        specs = {"policy_period": {"label": period["label"], "unit": "", "clause": period["clause"],
                                   "cite": self.clauses[period["clause"]], "note": period["note"], "raw": True,
                                   "values": [{"from": period["from"].isoformat(),
                                               "until": period["until"].isoformat() if period["until"] else None,
                                               "value": period["value"]}]}}
        keys = {}
        for index, table in enumerate(self.table_list("parameter")):
            path = ("parameter", index)
            self.keys(table, PARAMETER, path, "参数")
            name = self._name(table, path, "参数")
            key = self.text_of(table, "key", path, "参数", False, name)
            if key in specs:
                self.fail((*path, "key"), f"参数的“key”“{key}”已经用过了")
            unit = self.text_of(table, "unit", path, "参数", False)
            document = table.get("document")
            anchor = self.clause(table, path, required=document is None)
            values = table.get("values")
            if not isinstance(values, list) or not values:
                self.fail((*path, "values"), f"参数“{name}”缺少“values”：至少一个 {{ from = 日期, value = 值 }}")
            periods = []
            for position, entry in enumerate(values):
                where = (*path, "values", position)
                if not isinstance(entry, dict):
                    self.fail(where, f"参数“{name}”的每个值应写成 {{ from = 日期, value = 值 }}")
                self.keys(entry, VALUE, where, f"参数“{name}”的值")
                start, end = entry.get("from"), entry.get("until")
                if not isinstance(start, dt.date) or (end is not None and not isinstance(end, dt.date)):
                    self.fail(where, f"参数“{name}”的“from”“until”应为日期，例如 2000-01-31（不加引号）")
                if end is not None and end < start:
                    self.fail(where, f"参数“{name}”的“until”早于“from”")
                if periods and start <= (periods[-1][1] or dt.date.max):
                    self.fail(where, f"参数“{name}”的各个值应按日期先后排列，且时间不能重叠")
                if "value" not in entry:
                    self.fail(where, f"参数“{name}”缺少“value”")
                periods.append((start, end, _exact(entry["value"])))
            self.units[name] = unit
            keys[name] = key
            specs[key] = {"label": self.text_of(table, "label", path, "参数"), "unit": unit, "clause": anchor,
                          "cite": table.get("cite", self.clauses.get(anchor, "")), "note": table.get("note", ""),
                          "raw": True, "labels": table.get("labels", {}), "short": table.get("short", ""),
                          "values": [{"from": s.isoformat(), "until": e.isoformat() if e else None, "value": v}
                                     for s, e, v in periods]}
            if document is not None:
                specs[key]["document"] = document
                specs[key]["page"] = table.get("page", "")
        for name, spec in self._used():
            keys[name] = spec.pop("key")
            specs[keys[name]] = spec
        data = {"document": document_name(self.notice), "title": self.notice.get("title", ""),
                "page": self.notice.get("page", ""), "audience": self.data.get("audience", ""),
                "notice": {k: self.notice[k] for k in ("county", "doc_number") if k in self.notice} or None,
                "parameters": specs}
        if not data["page"]:  # a national rule has no page on the county's site: cited, not linked
            for spec in specs.values():
                if not spec.get("page"):
                    spec["clause"] = ""
        return ParameterSet(self.data["id"], data), keys

    def _used(self) -> list[tuple[str, dict]]:
        """The parameters of the national rule files named in `uses`, each with its own document and citation."""
        used = self.data.get("uses", [])
        if not isinstance(used, list) or not all(isinstance(u, str) for u in used):
            self.fail(("uses",), "“uses”应写成 [\"国家规则的名称\", …]，例如 uses = [\"deed_tax\"]")
        found = []
        for name in used:
            path = NATIONAL / f"{name}.toml"
            given = self.national.get(name) if self.national is not None else None
            if given is None and (self.national is not None or not name.replace("_", "").isalnum() or not path.is_file()):
                known = sorted(self.national) if self.national is not None else sorted(p.stem for p in NATIONAL.glob("*.toml"))
                close = difflib.get_close_matches(name, known, n=1, cutoff=NAME_CUTOFF)
                self.fail(("uses",), f"没有名为“{name}”的国家规则" + (f"，是否想写“{close[0]}”？" if close else
                                                                 f"；有的是：{'、'.join(known)}"))
            national = given or load_path(path)
            for parameter_name, key in national.parameter_keys.items():
                if parameter_name in self.names:
                    self.fail(("uses",), f"国家规则“{name}”的参数“{parameter_name}”与本文件的名称重复，请给本文件的改个名称")
                self.names[parameter_name] = ("uses",)
                parameter = national.parameters[key]
                self.units[parameter_name] = parameter.unit
                found.append((parameter_name, {
                    "key": key, "label": parameter.label, "unit": parameter.unit, "clause": parameter.clause,
                    "cite": parameter.cite, "note": parameter.note, "raw": True, "document": parameter.document,
                    "page": parameter.page, "labels": dict(parameter.labels), "short": parameter.short,
                    "values": [{"from": p.start.isoformat(), "until": p.end.isoformat() if p.end else None, "value": p.value}
                               for p in parameter.periods]}))
        return found

    # ---- inputs ----

    def _input(self, table: dict, path: tuple, inside: str = "") -> Input:
        self.keys(table, INPUT, path, "输入")
        name = self._name(table, path, "输入")
        key = self.text_of(table, "key", path, "输入", False, name)
        kind_word = self.text_of(table, "kind", path, "输入")
        if kind_word not in KINDS or (inside and kind_word == "list"):
            self.fail((*path, "kind"), f"输入“{name}”的种类“{kind_word}”不对；可用：{'、'.join(k for k in KINDS if not inside or k != 'list')}")
        kind = KINDS[kind_word]
        unit = self.text_of(table, "unit", path, "输入", False, UNITS_BY_KIND.get(kind, ""))
        choices = ()
        if kind == "choice":
            listed = table.get("choices")
            if not isinstance(listed, list) or not listed or not all(isinstance(c, dict) and set(c) == {"code", "label"}
                                                                      for c in listed):
                self.fail((*path, "choices"), f"输入“{name}”的“choices”应为 [{{ code = \"代码\", label = \"名称\" }}, …]")
            choices = tuple((str(c["code"]), str(c["label"])) for c in listed)
            if len({c for c, _ in choices}) != len(choices) or len({label for _, label in choices}) != len(choices):
                self.fail((*path, "choices"), f"输入“{name}”的选项有重复的代码或名称")
            self.choices[name] = dict(choices)
        bounds = {}
        for bound in ("minimum", "maximum"):
            value = table.get(bound)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, Decimal))):
                self.fail((*path, bound), f"输入“{name}”的“{bound}”应为数")
            bounds[bound] = None if value is None else Decimal(value)
        minimum = bounds["minimum"] if "minimum" in table else Decimal(0)  # as schema.Field: nothing negative unless said
        items = ()
        if kind == "object_list":
            rows = table.get("item")
            if not isinstance(rows, list) or not rows:
                self.fail(path, f"列表输入“{name}”缺少每一项的内容：在它下面写 [[input.item]]")
            items = tuple(self._input(row, (*path, "item", index), inside=name) for index, row in enumerate(rows))
        default = table.get("default", [] if kind == "object_list" else None)
        if isinstance(default, (int, Decimal)) and not isinstance(default, bool):
            default = Decimal(default) if kind != "integer" else int(default)
        if isinstance(default, dt.date):
            default = default.isoformat()
        required = table.get("required", False)
        if not isinstance(required, bool):
            self.fail((*path, "required"), f"输入“{name}”的“required”应为 true 或 false")
        self.units[name] = unit if kind not in ("date", "bool", "choice") else {"date": "日期"}.get(kind, "")
        help_text = self.text_of(table, "help", path, "输入", False)
        # a help text may name parameters, so that a renewed rate or deadline renews the help too
        help_template = self.template(help_text, (*path, "help"), set(self.parameter_keys)) if "{" in help_text else None
        field_ = Field(key, self.text_of(table, "label", path, "输入"), kind, required=required, default=default,
                       unit=unit, minimum=minimum, maximum=bounds["maximum"], choices=choices,
                       help=help_text,
                       clause=self.link_of(self.clause(table, path)),
                       item_fields=tuple(i.field for i in items), relevant_when=self._relevant(table, path, name),
                       example=str(table.get("example", "")))
        return Input(name, key, field_, items, unit, help_template)

    def _relevant(self, table: dict, path: tuple, name: str) -> tuple:
        """relevant_when = "类别 == \"illness\" and 后果 in [\"死亡\", \"致残\"]": tests of earlier choice
        (or yes/no) inputs joined by and; a choice's label is written as its code, once, here."""
        when = table.get("relevant_when")
        if when is None:
            return ()
        earlier = {i.name: i for i in self.done_inputs}
        formula = self.formula(when, (*path, "relevant_when"), set(earlier), "显示条件")
        shape = f"“relevant_when”只能写成 输入 == \"选项\" 或 输入 in [\"选项甲\", \"选项乙\"]，多个条件用 and 连接"
        body = formula.tree.body
        tests = body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) else [body]
        pairs = []
        for test in tests:
            if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.left, ast.Name)
                    and isinstance(test.ops[0], (ast.Eq, ast.In))):
                self.fail((*path, "relevant_when"), f"输入“{name}”的{shape}")
            right = test.comparators[0]
            items = right.elts if isinstance(right, (ast.List, ast.Tuple)) else [right]
            if not all(isinstance(item, ast.Constant) and isinstance(item.value, (str, bool)) for item in items):
                self.fail((*path, "relevant_when"), f"输入“{name}”的{shape}")
            other = earlier[test.left.id]
            labels = {label: code for code, label in other.field.choices}
            codes = []
            for item in items:
                value = "true" if item.value is True else "false" if item.value is False else item.value
                code = labels.get(value, value)
                if other.field.choices and code not in dict(other.field.choices):
                    self.fail((*path, "relevant_when"), f"输入“{other.name}”没有“{value}”这个选项；可选："
                                                        + "、".join(label for _, label in other.field.choices))
                codes.append(code)
            pairs.append((other.key, tuple(codes)))
        return tuple(pairs)

    def _as_of_field(self, parameters: ParameterSet, page: str) -> Field:
        period = parameters.policy
        return Field(AS_OF, "计算日期", "date", clause=period.link, example="2024-06-01",
                     help=f"按哪一天判断是否在{period.label}内、适用哪一期规则；不填按今天。"
                          "分享链接时会带上这一天，对方打开看到同样的结果。")

    # ---- steps ----

    def _steps(self, lists: dict) -> tuple[Step, ...]:
        tables = self.table_list("step")
        if len(tables) > MAX_STEPS:
            self.fail(("step",), f"步骤太多（{len(tables)} 个），最多 {MAX_STEPS} 个")
        heads = []
        for index, table in enumerate(tables):
            path = ("step", index)
            self.keys(table, STEP, path, "步骤")
            heads.append((self._name(table, path, "步骤"), table, path))
        each_of = {}
        for name, table, path in heads:
            each = _nfkc(table.get("each"))
            if each is not None and each not in lists:
                close = difflib.get_close_matches(str(each), list(lists), n=1, cutoff=NAME_CUTOFF)
                self.fail((*path, "each"), f"步骤“{name}”的“each”应为一个列表输入的名称"
                                           + (f"，是否想写“{close[0]}”？" if close else f"；列表输入有：{'、'.join(lists) or '（没有）'}"))
            each_of[name] = each
            self.units[name] = self.text_of(table, "unit", path, "步骤", False)
        steps = []
        for name, table, path in heads:
            each = each_of[name]
            names = set(self.names) | ({i.name for i in lists[each].items} if each else set())
            if each:
                for item in lists[each].items:
                    self.units[item.name] = self.units.get(item.name, item.units)
            formula = self.formula(table.get("formula"), (*path, "formula"), names, "公式")
            for used in formula.names:
                if each and each_of.get(used) and each_of[used] != each:
                    self.fail((*path, "formula"), f"步骤“{name}”用到了对“{each_of[used]}”逐项计算的步骤“{used}”；"
                                                  f"不在同一列表上逐项计算时，请用 求和({used}) 等函数")
            texts = self._alternatives(table, path, names | {ITEM_NUMBER} if each else names, "说明", "text")
            warns = self._alternatives(table, path, names | {ITEM_NUMBER} if each else names, "警告", "warning")
            steps.append(Step(name, formula, self.units[name], self.clause(table, path), texts, warns, each,
                              self._cited(table, path) if "source" in table or "cite" in table else None))
        self._no_cycle(steps)
        return tuple(steps)

    def _application(self, table: dict, path: tuple, names: set) -> Application:
        """[[apply]]: how to apply for an item (怎么申请), as the notice says: office, contact, papers, deadline."""
        self.keys(table, APPLY, path, "申请办法")
        item = self.text_of(table, "item", path, "申请办法")
        when = self.formula(table["when"], (*path, "when"), names, "条件") if "when" in table else None
        bring = table.get("bring", [])
        if not isinstance(bring, list) or not all(isinstance(b, str) and b.strip() for b in bring):
            self.fail((*path, "bring"), f"申请办法“{item}”的“bring”应为一组文字，例如 [\"购房合同\", \"身份证\"]")
        deadline = None
        if "deadline" in table:
            name = _nfkc(self.text_of(table, "deadline", path, "申请办法"))
            if name not in self.parameter_keys:
                close = difflib.get_close_matches(name, list(self.parameter_keys), n=1, cutoff=NAME_CUTOFF)
                self.fail((*path, "deadline"), f"申请办法“{item}”的“deadline”应为一个日期参数的名称"
                                               + (f"，是否想写“{close[0]}”？" if close else ""))
            deadline = self.parameter_keys[name]
        note = table.get("note")
        return Application(item, when, self.text_of(table, "office", path, "申请办法"),
                           self.text_of(table, "contact", path, "申请办法", False), tuple(b.strip() for b in bring),
                           deadline, self.clause(table, path),
                           self.template(self.text_of(table, "note", path, "申请办法"), (*path, "note"), names)
                           if note is not None else None)

    def _cited(self, table: dict, path: tuple):
        """What a sentence cites: ("clause", anchor, cite) or ("source", parameter key), or None for its step's.
        `cite` (optional) writes the clause's citation differently here: 二至四 where [clauses] says 二."""
        if "source" in table:
            name = _nfkc(table["source"])
            if name not in self.parameter_keys:
                close = difflib.get_close_matches(str(name), list(self.parameter_keys), n=1, cutoff=NAME_CUTOFF)
                self.fail((*path, "source"), f"“source”应为一个参数的名称（这一句引用该参数的出处）"
                                             + (f"，是否想写“{close[0]}”？" if close else ""))
            return ("source", self.parameter_keys[name])
        cite = self.text_of(table, "cite", path, "说明", False) or None  # the clause's citation written differently here
        if "clause" in table:
            return ("clause", self.clause(table, path), cite)
        return ("clause", None, cite) if cite else None

    def _no_cycle(self, steps: list[Step]) -> None:
        uses = {s.name: [n for n in s.formula.names if n in {t.name for t in steps}] for s in steps}
        state: dict[str, int] = {}
        for start in uses:
            if state.get(start):
                continue
            stack = [(start, iter(uses[start]))]
            trail = [start]
            state[start] = 1
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    state[node] = 2
                    stack.pop()
                    trail.pop()
                elif state.get(child) == 1:
                    cycle = trail[trail.index(child):] + [child]
                    self.fail((*self.names[child], "formula"), "步骤互相引用，形成了循环：" + " → ".join(cycle)
                              + "。每个步骤只能用到不依赖它自己的输入、参数和步骤")
                elif not state.get(child):
                    state[child] = 1
                    trail.append(child)
                    stack.append((child, iter(uses[child])))

    def _warning(self, table: dict, path: tuple, names: set) -> Alternative:
        """A [[warning]] after all steps: a sentence, written when its `when` holds (always without one)."""
        if not isinstance(table.get("text"), str):
            return self._alternatives(table, path, names, "警告")[0]
        self.keys(table, ALTERNATIVE, path, "警告")
        when = self.formula(table["when"], (*path, "when"), names, "条件") if "when" in table else None
        return Alternative(when, self.template(table["text"], (*path, "text"), names), (), "；", self._cited(table, path))

    def _alternatives(self, table: dict, path: tuple, names: set, what: str, key: str = "text") -> tuple[Alternative, ...]:
        value = table.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (Alternative(None, self.template(value, (*path, key), names)),)
        if not isinstance(value, list):
            self.fail((*path, key), f"{what}应为一句文字，或 [{{ when = \"条件\", text = \"文字\" }}, …]")
        found = []
        for index, item in enumerate(value):
            where = (*path, key, index)
            if isinstance(item, str):
                found.append(Alternative(None, self.template(item, where, names)))
                continue
            self.keys(item, ALTERNATIVE, where, what)
            when = self.formula(item["when"], (*where, "when"), names, "条件") if "when" in item else None
            pieces = ()
            if "pieces" in item:
                pieces = self._alternatives(item, where, names, what, "pieces")
                if any(piece.pieces for piece in pieces):
                    self.fail((*where, "pieces"), f"{what}的“pieces”里不能再有“pieces”")
            template = self.template(self.text_of(item, "text", where, what), (*where, "text"),
                                     names | {PIECES} if pieces else names)
            found.append(Alternative(when, template, pieces, self.text_of(item, "join", where, what, False, "；"),
                                     self._cited(item, where)))
        return tuple(found)

    def template(self, text: str, path: tuple, names: set) -> Template:
        """{名称} or {公式:格式} placeholders; format is one of 元 百分比 万 数 日期 中文日期."""
        line, column = self.where.find(path)
        parts, position = [], 0
        while position < len(text):
            start = text.find("{", position)
            if start < 0:
                parts.append(text[position:])
                break
            end = text.find("}", start)
            if end < 0:
                raise RuleError(f"文字“{text[:30]}”中的“{{”没有配对的“}}”", self.file, line, (column or 1) + start)
            parts.append(text[position:start])
            inside = text[start + 1:end]
            expression, _, spec = inside.rpartition(":") if ":" in inside else (inside, "", "")
            if spec and spec not in FORMATS:
                raise RuleError(f"文字中“{{{inside}}}”的格式“{spec}”不对；可用：{'、'.join(FORMATS)}", self.file, line,
                                (column or 1) + start)
            try:
                formula = parse(expression, names, self.file, line or 1, (column or 1) + start + 1, "文字中的")
            except RuleError as error:
                raise self.unescaped(error, line, column) from None
            parts.append((formula, spec))
            position = end + 1
        return Template(tuple(p for p in parts if p != ""))

FORMATS = ("元", "百分比", "万", "数", "日期", "中文日期", "序数", "三位小数")
NATIONAL = Path(__file__).resolve().parent / "national"  # national rule files, shipped with the engine


def _nfkc(name: Any) -> Any:
    """A name as Python reads identifiers (落实Ⅲ级 → 落实III级); anything else as it is."""
    return unicodedata.normalize("NFKC", name) if isinstance(name, str) else name


def _exact(value: Any) -> Any:
    """TOML integers and floats as exact Decimals, all the way down."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, list):
        return [_exact(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _exact(v) for k, v in value.items()}
    return value


def load_text(text: str, file: str, national: dict | None = None) -> Rules:
    """national: the national rule files a `uses` may name (name -> Rules); by default those beside the engine."""
    return _Loader(text, file, national).load()


def load_path(path) -> Rules:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RuleError("文件不是 UTF-8 编码的文字，请另存为 UTF-8", str(path)) from None
    return load_text(text, _shown(path))


def _shown(path) -> str:
    """A file as messages name it: from sources/ on when it lies there."""
    parts = list(path.parts)
    for top in ("sources", "calculators"):
        if top in parts:
            return "/".join(parts[len(parts) - 1 - parts[::-1].index(top):])
    return path.name
