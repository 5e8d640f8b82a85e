"""Score the reader on real notices of other counties, field by field, against hand-written keys.

Each fixture in tests/fixtures/real_notices/ is a text as collected (web copy with its page
furniture, legal-database copy, mirror) and a key written by a person reading it
(<stem>.key.toml; layout in the key spec). The reader runs exactly as `read_notices` does on a
single file: read -> split -> parse_chunk. Validity is not scored here.

The rates are a ratchet: MIN_RATES holds the rates measured when the fixtures were keyed, and a
field whose rate falls below its minimum fails. Whoever improves the reader raises the minimums
(towards 1.0) in the same commit. The table and every mismatch are printed on each run.

`observed()` and `observed_chrome()` are the one place that maps the reader's model onto the
key's fields: when the model grows (set-aside page furniture, several issuers), update them there.

Key conventions beyond the spec: Chinese keys in [notice.info_block] are quoted (TOML 1.0 bare keys
are ASCII only); title = "" means no careful reader can tell the title from the text, and titles compare with
whitespace ignored and with or without the issuing body's name typeset on its own line above 关于…; table forms
include "box-drawing" (┌┬│ grids) and "run-together" (cells glued with no separator); texts are
keyed in the characters they use (traditional, pinyin glosses and all), 文号 compare after
normalising brackets, spaces and 號, registration numbers after making every dash form a hyphen.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reader.model import AttachmentStart, Clause, Notice, Table
from reader.parse import parse_chunk
from reader.sources import read_file
from reader.split import split

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real_notices"

# Rates measured on the reader (177 fixtures, 177 notices: gatherers w, d, g, h and k, on which the reader
# was tuned, m, a held-out set collected after the second round, p, collected after the third round, q, collected
# for issue 21 §2, r, collected for issue 21 §4, and s, a further fresh round; q, r and s keyed before the reader
# was run on them), rounded down to two places. Adding the held-out round r (scored before any change for it)
# lowered notices, title, date and chrome: those minimums are the new measurement, not a regression of the reader
# (141 fixtures before: notices 141, title 137, 文号 139, issuers 129, date 137, registration 141, chrome 134, top
# headings 139, tables 140, attachments 138). Adding round s (scored before any change for it, on the reader of
# d279bc8) lowered title, 文号, chrome and tables the same way (159 fixtures before: notices 157, title 152, 文号 156,
# issuers 147, date 154, registration 159, chrome 141, top headings 157, tables 158, attachments 156). On main
# before the reader's rewrite (issue 9) the 77 w/d/g fixtures scored notices 0.83, title 0.55, 文号 0.72, issuers
# 0.42, date 0.74, registration 0.98, chrome 0.20, top headings 0.81, tables 0.88, attachments 0.84.
MIN_RATES = {  # 267 fixtures (rounds v, w's x files and y added, each keyed before the reader ran on it), on the reader of this stop
    "notices": 0.98,  # 262/267 (208/213 before v, x and y)
    "title": 0.94,  # 253/269 (201/215; held out on the reader of their stop: v 15/18, x 15/18, y 16/18)
    "doc_number": 0.96,  # 259/269 (206/215)
    "issuers": 0.91,  # 245/269 (195/215)
    "date": 0.94,  # 254/269 (206/215; y held out 15/18: dates of news and forum copies)
    "registration_number": 0.98,  # 265/269 (211/215)
    "chrome": 0.83,  # 223/267 (182/213; held out: v 12/18, x 13/18, y 13/18: new sites' furniture)
    "top_headings": 0.96,  # 259/269 (207/215)
    "tables": 0.98,  # 264/269 (210/215)
    "attachments": 0.95,  # 258/269 (205/215; y 17/18: an attachment label whose title is on the next line)
}
# Held-out measurements, each taken before any change for that set (REAL_NOTICES_ONLY=<tags>):
# - h,k (20) on the reader of the first round: notices 19/20, title 17/20, 文号 15/20, issuers 12/20, date 14/20,
#   registration 18/20, chrome 9/20, top headings 17/20, tables 19/20, attachments 19/20. After the second round
#   on their mismatches, 20/20 on every field: from then on h and k are tuning fixtures like the others.
# - m (10) on the reader of the second round: notices 9/10, title 8/10, 文号 7/10, issuers 6/10, date 10/10,
#   registration 10/10, chrome 4/10, top headings 9/10, tables 10/10, attachments 10/10.
#   After the third round on their mismatches: notices 10/10, title 9/10, 文号 9/10, issuers 7/10, chrome 10/10,
#   top headings 10/10, the rest 10/10 (left: m07's title run into its address line; issuers read only from a
#   文号 prefix, m03/m10; m09's 令 number keeps 第 where h06's key drops it, and the reader follows h06).
# - p (18, 18 sites in 13 provinces, none of them a fixture's site; tests/fixtures/real_notices/HELDOUT.md) on
#   the reader of the third round, before any change for it: notices 17/18, title 17/18, 文号 17/18, issuers 18/18,
#   date 17/18, registration 17/18, chrome 12/18, top headings 15/18, tables 18/18, attachments 18/18.
#   Issue 21 §2 then fixed p's failure classes as general rules (after: every field 18/18 but top headings 17/18), so
#   p is a tuning set from then on.
# - q (16, 16 sites in 12 provinces, keyed before the reader ran on them; HELDOUT.md) on the landed reader (main at
#   e64568f): notices 16/16, title 12/16, 文号 14/16, issuers 9/16, date 15/16, registration 16/16, chrome 9/16,
#   top headings 14/16, tables 16/16, attachments 15/16. After fixing what generalises from its failures (so q is a
#   tuning set too): every field 16/16 but issuers 14/16.
# - r (18, 18 sites in 13 provinces, keyed before the reader ran on them; HELDOUT.md) on the landed reader (main at
#   45ebae3), before any change for it: notices 16/18, title 15/18, 文号 17/18, issuers 17/18, date 16/18,
#   registration 18/18, chrome 7/18, top headings 17/18, tables 18/18, attachments 18/18. Not tuned to: r is the
#   held-out figure of issue 21 §4.
# - s (18, 18 sites in 18 provinces and regions, keyed before the reader ran on them; HELDOUT.md) on the reader of
#   d279bc8 (round-s's base), before any change for it: notices 18/18, title 14/18, 文号 16/18, issuers 17/18,
#   date 18/18, registration 18/18, chrome 9/18, top headings 17/18, tables 17/18, attachments 18/18 (on main's
#   reader of 6c28f46, tuned to r but not to s: the same, but chrome 10/18). Not tuned to.
# - t (18, 18 sites in 16 provinces, keyed before the reader ran; HELDOUT.md) on main's reader at d1162f5, before
#   any change for it: notices 16/18, title 15/19, 文号 17/19, issuers 12/19, date 17/19, registration 17/19,
#   chrome 10/18, top headings 15/19, tables 18/19, attachments 16/19. Then tuned to (issuers 16/19, chrome 13/18).
# - u (18, 18 sites in 16 provinces, keyed before the reader ran; HELDOUT.md), never tuned to: on the landed reader
#   of 0e069fd notices 17/18, title 16/19, 文号 17/19, issuers 14/19, date 17/19, registration 17/19, chrome 12/18,
#   top headings 18/19, tables 17/19, attachments 15/19; after this stop's rules title 17/19, chrome 13/18, the rest
#   the same.
# REAL_NOTICES_ONLY=h (or "h,k") scores only the fixtures whose stem starts with that tag; default all.
ONLY = tuple(os.environ.get("REAL_NOTICES_ONLY", "").split(","))
FIELDS = tuple(MIN_RATES)
TEXT_FIELDS = ("notices", "chrome")  # scored once per fixture; the others once per keyed notice
NOTICE_FIELDS = tuple(f for f in FIELDS if f not in TEXT_FIELDS)
REQUIRED_NOTICE_KEYS = ("title", "doc_number", "issuers", "date", "registration_number",
                        "top_headings", "tables", "attachments")
TABLE_FORMS = {"tabs", "pipes", "spaces", "one-cell-a-line", "box-drawing", "run-together"}


# --- fixtures and keys ---------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    stem: str
    text_path: Path
    key: dict

    @property
    def notices(self) -> list[dict]:
        return self.key["notice"]


def load_fixtures() -> list[Fixture]:
    fixtures = []
    for key_path in sorted(FIXTURES.glob("*.key.toml")):
        stem = key_path.name[: -len(".key.toml")]
        with key_path.open("rb") as handle:
            key = tomllib.load(handle)
        fixtures.append(Fixture(stem, FIXTURES / f"{stem}.txt", key))
    return fixtures


FIXTURE_LIST = load_fixtures()


def source_lines(fixture: Fixture) -> list[str]:
    encoding = fixture.key.get("encoding", "utf-8")
    return fixture.text_path.read_bytes().decode(encoding).splitlines()


def quotable_lines(fixture: Fixture) -> list[str]:
    """The text's lines as a person reads them: a body pasted as raw HTML (d32) reads block by block."""
    lines = []
    for line in source_lines(fixture):
        if "<p>" not in line:  # "<关于…的通知>" in a sentence, a mirror's tag line: as printed
            lines.append(line.strip())
            continue
        blocks = re.split(r"<(?:/p|br ?/?|/h\d|/div|/li)>", line)
        lines.extend(re.sub(r"<[^>]+>", "", block).strip() for block in blocks)
    return lines


