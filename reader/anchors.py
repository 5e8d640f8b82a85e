"""Stable ids: clause anchors from numbering paths, page slugs from 文号.

The anchor of a clause depends only on its numbering (and the part or attachment it sits
in), never on its position, so a link to "c4-2" survives a paragraph added above it.

Scheme (documented in README, used by the calculators' parameters):
  main text                c<path>          三（二） -> c3-2 ; 4.2 -> c4-2 ; 5.2.1（1）① -> c5-2-1-1-1
  second numbered part     p2-c<path>       numbering that restarts at 一 after a section title
  attachment N             aN, aN-c<path>   附件1 -> a1 ; its 二（一） -> a1-c2-1
  a number repeated by the text (two 五、) gets a letter: c5, c5b
  第三章 -> z3 ; 第十二条 -> t12 (articles are numbered through the whole text) ; its （一） -> t12-1
  第一编 -> b1 ; its 第二节 -> z3-j2 (sections restart in each chapter) ; 第二款 of 第十二条 -> t12-k2
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .patterns import Marker

try:  # pypinyin is a build dependency; the fallback keeps slugs ASCII without it
    from pypinyin import lazy_pinyin
except ImportError:  # pragma: no cover
    lazy_pinyin = None


_OWN_PATH = {"part": "b", "chapter": "z", "article": "t"}  # 编 bian, 章 zhang, 条 tiao: numbered through the text
_CHILD_PREFIX = {"section": "j", "item": "k"}  # 节 jie, 款 kuan: numbered within their chapter or article


@dataclass
class _Level:
    kind: str
    number: int
    path: tuple[str, ...]
    label: str
    duplicates: int = 0


@dataclass(frozen=True)
class Placement:
    anchor: str
    depth: int
    label: str
    restarted: bool  # numbering began again at 1 at the top level
    problem: str | None  # Chinese note for a build warning (gap or repeat), else None
    parent: str = ""  # the anchor of the enclosing clause ("" at the top level): siblings share it
    kind: str = ""


class Numbering:
    """Places clause markers in a hierarchy that the document itself defines.

    A marker kind already on the stack is a sibling at that level (deeper levels close);
    a new kind opens a child level. Dotted numbers (1.1, 2.1.1) carry their own path.
    """

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.stack: list[_Level] = []
        self.part = 1

    def place(self, mark: Marker) -> Placement:
        number = mark.numbers[-1]
        kinds = [level.kind for level in self.stack]
        restarted = False
        problem = None
        duplicates = 0
        if mark.kind in kinds:
            index = kinds.index(mark.kind)
            previous = self.stack[index]
            del self.stack[index:]
            if number == previous.number and number != 1:
                duplicates = previous.duplicates + 1
                problem = f"编号「{mark.text}」与上一条重复"
            elif index == 0 and number == 1:
                restarted = True
                self.part += 1
            elif number != previous.number + 1:
                problem = f"编号「{mark.text}」前一条是「{previous.label}」，编号不连续"
        parent = self.stack[-1] if self.stack else None
        if mark.kind in _OWN_PATH:  # 第三章, 第十二条: numbered across the whole text
            path = (f"{_OWN_PATH[mark.kind]}{number}",)
        elif mark.kind in _CHILD_PREFIX:
            path = (parent.path if parent else ()) + (f"{_CHILD_PREFIX[mark.kind]}{number}",)
        elif mark.kind.startswith("dec") and mark.kind != "dec1":
            path = tuple(str(n) for n in mark.numbers)
        else:
            path = (parent.path if parent else ()) + (str(number),)
        if duplicates:
            path = path[:-1] + (path[-1] + "bcdefghij"[min(duplicates, 9) - 1],)
        label = _label(mark, parent)
        self.stack.append(_Level(mark.kind, number, path, label, duplicates))
        part = f"p{self.part}-" if self.part > 1 else ""
        parent_anchor = f"{self.prefix}{part}{_anchor(parent.path)}" if parent else f"{self.prefix}{part}"
        return Placement(f"{self.prefix}{part}{_anchor(path)}", len(self.stack), label, restarted, problem,
                         parent_anchor, mark.kind)

    def next_number(self, kind: str) -> int | None:
        """The number the next sibling of the open clause of this kind would carry, or None when none is open."""
        return next((level.number + 1 for level in self.stack if level.kind == kind), None)

    def continues(self, mark: Marker) -> bool:
        """Does the marker number the next sibling of a clause already open (6. then "7宜章县…")?"""
        return any(level.kind == mark.kind and level.number + 1 == mark.numbers[-1] for level in self.stack)

    @property
    def part_anchor(self) -> str:
        return f"{self.prefix}p{self.part}"


def _anchor(path: tuple[str, ...]) -> str:
    joined = "-".join(path)
    return joined if joined[0].isalpha() else f"c{joined}"


def _label(mark: Marker, parent: _Level | None) -> str:
    own = mark.text.rstrip("、.．")
    if mark.kind.startswith("dec") and mark.kind != "dec1":
        return own
    return (parent.label if parent else "") + own


def doc_number_slug(doc_number: str) -> str:
    """江政办发〔2024〕3号 -> jiangzhengbanfa-2024-3 (short, readable, ASCII)."""
    match = re.fullmatch(r"(.+?)〔(\d{4})〕(\d+)号", doc_number)
    if not match:
        return fallback_slug(doc_number)
    prefix = _ascii(match[1])
    return f"{prefix}-{match[2]}-{int(match[3])}" if prefix else fallback_slug(doc_number)


def fallback_slug(title: str, date: str | None = None) -> str:
    digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
    words = _ascii(title)[:24].strip("-")
    head = f"{date}-" if date else ""
    return f"{head}{words}-{digest}" if words else f"{head}doc-{digest}"


def filter_slug(value: str, taken: set[str]) -> str:
    """A catalogue filter's value as a folder name: 人事任免 -> renshirenmian (a digest when taken or empty)."""
    words = _ascii(value)[:40].strip("-")
    if words and words not in taken:
        return words
    return f"{words or 'v'}-{hashlib.sha1(value.encode('utf-8')).hexdigest()[:6]}"


def _ascii(text: str) -> str:
    if lazy_pinyin is not None:
        text = "".join(lazy_pinyin(text))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
