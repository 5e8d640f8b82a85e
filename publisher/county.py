"""One county's site: its corpus -> pages -> mkdocs -> search index -> engine bundle -> compressed copies.

`build_county` reads and checks everything (sources, runtime, wheels) before writing anything, then
runs each stage into the given folder; `publish.build_all` stages that folder and swaps it in. A
province (`province.py`) runs this for each county and adds its home page.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import re
import tempfile
import time
import tomllib
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import segno
from markupsafe import escape

from bundle import assemble
from bundle.wheel import BundleError
from reader.model import BuildWarning
from reader.sources import SourceError

from .cache import Cache
from .calculator_pages import calculator_links, calculator_navigation, calculator_pages, search_calculators
from .compress import precompress
from .corpus import Corpus, read_notices
from .local_only import localise_theme_scripts
from .pages_cache import CachedPages
from .profile import Profile
from .progress import Progress
from .render import (filter_values, render_catalogue, render_filter_catalogues, render_notice,
                     render_policies_json, render_year_catalogues)
from .report import render_report
from .search_hints import search_hints_json
from .search_index import build_search_index, search_bundles
from .write import write_docs

ROOT = Path(__file__).resolve().parent.parent


def download_address(shown: str) -> str:
    """Where an unread scan is published on the site: files/ and its name, folders joined by "-"."""
    return "files/" + re.sub(r"[\\/]+", "-", shown)


def size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def render_pages(corpus: Corpus, site_url: str, as_of: dt.date, cache: Cache | None = None,
                 progress: Progress | None = None) -> dict[str, str]:
    cache = cache or Cache(None)
    progress = progress or Progress.silent()
    site_name = corpus.profile.site_title if corpus.profile else "政策文件"
    links = calculator_links(corpus.calculators)
    pages: dict[str, str] = {}
    with progress.stage("排版页面", total=len(corpus.notices)) as stage:
        for notice in corpus.notices:
            pages[f"{notice.slug}.md"] = render_notice(notice, links.get(notice.slug), as_of.isoformat())
            stage.advance()
    filters = filter_values(corpus.notices)
    pages["index.md"] = render_catalogue(corpus.notices, site_name, filters=filters, calculators=bool(corpus.calculators))
    pages.update(render_year_catalogues(corpus.notices, site_name))
    pages.update(render_filter_catalogues(corpus.notices, site_name, filters))
    pages["policies.json"] = render_policies_json(corpus.notices)
    pages["report.md"] = render_report(corpus.notices, corpus.warnings,  # staff only: not in the menu, not searched
                                       [(shown, download_address(shown) if scan else "", size_of(path))
                                        for path, shown, scan in corpus.unread])
    pages.update(calculator_pages(corpus.calculators, site_url, as_of))
    pages["assets/search-hints.json"] = search_hints_json(search_calculators(corpus.calculators))
    pages.update(page_qr_codes(pages, site_url, cache))
    return pages


def page_qr_codes(pages: dict[str, str], site_url: str, cache: Cache | None = None) -> dict[str, str]:
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
        codes[f"qr/{name}.svg"] = qr_svg(base + (path + "/" if path else ""), cache)
    return codes


def qr_svg(url: str, cache: Cache | None = None) -> str:
    """The QR code a kiosk shows so a visitor takes the page to a phone (public address, never 127.0.0.1)."""
    cache = cache or Cache(None)
    key = cache.key("qr", url)
    cached = cache.get("qr", key)
    if cached is not None:
        return cached.decode("utf-8")
    buffer = io.BytesIO()  # a standalone SVG file (with xmlns), so <img> can show it
    # a fixed mask pattern: any of the eight is valid, choosing one saves three quarters of the time
    # a quiet zone of 4 modules (ISO/IEC 18004); a viewBox, not a fixed size, so <img> scales it whole
    segno.make(url, error="m", mask=4, micro=False).save(buffer, kind="svg", scale=4, border=4, omitsize=True,
                                                         title=url, xmldecl=False)
    svg = buffer.getvalue().decode("utf-8") + "\n"
    cache.put("qr", key, svg.encode("utf-8"))
    return svg


def source_date_epoch(as_of: dt.date) -> str:
    return str(int(dt.datetime.combine(as_of, dt.time(), dt.timezone.utc).timestamp()))


def navigation(corpus: Corpus, home: dict | None = None) -> list:
    """The site menu: the catalogue and the calculators (only those whose notices are here); the developers'
    performance page is not for citizens (the home page links it at its foot). Notices are reached from the
    catalogue and search; listing every notice in the menu of every page would grow each page with the
    corpus. In a province, a last entry leads back to the province's home."""
    back = [{home["title"]: home["url"]}] if home else []
    return [{"政策文件目录": "index.md"}] + calculator_navigation(corpus.calculators) + back


