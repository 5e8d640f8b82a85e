"""The search across a province's counties (Pagefind's mergeIndex with a 县 filter) and a large county's
search over its shards, in Chromium."""
import functools
import http.server
import shutil
import threading

import pytest

from publisher import search_index
from publisher.publish import build_all

from ..conftest import AS_OF, CORPUS, FIXTURES, copy_as_county
from .conftest import foreign_requests

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A province of Jianghua and 牟定县, and Jianghua alone indexed in three shards; one server for both."""
    root = tmp_path_factory.mktemp("search")
    sources = root / "sources"
    copy_as_county(CORPUS, sources / "jianghua")
    (sources / "mouding").mkdir()
    shutil.copy(FIXTURES / "real_notices" / "w03_mouding_environment_plan.txt", sources / "mouding")
    (sources / "mouding" / "county.toml").write_text('name = "牟定县"\n', encoding="utf-8")
    build_all(sources, root / "www" / "province", AS_OF, browser_bundle=False)
    original = search_index.SHARD_PAGES
    search_index.SHARD_PAGES = 4
    try:
        build_all(CORPUS, root / "www" / "sharded", AS_OF, browser_bundle=False)
    finally:
        search_index.SHARD_PAGES = original
    from server.serve import SiteHandler

    class Handler(SiteHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root / "www")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def search(page, query):
    page.evaluate("document.querySelector('.md-search-result__meta').textContent = ''")  # not the last answer
    page.fill("[data-county-search] input[name=q]", query)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.match(/^(找到|没有)/)")
    return page.locator(".md-search-result__item h1").all_inner_texts(), \
        [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]


def test_the_provincial_search_finds_notices_of_every_county_and_names_the_county(phone, served):
    phone.goto(served + "province/")
    titles, links = search(phone, "应急预案")
    assert any(t.startswith("江华｜") for t in titles) and any(t.startswith("牟定｜") for t in titles)
    assert all(link.startswith(("/province/jianghua/", "/province/mouding/")) for link in links)
    phone.goto(served + "province/" + links[0].split("/province/", 1)[1])  # the link lands on a real page
    assert phone.locator("article.notice").count() == 1
    assert not foreign_requests(phone.requested)


def test_the_county_filter_searches_one_county_and_downloads_only_its_index(phone, served):
    phone.goto(served + "province/")
    phone.select_option("[data-search-county]", "mouding/")
    before = len(phone.requested)
    titles, links = search(phone, "应急预案")
    assert titles and all(t.startswith("牟定｜") for t in titles)
    assert not [u for u in phone.requested[before:] if "/jianghua/" in u]
    phone.select_option("[data-search-county]", "")  # back to every county: the search runs again
    phone.wait_for_function("() => [...document.querySelectorAll('.md-search-result__item h1')]"
                            ".some(h => h.textContent.startsWith('江华'))")


def test_a_county_indexed_in_shards_searches_all_of_them(phone, served):
    phone.goto(served + "sharded/")
    found = set()
    for query, slug in (("契税补贴", "jiangzhengbanfa-2024-2"), ("伤残等级", "jiangzhengbanfa-2024-3"),
                        ("红色预警", "jiangzhengbanfa-2024-1"), ("雷彪", "jiangzhengrenfa-2024-1")):
        _, links = search(phone, query)
        assert links and links[0].startswith(f"/sharded/{slug}/"), (query, links)
        found.add(links[0].split("/")[2])
    shards = {u.split("/sharded/")[1].split("/")[0] for u in phone.requested if "/sharded/pagefind" in u}
    assert shards == {"pagefind", "pagefind-2", "pagefind-3"}


SITE_CACHES = "() => caches.keys().then(keys => keys.filter(k => k.startsWith('county-site-')).map(k => k.split('@')[1]).sort())"


def test_each_site_of_a_province_keeps_its_own_offline_copy(browser, served):
    """The home and every county have their own service worker on one host: opening one never deletes
    another's offline copy, and the home itself works offline on a kiosk."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in ("province/jianghua/", "province/mouding/", "province/"):
        page.goto(served + path)
        page.wait_for_function("() => navigator.serviceWorker.ready.then(r => !!r.active)", timeout=30_000)
    kept = []
    for _ in range(60):
        kept = page.evaluate(SITE_CACHES)
        if len(kept) == 3:
            break
        page.wait_for_timeout(500)
    assert kept == ["/province/", "/province/jianghua/", "/province/mouding/"]
    context.set_offline(True)
    for path, title in (("province/jianghua/", "江华"), ("province/", "各县")):
        page.goto(served + path)
        assert title in page.title()
    assert page.evaluate(SITE_CACHES) == kept
    context.close()
