"""Many counties, one province: a site per county under its own path, a provincial home, counties built in
parallel processes, and parts built apart and combined giving the same bytes as one build."""
import json
import re
import shutil
import subprocess
import sys

import pytest

from publisher.province import counties_in
from reader.sources import SourceError
from publisher.publish import build_all

from ..conftest import AS_OF, CORPUS, FIXTURES, copy_as_county, ROOT

REAL = FIXTURES / "real_notices"


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """Jianghua (profile), 牟定县 (profile, one real notice), 镇巴县 (no profile, one real notice)."""
    root = tmp_path_factory.mktemp("province") / "sources"
    copy_as_county(CORPUS, root / "jianghua")
    (root / "mouding").mkdir()
    shutil.copy(REAL / "w03_mouding_environment_plan.txt", root / "mouding")
    (root / "mouding" / "county.toml").write_text('name = "牟定县"\ncontact = "牟定县人民政府办公室"\n', encoding="utf-8")
    (root / "zhenba").mkdir()
    shutil.copy(REAL / "w01_zhenba_work_rules.txt", root / "zhenba")
    (root / "province.toml").write_text('name = "样例省"\nsite_title = "样例省各县政策文件"\n'
                                        'site_url = "https://zcwj.example.gov.cn/"\n', encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(province, tmp_path_factory):
    out = tmp_path_factory.mktemp("built") / "site"
    result = build_all(province, out, AS_OF, browser_bundle=False, jobs=2)
    return out, result


def ids(html):
    return sorted(set(re.findall(r' id="([^"]+)"', html)))


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_each_county_has_its_own_site_catalogue_profile_and_search(built):
    out, result = built
    assert [c.path for c in result.counties] == ["jianghua", "mouding", "zhenba"]
    titles = {"jianghua": "江华瑶族自治县政策文件", "mouding": "牟定县政策文件", "zhenba": "镇巴县政策文件"}
    for path, title in titles.items():
        home = (out / path / "index.html").read_text(encoding="utf-8")
        assert f"<title>{title}" in home
        entry = json.loads((out / path / "pagefind" / "pagefind-entry.json").read_text())
        policies = json.loads((out / path / "policies.json").read_text(encoding="utf-8"))
        assert entry["languages"]["zh"]["page_count"] == len(policies) == home.count("<li data-issuer=")
    assert "牟定县人民政府办公室" in (out / "mouding" / "index.html").read_text(encoding="utf-8")  # its contact line
    assert (out / "jianghua" / "calculators" / "housing" / "index.html").exists()
    for county in ("mouding", "zhenba"):  # the national rules only (deed_tax): none of Jianghua's
        assert sorted(p.name for p in (out / county / "calculators").iterdir() if p.is_dir()) == ["aqi", "deed_tax"]


def test_jianghua_keeps_every_page_and_anchor_under_its_path(built, tmp_path):
    out, _ = built
    alone = tmp_path / "alone"
    build_all(CORPUS, alone, AS_OF, browser_bundle=False)
    pages = {p.relative_to(alone).as_posix() for p in alone.rglob("index.html")}
    assert pages and pages <= {p.relative_to(out / "jianghua").as_posix() for p in (out / "jianghua").rglob("index.html")}
    page = "jiangzhengbanfa-2024-3/index.html"
    assert ids((alone / page).read_text(encoding="utf-8")) == ids((out / "jianghua" / page).read_text(encoding="utf-8"))


def test_the_home_lists_the_counties_and_the_newest_notices(built):
    out, _ = built
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>样例省各县政策文件" in home
    for path in ("jianghua/", "mouding/", "zhenba/"):
        assert f'href="{path}"' in home
    links = re.findall(r'<a href="([a-z]+/[^"]+/)"><span class="catalogue-title">', home)
    assert len(links) == 11 and all((out / link / "index.html").exists() for link in links)
    assert home.index("江政办发〔2024〕5号") < home.index("江政人发〔2024〕1号")  # newest first
    counties = json.loads((out / "counties.json").read_text(encoding="utf-8"))
    assert [c["bundles"] for c in counties] == [["jianghua/pagefind/"], ["mouding/pagefind/"], ["zhenba/pagefind/"]]
    assert [c["short_name"] for c in counties] == ["江华", "牟定", "镇巴"]


def test_county_pages_lead_back_to_the_home_and_use_the_provinces_address(built):
    out, _ = built
    page = (out / "mouding" / "index.html").read_text(encoding="utf-8")
    assert "返回样例省各县政策文件" in page
    qr = (out / "jianghua" / "qr" / "jiangzhengbanfa-2024-1.svg").read_text(encoding="utf-8")
    assert "https://zcwj.example.gov.cn/jianghua/jiangzhengbanfa-2024-1/" in qr
    home_qr = (out / "qr" / "index.svg").read_text(encoding="utf-8")  # a kiosk on the provincial home
    assert "<title>https://zcwj.example.gov.cn/</title>" in home_qr


def test_parts_built_apart_and_combined_give_the_same_site(built, province, tmp_path):
    out, _ = built
    parts = []
    for county in ("jianghua", "mouding", "zhenba"):
        part = tmp_path / "parts" / county
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--source", str(province), "--county", county,
                                 "--out", str(part), "--no-calculators", "--date", AS_OF.isoformat(), "--no-cache"],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        parts.append(str(part))
    combined = tmp_path / "combined"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "combine", *parts, "--source", str(province),
                             "--out", str(combined), "--date", AS_OF.isoformat()], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    one, apart = files(out), files(combined)
    assert sorted(one) == sorted(apart)
    assert [name for name in one if one[name] != apart[name]] == []


