"""Formulas of rule files: a small, exact and safe subset of Python expressions.

A formula is parsed once with the standard library's `ast`, checked against a whitelist of node
kinds, names and functions (formula_functions.FUNCTIONS), and evaluated by walking the checked
tree with Decimal arithmetic in a bounded context. Nothing is ever passed to eval or compile,
no attribute, subscript, lambda or comprehension is accepted, and length, depth, size and
exponents are bounded, so a hostile formula gets a Chinese error, never code execution or a hang.

    parse(text, names, file, line, column) -> Formula      (raises RuleError)
    Formula.evaluate(values) -> Decimal | bool | str | date | list | dict   (raises EvaluationError)

Full-width punctuation a clerk types with a Chinese input method (（），×÷＜＞“”) is read as its
ASCII twin, one character for one, so error columns stay right.
"""
from __future__ import annotations

import ast
import datetime as dt
import difflib
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from typing import Any, Iterable

from .formula_functions import ALIASES, FUNCTIONS, Refused, kind_name
from .rule_errors import EvaluationError, RuleError

MAX_CHARACTERS = 2000
MAX_NODES = 400
MAX_DEPTH = 40  # of the tree; brackets may nest MAX_BRACKETS deep
MAX_BRACKETS = 20
MAX_EXPONENT = 100
MAX_SHOWN = 40  # characters of a formula quoted in a message
NAME_CUTOFF = 0.5  # how alike a misspelt name must be to be suggested (difflib ratio)
# the default precision (so results equal plain Decimal arithmetic), a bounded exponent, every fault trapped
CONTEXT = Context(prec=28, Emax=99, Emin=-99, traps=[InvalidOperation, DivisionByZero, Overflow])
CONSTANT_NAMES = {"是": True, "否": False}

FULL_WIDTH = str.maketrans({"（": "(", "）": ")", "，": ",", "＋": "+", "－": "-", "×": "*", "＊": "*", "÷": "/",
                            "／": "/", "＜": "<", "＞": ">", "＝": "=", "“": '"', "”": '"', "‘": "'", "’": "'",
                            "［": "[", "］": "]", "．": ".", "！": "!", **{chr(0xFF10 + d): str(d) for d in range(10)}})

ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
COMPARISONS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
ORDERED = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
STRUCTURAL = (ast.Expression, ast.Load, ast.And, ast.Or, ast.USub, ast.UAdd, ast.Not, *ARITHMETIC, *COMPARISONS)
REFUSED = {
    ast.Attribute: "不能用“.”取名称的属性；公式里只能写输入、参数和步骤的名称",
    ast.Subscript: "不能用方括号取其中一项；要在表里查值，请写 查表(表, 键)",
    ast.Lambda: "不能在公式里定义函数（lambda）",
    ast.ListComp: "不能使用推导式（for … in …）；逐项计算请在步骤里写“逐项”",
    ast.SetComp: "不能使用推导式（for … in …）；逐项计算请在步骤里写“逐项”",
    ast.DictComp: "不能使用推导式（for … in …）；逐项计算请在步骤里写“逐项”",
    ast.GeneratorExp: "不能使用推导式（for … in …）；逐项计算请在步骤里写“逐项”",
    ast.NamedExpr: "不能在公式里给名称赋值（:=）；每个中间结果请写成一个步骤",
    ast.Starred: "不能使用星号展开（*）",
    ast.JoinedStr: "不能使用 f 字符串；步骤的说明请写在“说明”里",
    ast.Dict: "不能在公式里写表（{…}）；表请写成参数",
    ast.Set: "不能在公式里写集合（{…}）",
    ast.Slice: "不能取切片",
    ast.Await: "不能使用 await",
    ast.Yield: "不能使用 yield",
    ast.YieldFrom: "不能使用 yield",
    ast.FloorDiv: "不支持“//”；取商的整数部分请写 整除(被除数, 除数)",
    ast.Mod: "不支持“%”；百分比请写成小数（12.5% 写 0.125），或写成参数",
    ast.MatMult: "不支持“@”",
    ast.BitAnd: "不支持“&”；“并且”请写 and",
    ast.BitOr: "不支持“|”；“或者”请写 or",
    ast.BitXor: "不支持“^”；乘方请写 **",
    ast.LShift: "不支持“<<”",
    ast.RShift: "不支持“>>”",
    ast.Invert: "不支持“~”；“不是”请写 not",
    ast.Is: "不支持“is”；比较请写 ==",
    ast.IsNot: "不支持“is not”；比较请写 !=",
}


