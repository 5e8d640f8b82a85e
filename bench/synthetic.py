"""Synthetic corpora of any size, made from the real notices: clauses shuffled, numbers changed.

Each synthetic notice copies one real notice (so sizes and structure are realistic), gets a
unique 文号, has the texts of its numbered clauses shuffled among clauses of the same kind, and
has the digits inside its paragraphs changed. Deterministic for a given seed.

`generate_province` makes a folder of counties: each county gets its own name (青石县, 云川县 …),
which replaces the real county's name in every notice, its own 文号 prefix (青政办发, 云政发 …) and
its own profile, so that slugs, issuers and titles vary from county to county.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from reader.model import SourceText
from reader.patterns import date_line, doc_number_line, marker, registration_line
from reader.sources import read_sources
from reader.split import split

NOTICES_PER_FILE = 100


def _templates(source: Path) -> list[list[str]]:
    templates = []
    for text in read_sources(source):
        for chunk in split(text):
            templates.append([line.text for line in chunk.lines])
    return templates


def _variant(lines: list[str], serial: int, rng: random.Random, place: tuple[str, str, str] | None = None) -> list[str]:
    """One synthetic notice; `place` = (real county name, new county name, new 文号 first character)."""
    year = 2030 + serial // 10000
    out = list(lines)
    if place:
        real, name, initial = place
        real_short, short = real[:2], name[:-1]
        out = [line.replace(real, name).replace(real_short, short) for line in out]
    clauses: dict[str, list[int]] = {}
    for i, line in enumerate(out):
        found = doc_number_line(line)
        if found:
            prefix = re.match(r"(.+?)〔", found).group(1)
            if place:
                prefix = place[2] + prefix[1:]
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


FIRST = "青云石白东南西北金银龙凤桃柳松梅兰竹安平永长"
SECOND = "山川河溪岭源阳江田林城湖"


def county_names(count: int) -> list[str]:
    """`count` distinct made-up county names, two characters and 县, with distinct first characters where possible."""
    names = []
    for i in range(count):
        first, second = FIRST[i % len(FIRST)], SECOND[(i // len(FIRST) + i) % len(SECOND)]
        names.append(first + second + "县")
    if len(set(names)) != count:
        raise ValueError(f"at most {len(FIRST) * len(SECOND)} county names")
    return names


def generate_province(source: Path, target: Path, counties: int, per_county: int, seed: int = 2024) -> Path:
    """A province of `counties` folders of `per_county` notices each, named and numbered per county."""
    from reader.anchors import _ascii
    from publisher.profile import load_profile

    real = load_profile(source).name
    templates = _templates(source)
    target.mkdir(parents=True, exist_ok=True)
    (target / "province.toml").write_text('name = "样例省"\nsite_title = "样例省各县政策文件"\n'
                                         'site_url = "https://zcwj.example.gov.cn/"\n', encoding="utf-8")
    for number, name in enumerate(county_names(counties)):
        folder = target / _ascii(name)
        folder.mkdir(exist_ok=True)
        (folder / "county.toml").write_text(f'name = "{name}"\n', encoding="utf-8")
        rng = random.Random(seed + number)
        for start in range(0, per_county, NOTICES_PER_FILE):
            lines: list[str] = []
            for serial in range(start, min(start + NOTICES_PER_FILE, per_county)):
                lines.extend(_variant(rng.choice(templates), serial, rng, (real, name, name[0])))
            (folder / f"synthetic-{start // NOTICES_PER_FILE:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


__all__ = ["generate", "generate_province", "county_names", "SourceText"]
