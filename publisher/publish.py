"""What `build.py` runs: the site of a source path, one county or a province of counties, built into a
staged folder that replaces the output only when everything succeeded (`output.py`).

A folder of county folders is a province (`province.py`); a folder of notices, or a file, is one
county (`county.py`). `correction_list` and `write_correction` serve `build.py correct`: the notices of one
county with the keys a correction file names them by, and a correction file's template.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader import corrections
from reader.sources import SourceError

from . import province
from .cache import Cache
from .corpus import read_notices
from .county import ROOT, build_county
from .output import check_output, staged_output
from .profile import load_profile, url_path
from .progress import Progress


def build_all(source: Path, out: Path, as_of: dt.date | None = None, site_url: str | None = None,
              browser_bundle: bool = True, timings: dict | None = None, progress: Progress | None = None,
              cache_folder: Path | None = None, jobs: int | None = None, county: str | None = None):
    """Build the site of `source` (one county, or a folder of counties) and swap it in for `out` only when
    everything succeeded. `timings`, when given, receives the seconds spent in each stage (for the benchmark).
    Returns the county's Corpus, or a ProvinceResult for a folder of counties (or one county of it)."""
    source, out = source.resolve(), out.resolve()
    check_output(out, [source], ROOT)
    counties = province.counties_in(source)
    if counties is not None and county is None and province.single_county(source, counties):
        source, counties = province.single_county(source, counties), None
    if counties is not None:
        return province.build_province(source, counties, out, as_of, site_url, browser_bundle, progress,
                                       cache_folder, jobs, timings, only=county)
    if county is not None:
        raise SourceError(f"{source} 不是放着各县文件夹的全省文件夹，--county 只用于全省生成。")
    cache = Cache(cache_folder / url_path(source if source.is_dir() else source.parent) if cache_folder else None)
    with staged_output(out) as staging:
        return build_county(source, staging, as_of, site_url, browser_bundle, timings, progress, cache)


def configured_site_url(source: Path | None = None) -> str:
    """The public address a build of `source` (default: sources/, one county) uses, from its county's profile."""
    source = source or ROOT / "sources"
    counties = province.counties_in(source)
    folder = province.single_county(source, counties) if counties else source
    profile = load_profile(folder) if folder else None
    return (profile.site_url if profile else None) or ""


def county_of(source: Path, county: str | None = None) -> Path:
    """The one county `source` stands for (a county folder or file, the only county of a province, or
    the one named by `county`), or a SourceError in Chinese asking which."""
    source = source.resolve()
    counties = province.counties_in(source)
    if counties is None:
        if county is not None:
            raise SourceError(f"{source} 不是放着各县文件夹的全省文件夹，--county 只用于全省。")
        return source
    if county is not None:
        named = [c for c in counties if c.name == county]
        if not named:
            raise SourceError(f"全省文件夹 {source} 中没有县文件夹 {county}（有：{'、'.join(c.name for c in counties)}）。")
        return named[0]
    only = province.single_county(source, counties)
    if only:
        return only
    raise SourceError(f"{source} 中有 {len(counties)} 个县，请加上 --county 县文件夹名，"
                      f"指明是哪个县（有：{'、'.join(c.name for c in counties)}）。")


def _read_for_correction(folder: Path, as_of: dt.date | None):
    """The reader's own values (no corrections applied), the corrections matched (None when one is wrong: the
    reason instead), and the folder the correction files live in."""
    corpus = read_notices(folder, as_of, with_corrections=False)
    base = folder if folder.is_dir() else folder.parent
    meta = base / "meta"
    try:
        found = corrections.load(meta if meta.is_dir() else None, corpus.notices, f"{base.name}/meta")
        problem = None
    except SourceError as error:
        found, problem = {}, str(error)
    return corpus, found, problem, meta


def correction_list(source: Path, county: str | None = None, as_of: dt.date | None = None) -> list[str]:
    """One line per notice: the key `build.py correct` takes, its 文号 and title, and its correction file if any."""
    folder = county_of(source, county)
    corpus, found, problem, _ = _read_for_correction(folder, as_of)
    places = corrections.positions(corpus.notices)
    lines = [f"{corpus.profile.name}：{len(corpus.notices)} 份通知。要更正某一份，运行 python3 build.py correct 加上下面每行开头的"
             "写法（或这份通知的文号、页面地址）。"]
    for index, notice in enumerate(corpus.notices):
        existing = f"　〔已有更正文件 {found[index].shown}〕" if index in found else ""
        lines.append(f"{corrections.key_text(notice, places[index])}　{notice.doc_number or '（无文号）'}　"
                     f"{notice.title}{existing}")
    if problem:
        lines.append(f"注意：{problem}")
    return lines


def write_correction(source: Path, wanted: str, county: str | None = None, as_of: dt.date | None = None
                     ) -> tuple[Path, str | None]:
    """Write the correction template of the notice `wanted` names into the county's meta/ folder; returns
    its path and, when another correction file is wrong, what is wrong with it."""
    folder = county_of(source, county)
    corpus, found, problem, meta = _read_for_correction(folder, as_of)
    index, reason = corrections.find(corpus.notices, wanted)
    if index is None:
        raise SourceError(f"{reason}。运行 python3 build.py correct --list 可以看到每份通知的写法。")
    if index in found:
        raise SourceError(f"这份通知已有更正文件 {found[index].shown}，请直接修改那个文件。")
    notice = corpus.notices[index]
    places = corrections.positions(corpus.notices)
    path = meta / f"更正-{notice.slug}.toml"
    if path.exists():
        raise SourceError(f"{path} 已经存在，没有改动它。")
    in_file = sum(1 for n in corpus.notices if n.source_path == notice.source_path)
    meta.mkdir(exist_ok=True)
    path.write_text(corrections.template(notice, places[index], in_file), encoding="utf-8")
    return path, problem


def correct(source: Path, wanted: str | None, county: str | None = None, as_of: dt.date | None = None
            ) -> tuple[list[str], list[str]]:
    """`build.py correct`: what to print (the list, or where the template was written) and what to note on stderr."""
    if wanted is None:
        return correction_list(source, county, as_of), []
    path, problem = write_correction(source, wanted, county, as_of)
    return ([f"已写出更正文件 {path}：打开它，把要更正的项那一行开头的 # 删去，改成正确的值，保存后重新生成网站。"],
            [f"注意：{problem}"] if problem else [])
