"""Reading a rule file's TOML text: its values (numbers as exact Decimals) and where each key sits.

tomllib reports the line and column of a syntax error; for the loader's own (semantic) errors,
`Locator.find(path)` gives the line and column of the value of a key such as
("step", 2, "formula") or ("input", 1, "item", 0, "kind"), so every error names its place.
The scan is line-based and knows TOML's headers, arrays of tables, multi-line strings and
multi-line arrays of inline tables, which is all a rule file uses.
"""
from __future__ import annotations

import re
import tomllib
from decimal import Decimal

from .rule_errors import RuleError

MAX_FILE_CHARACTERS = 500_000
HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
KEY = re.compile(r"""\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*=\s*""")
INLINE_KEY = re.compile(r"""(?:^|[{,])\s*([A-Za-z0-9_\-]+|"[^"]*")\s*=\s*""")
TOML_REASONS = (
    ("invalid value", "值的写法不对：文字要用英文双引号括起来，日期写成 2000-01-31，数写成 0.125"),
    ("cannot declare", "同一个表或键写了两次"),
    ("cannot overwrite", "同一个键写了两次"),
    ("expected '=' after a key", "键后面应有“=”"),
    ("unclosed", "括号或引号没有配对"),
    ("invalid statement", "这一行不是“键 = 值”的形式（键要用英文字母、数字、“-”和“_”；中文的名称要放在引号里作为值）"),
    ("illegal character", "含有不允许的字符（例如全角引号“”：请用英文双引号）"),
    ("invalid initial character for a key part", "键的名称写法不对（键要用英文字母，中文的名称要放在引号里作为值）"),
    ("expected newline", "一行只能写一个“键 = 值”"),
    ("unterminated string", "引号没有配对"),
)


def _unquote(key: str) -> str:
    key = key.strip()
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'" else key


def _dotted(key: str) -> list[str]:
    parts, current, quote = [], "", ""
    for character in key:
        if quote:
            current += character
            quote = "" if character == quote else quote
        elif character in "\"'":
            quote = character
            current += character
        elif character == ".":
            parts.append(_unquote(current))
            current = ""
        else:
            current += character
    parts.append(_unquote(current))
    return [p.strip() for p in parts]


def read(text: str, file: str) -> dict:
    """The file's values, numbers as Decimal, or a RuleError naming the line and column."""
    if len(text) > MAX_FILE_CHARACTERS:
        raise RuleError(f"文件太大（{len(text):,} 个字符），一个计算器最多 {MAX_FILE_CHARACTERS:,} 个字符", file)
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = next((chinese for english, chinese in TOML_REASONS if english in message.lower()),
                      "写法不符合 TOML 格式")
        line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
        raise RuleError(f"文件写法有误：{reason}", file, line, column) from None
    except RecursionError:
        raise RuleError("文件中的括号嵌套太深", file) from None


class Locator:
    """Where each key's value starts, by its path through tables and arrays of tables."""

    def __init__(self, text: str) -> None:
        self.places: dict[tuple, tuple[int, int]] = {}
        self._scan(text.split("\n"))

    def find(self, path: tuple) -> tuple[int | None, int | None]:
        """The line and column of the value at path, or of the nearest enclosing key or table found."""
        path = tuple(path)
        while path:
            if path in self.places:
                return self.places[path]
            path = path[:-1]
        return None, None

    def _scan(self, lines: list[str]) -> None:
        counts: dict[tuple, int] = {}
        current: tuple = ()
        index = 0
        array_key: tuple | None = None  # inside a multi-line array: the key's path and the element count
        element = -1
        while index < len(lines):
            line = lines[index]
            number = index + 1
            stripped = line.strip()
            index += 1
            if array_key is not None:
                if stripped.startswith("{"):
                    element += 1
                    self.places[(*array_key, element)] = (number, line.index("{") + 1)
                    self._inline(line, (*array_key, element), number)
                if stripped.startswith("]"):
                    array_key = None
                continue
            if not stripped or stripped.startswith("#"):
                continue
            header = HEADER.match(line)
            if header and not KEY.match(line):
                names = _dotted(header.group(2))
                resolved: tuple = ()
                for position, name in enumerate(names):
                    resolved = (*resolved, name)
                    last = position == len(names) - 1
                    if last and header.group(1) == "[[":
                        counts[resolved] = counts.get(resolved, -1) + 1
                        resolved = (*resolved, counts[resolved])
                    elif resolved in counts:
                        resolved = (*resolved, counts[resolved])
                current = resolved
                self.places.setdefault(current, (number, 1))
                continue
            key = KEY.match(line)
            if not key:
                continue
            path = (*current, *_dotted(key.group(1)))
            start = key.end()
            rest = line[start:]
            if rest.startswith(('"""', "'''")):
                quote = rest[:3]
                if rest[3:].strip() == "":
                    self.places[path] = (number + 1, 1)
                else:
                    self.places[path] = (number, start + 4)
                if rest.count(quote) < 2:  # skip the string's body up to its closing quotes
                    while index < len(lines) and quote not in lines[index]:
                        index += 1
                    index += 1
                continue
            self.places[path] = (number, start + (2 if rest[:1] in "\"'" else 1))
            if rest.startswith("{"):
                self._inline(line, path, number)
            elif rest.startswith("[") and rest.rstrip().endswith("[") or (rest.startswith("[") and "]" not in rest):
                array_key, element = path, -1
            elif rest.startswith("["):
                for position, match in enumerate(re.finditer(r"\{", rest)):
                    self.places[(*path, position)] = (number, start + match.start() + 1)
                    closing = rest.find("}", match.start())
                    self._inline(rest[match.start():closing + 1], (*path, position), number, start + match.start())

    def _inline(self, text: str, path: tuple, number: int, offset: int = 0) -> None:
        quote = ""
        for match in INLINE_KEY.finditer(text):
            before = text[: match.start()]
            if before.count('"') % 2:  # inside a string
                continue
            begin = match.end()
            quote = text[begin: begin + 1]
            self.places.setdefault((*path, _unquote(match.group(1))), (number, offset + begin + (2 if quote in "\"'" else 1)))
