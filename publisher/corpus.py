"""A county's corpus: its profile, every notice of its source files (read through the reader, cached by
each file's bytes), their validity on the day judged, and the calculators whose notices are among them.

The only place the site builder calls the reader; what follows (pages, search, bundle) works on the Corpus.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from reader import corrections, validity
from reader import thresholds as T
from reader.model import BuildWarning, Notice, SourceLine
from reader.notices import dedupe_slugs, read_notices_of_file
from reader.repetition import could_be_furniture, edge_lines, line_key, repeated_lines
from reader.sources import SourceError, read_file, source_files

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
                 progress: Progress | None = None, with_corrections: bool = True) -> Corpus:
    """Every notice of the source, corrected by staff's files in `meta/` (unless `with_corrections` is
    False: the reader's own values), with its validity as of the given day (default: the profile's
    day, else today), the county's profile (read, or derived from the issuers) and the calculators
    whose notices are among them."""
    cache = cache or Cache(None)
    progress = progress or Progress.silent()
    profile = load_profile(source)
    corpus = Corpus(profile=profile)
    corpus.as_of = profile.judged_on(as_of) if profile else (as_of or dt.date.today())
    base = source if source.is_dir() else source.parent
    files = source_files(source, corpus.warnings)  # links skipped, with a warning
    shown = {path: str(path.relative_to(base)) if source.is_dir() else path.name for path in files}
    edges = {path: _edge_candidates(path, shown[path]) for path in files}  # first pass: what each text's edges hold
    repeated = repeated_lines(list(edges.values())) if len(files) >= T.REPEAT_MIN_FILES else {}
    parse_warnings: list[BuildWarning] = []
    with progress.stage("读取文件", total=len(files)) as stage:
        for path in files:
            learned = sorted((line.number, repeated[line_key(line.text)]) for line in edges[path]
                             if line_key(line.text) in repeated)
            reading, notices, parsing = _parsed(path, shown[path], cache, repeated, learned)
            corpus.warnings.extend(reading)  # reading notes first, then the parser's (as read_sources orders them)
            corpus.notices.extend(notices)
            parse_warnings.extend(parsing)
            stage.advance()
    corpus.warnings.extend(parse_warnings)
    dedupe_slugs(corpus.notices, corpus.warnings)
    meta = base / "meta" if (base / "meta").is_dir() else None
    found = corrections.load(meta, corpus.notices, f"{base.name}/meta") if with_corrections else {}
    corpus.warnings.extend(BuildWarning(str(p), None, "这是一个文件夹，不是更正文件，未使用")
                           for p in corrections.stray_folders(meta))
    corpus.notices = corrections.apply(corpus.notices, found)
    corpus.notices, warnings = validity.apply(corpus.notices, corpus.as_of,
                                              corrections.validity_overrides(corpus.notices, found))
    corpus.warnings.extend(warnings)
    if corpus.profile is None:
        corpus.profile, warning = derived_profile(source, corpus.notices)
        corpus.warnings.insert(0, warning)
    corpus.calculators, warnings = bind(corpus.notices, corpus.profile.name)
    corpus.warnings.extend(warnings)
    return corpus


def _edge_candidates(path: Path, display: str) -> tuple[SourceLine, ...]:
    """The lines near a text's head and foot that could be its site's furniture (decoded, then let go)."""
    return tuple(line for line in edge_lines(read_file(path, display).lines) if could_be_furniture(line.text))


def _parsed(path: Path, display: str, cache: Cache, repeated: dict[str, int], learned: list[tuple[int, int]]
            ) -> tuple[list[BuildWarning], list[Notice], list[BuildWarning]]:
    """The reading notes, notices and parser's warnings of one source file; cached by the file's bytes, the
    furniture the folder's other texts taught it (line, count), and the code that reads them."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"无法读取文件 {display}：{error.strerror}") from None
    key = cache.key("parse", display, data, *(f"{line}:{count}" for line, count in learned))
    cached = cache.get_object("parse", key)
    if cached is not None:
        return cached
    result = read_notices_of_file(path, display, repeated)
    cache.put_object("parse", key, result)
    return result