# --- the adapter: reader's model -> key fields ---------------------------------------


def normalise_doc_number(text: str) -> str:
    """Brackets to 〔〕, no spaces, 號 as 号: the spellings a key and the reader may differ in."""
    text = "".join(text.split())
    for opener in "[［﹝（(【":
        text = text.replace(opener, "〔")
    for closer in "]］﹞）)】":
        text = text.replace(closer, "〕")
    return text.replace("號", "号")


def observed(notice: Notice, lines: dict[int, str]) -> dict:
    """The key's fields as the reader's model gives them today."""
    body = []
    for block in notice.blocks:
        if isinstance(block, AttachmentStart):
            break  # attachments' inner headings are not top-level headings of the notice
        body.append(block)
    return {
        # No recognised title: the reader files the text under a made-up name (title_found is
        # False); the key's "" means "no title can be told".
        "title": notice.title if notice.title_found else "",
        "doc_number": notice.doc_number or "",
        "issuers": list(notice.issuers),
        "date": notice.date or "",
        "registration_number": notice.registration_number or "",
        # top-level clauses; entries of a list of names (role "item") are not headings
        "top_headings": [lines[b.line].strip() for b in body
                         if isinstance(b, Clause) and b.depth == 1 and b.role != "item"],
        "tables": [(len(t.rows), max(len(r) for r in t.rows)) for t in notice.blocks if isinstance(t, Table)],
        "attachments": [a.title for a in notice.attachments],
    }


