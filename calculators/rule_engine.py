"""The engine: evaluate a loaded rule file for inputs and a day of calculation, explain and draw it.

    run(rules, inputs, clock_day) -> the result dict of contracts/calculators.md
    describe(rules) -> what a page needs (the shape calculators.api.describe returns)
    check_examples(rules) -> the worked examples whose results differ, as RuleErrors
    rules_picture(rules, day) -> {"svg", "alt"}

The day of calculation is an input (`as_of`, else clock_day given by the caller); the engine
never reads the clock. Inputs are checked by calculators.schema (a choice given by its label is
read as its code there, once, before anything else looks at it). Parameters take the value in
force on the rule day: the day judged ([period] judged, by default the day of calculation),
or the nearest day of the period when that day lies outside it (the result then says so).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from . import rule_pictures
from .money import number, percent, to_fen, yuan
from .rule_errors import EvaluationError, RuleError
from .rule_model import ITEM_NUMBER, PIECES, Alternative, Rules, Step, Template
from .schema import AS_OF, LINK
from .words import chinese_date, chinese_ordinal, grouped, wan
from .working import Working, run_calculation

ENV = "__rule_values"  # where compute leaves the values of every name for draw


def run(rules: Rules, inputs: Any, clock_day: dt.date) -> dict:
    return run_calculation(rules.id, rules.fields, inputs, clock_day,
                           lambda values, working: compute(rules, values, working),
                           lambda values, result: rule_pictures.result(rules, values.get(ENV, {}), result,
                                                                       lambda template: _write(rules, values.get(ENV), template)))


def _write(rules: Rules, evaluation, template: Template) -> str:
    """A picture's sentence with the result's values."""
    return render(template, _everything(evaluation, template), rules)


def _value(value: Any) -> Any:
    """An input as formulas see it: whole numbers as Decimal too."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def _items(rules: Rules, name: str, values: dict) -> list[dict]:
    """The items of a list input, each by the names of its fields."""
    source = next(i for i in rules.inputs if i.name == name)
    return [{item.name: _value(row.get(item.key)) for item in source.items} for row in values[source.key] or []]


class Evaluation:
    """The values of every name of one calculation, each step computed once, on demand."""

    def __init__(self, rules: Rules, values: dict, day: dt.date | None) -> None:
        self.rules = rules
        self.known: dict[str, Any] = {i.name: _value(values.get(i.key)) for i in rules.inputs}
        self.known["计算日期"] = values.get(AS_OF)
        self.lists = {i.name: _items(rules, i.name, values) for i in rules.inputs if i.items}
        self.steps = {s.name: s for s in rules.steps}
        self.day = day
        if day is not None:
            self.set_day(day)

    def set_day(self, day: dt.date) -> None:
        self.day = day
        for name, key in self.rules.parameter_keys.items():
            self.known[name] = self.rules.parameters.on(key, day)

    def get(self, name: str) -> Any:
        if name not in self.known and name in self.steps:
            self.known[name] = self._step(self.steps[name])
        return self.known.get(name)

    def _step(self, step: Step) -> Any:
        if step.each is None:
            return step.formula.evaluate(self._scope(step.formula.names))
        return [step.formula.evaluate(self.item_scope(step, index, step.formula.names))
                for index in range(len(self.lists[step.each]))]

    def _scope(self, names) -> dict:
        return {name: self.get(name) for name in names}

    def item_scope(self, step: Step, index: int, names) -> dict:
        item = self.lists[step.each][index]
        scope = {}
        for name in names:
            if name in item:
                scope[name] = item[name]
            elif name == ITEM_NUMBER:
                scope[name] = Decimal(index + 1)
            elif name in self.steps and self.steps[name].each == step.each:
                scope[name] = self.get(name)[index]
            else:
                scope[name] = self.get(name)
        return scope


def _names(alternative: Alternative) -> set:
    """The names a sentence reads (its condition, pieces and placeholders), worked out once per sentence."""
    known = alternative.__dict__.get("_names")
    if known is None:
        known = _names_read(alternative)
        object.__setattr__(alternative, "_names", known)  # a cache on the frozen sentence, not a change of it
    return known


