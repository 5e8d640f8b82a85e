"""Build the Chinese search index with Pagefind (extended build, from the npm registry).

Runs on the built site: only notice articles (data-pagefind-body) are indexed, so a query
downloads a few hundred KB at most whatever the corpus size, and results can land on clauses
(every clause has an id, which Pagefind reports as an anchor with its word position).

Why memory grows with the corpus, and how it is bounded: Pagefind holds every page's words
and positions in memory until it writes the index (measured: about 260 bytes per character of
Chinese text indexed, about 2 GB per 1,000 notices; four times less for the same text
indexed as English, so most of it is the segmented words; threads, page chrome and anchors
change nothing). So:

- Pagefind reads only the notice pages, through a folder of links (`_pages_for_index`);
- one page feeds at most INDEX_TEXT_LIMIT characters: the text after it is left out of the
  index (with a warning), never out of the page; a huge repetitive page took minutes before;
- a county of more than SHARD_PAGES notices is indexed in shards, each its own Pagefind
  bundle (`pagefind/`, `pagefind-2/` …, listed in `pagefind-shards.json`), merged in the
  browser with Pagefind's documented `mergeIndex`; peak memory follows the largest shard;
- each shard is cached by the content of its pages: changing one notice re-indexes one shard;
- Pagefind runs under a timeout with a Chinese message.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from bundle.wheel import BundleError

from reader.model import BuildWarning

from .cache import Cache

ROOT = Path(__file__).resolve().parent.parent
INDEX_TEXT_LIMIT = 60_000  # characters of one page's text in the index (the longest real notice: ~41,000)
SHARD_PAGES = 2_000  # notices per index shard: ~4 GB of Pagefind memory at most
SHARD_LIST = "pagefind-shards.json"
TIMEOUT_BASE_S = 300
TIMEOUT_PER_PAGE_S = 0.5
PAGEFIND_ARGS = ("--force-language", "zh", "--quiet")
_BODY = re.compile(r"data-pagefind-body[^>]*>")
_TEXT = re.compile(r">([^<]+)<")


def pagefind_binary() -> Path:
    found = sorted(ROOT.glob("node_modules/@pagefind/*/bin/pagefind_extended"))
    if not found:
        raise BundleError("找不到 Pagefind 搜索索引程序（node_modules/@pagefind/…/pagefind_extended）。"
                          "请运行 python3 make.py serve（它会用 npm ci 安装锁定版本的 pagefind）。")
    return found[0]


def shards(slugs: list[str], size: int) -> list[list[str]]:
    """Notices split into ceil(n / size) shards by a hash of their address: adding or changing one
    notice leaves the other notices in their shards (until the number of shards changes)."""
    count = max(1, -(-len(slugs) // size))
    if count == 1:
        return [sorted(slugs)]
    parts: list[list[str]] = [[] for _ in range(count)]
    for slug in sorted(slugs):
        parts[int(hashlib.sha256(slug.encode()).hexdigest()[:8], 16) % count].append(slug)
    return [part for part in parts if part]


def bundle_name(number: int) -> str:
    return "pagefind" if number == 0 else f"pagefind-{number + 1}"


def search_bundles(slugs: list[str], shard_pages: int | None = None) -> list[str]:
    """The Pagefind bundles a county's search merges, relative to its site: known before indexing."""
    return [bundle_name(n) + "/" for n in range(len(shards(slugs, shard_pages or SHARD_PAGES)))]


def capped(html: str, limit: int | None = None) -> tuple[str, int]:
    """The page with the text of its indexed part cut after `limit` characters (tags kept), for Pagefind
    only; returns the page and the number of characters of text the indexed part holds."""
    limit = INDEX_TEXT_LIMIT if limit is None else limit
    body = _BODY.search(html)
    if not body:
        return html, 0
    seen = 0

    def cut(match: re.Match) -> str:
        nonlocal seen
        text = match.group(1)
        room = max(0, limit - seen)
        seen += len(text)
        return match.group(0) if len(text) <= room else f">{text[:room]}<"

    tail = _TEXT.sub(cut, html[body.end() - 1:])
    return html[: body.end() - 1] + tail, seen


