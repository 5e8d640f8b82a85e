"""What `build.py` runs: the site of a source path, one county or a province of counties, built into a
staged folder that replaces the output only when everything succeeded (`output.py`).

A folder of county folders is a province (`province.py`); a folder of notices, or a file, is one
county (`county.py`).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.sources import SourceError

from . import province
from .cache import Cache
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
