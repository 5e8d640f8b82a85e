"""The reader's entry point: one source file -> its notices, and a corpus's page addresses made unique.

Lines a folder's texts repeat at their head or foot are learned first, over all of them
(`repetition.py`), and passed to each file's reading.

A file's bytes are decoded into lines (`sources.py`), cut into one chunk per notice (`split.py`)
and each chunk parsed into a Notice (`parse.py`). Nothing here caches or writes: the site builder
caches what this returns, keyed by the file's bytes.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .model import BuildWarning, Notice, SourceText
from .parse import parse_chunk
from .repetition import repeated_in
from .sources import read_file
from .split import split


def read_notices_of_file(path: Path, display: str, repeated: dict[str, int] | None = None
                         ) -> tuple[list[BuildWarning], list[Notice], list[BuildWarning]]:
    """The reading notes (encoding, links), the notices and the parser's warnings of one source file."""
    return read_notices_of_text(read_file(path, display), repeated)


def read_notices_of_text(text: SourceText, repeated: dict[str, int] | None = None
                         ) -> tuple[list[BuildWarning], list[Notice], list[BuildWarning]]:
    """The same for a decoded text. `repeated` ({line: texts}, from `repetition.repeated_lines` over the whole
    folder) names the lines its site prints on every page."""
    notices: list[Notice] = []
    warnings: list[BuildWarning] = []
    for chunk in split(text, repeated_in(text.lines, repeated or {})):
        notice, found = parse_chunk(chunk)
        notices.append(notice)
        warnings.extend(found)
    return list(text.warnings), notices, warnings


def dedupe_slugs(notices: list[Notice], warnings: list[BuildWarning]) -> None:
    """Give every notice its own page address: a repeated one gets -2, -3 … in reading order, with a warning."""
    seen: dict[str, Notice] = {}
    next_suffix: dict[str, int] = {}  # per slug, the first suffix not yet tried: linear in the number of notices
    for index, notice in enumerate(notices):
        slug = notice.slug
        n = next_suffix.get(slug, 2)
        while slug in seen:
            slug = f"{notice.slug}-{n}"
            n += 1
        next_suffix[notice.slug] = n
        if slug != notice.slug:
            warnings.append(BuildWarning(notice.source_path, notice.first_line,
                                         f"地址 {notice.slug} 已被 {seen[notice.slug].source_path} 使用（文号重复？），本文改用 {slug}"))
            notice = replace(notice, slug=slug)
            notices[index] = notice
        seen[slug] = notice