def _pages_for_index(site: Path, slugs: list[str], folder: Path) -> list[tuple[str, int]]:
    """Link (or, when too long, copy with its indexed text capped) each notice page into `folder` under
    the same path, so that Pagefind reads only these pages and gives them their site addresses.
    Returns the pages that were capped, with their length."""
    long_pages = []
    for slug in slugs:
        page = site / slug / "index.html"
        target = folder / slug / "index.html"
        target.parent.mkdir(parents=True)
        html = page.read_text(encoding="utf-8")
        text, length = capped(html)
        if length > INDEX_TEXT_LIMIT:
            target.write_text(text, encoding="utf-8")
            long_pages.append((slug, length))
            continue
        try:
            os.link(page, target)
        except OSError:
            shutil.copyfile(page, target)
    return long_pages


def _key(cache: Cache, site: Path, slugs: list[str]) -> str:
    h = hashlib.sha256(" ".join(PAGEFIND_ARGS).encode() + str(INDEX_TEXT_LIMIT).encode())
    for slug in slugs:
        h.update(slug.encode() + b"\0" + hashlib.sha256((site / slug / "index.html").read_bytes()).digest())
    return cache.key("pagefind", h.hexdigest())


@contextmanager
def _held(lock: Path | None):
    if lock is None:
        yield
        return
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_pagefind(pages: Path, output: Path, count: int) -> None:
    timeout = TIMEOUT_BASE_S + TIMEOUT_PER_PAGE_S * count
    try:
        result = subprocess.run([str(pagefind_binary()), "--site", str(pages), "--output-path", str(output),
                                 *PAGEFIND_ARGS], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BundleError(f"生成搜索索引超时：Pagefind 处理 {count} 份文件超过 {timeout:.0f} 秒仍未完成，已停止。"
                          "可能是某份文件特别长或内容大量重复；请查看上方警告，或把语料分批生成。") from None
    if result.returncode != 0:
        raise BundleError("生成搜索索引失败：\n" + (result.stderr or result.stdout)[-2000:])


def build_search_index(site: Path, slugs: list[str], cache: Cache | None = None,
                       shard_pages: int | None = None, lock: Path | None = None) -> list[BuildWarning]:
    """Index the notice pages `slugs` of the built site; returns warnings for pages capped in the index.
    With `lock`, Pagefind runs only while holding that file lock (one at a time across processes)."""
    cache = cache or Cache(None)
    warnings: list[BuildWarning] = []
    parts = shards(slugs, shard_pages or SHARD_PAGES)
    for number, part in enumerate(parts):
        output = site / bundle_name(number)
        key = _key(cache, site, part)
        with tempfile.TemporaryDirectory(dir=site.parent, prefix=".index-") as work:
            long_pages = _pages_for_index(site, part, Path(work) / "pages")
            warnings.extend(BuildWarning(f"{slug}/", None, f"正文很长（约 {length:,} 字），搜索索引只收录前 "
                                         f"{INDEX_TEXT_LIMIT:,} 字；页面本身完整显示") for slug, length in long_pages)
            if cache.get_folder("pagefind", key, output):
                continue
            if part:
                with _held(lock):
                    run_pagefind(Path(work) / "pages", output, len(part))
            cache.put_folder("pagefind", key, output)
    if len(parts) > 1:
        (site / SHARD_LIST).write_text(json.dumps(search_bundles(slugs, shard_pages)) + "\n", encoding="utf-8")
    return warnings


__all__ = ["build_search_index", "capped", "shards", "pagefind_binary", "INDEX_TEXT_LIMIT", "SHARD_PAGES", "SHARD_LIST"]
