"""Precompressed copies (.gz) of the site's text files, for nginx `gzip_static on;` and `build.py serve`.

Deterministic (no timestamp in the gzip header), so two builds stay byte-identical.
"""
from __future__ import annotations

import gzip
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".xml", ".txt", ".map", ".bin"}
MIN_BYTES = 1024  # smaller files gain nothing


def precompress(site: Path) -> int:
    """Write name.gz beside each compressible file; returns the number written."""
    written = 0
    for path in sorted(site.rglob("*")):
        if path.suffix in COMPRESSIBLE and path.is_file() and path.stat().st_size >= MIN_BYTES:
            raw = path.read_bytes()
            # level 9 for pages and scripts; level 6 for the engine's megabytes (nearly as small, far faster)
            data = gzip.compress(raw, compresslevel=9 if len(raw) < 2**20 else 6, mtime=0)
            if len(data) < len(raw):
                path.with_name(path.name + ".gz").write_bytes(data)
                written += 1
    return written