class Formula:
    """A checked formula: its text, its tree, the names it reads, and where it sits in its file."""

    def __init__(self, text: str, source: str, shift: int, tree: ast.Expression, names: tuple[str, ...], file: str,
                 line: int, column: int) -> None:
        self.text = text
        self.source = source  # the text as parsed (full-width punctuation made ASCII)
        self.shift = shift  # lines added before the text to parse a formula written over several lines
        self.tree = tree
        self.names = names  # the names it reads, in order of first appearance
        self.file, self.line, self.column = file, line, column

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"

    def place(self, node: ast.AST) -> tuple[int, int]:
        """The file line and column (characters, 1-based) of a node of this formula."""
        return _place(self.source, self.shift, node, self.line, self.column)

    def evaluate(self, values: dict[str, Any]) -> Any:
        """The formula's value for these names' values. Raises EvaluationError with the place."""
        with localcontext(CONTEXT):
            return _Evaluation(self, values).value(self.tree.body)


def _place(source: str, shift: int, node: ast.AST, line: int, column: int) -> tuple[int, int]:
    lineno = getattr(node, "lineno", 1 + shift)
    lines = source.split("\n")
    text_line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    characters = len(text_line.encode("utf-8")[: getattr(node, "col_offset", 0)].decode("utf-8", "ignore"))
    own_line = max(lineno - shift, 1)
    return line + own_line - 1, (column + characters if own_line == 1 else characters + 1)


def _nearest(name: str, candidates: Iterable[str]) -> str:
    if name in ALIASES or name.lower() in ALIASES:
        return f"；是否想写“{ALIASES.get(name, ALIASES.get(name.lower()))}”？"
    pool = list(candidates)
    close = difflib.get_close_matches(name, pool + list(ALIASES), n=1, cutoff=NAME_CUTOFF)
    if not close:
        return ""
    return f"；是否想写“{ALIASES.get(close[0], close[0]) if close[0] not in pool else close[0]}”？"


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    quote = ""
    for character in text:
        if quote:
            quote = "" if character == quote else quote
        elif character in "\"'":
            quote = character
        elif character in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in ")]}":
            depth -= 1
    return deepest


def parse(text: str, names: Iterable[str], file: str = "", line: int = 1, column: int = 1,
          what: str = "公式") -> Formula:
    """Parse and check a formula. `names` are the names it may read (inputs, parameters, steps)."""
    known = set(names)

    source, shift = "", 0

    def fail(message: str, node: ast.AST | None = None, offset: tuple[int, int] | None = None):
        if node is not None:
            at_line, at_column = _place(source, shift, node, line, start)
        elif offset is not None:
            own_line = max(offset[0] - shift, 1)
            at_line, at_column = line + own_line - 1, (start + offset[1] - 1 if own_line == 1 else offset[1])
        else:
            at_line, at_column = line, start
        raise RuleError(f"{what}“{_short(text)}”{message}", file, at_line, at_column)

    start = column
    if not isinstance(text, str):
        raise RuleError(f"{what}应写成文字（用引号括起来），得到的是{kind_name(text)}", file, line, column)
    written = _ascii(text)
    if not written.strip():
        fail("是空的")
    if len(written) > MAX_CHARACTERS:
        fail(f"太长（{len(written)} 个字符），最多 {MAX_CHARACTERS} 个字符；请拆成几个步骤")
    if _bracket_depth(written) > MAX_BRACKETS:
        fail(f"括号嵌套太深（超过 {MAX_BRACKETS} 层）；请拆成几个步骤")
    if "\n" in written.strip():
        source, shift = "(\n" + written + "\n)", 1  # over several lines: brackets let Python read it as one
    else:
        start = column + len(written) - len(written.lstrip())
        source = written.strip()
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        fail(f"写法有误（{_syntax_reason(error)}）", offset=(error.lineno or 1, error.offset or 1))
    except (RecursionError, MemoryError, ValueError):
        fail("嵌套太深或含有不能识别的字符；请拆成几个步骤")
    _check(tree, known, fail)
    read = []
    for node in sorted((n for n in ast.walk(tree) if isinstance(n, ast.Name)), key=lambda n: (n.lineno, n.col_offset)):
        if node.id in known and node.id not in read:
            read.append(node.id)
    return Formula(text, source, shift, tree, tuple(read), file, line, start)


def _ascii(text: str) -> str:
    """Full-width punctuation as its ASCII twin, outside strings (a text keeps its own characters)."""
    out, quote = [], ""
    for character in text:
        twin = character.translate(FULL_WIDTH)
        if quote:
            out.append(twin if twin == quote and character in "\"'“”‘’" else character)
            quote = "" if twin == quote else quote
        else:
            out.append(twin)
            quote = twin if twin in "\"'" else ""
    return "".join(out)