def kiosk_hash(key: str | None) -> str | None:
    """What a page carries of a kiosk key: its SHA-256 (the key itself is never published)."""
    return hashlib.sha256(key.encode()).hexdigest() if key else None


def site_config(profile: Profile, site_url: str, nav: list, kiosk_keys: Iterable[str] = ()) -> dict:
    """The county's facts as mkdocs settings (mkdocs.yml keeps only the theme's). A menu entry that leads
    out of the site (a county's link back to the province's home) is meant, not a missing page.
    `kiosk_keys`: SHA-256 of the other kiosk keys a page accepts besides the profile's own (in a province,
    every key of the province: its pages share one origin, and a kiosk walks from a county to the home)."""
    own = kiosk_hash(profile.kiosk_key)
    settings = {"site_name": profile.site_title, "site_url": site_url or None, "site_description": profile.description,
                "copyright": str(escape(profile.contact)) if profile.contact else None, "nav": nav,
                # the kiosk's start URL carries a key; the pages carry only the SHA-256 of the keys they accept
                "extra": {"kiosk_keys_sha256": sorted({*([own] if own else []), *kiosk_keys})}}
    if any(not str(next(iter(item.values()))).endswith(".md") for item in nav if isinstance(item, dict)
           and isinstance(next(iter(item.values())), str)):
        settings["validation"] = {"nav": {"not_found": "info"}}
    return settings


class _PageCounter(logging.Handler):
    """Counts the pages mkdocs builds (its debug line per page), for the progress line."""

    def __init__(self, on_page) -> None:
        super().__init__(logging.DEBUG)
        self.on_page = on_page

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.DEBUG and record.getMessage().startswith("Building page"):
            self.on_page()


@contextmanager
def _counting_pages(on_page):
    if on_page is None:
        yield
        return
    logger = logging.getLogger("mkdocs.commands.build")
    handler, level = _PageCounter(on_page), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def build_site(staging: Path, out: Path, settings: dict, as_of: dt.date, pages: CachedPages | None = None,
               on_page=None) -> None:
    """Run mkdocs on the staging folder. SOURCE_DATE_EPOCH pins every date mkdocs writes. Notice pages
    found in the cache are put in place first and left alone by mkdocs (its own "dirty" build, which
    skips a page whose output is newer than its source)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(as_of)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    settings = dict(settings)
    extra = settings.pop("extra", {})  # added to mkdocs.yml's extra, not replacing it
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(staging), site_dir=str(out), **settings)
    config["extra"].update(extra)
    with _counting_pages(on_page):
        if pages is None:
            build(config)
            return
        pages.place(staging, out)
        with pages.quiet():
            build(config, dirty=True)
        pages.store(out)


@contextmanager
def _stage(timings: dict | None, name: str):
    start = time.perf_counter()
    yield
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def build_county(source: Path, out: Path, date: dt.date | None = None, site_url: str | None = None,
                 browser_bundle: bool = True, timings: dict | None = None, progress: Progress | None = None,
                 cache: Cache | None = None, home: dict | None = None, index_lock: Path | None = None,
                 kiosk_keys: Iterable[str] = ()) -> Corpus:
    """One county's whole site into `out` (a new or empty folder). Reads and checks everything (sources,
    runtime, wheels) before writing anything. `home` ({"title", "url"}) links back to a province's home;
    `kiosk_keys` (SHA-256) are the province's kiosk keys its pages accept too."""
    progress = progress or Progress.silent()
    cache = cache or Cache(None)
    with cache.held():
        return _build_county(source, out, date, site_url, browser_bundle, timings, progress, cache, home, index_lock,
                             tuple(kiosk_keys))


