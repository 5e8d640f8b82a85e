"""The site pipeline end to end: source path -> notices -> pages -> built site.

Each function is one stage; `build.py` calls them in order.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import tempfile
import time
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import segno

from bundle import assemble
from bundle.wheel import BundleError

from . import validity
from .calculator_pages import calculator_links, calculator_navigation, calculator_pages, search_calculators
from .model import BuildWarning, Notice
from .parse import parse_chunk
from .read import SourceError, read_sources
from .compress import precompress
from .local_only import localise_theme_scripts
from .search_index import build_search_index
from .render import (filter_values, render_catalogue, render_filter_catalogues, render_notice,
                     render_policies_json, render_year_catalogues)
from .report import render_report
from .split import split
from .write import write_docs

ROOT = Path(__file__).resolve().parent.parent
SITE_NAME = "江华瑶族自治县政策文件"


@dataclass
class Corpus:
    notices: list[Notice] = field(default_factory=list)
    warnings: list[BuildWarning] = field(default_factory=list)


def read_notices(source: Path, as_of: dt.date | None = None) -> Corpus:
    """Every notice of the source, with its validity as of the given day (default: today)."""
    corpus = Corpus()
    for text in read_sources(source, corpus.warnings):
        for chunk in split(text):
            notice, warnings = parse_chunk(chunk)
            corpus.notices.append(notice)
            corpus.warnings.extend(warnings)
    _dedupe_slugs(corpus)
    meta = (source if source.is_dir() else source.parent) / "meta"
    corpus.notices, warnings = validity.apply(corpus.notices, as_of or dt.date.today(), meta if meta.is_dir() else None)
    corpus.warnings.extend(warnings)
    return corpus


def _dedupe_slugs(corpus: Corpus) -> None:
    seen: dict[str, Notice] = {}
    next_suffix: dict[str, int] = {}  # per slug, the first suffix not yet tried: linear in the number of notices
    for index, notice in enumerate(corpus.notices):
        slug = notice.slug
        n = next_suffix.get(slug, 2)
        while slug in seen:
            slug = f"{notice.slug}-{n}"
            n += 1
        next_suffix[notice.slug] = n
        if slug != notice.slug:
            corpus.warnings.append(BuildWarning(notice.source_path, notice.first_line,
                                                f"地址 {notice.slug} 已被 {seen[notice.slug].source_path} 使用（文号重复？），本文改用 {slug}"))
            notice = replace(notice, slug=slug)
            corpus.notices[index] = notice
        seen[slug] = notice


def render_pages(corpus: Corpus, site_url: str, as_of: dt.date) -> dict[str, str]:
    links = calculator_links()
    pages = {f"{n.slug}.md": render_notice(n, links.get(n.slug), as_of.isoformat()) for n in corpus.notices}
    filters = filter_values(corpus.notices)
    pages["index.md"] = render_catalogue(corpus.notices, SITE_NAME, filters=filters)
    pages.update(render_year_catalogues(corpus.notices, SITE_NAME))
    pages.update(render_filter_catalogues(corpus.notices, SITE_NAME, filters))
    pages["policies.json"] = render_policies_json(corpus.notices)
    pages["report.md"] = render_report(corpus.notices, corpus.warnings)  # staff only: not in the menu, not searched
    pages.update(calculator_pages(site_url, as_of))
    pages["assets/search-hints.json"] = search_hints_json(ROOT / "sources" / "synonyms.toml", search_calculators())
    pages.update(page_qr_codes(pages, site_url))
    return pages


def page_qr_codes(pages: dict[str, str], site_url: str) -> dict[str, str]:
    """qr/<page>.svg for every page (generated and hand-written): the kiosk hands any page to a phone.
    Named as site_templates/main.html names them: calculators/housing/ -> qr/calculators-housing.svg."""
    base = site_url.rstrip("/") + "/"
    sources = list(pages) + [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")]
    codes = {}
    for source in sources:
        if not source.endswith(".md"):
            continue
        path = source[:-3]
        path = "" if path == "index" else path[:-len("/index")] if path.endswith("/index") else path
        name = path.replace("/", "-") or "index"
        codes[f"qr/{name}.svg"] = qr_svg(base + (path + "/" if path else ""))
    return codes


def qr_svg(url: str) -> str:
    """The QR code a kiosk shows so a visitor takes the page to a phone (public address, never 127.0.0.1)."""
    buffer = io.BytesIO()  # a standalone SVG file (with xmlns), so <img> can show it
    # a fixed mask pattern: any of the eight is valid, choosing one saves three quarters of the time
    segno.make(url, error="m", mask=4).save(buffer, kind="svg", scale=4, border=2, title=url, xmldecl=False)
    return buffer.getvalue().decode("utf-8") + "\n"


AMOUNT_QUESTIONS = "问金额"  # the table of sources/synonyms.toml listing ways of asking "how much"


def search_hints_json(path: Path, calculators: dict) -> str:
    """What the search box knows besides the index: the citizens' words of sources/synonyms.toml
    ({"买房": ["购房"], …}), the ways of asking for an amount, and the calculators to offer then."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SourceError(f"同义词表 {path} 无法读取或格式有误：{error}") from None
    amount = table.pop(AMOUNT_QUESTIONS, {}).get("说法", [])
    if not (isinstance(amount, list) and all(isinstance(a, str) and a for a in amount)):
        raise SourceError(f"同义词表 {path} 中 [{AMOUNT_QUESTIONS}] 的「说法」应为一组词，例如 说法 = [\"赔多少\"]")
    for word, officials in table.items():
        if not (isinstance(officials, list) and officials and all(isinstance(o, str) and o for o in officials)):
            raise SourceError(f"同义词表 {path} 中「{word}」的右边应为一组词，例如 {word} = [\"购房\"]")
    hints = {"synonyms": table, "amount_words": amount, "calculators": calculators}
    return json.dumps(hints, ensure_ascii=False, sort_keys=True) + "\n"