def _names_read(alternative: Alternative) -> set:
    found = set(alternative.when.names) if alternative.when else set()
    for piece in alternative.pieces:
        found |= _names_read(piece)
    for part in alternative.template.parts:
        if not isinstance(part, str):
            found.update(part[0].names)
            found.update(n for n in _bare(part[0]) if n == ITEM_NUMBER)
    return found


def _bare(formula) -> list[str]:
    body = formula.tree.body
    return [body.id] if type(body).__name__ == "Name" else []


def _choose(alternatives, scope_of) -> str | None:
    """The first sentence whose condition holds, written out; None when none does."""
    chosen = _chosen(alternatives, scope_of)
    return chosen[0] if chosen else None


def _chosen(alternatives, scope_of) -> tuple[str, Alternative] | None:
    for alternative in alternatives:
        scope = scope_of(_names(alternative) - {PIECES})
        if alternative.when is None or alternative.when.evaluate(scope) is True:
            if alternative.pieces:
                shown = [render(p.template, scope, scope_of.rules) for p in alternative.pieces
                         if p.when is None or p.when.evaluate(scope) is True]
                scope = dict(scope, **{PIECES: alternative.join.join(shown)})
            return render(alternative.template, scope, scope_of.rules), alternative
    return None


class _Scope:
    def __init__(self, rules: Rules, function) -> None:
        self.rules, self.function = rules, function

    def __call__(self, names):
        return self.function(names)


def render(template: Template, scope: dict, rules: Rules) -> str:
    pieces = []
    for part in template.parts:
        if isinstance(part, str):
            pieces.append(part)
            continue
        formula, spec = part
        bare = _bare(formula)
        name = bare[0] if bare else None
        value = scope.get(name) if name in (ITEM_NUMBER, PIECES) else formula.evaluate(scope)
        pieces.append(show(value, spec or rules.units.get(name, ""), rules.choices.get(name)))
    return "".join(pieces)


def show(value: Any, unit: str = "", choices: dict | None = None) -> str:
    """A value in a sentence, by its format or unit: 元 → 15,250.00 元, 比例/百分比 → 70%, 万 → 2万元."""
    if choices and isinstance(value, str):
        return choices.get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return chinese_date(value) if unit == "中文日期" else value.isoformat()
    if isinstance(value, list):
        return "、".join(show(v, unit, choices) for v in value)
    if isinstance(value, Decimal):
        if unit == "元":
            return yuan(value)
        if unit in ("比例", "百分比"):
            return percent(value)
        if unit == "万":
            return wan(value)
        if unit == "数":
            return grouped(value)
        if unit == "序数":
            return chinese_ordinal(int(value))
        if unit == "三位小数":  # an unending quotient cut, not rounded, after three decimals: 400.000, 104.166
            whole_part, point, fraction = number(value).partition(".")
            return whole_part + (point + fraction[:3] if point else "")
        return number(value)
    return "" if value is None else str(value)


def compute(rules: Rules, values: dict, working: Working) -> dict:
    evaluation = Evaluation(rules, values, None)
    period = rules.period
    try:
        evaluation.set_day(values[AS_OF])  # refusals and the judged day are read under the day's rules
        for condition, key, message in rules.refusals:
            if condition.evaluate(evaluation._scope(condition.names)) is True:
                return {"errors": [{"field": key, "message": render(message, _everything(evaluation, message), rules)}]}
        judged = rules_judged(rules, evaluation)
        _period_names(evaluation, rules, judged)
        what = _choose(period["what"], _Scope(rules, evaluation._scope)) or "计算日期"
        day = working.check_period(rules.parameters.policy, judged, what, period["consequence"])
        evaluation = Evaluation(rules, values, day)
        _period_names(evaluation, rules, judged)
        for step in rules.steps:
            evaluation.get(step.name)
        for run_of_steps in _runs(rules.steps):
            _explain(rules, evaluation, run_of_steps, working)
        for warning in rules.warnings:
            text = _choose((warning,), _Scope(rules, evaluation._scope))
            if text:
                working.warn(text)
        outputs = {}
        for output in rules.outputs:
            if output.when is not None and output.when.evaluate(evaluation._scope(output.when.names)) is not True:
                continue
            if output.value is not None:
                outputs[output.key] = output.value.evaluate(evaluation._scope(output.value.names))
            else:
                parts = {key: formula.evaluate(evaluation._scope(formula.names)) for key, formula in output.parts}
                outputs[output.key] = {key: value for key, value in parts.items() if value is not None}  # 空: left out
        outputs["apply"] = _applications(rules, evaluation)
    except EvaluationError as error:
        return {"errors": [{"field": None, "message": f"按这些输入无法完成计算：{error.message}。请检查输入；"
                                                      "如果输入无误，请把输入告诉维护人员。"}]}
    values[ENV] = evaluation
    return outputs


