"""Precompressed copies (.br and .gz) of the site's text files and engine files, for nginx
(`brotli_static on; gzip_static on;`) and `build.py serve`.

Deterministic (no timestamp in the gzip header; Brotli has none), so two builds stay
byte-identical. A copy is written only when it is smaller than the file itself.
"""
from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".xml", ".txt", ".map", ".bin", ".zip", ".whl"}
MIN_BYTES = 1024  # smaller files gain nothing
LARGE = 2**20
HUGE = 16 * 2**20  # the memory image (31 MB): quality 9, 4 s instead of minutes, 10 % larger
CACHE = Path(__file__).resolve().parent.parent / ".build" / "compressed"  # megabyte files, by content
SIZABLE_GAIN = 0.97  # an already-compressed file (the full standard library) keeps no copy that saves < 3 %


def compressed_copies(raw: bytes) -> dict[str, bytes]:
    """{".br": …, ".gz": …} for the copies worth serving.

    Brotli quality 11 for everything (a build-time cost, paid once; the engine's wasm is 2.74 MB
    against 3.53 MB gzip); the window is as large as Brotli allows for the megabyte files. gzip
    level 9 for pages and scripts, 6 for megabytes (nearly as small, far faster)."""
    if len(raw) >= LARGE:
        return _cached_copies(raw)
    copies = {".br": brotli.compress(raw, quality=11, lgwin=22), ".gz": gzip.compress(raw, compresslevel=9, mtime=0)}
    return {suffix: data for suffix, data in copies.items() if len(data) < len(raw) * SIZABLE_GAIN}


def _cached_copies(raw: bytes) -> dict[str, bytes]:
    """The engine's megabyte files are the same from build to build: Brotli 11 of the wasm takes 27 s,
    so their copies are kept in .build/compressed under the hash of their content."""
    key = hashlib.sha256(raw).hexdigest()[:32]
    copies = {}
    for suffix in (".br", ".gz"):
        cached = CACHE / f"{key}{suffix}"
        if cached.exists():
            data = cached.read_bytes()
        else:
            data = (brotli.compress(raw, quality=11 if len(raw) < HUGE else 9, lgwin=24) if suffix == ".br"
                    else gzip.compress(raw, compresslevel=6, mtime=0))
            CACHE.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_name(cached.name + ".part")
            temporary.write_bytes(data)
            temporary.replace(cached)  # builds may run side by side
        if len(data) < len(raw) * SIZABLE_GAIN:
            copies[suffix] = data
    return copies


def precompress(site: Path) -> int:
    """Write name.br and name.gz beside each compressible file; returns the number written.
    Stale copies from an earlier build (of a file that no longer compresses) are removed."""
    written = 0
    for path in sorted(site.rglob("*")):
        if path.suffix in COMPRESSIBLE and path.is_file() and not path.is_symlink() and path.stat().st_size >= MIN_BYTES:
            copies = compressed_copies(path.read_bytes())
            for suffix in (".br", ".gz"):
                target = path.with_name(path.name + suffix)
                if suffix in copies:
                    target.write_bytes(copies[suffix])
                    written += 1
                elif target.exists():
                    target.unlink()
    return written