def configured_site_url() -> str:
    from mkdocs.config import load_config
    return load_config(str(ROOT / "mkdocs.yml")).site_url or ""


def source_date_epoch(as_of: dt.date) -> str:
    return str(int(dt.datetime.combine(as_of, dt.time(), dt.timezone.utc).timestamp()))


def navigation(corpus: Corpus) -> list:
    """The site menu: the catalogue and the calculators (the developers' performance page is not for
    citizens: the home page links it at its foot). Notices are reached from the catalogue and
    search; listing every notice in the menu of every page would grow each page with the corpus."""
    return [{"政策文件目录": "index.md"}] + calculator_navigation()  # the developers' page is linked from the home page's foot


def build_site(staging: Path, out: Path, nav: list, as_of: dt.date, site_url: str | None = None) -> None:
    """Run mkdocs on the staging folder. SOURCE_DATE_EPOCH pins every date mkdocs writes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(as_of)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    options = {"docs_dir": str(staging), "site_dir": str(out), "nav": nav}
    if site_url:
        options["site_url"] = site_url
    config = load_config(str(ROOT / "mkdocs.yml"), **options)
    build(config)


@contextmanager
def _stage(timings: dict | None, name: str):
    start = time.perf_counter()
    yield
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def build_all(source: Path, out: Path, as_of: dt.date, site_url: str | None = None,
              browser_bundle: bool = True, timings: dict | None = None) -> Corpus:
    """Read and check everything (sources, runtime, wheels) before writing anything.

    `timings`, when given, receives the seconds spent in each stage (for the benchmark)."""
    with _stage(timings, "read"):
        corpus = read_notices(source, as_of)
        site_url = site_url or configured_site_url()
    (ROOT / ".build").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / ".build") as work:  # one per build: builds may run side by side
        with _stage(timings, "bundle"):
            bundle = assemble.collect(source_date_epoch(as_of), Path(work) / "wheel") if browser_bundle else None
        with _stage(timings, "render"):
            pages = render_pages(corpus, site_url, as_of)
            staging = Path(work) / "docs"
            write_docs(staging, ROOT / "docs", pages)
        with _stage(timings, "mkdocs"):
            build_site(staging, out, navigation(corpus), as_of, site_url)
            localise_theme_scripts(out)
    with _stage(timings, "search_index"):
        build_search_index(out)
    with _stage(timings, "bundle"):
        if bundle:
            assemble.write(out, bundle)
            corpus.warnings.extend(BuildWarning("计算器打包", None, problem) for problem in bundle.problems)
    with _stage(timings, "compress"):
        precompress(out)
    return corpus


__all__ = ["SourceError", "BundleError", "Corpus", "read_notices", "render_pages", "build_all"]
