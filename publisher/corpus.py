"""A county's corpus: its profile, every notice of its source files (read through the reader, cached by
each file's bytes), their validity on the day judged, and the calculators whose notices are among them.

The only place the site builder calls the reader; what follows (pages, search, bundle) works on the Corpus.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from reader import validity
from reader.model import BuildWarning, Notice
from reader.notices import dedupe_slugs, read_notices_of_file
from reader.sources import SourceError, source_files

from .cache import Cache
from .calculator_pages import Bound, bind
from .profile import Profile, derived_profile, load_profile
from .progress import Progress


@dataclass
class Corpus:
    notices: list[Notice] = field(default_factory=list)
    warnings: list[BuildWarning] = field(default_factory=list)
    profile: Profile | None = None
    as_of: dt.date | None = None
    calculators: list[Bound] = field(default_factory=list)


def read_notices(source: Path, as_of: dt.date | None = None, cache: Cache | None = None,
                 progress: Progress | None = None) -> Corpus:
    """Every notice of the source, with its validity as of the given day (default: the profile's
    day, else today), the county's profile (read, or derived from the issuers) and the calculators
    whose notices are among them."""
    cache = cache or Cache(None)
    progress = progress or Progress.silent()
    profile = load_profile(source)
    corpus = Corpus(profile=profile)
    corpus.as_of = profile.judged_on(as_of) if profile else (as_of or dt.date.today())
    base = source if source.is_dir() else source.parent
    files = source_files(source, corpus.warnings)  # links skipped, with a warning
    parse_warnings: list[BuildWarning] = []
    with progress.stage("读取文件", total=len(files)) as stage:
        for path in files:
            display = str(path.relative_to(base)) if source.is_dir() else path.name
            reading, notices, parsing = _parsed(path, display, cache)
            corpus.warnings.extend(reading)  # reading notes first, then the parser's (as read_sources orders them)
            corpus.notices.extend(notices)
            parse_warnings.extend(parsing)
            stage.advance()
    corpus.warnings.extend(parse_warnings)
    dedupe_slugs(corpus.notices, corpus.warnings)
    meta = base / "meta"
    corpus.notices, warnings = validity.apply(corpus.notices, corpus.as_of, meta if meta.is_dir() else None)
    corpus.warnings.extend(warnings)
    if corpus.profile is None:
        corpus.profile, warning = derived_profile(source, corpus.notices)
        corpus.warnings.insert(0, warning)
    corpus.calculators, warnings = bind(corpus.notices, corpus.profile.name)
    corpus.warnings.extend(warnings)
    return corpus


def _parsed(path: Path, display: str, cache: Cache) -> tuple[list[BuildWarning], list[Notice], list[BuildWarning]]:
    """The reading notes, notices and parser's warnings of one source file; cached by the file's bytes
    (and the code that reads them)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"无法读取文件 {display}：{error.strerror}") from None
    key = cache.key("parse", display, data)
    cached = cache.get_object("parse", key)
    if cached is not None:
        return cached
    result = read_notices_of_file(path, display)
    cache.put_object("parse", key, result)
    return result