def observed_chrome(notices: list[Notice], lines: dict[int, str]) -> list[str]:
    """The page-furniture lines the reader set aside (`Notice.chrome`), stripped, in text order. A key lists
    whole lines: a piece of a notice run onto one line (reader/unfold.py) that was set aside is not scored."""
    return [lines[c.line].strip() for n in notices for c in n.chrome
            if "".join(c.text.split()) == "".join(lines[c.line].split())]


def expected(notice_key: dict) -> dict:
    return {
        "title": notice_key["title"],
        "doc_number": notice_key["doc_number"],
        "issuers": list(notice_key["issuers"]),
        "date": notice_key["date"],
        "registration_number": notice_key["registration_number"],
        "top_headings": list(notice_key["top_headings"]),
        # a form whose empty cells were lost has no shape a reader can recover: its key says to
        # compare the count only (shape_known = false)
        "tables": [(t["rows"], t["cols"]) if t.get("shape_known", True) else None for t in notice_key["tables"]],
        "attachments": [a["title"] for a in notice_key["attachments"]],
    }


# An issuing body's name ends like this; titles are typeset with or without it on a line of its own.
OFFICE_NAME = re.compile(r".{2,40}(人民政府|政府|办公室|办公厅|委员会|管委会|局|厅|委|办|中心|站|小组|指挥部|公署|院)")


def same_title(want: str, got: str) -> bool:
    """Letter-spacing aside, equal; or equal but for the issuing body's name typeset above the
    关于… line (one key convention takes it as part of the title, the other as the letterhead)."""
    want, got = "".join(want.split()), "".join(got.split())
    if want == got:
        return True
    longer, shorter = (want, got) if len(want) > len(got) else (got, want)
    # "临沭县交通运输局:关于…": a forum's or a news site's form names the body before a colon
    return bool(shorter) and longer.endswith(shorter) and bool(OFFICE_NAME.fullmatch(longer[: -len(shorter)].rstrip(":：")))


def same(field_name: str, want, got) -> bool:
    if got is None:
        return False  # no read notice stands for this keyed one
    if field_name == "doc_number":
        return normalise_doc_number(want) == normalise_doc_number(got)
    if field_name == "registration_number":  # keyed as printed (HFGS—2017—9); the reader writes one hyphen
        return re.sub(r"[-－—–‐‑]+", "-", want) == re.sub(r"[-－—–‐‑]+", "-", got)
    if field_name == "tables":
        return len(want) == len(got) and all(w is None or w == g for w, g in zip(want, got))
    if field_name == "title":
        return same_title(want, got)
    return want == got


# --- scoring -------------------------------------------------------------------------


@dataclass
class Score:
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    mismatches: list[tuple[str, str, object, object]] = field(default_factory=list)

    def add(self, stem: str, field_name: str, want, got) -> None:
        self.total[field_name] += 1
        if same(field_name, want, got):
            self.right[field_name] += 1
        else:
            self.mismatches.append((stem, field_name, want, got))

    def rate(self, field_name: str) -> float:
        return self.right[field_name] / self.total[field_name] if self.total[field_name] else 1.0


def read_fixture(fixture: Fixture) -> list[Notice]:
    source = read_file(fixture.text_path, fixture.text_path.name)
    return [parse_chunk(chunk)[0] for chunk in split(source)]