def _build_county(source: Path, out: Path, date: dt.date | None, site_url: str | None, browser_bundle: bool,
                  timings: dict | None, progress: Progress, cache: Cache, home: dict | None,
                  index_lock: Path | None, kiosk_keys: tuple[str, ...] = ()) -> Corpus:
    with _stage(timings, "read"):
        corpus = read_notices(source, date, cache, progress)
        as_of = corpus.as_of
        if site_url is None and not corpus.profile.site_url:
            corpus.warnings.append(BuildWarning(str(source), None, "县情文件中没有公开网址（site_url），二维码和分享链接"
                                                "只能给出站内路径；部署前请填写公开网址，或生成时加 --site-url"))
        site_url = site_url if site_url is not None else (corpus.profile.site_url or "")
    (ROOT / ".build").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / ".build") as work:  # one per build: builds may run side by side
        with _stage(timings, "bundle"):
            bundle = None
            if browser_bundle and corpus.calculators:
                with progress.stage("准备计算引擎"):
                    bundle = assemble.collect(source_date_epoch(as_of), Path(work) / "wheel")
        with _stage(timings, "render"):
            pages = render_pages(corpus, site_url, as_of, cache, progress)
            staging = Path(work) / "docs"
            # a scan is published as it is (its text is in its pictures), for download from the report page
            write_docs(staging, ROOT / "docs", pages,
                       {**{download_address(shown): path for path, shown, scan in corpus.unread if scan}, **corpus.files})
        with _stage(timings, "mkdocs"):
            settings = site_config(corpus.profile, site_url, navigation(corpus, home), kiosk_keys)
            settings["extra"]["search_bundles"] = search_bundles([n.slug for n in corpus.notices])
            cached_pages = CachedPages(cache, [f"{n.slug}.md" for n in corpus.notices], settings,
                                       as_of.isoformat()) if cache.enabled else None
            page_count = sum(1 for name in pages if name.endswith(".md")) + sum(
                1 for p in (ROOT / "docs").rglob("*.md"))
            with progress.stage("生成网页", total=page_count) as stage:
                build_site(staging, out, settings, as_of, cached_pages, on_page=stage.advance)
                localise_theme_scripts(out)
                if cached_pages and cached_pages.reused:
                    stage.note = f"另有 {cached_pages.reused} 页未改动，取自缓存"
    with _stage(timings, "search_index"):
        with progress.stage(f"建搜索索引（{len(corpus.notices)} 份）"):
            corpus.warnings.extend(build_search_index(out, [n.slug for n in corpus.notices], cache,
                                                       lock=index_lock))
    with _stage(timings, "bundle"):
        if bundle:
            with progress.stage("放入计算引擎"):
                assemble.write(out, bundle, corpus.catalogue.shipped() if corpus.catalogue else {})
            corpus.warnings.extend(BuildWarning("计算器打包", None, problem) for problem in bundle.problems)
        else:
            assemble.write_service_worker(out)  # offline reading on kiosks, without the engine
    with _stage(timings, "compress"):
        with progress.stage("压缩"):
            precompress(out)
    cache.prune()
    return corpus


__all__ = ["SourceError", "BundleError", "Corpus", "read_notices", "render_pages", "build_county"]
