"""Split a source text into notices.

A notice starts at its title (a line with 关于 that, joined with up to three following
lines, ends in a document type such as 通知), confirmed by a 文号, 登记号 or 主送 line
close below it (or a 文号 just above it). The issuing-office line or 文号 standing just
before the title belongs to that notice, not to the one before it.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import SourceLine, SourceText
from .patterns import (clean, doc_number_line, is_addressee_line, is_office_line,
                       looks_like_title_end, registration_line)

MAX_TITLE_LINES = 4
MAX_TITLE_CHARS = 120


@dataclass(frozen=True)
class Chunk:
    source: SourceText
    lines: tuple[SourceLine, ...]
    title_start: int | None  # index in lines; None when no title was recognised
    title_end: int | None  # index of the last title line (inclusive)


def _non_blank(lines: tuple[SourceLine, ...], start: int, step: int = 1, limit: int = 10):
    """Indices of the next non-blank lines from start (inclusive) in direction step."""
    found = []
    i = start
    while 0 <= i < len(lines) and len(found) < limit:
        if clean(lines[i].text):
            found.append(i)
        i += step
    return found


def title_span(lines: tuple[SourceLine, ...], i: int, anywhere: bool = False) -> int | None:
    """The index of the last title line when a title starts at i, else None."""
    first = clean(lines[i].text)
    if not first or any(ch in "。；" for ch in first) or len(first) > 60:
        return None
    if not anywhere and "关于" not in first[:40]:
        return None
    text = ""
    indices = _non_blank(lines, i, limit=MAX_TITLE_LINES)
    for count, j in enumerate(indices):
        if count and j - indices[count - 1] > 3:
            break  # more than two blank lines: not the same title
        part = clean(lines[j].text)
        if count and (any(ch in part for ch in "。，；：,;:") or doc_number_line(part)
                      or registration_line(part)):
            break
        text += part
        if len(text) > MAX_TITLE_CHARS:
            return None
        if looks_like_title_end(text):
            return j
    return None


def _confirmed(lines: tuple[SourceLine, ...], start: int, end: int) -> bool:
    for j in _non_blank(lines, end + 1, limit=4):
        text = lines[j].text
        if doc_number_line(text) or registration_line(text) or is_addressee_line(text):
            return True
    before = _non_blank(lines, start - 1, step=-1, limit=2)
    return any(doc_number_line(lines[j].text) for j in before)


def _lead_in(lines: tuple[SourceLine, ...], start: int, floor: int) -> int:
    """Move a notice's start up over its issuing-office line and a 文号 above the title."""
    taken_office = False
    for j in _non_blank(lines, start - 1, step=-1, limit=3):
        if j < floor:
            break
        text = lines[j].text
        if is_office_line(text) and not taken_office:
            taken_office = True
            start = j
        elif doc_number_line(text) or registration_line(text):
            start = j
        else:
            break
    return start


def split(source: SourceText) -> list[Chunk]:
    lines = source.lines
    titles: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        end = title_span(lines, i)
        if end is not None and _confirmed(lines, i, end):
            titles.append((i, end))
            i = end + 1
        else:
            i += 1
    if not titles:
        first = _non_blank(lines, 0, limit=1)
        if first:
            end = title_span(lines, first[0], anywhere=True)
            return [Chunk(source, lines, first[0] if end is not None else None, end)]
        return [Chunk(source, lines, None, None)]

    starts = []
    floor = 0
    for title_start, _ in titles:
        start = _lead_in(lines, title_start, floor)
        starts.append(start)
        floor = title_start + 1
    chunks = []
    for n, ((title_start, title_end), start) in enumerate(zip(titles, starts)):
        begin = 0 if n == 0 else start  # text before the first title stays with the first notice
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk_lines = lines[begin:stop]
        chunks.append(Chunk(source, chunk_lines, title_start - begin, title_end - begin))
    return chunks
