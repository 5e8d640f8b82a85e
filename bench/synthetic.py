"""Synthetic corpora of any size, made from the real notices: clauses shuffled, numbers changed.

Each synthetic notice copies one real notice (so sizes and structure are realistic), gets a
unique 文号, has the texts of its numbered clauses shuffled among clauses of the same kind, and
has the digits inside its paragraphs changed. Deterministic for a given seed.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from pipeline.model import SourceText
from pipeline.patterns import date_line, doc_number_line, marker, registration_line
from pipeline.read import read_sources
from pipeline.split import split

NOTICES_PER_FILE = 100


def _templates(source: Path) -> list[list[str]]:
    templates = []
    for text in read_sources(source):
        for chunk in split(text):
            templates.append([line.text for line in chunk.lines])
    return templates


def _variant(lines: list[str], serial: int, rng: random.Random) -> list[str]:
    year = 2030 + serial // 10000
    out = list(lines)
    clauses: dict[str, list[int]] = {}
    for i, line in enumerate(out):
        found = doc_number_line(line)
        if found:
            prefix = re.match(r"(.+?)〔", found).group(1)
            out[i] = f"{prefix}〔{year}〕{serial % 10000 + 1}号"
            continue
        if registration_line(line):
            out[i] = f"JHDR-{year}-{serial:05d}"
            continue
        mark = marker(line)
        if mark and mark.rest:
            clauses.setdefault(mark.kind, []).append(i)
        elif not date_line(line) and not line.startswith("\t") and len(line) > 20:
            out[i] = re.sub(r"\d", lambda m: str(rng.randint(0, 9)), line)
    for positions in clauses.values():
        texts = [marker(out[i]).rest for i in positions]
        rng.shuffle(texts)
        for i, text in zip(positions, texts):
            mark = marker(out[i])
            out[i] = out[i][: out[i].index(mark.text) + len(mark.text)] + text
    return out


def generate(source: Path, target: Path, count: int, seed: int = 2024) -> Path:
    """Write `count` synthetic notices into `target` (files of 100 notices each)."""
    rng = random.Random(seed)
    templates = _templates(source)
    target.mkdir(parents=True, exist_ok=True)
    for start in range(0, count, NOTICES_PER_FILE):
        lines: list[str] = []
        for serial in range(start, min(start + NOTICES_PER_FILE, count)):
            lines.extend(_variant(rng.choice(templates), serial, rng))
        (target / f"synthetic-{start // NOTICES_PER_FILE:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


__all__ = ["generate", "SourceText"]
