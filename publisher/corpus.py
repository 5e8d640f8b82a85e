"""A county's corpus: its profile, every notice of its source files (read through the reader, cached by
each file's bytes), their validity on the day judged, and the calculators whose notices are among them.

The only place the site builder calls the reader; what follows (pages, search, bundle) works on the Corpus.
It is also where the county's rule files (sources/<county>/calculators/*.toml) and the national ones are
loaded and checked, with every worked example: a mistake stops the build with its file, line and column.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from calculators import api
from reader import corrections, validity
from reader import thresholds as T
from reader.model import BuildWarning, Notice, SourceLine
from reader.containers import Unreadable
from reader.model import SourceText
from reader.attachment_files import attach_files, loose_files, supplied
from reader.notices import dedupe_slugs, read_notices_of_text, unread_warning
from reader.pdf_format import ScannedPdf
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
    catalogue: api.Catalogue | None = None  # the county's rule files and the national ones, checked
    unread: list[tuple[Path, str, bool]] = field(default_factory=list)  # (file, as shown, a scan) no reader could read
    files: dict[str, Path] = field(default_factory=dict)  # 附件 files to publish: site address -> file


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
    documents: dict[Path, SourceText] = {}  # texts of the formats that are slow to read: read once, kept
    edges = {}
    for path in files:  # first pass: what each text's edges hold
        try:
            edges[path] = _edge_candidates(path, shown[path], documents)
        except Unreadable as refusal:
            corpus.warnings.append(unread_warning(shown[path], refusal))
            corpus.unread.append((path, shown[path], isinstance(refusal, ScannedPdf)))
    files = [path for path in files if path in edges]
    repeated = repeated_lines(list(edges.values())) if len(files) >= T.REPEAT_MIN_FILES else {}
    parse_warnings: list[BuildWarning] = []
    with progress.stage("读取文件", total=len(files)) as stage:
        for path in files:
            learned = sorted((line.number, repeated[line_key(line.text)]) for line in edges[path]
                             if line_key(line.text) in repeated)
            reading, notices, parsing = _parsed(path, shown[path], cache, repeated, learned, documents.get(path))
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
    if source.is_dir():  # 附件 kept as files of their own, beside their notice or in a folder named after it
        corpus.notices, corpus.files, warnings, consumed = attach_files(
            base, corpus.notices, {shown[path]: path for path in files}, loose_files(source),
            lambda path: str(path.relative_to(base)))
        # a document that is another notice's attachment is on that notice's page: its own reading notes go
        corpus.warnings = [w for w in corpus.warnings if w.path not in consumed and not supplied(w, corpus.notices)] + warnings
    if corpus.profile is None:
        corpus.profile, warning = derived_profile(source, corpus.notices)
        corpus.warnings.insert(0, warning)
    corpus.catalogue = county_catalogue(base, corpus.as_of)
    corpus.calculators, warnings = bind(corpus.notices, corpus.profile.name, corpus.catalogue)
    corpus.warnings.extend(warnings)
    return corpus


def county_catalogue(folder: Path, as_of: dt.date) -> api.Catalogue:
    """The county's calculators, every rule file checked and every worked example computed (for the
    build's date where an example names no day); any mistake is a SourceError naming file, line and column."""
    try:
        catalogue = api.catalogue(api.county_rule_files(folder))
    except api.RuleError as error:
        raise SourceError(f"计算器规则文件有误：{error}") from None
    problems = catalogue.check_examples(as_of)
    if problems:
        raise SourceError("计算器规则文件中的例子没有通过检查（例子写的结果要与按文件算得的一致）：\n" + "\n".join(f"  {p}" for p in problems))
    return catalogue


def _edge_candidates(path: Path, display: str, documents: dict[Path, SourceText]) -> tuple[SourceLine, ...]:
    """The lines near a text's head and foot that could be its site's furniture (plain text decoded, then let
    go; a document format's text kept in `documents`, since reading it again would cost as much)."""
    text = read_file(path, display)
    if text.format != "text":
        documents[path] = text
    return tuple(line for line in edge_lines(text.lines) if could_be_furniture(line.text))


def _parsed(path: Path, display: str, cache: Cache, repeated: dict[str, int], learned: list[tuple[int, int]],
            document: SourceText | None = None) -> tuple[list[BuildWarning], list[Notice], list[BuildWarning]]:
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
    result = read_notices_of_text(document or read_file(path, display), repeated)
    cache.put_object("parse", key, result)
    return result
