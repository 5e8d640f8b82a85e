"""Content-addressed cache of one county's build products, so that changing one notice rebuilds
only what that notice touches.

Every key is a SHA-256 of everything the product depends on: the bytes it is made from and the
fingerprint of the code, templates, theme, hand-written pages and tool versions that make it.
A hit therefore returns exactly the bytes a full build would write, and the output stays
byte-identical to a full build (tests/publisher/test_incremental.py checks it). Each county has
its own folder, so counties built in parallel processes never share a file; a build removes the
entries it did not use, so the cache holds one build's worth per county.
"""
from __future__ import annotations

import fcntl
import functools
import hashlib
from collections import Counter
from contextlib import contextmanager
import importlib.metadata
import os
import pickle
import shutil
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT / ".build" / "cache"
# what makes pages and indexes: a change to any of these files makes every key new
CODE = ("reader", "publisher", "site_templates", "docs", "calculators", "bundle/service-worker.js", "mkdocs.yml",
        "sources/synonyms.toml", "node_modules/@pagefind")
TOOLS = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions", "segno", "pypinyin")


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """A digest of the code, templates, theme and tools that turn sources into a site."""
    h = hashlib.sha256()
    for name in CODE:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()
                                                      and "__pycache__" not in p.parts)
        for file in files:
            h.update(file.relative_to(ROOT).as_posix().encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    for tool in TOOLS:
        try:
            h.update(f"{tool}={importlib.metadata.version(tool)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{tool}=-\0".encode())
    return h.hexdigest()


class Cache:
    """One county's cache folder; `Cache(None)` caches nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[Path] = set()
        self.hits: Counter = Counter()  # kind -> entries found
        self.misses: Counter = Counter()  # kind -> entries looked for and not found

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def key(self, kind: str, *parts: bytes | str) -> str:
        return digest(kind, code_fingerprint(), *parts)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytes | None:
        if not self.enabled:
            return None
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses[kind] += 1
            return None
        self.used.add(path)
        self.hits[kind] += 1
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        if not self.enabled:
            return
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # readers never see half a file
        self.used.add(path)

    def get_object(self, kind: str, key: str) -> Any | None:
        data = self.get(kind, key)
        return pickle.loads(data) if data is not None else None

    def put_object(self, kind: str, key: str, value: Any) -> None:
        if self.enabled:
            self.put(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def get_folder(self, kind: str, key: str, target: Path) -> bool:
        """Copy a cached folder to target; False when it is not cached."""
        if not self.enabled:
            return False
        path = self._path(kind, key)
        if not path.is_dir():
            self.misses[kind] += 1
            return False
        shutil.copytree(path, target, dirs_exist_ok=True)
        self.used.add(path)
        self.hits[kind] += 1
        return True

    def put_folder(self, kind: str, key: str, source: Path) -> None:
        if not self.enabled:
            return
        path = self._path(kind, key)
        if path.is_dir():
            self.used.add(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        shutil.copytree(source, temporary)
        try:
            temporary.rename(path)
        except OSError:  # another build stored the same folder first
            shutil.rmtree(temporary, ignore_errors=True)
        self.used.add(path)

    @contextmanager
    def held(self):
        """Only one build at a time uses a county's cache (another build of the same county waits): a build
        must not prune what another is copying."""
        if not self.enabled:
            yield
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def prune(self) -> int:
        """Remove the entries this build did not use; returns how many."""
        if not self.enabled or not self.folder.is_dir():
            return 0
        removed = 0
        for kind in self.folder.iterdir():
            for shard in (kind.iterdir() if kind.is_dir() else ()):  # (.lock is a file, not a kind)
                for entry in shard.iterdir():
                    if entry not in self.used:
                        shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
                        removed += 1
        return removed


__all__ = ["Cache", "DEFAULT_FOLDER", "code_fingerprint", "digest"]