def _short(text: str) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= MAX_SHOWN else flat[:MAX_SHOWN - 3] + "…"


def _syntax_reason(error: SyntaxError) -> str:
    message = (error.msg or "").lower()
    if "never closed" in message or "unexpected eof" in message or "was not closed" in message:
        return "括号没有配对"
    if "unmatched" in message or "does not match" in message:
        return "括号没有配对"
    if "invalid character" in message:
        return "含有公式里不能用的字符"
    if "unterminated string" in message:
        return "引号没有配对"
    if "too many nested" in message:
        return "括号嵌套太深"
    return "不是合法的公式，请检查运算符、括号和逗号"


def _check(tree: ast.Expression, known: set[str], fail) -> None:
    """Every node whitelisted; names and functions known; bounded size and depth (no recursion)."""
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            fail(f"太长（超过 {MAX_NODES} 个部分）；请拆成几个步骤")
        if depth > MAX_DEPTH:
            fail(f"嵌套太深（超过 {MAX_DEPTH} 层）；请拆成几个步骤", node)
        for kind, reason in REFUSED.items():
            if isinstance(node, kind):
                fail(reason, node if hasattr(node, "lineno") else None)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or type(node.value) in (int, float, str):
                pass
            else:
                fail("含有公式里不能用的常量", node)
        elif isinstance(node, ast.Name):
            if node.id not in known and node.id not in CONSTANT_NAMES:
                hint = f"；“{node.id}”是函数，要写成 {FUNCTIONS[node.id].signature}" if node.id in FUNCTIONS else \
                    _nearest(node.id, known | set(CONSTANT_NAMES))
                fail(f"用到了没有定义的名称“{node.id}”{hint}", node)
        elif isinstance(node, ast.Call):
            _check_call(node, known, fail)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant):
            exponent = node.right.value
            if not isinstance(exponent, int) or isinstance(exponent, bool) or abs(exponent) > MAX_EXPONENT:
                fail(f"的乘方指数应为不超过 {MAX_EXPONENT} 的整数", node.right)
        elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
            if not all(isinstance(c, (ast.List, ast.Tuple, ast.Name, ast.Call)) for c, op in zip(node.comparators, node.ops)
                       if isinstance(op, (ast.In, ast.NotIn))):
                fail("的 in 后面应为列表，如 x in [\"a\", \"b\"]", node)
        elif not isinstance(node, (ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.List, ast.Tuple,
                                   *STRUCTURAL)):
            fail(f"含有公式里不能用的写法（{type(node).__name__}）", node if hasattr(node, "lineno") else None)
        children = [child for child in ast.iter_child_nodes(node)]
        if isinstance(node, ast.Call):
            children = list(node.args)  # the function's name is checked above, not as a value
        stack.extend((child, depth + 1) for child in children)


def _check_call(node: ast.Call, known: set[str], fail) -> None:
    if not isinstance(node.func, ast.Name):
        fail("只能调用有名称的函数，如 最小(a, b)", node)
    name = node.func.id
    if name not in FUNCTIONS:
        what = "步骤或参数" if name in known else "函数"
        hint = _nearest(name, FUNCTIONS) if name not in known else "，不能当函数调用"
        fail(f"用到了没有的{what}“{name}”{hint}。可用的函数：{'、'.join(FUNCTIONS)}", node)
    if node.keywords:
        fail(f"调用 {name} 时不能写“名称=值”形式的参数；请按顺序写：{FUNCTIONS[name].signature}", node)
    function = FUNCTIONS[name]
    count = len(node.args)
    if count < function.least or (function.most is not None and count > function.most):
        fail(f"中 {name} 的参数个数不对（{count} 个）；应写成 {function.signature}", node)


