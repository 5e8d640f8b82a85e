"""Notice pages as mkdocs writes them, cached by their markdown and the site's settings.

A notice page is not in the menu, so its HTML depends only on its own markdown, the site's
settings (name, address, menu, contact line), the build date and the code fingerprint in every
cache key (theme, templates, hooks, tool versions). Before mkdocs runs, each cached page is written
to its place in the output and its source's time set to the epoch; mkdocs' own "dirty" build then
skips exactly those pages (output newer than source) and builds everything else as usual, so the
output is the one a full build writes. Pages mkdocs did build are stored for next time.
"""
from __future__ import annotations

import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from .cache import Cache

DIRTY_NOTICE = "A 'dirty' build is being performed"


class _QuietDirty(logging.Filter):
    """mkdocs warns that a dirty build may leave stale links; ours starts from an empty folder."""

    def filter(self, record: logging.LogRecord) -> bool:
        return DIRTY_NOTICE not in record.getMessage()


class CachedPages:
    def __init__(self, cache: Cache, names: list[str], settings: dict, as_of: str) -> None:
        self.cache, self.names = cache, names
        self.context = json.dumps(settings, ensure_ascii=False, sort_keys=True) + as_of
        self.missed: dict[str, str] = {}  # page -> key, built by mkdocs this time
        self.reused = 0

    @staticmethod
    def output_path(out: Path, name: str) -> Path:
        return out / name[: -len(".md")] / "index.html"

    def place(self, staging: Path, out: Path) -> None:
        for name in self.names:
            source = staging / name
            key = self.cache.key("page", self.context, name, source.read_bytes())
            html = self.cache.get("page", key)
            if html is None:
                self.missed[name] = key
                continue
            target = self.output_path(out, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html)
            os.utime(source, (0, 0))  # older than its output: mkdocs leaves the page alone
            self.reused += 1

    @contextmanager
    def quiet(self):
        logger = logging.getLogger("mkdocs.commands.build")
        quiet = _QuietDirty()
        logger.addFilter(quiet)
        try:
            yield
        finally:
            logger.removeFilter(quiet)

    def store(self, out: Path) -> None:
        for name, key in self.missed.items():
            self.cache.put("page", key, self.output_path(out, name).read_bytes())


__all__ = ["CachedPages"]
