"""Do plain questions land on the answering clause? Each question of tests/fixtures/search_questions.toml
is typed into the site's own search box in Chromium, key by key as a citizen types it; the first result
is compared with the notice and the clauses the question was mapped to by hand.

    python -m bench.search_answers                 build the bundled county (no engine) and measure
    python -m bench.search_answers --site site/    measure an already built site
    python -m bench.search_answers --show-misses   also list the questions whose first result is wrong

Prints every question's first result and the two rates: right notice first, right clause first.
Not a test; tests/browser/test_search_answers.py holds the rates.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "fixtures" / "search_questions.toml"
WORK = ROOT / ".build" / "bench" / "search-answers"
AS_OF = "2026-11-29"
# the bundled county: the first county folder shipped in sources/ (the benchmark names no county)
BUNDLED = next(p.parent for p in sorted((ROOT / "sources").glob("*/county.toml")))
KINDS = ("payout", "eligibility", "measure", "procedure")
ANSWERED = r"""(asked) => {
    const meta = document.querySelector('[data-county-search-result] .md-search-result__meta');
    return new URL(location.href).searchParams.get('q') === asked && meta
        && /找到 \d+ 份文件|可以换个说法/.test(meta.textContent);  // results, or the honest empty answer
}"""


@dataclass(frozen=True)
class Question:
    asked: str
    source: str
    wants: str
    notice: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    question: Question
    first: str  # the first result's link, "" when nothing was found

    @property
    def page(self) -> str:
        return self.first.partition("#")[0].strip("/").split("/")[-1] if self.first else ""

    @property
    def anchor(self) -> str:
        return self.first.partition("#")[2]

    @property
    def right_notice(self) -> bool:
        return self.page == self.question.notice

    @property
    def right_clause(self) -> bool:
        return self.right_notice and any(self.anchor == c or self.anchor.startswith(c + "-")
                                         for c in self.question.clauses)


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    questions = []
    for number, entry in enumerate(table.get("question", []), 1):
        missing = {"asked", "source", "wants", "notice", "clauses"} - set(entry)
        if missing or entry["wants"] not in KINDS or not entry["clauses"]:
            raise ValueError(f"{path}: question {number} ({entry.get('asked')!r}) needs asked, source, "
                             f"wants (one of {', '.join(KINDS)}), notice and clauses")
        questions.append(Question(entry["asked"], entry["source"], entry["wants"], entry["notice"],
                                  tuple(entry["clauses"])))
    return questions


def ask(page, base: str, asked: str) -> str:
    """Type `asked` into the search box of the home page as a person does, one key at a time; the first
    result's link once the box has answered that very question."""
    page.goto(base)
    page.evaluate("document.querySelector('[data-county-search] input').focus()")
    page.keyboard.type(asked, delay=40)
    try:
        page.wait_for_function(ANSWERED, arg=asked, timeout=60_000)
    except Exception as error:  # name the question: a bare timeout says nothing
        meta = page.locator("[data-county-search-result] .md-search-result__meta").text_content()
        raise RuntimeError(f"the search box did not answer {asked!r} (it shows {meta!r}, at {page.url})") from error
    links = page.locator(".md-search-result__item a")
    return links.first.get_attribute("href") if links.count() else ""


def measure(browser, base: str, questions: list[Question]) -> list[Answer]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        return [Answer(q, ask(page, base, q.asked)) for q in questions]
    finally:
        context.close()


def rates(answers: list[Answer]) -> tuple[float, float]:
    """(right notice first, right clause first), as fractions of the questions."""
    count = len(answers) or 1
    return (sum(a.right_notice for a in answers) / count, sum(a.right_clause for a in answers) / count)


def report(answers: list[Answer], misses_only: bool = False) -> str:
    lines = []
    for a in answers:
        mark = "clause" if a.right_clause else "notice" if a.right_notice else "wrong"
        if misses_only and a.right_clause:
            continue
        lines.append(f"{mark:7} {a.question.asked}  ->  {a.first or '(nothing)'}"
                     + ("" if a.right_clause else f"   wanted {a.question.notice}#{'|'.join(a.question.clauses)}"))
    notice, clause = rates(answers)
    lines.append(f"{len(answers)} questions: right notice first {notice:.0%} "
                 f"({sum(a.right_notice for a in answers)}), right clause first {clause:.0%} "
                 f"({sum(a.right_clause for a in answers)})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the bundled county)")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--show-misses", action="store_true", help="list only the questions missed")
    args = parser.parse_args(argv)
    site = args.site
    if site is None:
        site = WORK / "site"
        subprocess.run([sys.executable, str(ROOT / "build.py"), "--no-calculators", "--date", AS_OF,
                        "--source", str(BUNDLED), "--out", str(site)], check=True)
    from bench.browser import chromium, serve
    with serve(site) as base, chromium() as browser:
        answers = measure(browser, base, load_questions(args.questions))
    print(report(answers, misses_only=args.show_misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