def _applications(rules: Rules, evaluation: Evaluation) -> list[dict]:
    """怎么申请 for each item the result concerns: the office, papers, contact and the deadline in force on the
    case's day, as one sentence and as parts, cited to the clause that says it."""
    found = []
    for application in rules.applications:
        if application.when is not None and application.when.evaluate(evaluation._scope(application.when.names)) is not True:
            continue
        deadline = rules.parameters.on(application.deadline, evaluation.day) if application.deadline else None
        parts = [f"{application.item}：向{application.office}申请"]
        if application.bring:
            parts.append("需提交" + "、".join(application.bring))
        if application.contact:
            parts.append(f"联系人 {application.contact}")
        if isinstance(deadline, dt.date):
            parts.append(f"申报截止 {chinese_date(deadline)}")
        text = "；".join(parts) + "。"
        if application.note is not None:
            text += render(application.note, _everything(evaluation, application.note), rules)
        where = application.office + (f"（{application.contact}）" if application.contact else "") \
            + (f"，申报截止 {chinese_date(deadline)}" if isinstance(deadline, dt.date) else "")
        found.append({"item": application.item, "office": application.office, "contact": application.contact, "where": where,
                      "bring": list(application.bring), "deadline": deadline.isoformat() if isinstance(deadline, dt.date) else None,
                      "text": text, "clause": rules.link(application.clause), "cite": rules.cite(application.clause)})
    return found


def _everything(evaluation: Evaluation, template: Template) -> dict:
    names = set()
    for part in template.parts:
        if not isinstance(part, str):
            names |= set(part[0].names)
    return evaluation._scope(names)


def _period_names(evaluation: Evaluation, rules: Rules, judged: dt.date) -> None:
    """判断日期, 在期内, 期间开始, 期间结束: the day judged and the period it is judged against."""
    governing = rules.parameters.policy.governing(judged)
    evaluation.known.update({"判断日期": judged, "在期内": governing.covers(judged), "期间开始": governing.start,
                             "期间结束": governing.end})


def rules_judged(rules: Rules, evaluation: Evaluation) -> dt.date:
    name = rules.period["judged"]
    value = evaluation.get(name)
    return value if isinstance(value, dt.date) else evaluation.known["计算日期"]


def _runs(steps) -> list[tuple[Step, ...]]:
    """Steps in file order, consecutive steps over the same list grouped: their working is written
    item by item (all of the first item's lines, then the second's)."""
    runs: list[list[Step]] = []
    for step in steps:
        if runs and step.each and runs[-1][0].each == step.each:
            runs[-1].append(step)
        else:
            runs.append([step])
    return [tuple(run_) for run_ in runs]


def _explain(rules: Rules, evaluation: Evaluation, steps: tuple[Step, ...], working: Working) -> None:
    each = steps[0].each
    for index in range(len(evaluation.lists[each]) if each else 1):
        for step in steps:
            if each:
                scope = _Scope(rules, lambda names, step=step, index=index: evaluation.item_scope(step, index, names))
            else:
                scope = _Scope(rules, evaluation._scope)
            chosen = _chosen(step.texts, scope)
            if chosen:
                link, cite = rules.citation(chosen[1].cited or step.cited, step.clause)
                working.step(chosen[0], link, cite)
            for warning in step.warnings:
                warned = _choose((warning,), scope)
                if warned:
                    working.warn(warned)


