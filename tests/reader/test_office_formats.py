"""Score the reader on the office-format copies of keyed real notices, field by field, against the same keys.

tests/fixtures/office/<stem>.docx/.pdf/.ofd/.html are made from tests/fixtures/real_notices/<stem>.txt by
tests/fixtures/office/make.py the way counties make their files (python-docx per GB/T 9704, PDF exported
by LibreOffice, county CMS page templates). Each format must read every field at least as right as the
text copy does: per field, the number of fixtures right in a format is at least the number right from the
text. The fields and their comparison are those of test_real_notices.py, except the page furniture: the
text copy is scored against the key's list of furniture lines, a format copy (which has its own
furniture, or none) on whether it set aside no line of the document and every line of its own furniture.
"""
from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from reader.model import Notice, SourceText
from reader.parse import parse_chunk
from reader.sources import read_file
from reader.split import split

from .test_real_notices import (FIELDS, NOTICE_FIELDS, Fixture, Score, expected, observed, observed_chrome, pair,
                                source_lines)

OFFICE = Path(__file__).resolve().parent.parent / "fixtures" / "office"
REAL = OFFICE.parent / "real_notices"
FORMATS = ("docx", "pdf", "ofd", "html")
STEMS = sorted(p.stem for p in OFFICE.glob("*.docx"))


def fixture(stem: str) -> Fixture:
    return Fixture(stem, REAL / f"{stem}.txt", tomllib.loads((REAL / f"{stem}.key.toml").read_text(encoding="utf-8")))


def read(text: SourceText) -> list[Notice]:
    return [parse_chunk(chunk)[0] for chunk in split(text)]


def document_lines(stem: str) -> Counter:
    """The lines of the document itself in the text copy, as the make script laid them out (furniture left out),
    spaces removed, each with how often the document has it."""
    from tests.fixtures.office.make import document_parts
    _, lines, _ = document_parts(stem)
    return Counter("".join(line.text.split()) for line, _ in lines)


def furniture_right(text: SourceText, notices: list[Notice], stem: str) -> bool:
    """No line of the document set aside (a line whose words the page also prints as furniture, the site's
    name as its logo, may be set aside as often as the page has it beyond the document); every line the
    format marks as furniture, and not the document's, set aside."""
    document = document_lines(stem)
    printed = Counter("".join(l.text.split()) for l in text.lines)
    lines = {l.number: l for l in text.lines}
    aside = {c.line for n in notices for c in n.chrome}
    counted = Counter("".join(lines[n].text.split()) for n in aside)
    if any(counted[words] > printed[words] - document[words] for words in counted if words in document):
        return False
    own = {l.number for l in text.lines if l.layout is not None and l.layout.chrome
           and "".join(l.text.split()) not in document}
    return own <= aside


def score_format(kind: str) -> Score:
    score = Score()
    for stem in STEMS:
        fx = fixture(stem)
        if kind == "txt":
            text = read_file(fx.text_path, fx.text_path.name)
            notices = read(text)
            lines = dict(enumerate(source_lines(fx), start=1))
            score.add(stem, "chrome", fx.key["chrome"], observed_chrome(notices, lines))
        else:
            text = read_file(OFFICE / f"{stem}.{kind}", f"{stem}.{kind}")
            notices = read(text)
            lines = {l.number: l.text for l in text.lines}
            score.add(stem, "chrome", True, furniture_right(text, notices, stem))
        score.add(stem, "notices", len(fx.notices), len(notices))
        for key, notice in zip(fx.notices, pair(len(fx.notices), notices)):
            want = expected(key)
            got = observed(notice, lines) if notice else dict.fromkeys(NOTICE_FIELDS)
            for name in NOTICE_FIELDS:
                score.add(stem, name, want[name], got[name])
    return score


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return {kind: score_format(kind) for kind in ("txt",) + FORMATS}


def table(scores: dict[str, Score]) -> str:
    out = ["", f"Reader on office-format copies of {len(STEMS)} keyed real notices (right / {len(STEMS)})",
           f"{'field':<20}" + "".join(f"{k:>7}" for k in scores)]
    for name in FIELDS:
        out.append(f"{name:<20}" + "".join(f"{s.right[name]:>7}" for s in scores.values()))
    for kind, s in scores.items():
        for stem, name, want, got in s.mismatches:
            out.append(f"  {kind} {stem} {name}\n      expected {want!r}\n      got      {got!r}")
    return "\n".join(out)


def test_print_scores(scores, capsys):
    with capsys.disabled():
        print(table(scores))


def test_material_is_there():
    assert len(STEMS) >= 10
    for stem in STEMS:
        for kind in FORMATS:
            assert (OFFICE / f"{stem}.{kind}").is_file(), f"{stem}.{kind}"


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("name", FIELDS)
def test_every_field_at_least_as_right_as_from_the_text(scores, kind, name):
    assert scores[kind].right[name] >= scores["txt"].right[name], table(scores)