def pair(wanted: int, notices: list[Notice]) -> list[Notice | None]:
    """Which read notice stands for each keyed one.

    Same count: in order. Otherwise (a page header read as a notice of its own, two notices
    run together) each keyed notice takes the longest unused read notice, in text order, so a
    split is scored on the part that holds the document."""
    if len(notices) == wanted:
        return list(notices)
    longest = sorted(notices, key=lambda n: n.last_line - n.first_line, reverse=True)[:wanted]
    chosen: list[Notice | None] = sorted(longest, key=lambda n: n.first_line)
    return chosen + [None] * (wanted - len(chosen))


def score_all(fixtures: list[Fixture], read=read_fixture) -> Score:
    """Every fixture read by `read` (one file alone, by default) and scored against its key."""
    score = Score()
    for fixture in fixtures:
        try:
            notices = read(fixture)
        except Exception as error:  # a crash reads nothing: every field of the text scores wrong, and it is shown
            notices = []
            score.mismatches.append((fixture.stem, "reader crashed", "", f"{type(error).__name__}: {error}"))
        lines = dict(enumerate(source_lines(fixture), start=1))
        score.add(fixture.stem, "notices", len(fixture.notices), len(notices))
        score.add(fixture.stem, "chrome", fixture.key["chrome"], observed_chrome(notices, lines))
        for notice_key, notice in zip(fixture.notices, pair(len(fixture.notices), notices)):
            want = expected(notice_key)
            got = observed(notice, lines) if notice else dict.fromkeys(NOTICE_FIELDS)
            for field_name in NOTICE_FIELDS:
                score.add(fixture.stem, field_name, want[field_name], got[field_name])
    return score


def report(score: Score) -> str:
    out = ["", "Reader on real notices of other counties "
           f"({score.total['notices']} fixtures, {score.total['title']} notices)",
           f"{'field':<20}{'right':>7}{'of':>5}{'rate':>8}{'min':>8}"]
    for field_name in FIELDS:
        out.append(f"{field_name:<20}{score.right[field_name]:>7}{score.total[field_name]:>5}"
                   f"{score.rate(field_name):>8.2f}{MIN_RATES[field_name]:>8.2f}")
    out.append(f"mismatches ({len(score.mismatches)}):")
    for stem, field_name, want, got in score.mismatches:
        out.append(f"  {stem}  {field_name}\n      expected {want!r}\n      got      {got!r}")
    return "\n".join(out)


@pytest.fixture(scope="module")
def score() -> Score:
    return score_all([f for f in FIXTURE_LIST if f.stem.startswith(ONLY)])


# --- tests ---------------------------------------------------------------------------


def test_print_rates(score, capsys):
    with capsys.disabled():
        print(report(score))


@pytest.mark.parametrize("field_name", FIELDS)
def test_rate_does_not_fall(score, field_name):
    if ONLY != ("",):
        pytest.skip("a subset is measured (REAL_NOTICES_ONLY), not held to the all-fixture minimums")
    assert score.rate(field_name) >= MIN_RATES[field_name] - 1e-9, (
        f"{field_name}: {score.rate(field_name):.2f} < {MIN_RATES[field_name]:.2f}\n" + report(score))


# The keys themselves: written by hand, so check that they say what the texts say.


def test_every_text_has_a_key_and_every_key_a_text():
    texts = {p.stem for p in FIXTURES.glob("*.txt")}
    keys = {f.stem for f in FIXTURE_LIST}
    assert texts == keys
    assert len(keys) >= 24


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=lambda f: f.stem)
def test_key_is_complete(fixture):
    key = fixture.key
    assert key["source"].startswith(("http://", "https://")), "the source address is kept"
    assert key["place"] and key["form"]
    assert fixture.notices, "a key lists at least one notice"
    for notice_key in fixture.notices:
        missing = [k for k in REQUIRED_NOTICE_KEYS if k not in notice_key]
        assert not missing, f"missing {missing}"
        assert notice_key["date"] == "" or len(notice_key["date"]) == 10
        for table in notice_key["tables"]:
            assert table["form"] in TABLE_FORMS and table["rows"] > 0 and table["cols"] > 0
        if notice_key.get("date_ambiguous"):
            assert "notes" in key, "an ambiguous date is explained in notes"


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=lambda f: f.stem)
def test_key_lines_are_in_the_text_in_order(fixture):
    """Chrome lines and top-level headings are quoted from the text, stripped, in text order."""
    lines = [line.strip() for line in quotable_lines(fixture)]
    groups = [("chrome", fixture.key["chrome"])] + [("top_headings", n["top_headings"]) for n in fixture.notices]
    for name, quoted in groups:
        position = 0
        for line in quoted:
            assert line in lines[position:], f"{name}: {line!r} is not a line of the text (after line {position})"
            position = lines.index(line, position) + 1