class _Evaluation:
    """One evaluation of a formula: walks the checked tree (its depth is bounded by the check)."""

    def __init__(self, formula: Formula, values: dict[str, Any]) -> None:
        self.formula = formula
        self.values = values

    def fail(self, node: ast.AST, message: str):
        line, column = self.formula.place(node)
        raise EvaluationError(f"公式“{_short(self.formula.text)}”{message}", self.formula.file, line, column)

    def value(self, node: ast.AST) -> Any:
        try:
            return self._value(node)
        except (DivisionByZero, InvalidOperation, ZeroDivisionError) as error:
            self.fail(node, "中出现除以零" if isinstance(error, (DivisionByZero, ZeroDivisionError)) or
                      "division" in str(error).lower() else "中有无法计算的运算")
        except Overflow:
            self.fail(node, "的结果太大，超出可以计算的范围")
        except Refused as reason:
            self.fail(node, f"：{reason}")

    def _value(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or isinstance(node.value, str):
                return node.value
            return Decimal(ast.get_source_segment(self.formula.source, node) or repr(node.value)).normalize() \
                if isinstance(node.value, float) else Decimal(node.value)
        if isinstance(node, ast.Name):
            if node.id in CONSTANT_NAMES and node.id not in self.values:
                return CONSTANT_NAMES[node.id]
            return self.values.get(node.id)
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.value(item) for item in node.elts]
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand)
            if isinstance(node.op, ast.Not):
                return not self._truth(node.operand, operand, "not")
            return -self._number(node.operand, operand, "负号") if isinstance(node.op, ast.USub) else \
                self._number(node.operand, operand, "正号")
        if isinstance(node, ast.BinOp):
            return self._arithmetic(node)
        if isinstance(node, ast.BoolOp):
            word = "and" if isinstance(node.op, ast.And) else "or"
            for item in node.values:
                truth = self._truth(item, self.value(item), word)
                if truth != isinstance(node.op, ast.And):
                    return truth
            return isinstance(node.op, ast.And)
        if isinstance(node, ast.Compare):
            left = self.value(node.left)
            for op, comparator in zip(node.ops, node.comparators):
                right = self.value(comparator)
                if not self._compare(node, op, left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            test = self._truth(node.test, self.value(node.test), "if")
            return self.value(node.body if test else node.orelse)
        if isinstance(node, ast.Call):
            function = FUNCTIONS[node.func.id]
            if function.lazy:
                return function.run(*[(lambda item=item: self.value(item)) for item in node.args])
            return function.run(*[self.value(item) for item in node.args])
        self.fail(node, "含有公式里不能用的写法")  # pragma: no cover - the check refused it already

    def _number(self, node: ast.AST, value: Any, what: str) -> Decimal:
        if isinstance(value, Decimal):
            return value
        if value is None:
            self.fail(node, f"中的“{_source(self.formula, node)}”没有值（未填写）")
        self.fail(node, f"中{what}的对象“{_source(self.formula, node)}”应为数，得到的是{kind_name(value)}")

    def _truth(self, node: ast.AST, value: Any, word: str) -> bool:
        if isinstance(value, bool):
            return value
        self.fail(node, f"中 {word} 的对象“{_source(self.formula, node)}”应为条件（是/否），得到的是{kind_name(value)}")

    def _arithmetic(self, node: ast.BinOp) -> Decimal:
        symbol = ARITHMETIC[type(node.op)]
        left = self._number(node.left, self.value(node.left), f"“{symbol}”")
        right = self._number(node.right, self.value(node.right), f"“{symbol}”")
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            if right.is_zero():
                self.fail(node, f"中除数“{_source(self.formula, node.right)}”为零")
            return left / right
        if right != right.to_integral_value() or abs(right) > MAX_EXPONENT:
            self.fail(node.right, f"的乘方指数应为不超过 {MAX_EXPONENT} 的整数，得到的是 {right}")
        if left.is_zero() and right < 0:
            self.fail(node, "中出现除以零（零的负数次方）")
        return left ** int(right)

    def _compare(self, node: ast.Compare, op: ast.cmpop, left: Any, right: Any) -> bool:
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(right, (list, tuple, dict)):
                self.fail(node, f"中 in 的右边应为列表，得到的是{kind_name(right)}")
            inside = left in right
            return inside if isinstance(op, ast.In) else not inside
        comparable = (isinstance(left, bool) and isinstance(right, bool)) or (
            not isinstance(left, bool) and not isinstance(right, bool) and (
                (isinstance(left, Decimal) and isinstance(right, Decimal))
                or (isinstance(left, dt.date) and isinstance(right, dt.date))
                or (isinstance(left, str) and isinstance(right, str))))
        if isinstance(op, (ast.Eq, ast.NotEq)):
            if not comparable and left is not None and right is not None:
                self.fail(node, f"比较了不同种类的值（{kind_name(left)}和{kind_name(right)}）")
            return (left == right) == isinstance(op, ast.Eq)
        if not comparable or isinstance(left, (bool, str)):
            if left is None or right is None:
                self.fail(node, "中比较的值没有填写")
            self.fail(node, f"中不能比较{kind_name(left)}和{kind_name(right)}的大小")
        if isinstance(op, ast.Lt):
            return left < right
        if isinstance(op, ast.LtE):
            return left <= right
        if isinstance(op, ast.Gt):
            return left > right
        return left >= right


def _source(formula: Formula, node: ast.AST) -> str:
    return _short(ast.get_source_segment(formula.source, node) or "")