def describe(rules: Rules) -> dict:
    parameters = rules.parameters
    policy = parameters.policy
    latest = {name: parameters[key].latest.value for name, key in rules.parameter_keys.items()}
    return {
        "id": rules.id, "title": rules.title, "summary": rules.summary, "audience": rules.audience,
        "document": rules.document, "document_title": rules.notice.get("title", ""), "page": rules.page,
        "policy": {"label": policy.label, "clause": policy.link, "cite": policy.citation,
                   "periods": [{"from": p.start.isoformat(), "until": p.end.isoformat() if p.end else None}
                               for p in policy.periods]},
        "parameter_file": rules.file,
        "notice": parameters.notice,
        "inputs": _inputs_described(rules, latest),
        "link": LINK,
        "outputs": [{"key": o.key, "label": o.label, "kind": o.kind, "labels": dict(o.labels)} for o in rules.outputs
                    if o.listed],
        "rules": parameters.rows(),
        "examples": [{"title": e["title"], "inputs": {k: v for k, v in e["inputs"].items() if k != AS_OF}}
                     for e in rules.examples],
        "interpretations": [{"text": _choose(alternatives, _Scope(rules, lambda names: {n: latest.get(n) for n in names})),
                             "clause": rules.link(clause)} for clause, alternatives in rules.interpretations],
        "entry_points": [dict(e) for e in rules.entry_points],
        "apply": [{"item": a.item, "office": a.office, "contact": a.contact, "bring": list(a.bring),
                   "deadline": _latest_date(rules, a.deadline), "clause": rules.link(a.clause), "cite": rules.cite(a.clause)}
                  for a in rules.applications],
    }


def _latest_date(rules: Rules, key: str | None) -> str | None:
    value = rules.parameters[key].latest.value if key else None
    return value.isoformat() if isinstance(value, dt.date) else None


def _inputs_described(rules: Rules, latest: dict) -> list[dict]:
    """Each input as the page and the browser show it; a help text naming parameters is written out with
    their latest values, as the interpretations are."""
    templates = {i.key: i.help for i in rules.inputs if i.help is not None}
    described = [f.describe() for f in rules.fields]
    for entry in described:
        if entry["name"] in templates:
            entry["help"] = render(templates[entry["name"]], {n: latest.get(n) for n in rules.parameter_keys}, rules)
    return described


def _same(wanted: Any, got: Any) -> bool:
    if isinstance(wanted, dict) and isinstance(got, dict):
        return all(_same(v, got.get(k)) for k, v in wanted.items())
    if isinstance(wanted, (int, float, str)) and not isinstance(wanted, bool) and isinstance(got, (int, float)) \
            and not isinstance(got, bool):
        try:
            return Decimal(str(wanted)) == Decimal(str(got))
        except ArithmeticError:
            return False
    return wanted == got


def check_examples(rules: Rules, clock_day: dt.date) -> list[RuleError]:
    """Each worked example computed from the file; an expected result that differs is an error
    showing both numbers. An example without `as_of` is computed for clock_day (the build's date)."""
    problems = []
    for example in rules.examples:
        line, column = example["place"]
        result = run(rules, example["inputs"], clock_day)
        if result["errors"]:
            problems.append(RuleError(f"例子“{example['title']}”算不出结果：" + "；".join(e["message"] for e in result["errors"]),
                                      rules.file, line, column))
            continue
        for key, wanted in example["expect"].items():
            if key not in result:
                problems.append(RuleError(f"例子“{example['title']}”期望的结果“{key}”不是本计算器的结果", rules.file, line, column))
            elif not _same(wanted, result[key]):
                problems.append(RuleError(f"例子“{example['title']}”的结果“{key}”不一致：例子写的是 {_plainly(wanted)}，"
                                          f"按本文件算得 {_plainly(result[key])}", rules.file, line, column))
    return problems


def _plainly(value: Any) -> str:
    if isinstance(value, float):
        return format(to_fen(Decimal(str(value))), "f")
    return str(value)


def rules_picture(rules: Rules, day: dt.date) -> dict:
    return rule_pictures.rules(rules, rules.parameters.policy.rule_day(day))
