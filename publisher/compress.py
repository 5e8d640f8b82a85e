"""Precompressed copies (.br and .gz) of the site's text files and engine files, for nginx
(`brotli_static on; gzip_static on;`) and `build.py serve`.

Deterministic (no timestamp in the gzip header; Brotli has none), so two builds stay
byte-identical. A copy is written only when it is smaller than the file itself.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import time
from pathlib import Path

import brotli

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".xml", ".txt", ".map", ".bin", ".zip", ".whl", ".toml"}  # .toml: the rule files each site ships to its engine
MIN_BYTES = 1024  # smaller files gain nothing
LARGE = 2**20
HUGE = 16 * 2**20  # the memory image (31 MB): quality 9, 4 s instead of minutes, 10 % larger
CACHE = Path(__file__).resolve().parent.parent / ".build" / "compressed"  # every copy, by content and settings
CACHE_DAYS = 30  # a copy no build used for this long is removed
SIZABLE_GAIN = 0.97  # an already-compressed file (the full standard library) keeps no copy that saves < 3 %


def compressed_copies(raw: bytes) -> dict[str, bytes]:
    """{".br": …, ".gz": …} for the copies worth serving.

    Brotli quality 11 for everything (a build-time cost, paid once; the engine's wasm is 2.74 MB
    against 3.53 MB gzip); the window is as large as Brotli allows for the megabyte files. gzip
    level 9 for pages and scripts, 6 for megabytes (nearly as small, far faster). Every copy is kept in
    .build/compressed under the hash of its content and settings: a rebuild compresses only what changed
    (Brotli 11 of the theme's scripts alone takes half a minute; of the engine's wasm 27 s)."""
    copies = {}
    for suffix in (".br", ".gz"):
        data = _cached(raw, suffix, _settings(len(raw), suffix))
        if len(data) < len(raw) * SIZABLE_GAIN:
            copies[suffix] = data
    return copies


def _settings(size: int, suffix: str) -> dict:
    if suffix == ".br":
        return {"quality": 11 if size < HUGE else 9, "lgwin": 24 if size >= LARGE else 22}
    return {"compresslevel": 6 if size >= LARGE else 9}


def _cached(raw: bytes, suffix: str, settings: dict) -> bytes:
    named = ",".join(f"{k}={v}" for k, v in sorted(settings.items()))
    key = hashlib.sha256(raw + b"\0" + named.encode()).hexdigest()[:32]
    cached = CACHE / f"{key}{suffix}"
    try:
        data = cached.read_bytes()
        os.utime(cached)  # in use: kept by the pruning below
        return data
    except OSError:
        pass
    data = brotli.compress(raw, **settings) if suffix == ".br" else gzip.compress(raw, mtime=0, **settings)
    CACHE.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_name(f"{cached.name}.{os.getpid()}.part")
    temporary.write_bytes(data)
    temporary.replace(cached)  # builds may run side by side
    return data


def prune_cache(max_age_days: float = CACHE_DAYS) -> None:
    """Forget copies no build has used for a while (each use touches its file), so the cache follows the sites."""
    if not CACHE.is_dir():
        return
    cutoff = time.time() - max_age_days * 86400
    for entry in CACHE.iterdir():
        try:
            if entry.stat().st_mtime < cutoff:
                entry.unlink()
        except OSError:
            pass  # another build removed or replaced it


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
    prune_cache()
    return written