def test_counties_built_one_at_a_time_give_the_same_site(built, province, tmp_path):
    out, _ = built
    build_all(province, tmp_path / "serial", AS_OF, browser_bundle=False, jobs=1)
    assert files(tmp_path / "serial") == files(out)


def test_one_county_in_a_sources_folder_is_built_at_the_root(tmp_path):
    copy_as_county(CORPUS, tmp_path / "sources" / "jianghua")
    assert counties_in(tmp_path / "sources") == [tmp_path / "sources" / "jianghua"]
    build_all(tmp_path / "sources", tmp_path / "site", AS_OF, browser_bundle=False)
    assert (tmp_path / "site" / "jiangzhengbanfa-2024-1" / "index.html").exists()
    assert not (tmp_path / "site" / "counties.json").exists()


def test_a_county_folder_named_like_a_site_folder_is_refused(tmp_path):
    copy_as_county(CORPUS, tmp_path / "sources" / "assets")
    copy_as_county(CORPUS, tmp_path / "sources" / "jianghua")
    with pytest.raises(SourceError, match="/assets/ 与网站自身的文件夹重名"):
        counties_in(tmp_path / "sources")


def test_a_county_that_is_not_in_the_province_is_named(province, tmp_path):
    with pytest.raises(SourceError, match="没有名为 qingshan 的县文件夹"):
        build_all(province, tmp_path / "part", AS_OF, browser_bundle=False, county="qingshan")


def test_nothing_in_a_province_could_make_the_browser_reach_another_host(built):
    from .test_local_only import foreign_fetches
    out, _ = built
    assert (out / "sw.js").is_file() and (out / "index.html.gz").is_file()  # the home: offline and compressed
    assert foreign_fetches(out, "zcwj.example.gov.cn") == []


