"""Incremental builds: products cached by content hash; changing one notice rebuilds that notice's page and
its county's index only, and the output is byte-identical to a full build."""
import shutil

import pytest

from publisher.cache import Cache
from publisher.county import build_county
from publisher.publish import build_all

from ..conftest import AS_OF, CORPUS, FIXTURES


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def county(tmp_path):
    """Jianghua's texts, one notice a file (so that a change touches one file), plus a real notice of 牟定县."""
    source = tmp_path / "src"
    shutil.copytree(CORPUS, source)
    shutil.copy(FIXTURES / "real_notices" / "w03_mouding_environment_plan.txt", source)
    return source


def change_one_notice(source):
    text = (source / "2024-notices.txt").read_text(encoding="utf-8")
    assert text.count("应急值班电话") == 1
    (source / "2024-notices.txt").write_text(text.replace("应急值班电话", "应急值守电话"), encoding="utf-8")


def test_a_second_build_with_nothing_changed_reuses_everything(county, tmp_path):
    first, second = Cache(tmp_path / "cache"), Cache(tmp_path / "cache")
    build_county(county, tmp_path / "one", AS_OF, browser_bundle=False, cache=first)
    assert not first.hits
    build_county(county, tmp_path / "two", AS_OF, browser_bundle=False, cache=second)
    assert not second.misses and second.hits["page"] == 10 and second.hits["pagefind"] == 1
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_one_notice_changed_rebuilds_its_page_and_index_and_the_result_equals_a_full_build(county, tmp_path):
    build_county(county, tmp_path / "before", AS_OF, browser_bundle=False, cache=Cache(tmp_path / "cache"))
    change_one_notice(county)
    cache = Cache(tmp_path / "cache")
    build_county(county, tmp_path / "incremental", AS_OF, browser_bundle=False, cache=cache)
    assert cache.misses["page"] == 1 and cache.hits["page"] == 9  # only the changed notice's page
    assert cache.misses["parse"] == 1 and cache.hits["parse"] == 1  # only the changed file is read again
    assert cache.misses["pagefind"] == 1  # its county's index
    build_county(county, tmp_path / "full", AS_OF, browser_bundle=False, cache=Cache(None))
    incremental, full = files(tmp_path / "incremental"), files(tmp_path / "full")
    assert sorted(incremental) == sorted(full)
    assert [name for name in full if full[name] != incremental[name]] == []
    assert files(tmp_path / "before") != full  # the change did reach the site


def test_a_changed_setting_is_never_served_from_the_cache(county, tmp_path):
    build_county(county, tmp_path / "a", AS_OF, browser_bundle=False, cache=Cache(tmp_path / "cache"))
    cache = Cache(tmp_path / "cache")
    build_county(county, tmp_path / "b", AS_OF, "https://other.example/", browser_bundle=False, cache=cache)
    assert not cache.hits["page"] and cache.hits["parse"] == 2
    build_county(county, tmp_path / "c", AS_OF, "https://other.example/", browser_bundle=False, cache=Cache(None))
    assert files(tmp_path / "b") == files(tmp_path / "c")


def test_the_cache_keeps_one_build_per_county(county, tmp_path):
    for date in ("2025-01-01", "2026-01-01"):
        build_county(county, tmp_path / date, __import__("datetime").date.fromisoformat(date), browser_bundle=False,
                     cache=Cache(tmp_path / "cache"))
    entries = [p for p in (tmp_path / "cache" / "page").rglob("*") if p.is_file()]
    assert len(entries) == 10


def test_build_all_uses_a_cache_folder_per_county(county, tmp_path):
    build_all(county, tmp_path / "site", AS_OF, browser_bundle=False, cache_folder=tmp_path / "cache")
    assert (tmp_path / "cache" / "src" / "page").is_dir()
