"""Many counties, one province: a site per county under its own path, and a provincial home.

    sources/                      a folder of county folders (with an optional province.toml)
      province.toml               the home's name, title, public address, contact line
      jianghua/county.toml, *.txt
      qingshan/county.toml, *.txt
    ->
    site/index.html               the provincial home: the counties and the newest notices of all
    site/counties.json            the counties and their search bundles (for the search across counties)
    site/jianghua/…               Jianghua's whole site, with its own catalogue, profile and search
    site/qingshan/…

Each county's build is independent, so counties build in parallel processes, or apart on other
machines: `build.py --source sources/ --county jianghua --out parts/jianghua` builds one county's
part exactly as it appears in the province, and `build.py combine parts/* --source sources/ --out site`
puts parts together and writes the home. A whole build is those two steps on this machine, so
parts built apart and combined give the same bytes (tests/publisher/test_province.py).
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bundle import assemble
from reader.model import BuildWarning
from reader.sources import TEXT_SUFFIXES, SourceError

from .cache import Cache
from .compress import precompress
from .county import build_county, build_site, page_qr_codes, search_hints_json, site_config
from .local_only import localise_theme_scripts
from .output import MARKER, check_output, staged_output
from .profile import PROFILE, PROVINCE_PROFILE, Profile, load_profile, load_province, url_path
from .progress import Progress, duration
from .report import needing_review
from .render import _date_text, _env, _front_matter, _one_block
from .search_index import SHARD_LIST
from .write import write_docs

ROOT = Path(__file__).resolve().parent.parent
PART_FILE = "county.json"  # in each county's part: what the home and the search across counties need
HOME_NEWEST = 50  # notices listed on the provincial home
RESERVED = {"assets", "search", "pagefind", "qr", "catalogue", "calculators", "performance"}


@dataclass
class CountyResult:
    path: str
    name: str
    notices: int
    warnings: list[str] = field(default_factory=list)
    stages: dict = field(default_factory=dict)
    seconds: float = 0.0
    needs_review: int = 0  # notices with a guess, a problem or text that could not be placed


@dataclass
class ProvinceResult:
    profile: Profile
    counties: list[CountyResult]

    @property
    def warnings(self) -> list[str]:
        return [w for county in self.counties for w in county.warnings]

    @property
    def notices(self) -> int:
        return sum(county.notices for county in self.counties)

    @property
    def needs_review(self) -> int:
        return sum(county.needs_review for county in self.counties)


def _has_texts(folder: Path) -> bool:
    return any(p.suffix.lower() in TEXT_SUFFIXES for p in folder.rglob("*") if p.is_file()
               and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def counties_in(source: Path) -> list[Path] | None:
    """The county folders of a province folder, or None when `source` is not one.

    A folder is a province when it has no county.toml of its own and a subfolder has one (or it has
    a province.toml); its counties are the subfolders holding a profile or texts."""
    if not source.is_dir() or (source / PROFILE).exists():
        return None
    folders = sorted(p for p in source.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                     and p.name != "meta")
    if not any((p / PROFILE).is_file() for p in folders) and not (source / PROVINCE_PROFILE).exists():
        return None
    counties = [p for p in folders if (p / PROFILE).is_file() or _has_texts(p)]
    real = [p for p in counties if p not in samples_in(counties)]
    counties = real or counties  # the example county alone is built (it is the demo); beside real ones it is not
    paths: dict[str, Path] = {}
    for county in counties:
        path = url_path(county)
        if path in RESERVED or path in paths:
            raise SourceError(f"县文件夹 {county} 在网站上的路径 /{path}/ 与"
                              f"{'网站自身的文件夹' if path in RESERVED else f' {paths[path]} '}重名，请给文件夹改名。")
        paths[path] = county
    return counties


def samples_in(folders: list[Path]) -> list[Path]:
    """The folders whose county.toml says `sample = true`: the example that comes with the program."""
    found = []
    for folder in folders:
        profile = load_profile(folder) if (folder / PROFILE).is_file() else None
        if profile and profile.sample:
            found.append(folder)
    return found


def samples_left_out(source: Path) -> list[Path]:
    """The example counties a build of `source` leaves out, because real counties sit beside them."""
    if not source.is_dir() or (source / PROFILE).exists():
        return []
    counties = counties_in(source)
    if counties is None:
        return []
    folders = [p for p in source.iterdir() if p.is_dir() and (p / PROFILE).is_file()]
    return sorted(p for p in samples_in(folders) if p not in counties)


def single_county(source: Path, counties: list[Path]) -> Path | None:
    """A province folder of one county and no province.toml is built as that county alone, at the root:
    its pages keep their addresses, as they were before it had neighbours."""
    return counties[0] if len(counties) == 1 and not (source / PROVINCE_PROFILE).exists() else None


def province_profile(source: Path | None) -> tuple[Profile, list[str]]:
    profile = load_province(source) if source else None
    if profile:
        return profile, []
    where = f"在 {source} 中" if source else "在全省文件夹中"
    warning = BuildWarning(str(source or "combine"), None, f"没有找到全省设置文件 {PROVINCE_PROFILE}，首页标题暂用「各县政策文件」。"
                           f"要写明名称和公开网址，请{where}新建 {PROVINCE_PROFILE}（写法见 README），合并时用 --source 指明全省文件夹。")
    return Profile(name="", short_name="", site_title="各县政策文件", description="各县公布的政策文件，可按条款引用。",
                   from_file=False), [str(warning)]


def county_url(province_url: str | None, path: str) -> str:
    return f"{province_url.rstrip('/')}/{path}/" if province_url else ""


def build_part(county: Path, out: Path, province: Profile, province_url: str | None, date: dt.date | None,
               browser_bundle: bool, cache_folder: Path | None, index_lock: Path | None = None,
               timings: dict | None = None, progress: Progress | None = None) -> CountyResult:
    """One county's part of the province into `out` (a new or empty folder): its whole site, plus county.json."""
    start = time.monotonic()
    path = url_path(county)
    timings = {} if timings is None else timings
    cache = Cache(cache_folder / path if cache_folder else None)
    home = {"title": f"返回{province.site_title}", "url": "../"}
    corpus = build_county(county, out, date, county_url(province_url, path), browser_bundle, timings, progress,
                          cache, home=home, index_lock=index_lock)
    shard_list = out / SHARD_LIST
    bundles = json.loads(shard_list.read_text(encoding="utf-8")) if shard_list.exists() else ["pagefind/"]
    profile = corpus.profile
    part = {"path": path, "name": profile.name, "short_name": profile.short_name, "site_title": profile.site_title,
            "notices": len(corpus.notices), "as_of": corpus.as_of.isoformat(), "bundles": bundles}
    (out / PART_FILE).write_text(json.dumps(part, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return CountyResult(path, profile.site_title, len(corpus.notices), [str(w) for w in corpus.warnings],
                        dict(timings), time.monotonic() - start, needing_review(corpus.notices, corpus.warnings))


def _build_part_in_process(args: tuple) -> CountyResult:
    county, out, province, province_url, date, browser_bundle, cache_folder, index_lock = args
    return build_part(county, out, province, province_url, date, browser_bundle, cache_folder, index_lock)


def build_parts(counties: list[Path], work: Path, province: Profile, province_url: str | None, date: dt.date | None,
                browser_bundle: bool, cache_folder: Path | None, jobs: int | None,
                progress: Progress) -> list[CountyResult]:
    """Every county's part into work/<path>/, in parallel processes (at most `jobs`, default one per core).
    Only one Pagefind runs at a time (a file lock): it takes most of the memory, the rest overlaps it."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(counties)))
    index_lock = work / ".index.lock"
    tasks = [(county, work / url_path(county), province, province_url, date, browser_bundle, cache_folder, index_lock)
             for county in counties]
    results: list[CountyResult] = []
    with progress.stage("生成各县网站", total=len(counties)) as stage:
        if jobs == 1:
            for task in tasks:
                results.append(_build_part_in_process(task))
                stage.advance(note=results[-1].name)
                progress.log(_county_line(results[-1]))
        else:
            with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(_build_part_in_process, task): task for task in tasks}
                for future in concurrent.futures.as_completed(futures):
                    results.append(future.result())
                    stage.advance(note=results[-1].name)
                    progress.log(_county_line(results[-1]))
    order = {url_path(c): i for i, c in enumerate(counties)}
    return sorted(results, key=lambda r: order[r.path])


def _county_line(result: CountyResult) -> str:
    names = {"read": "读取", "render": "排版", "mkdocs": "生成网页", "search_index": "搜索索引",
             "bundle": "计算引擎", "compress": "压缩"}
    stages = "，".join(f"{names.get(k, k)} {v:.1f} 秒" for k, v in result.stages.items() if v >= 0.05)
    return f"  {result.name}：{result.notices} 份，{duration(result.seconds)}（{stages}）"


def read_part(part: Path) -> dict:
    info = part / PART_FILE
    if not info.is_file():
        raise SourceError(f"{part} 不是一个县的生成结果（缺少 {PART_FILE}）。"
                          "请用 python3 build.py --source 全省文件夹 --county 县文件夹名 --out 该文件夹 生成。")
    try:
        return json.loads(info.read_text(encoding="utf-8"))
    except ValueError:
        raise SourceError(f"{info} 已损坏，请重新生成这个县。") from None


def combine(parts: list[Path], out: Path, province: Profile, province_url: str | None, date: dt.date | None,
            move: bool = False) -> list[dict]:
    """Put county parts under out/<path>/ and write the provincial home into out (a new or empty folder)."""
    infos = [read_part(part) for part in parts]
    seen: dict[str, Path] = {}
    for part, info in zip(parts, infos):
        if info["path"] in seen:
            raise SourceError(f"{part} 与 {seen[info['path']]} 是同一个县（/{info['path']}/），请只保留一个。")
        seen[info["path"]] = part
    infos.sort(key=lambda info: info["path"])
    for info in infos:
        target = out / info["path"]
        source = seen[info["path"]]
        if move:
            source.rename(target)
        else:
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(MARKER))
        (target / MARKER).unlink(missing_ok=True)
    build_home(out, infos, province, province_url, date)
    return infos


def newest(out: Path, infos: list[dict], count: int = HOME_NEWEST) -> list[dict]:
    entries = []
    for info in infos:
        for entry in json.loads((out / info["path"] / "policies.json").read_text(encoding="utf-8")):
            entries.append({**entry, "county": info["short_name"] or info["name"],
                            "url": f"{info['path']}/{entry['url']}"})
    entries.sort(key=lambda e: (e["date"] or "", e["doc_number"] or "", e["url"]), reverse=True)
    return entries[:count]


def build_home(out: Path, infos: list[dict], province: Profile, province_url: str | None, date: dt.date | None) -> None:
    """The provincial home (an mkdocs site of its own, same theme) and counties.json for the search across counties."""
    as_of = province.judged_on(date)
    counties = [{"path": i["path"] + "/", "name": i["name"], "short_name": i["short_name"], "site_title": i["site_title"],
                 "notices": i["notices"], "bundles": [f"{i['path']}/{b}" for b in i["bundles"]]} for i in infos]
    latest = newest(out, infos)
    body = _env.get_template("province_home.html.j2").render(
        province=province, counties=counties, latest=latest, date_text=_date_text,
        total=sum(i["notices"] for i in infos))
    home = _front_matter({"title": province.site_title, "description": province.description, "hide": ["toc"],
                          "search": {"exclude": True}}) + _one_block(body)
    pages = {"index.md": home,
             "counties.json": json.dumps(counties, ensure_ascii=False, indent=1) + "\n",
             "assets/search-hints.json": search_hints_json(ROOT / "sources" / "synonyms.toml", {})}
    if province_url:  # a kiosk on the home page hands it to a phone, as every county page does
        pages.update(page_qr_codes(pages, province_url))
    (ROOT / ".build").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / ".build") as work:
        staging, site = Path(work) / "docs", Path(work) / "site"
        write_docs(staging, ROOT / "docs", pages)
        nav = [{"全省首页": "index.md"}, {"性能与无障碍": "performance.md"}]
        settings = site_config(province, province_url or "", nav)
        settings["extra"]["search_counties"] = [{key: c[key] for key in ("path", "short_name", "bundles")}
                                                for c in counties]
        build_site(staging, site, settings, as_of)  # mkdocs empties its folder
        # what a county's build does to its own folder (county.py), for the home's files only
        localise_theme_scripts(site)
        assemble.write_service_worker(site)  # the home offline on a kiosk; each county has its own
        precompress(site)
        for entry in sorted(site.iterdir()):
            if (out / entry.name).exists():
                raise SourceError(f"全省首页的 {entry.name} 与一个县的文件夹重名，请给那个县的文件夹改名。")
            entry.rename(out / entry.name)


def build_province(source: Path, counties: list[Path], out: Path, date: dt.date | None, site_url: str | None,
                   browser_bundle: bool, progress: Progress | None, cache_folder: Path | None, jobs: int | None,
                   timings: dict | None = None, only: str | None = None) -> ProvinceResult:
    """The whole province into out (swapped in when everything succeeded), or with `only`, one county's part."""
    progress = progress or Progress.silent()
    province, warnings = province_profile(source)
    province_url = site_url or province.site_url
    if not province_url:
        warnings.append(str(BuildWarning(str(source / PROVINCE_PROFILE), None, "没有全省的公开网址（site_url），"
                                         "各县页面的二维码和分享链接只能给出站内路径；部署前请填写，或生成时加 --site-url")))
    if only is not None:
        chosen = [c for c in counties if only in (c.name, url_path(c))]
        if not chosen:
            raise SourceError(f"{source} 中没有名为 {only} 的县文件夹；有：{'、'.join(c.name for c in counties)}")
        with staged_output(out) as staging:
            result = build_part(chosen[0], staging, province, province_url, date, browser_bundle, cache_folder,
                                None, timings, progress)
        return ProvinceResult(province, [result])
    with staged_output(out) as staging:
        with tempfile.TemporaryDirectory(dir=staging.parent, prefix=f".{out.name}.parts-") as work:
            results = build_parts(counties, Path(work), province, province_url, date, browser_bundle, cache_folder,
                                  jobs, progress)
            with progress.stage("生成全省首页"):
                combine([Path(work) / r.path for r in results], staging, province, province_url, date, move=True)
    if results:
        results[0].warnings[:0] = warnings
    return ProvinceResult(province, results)


def combine_parts(parts: list[Path], source: Path | None, out: Path, date: dt.date | None, site_url: str | None,
                  progress: Progress | None = None) -> ProvinceResult:
    """`build.py combine`: parts built apart (each by `--county`) into one province site."""
    progress = progress or Progress.silent()
    province, warnings = province_profile(source.resolve() if source else None)
    parts = [p.resolve() for p in parts]
    check_output(out.resolve(), parts + ([source.resolve()] if source else []), ROOT)
    with staged_output(out) as staging:
        with progress.stage("合并各县并生成全省首页", total=len(parts)):
            infos = combine(parts, staging, province, site_url or province.site_url, date)
    results = [CountyResult(i["path"], i["site_title"], i["notices"]) for i in infos]
    if results:
        results[0].warnings[:0] = warnings
    return ProvinceResult(province, results)


__all__ = ["counties_in", "build_province", "combine_parts", "build_part", "combine", "ProvinceResult", "PART_FILE"]