def test_the_bundled_example_is_left_out_beside_a_real_county_and_built_alone(tmp_path):
    """After new-county the clerk's county is the site; the example (sample = true) needs no deleting."""
    from publisher.province import samples_left_out
    sources = tmp_path / "sources"
    shutil.copytree(CORPUS, sources / "jianghua")
    assert counties_in(sources) == [sources / "jianghua"] and samples_left_out(sources) == []  # the demo alone
    (sources / "qingshan").mkdir()
    (sources / "qingshan" / "county.toml").write_text('name = "青山县"\n', encoding="utf-8")
    assert counties_in(sources) == [sources / "qingshan"] and samples_left_out(sources) == [sources / "jianghua"]
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "new-county", "白水县", "--source", str(sources)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "随附的示例县 jianghua 只是示例" in result.stdout and "无需删除" in result.stdout
    (sources / "jianghua" / "county.toml").write_text(
        (sources / "jianghua" / "county.toml").read_text(encoding="utf-8").replace("sample = true", "sample = false"),
        encoding="utf-8")
    assert sources / "jianghua" in counties_in(sources)  # made a county of its own on purpose


def test_two_counties_with_a_calculator_of_the_same_name_each_keep_their_own(tmp_path, monkeypatch):
    """江华 and a copy of it as 青山县 with its own township.toml: each site's page, worked examples and the
    rule files its engine is handed (named in its manifest with their SHA-256) are its own."""
    import hashlib

    from publisher import county as county_stage
    from ..bundle.test_assemble import bundle

    monkeypatch.setattr(county_stage.assemble, "collect", lambda *args: bundle(b"image"))  # the engine is not under test
    root = tmp_path / "sources"
    copy_as_county(CORPUS, root / "jianghua")
    qingshan = copy_as_county(CORPUS, root / "qingshan")
    profile = qingshan / "county.toml"
    profile.write_text(profile.read_text(encoding="utf-8").replace('name = "江华瑶族自治县"', 'name = "青山县"'), encoding="utf-8")
    township = qingshan / "calculators" / "township.toml"
    township.write_text(township.read_text(encoding="utf-8").replace('county = "江华瑶族自治县"', 'county = "青山县"')
                        .replace('title = "城镇开发建设奖补计算器"', 'title = "青山县城镇开发建设奖补计算器"'), encoding="utf-8")
    for other in ("insurance", "housing", "warning"):
        (qingshan / "calculators" / f"{other}.toml").unlink()
    out = tmp_path / "site"
    build_all(root, out, AS_OF, browser_bundle=True, jobs=1)
    titles = {"jianghua": "城镇开发建设奖补计算器", "qingshan": "青山县城镇开发建设奖补计算器"}
    for path, title in titles.items():
        page = (out / path / "calculators" / "township" / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{title}</h1>" in page or f">{title}<" in page, path
        assert "3,000,000.00 元" in page  # its worked example, computed from its own file
        manifest = json.loads((out / path / "assets" / "calc" / "manifest.json").read_text(encoding="utf-8"))
        shipped = {entry["file"]: entry for entry in manifest["rules"]}
        own = f"sources/{path}/calculators/township.toml"
        assert set(shipped) == {own, "calculators/national/aqi.toml", "calculators/national/deed_tax.toml"} | (
            {f"sources/jianghua/calculators/{name}.toml" for name in ("housing", "insurance", "warning")}
            if path == "jianghua" else set())
        data = (out / path / shipped[own]["url"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == shipped[own]["sha256"]
        assert data == (root / path / "calculators" / "township.toml").read_bytes()
    assert not (out / "qingshan" / "calculators" / "insurance").exists()


def test_every_page_of_a_province_accepts_every_kiosk_key_of_the_province_and_publishes_none(built):
    """A county's kiosk walks to the provincial home (the menu's last entry, the 404 page) and to other
    counties, all on one origin: a page that refused its key would end kiosk mode on that device."""
    import hashlib
    import tomllib
    out, _ = built
    key = tomllib.loads((CORPUS / "county.toml").read_text(encoding="utf-8"))["kiosk_key"]
    digest = hashlib.sha256(key.encode()).hexdigest()
    for page in ("index.html", "404.html", "jianghua/index.html", "mouding/index.html", "zhenba/404.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert re.search(r'KEYS = \["' + digest + r'"\]', html), page
        assert key not in html, page
