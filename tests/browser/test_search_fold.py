"""Traditional and simplified characters find the same notices (issue 23 §8): the index reads every page
folded to simplified characters, the search box folds the query with the same table (from the build,
nothing downloaded at run time), and the notice keeps the script it was written in."""
import functools
import http.server
import threading

import pytest

from ..conftest import AS_OF, FIXTURES
from .conftest import foreign_requests

pytestmark = pytest.mark.browser

NOTICE = "jiangzhengbanfa-2024-9"


@pytest.fixture(scope="module")
def traditional_site(tmp_path_factory):
    from publisher.publish import build_all
    from server.serve import SiteHandler
    out = tmp_path_factory.mktemp("traditional") / "site"
    build_all(FIXTURES / "traditional", out, AS_OF, browser_bundle=False)

    class Handler(SiteHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def answer(page, base, query):
    page.goto(base + "?q=" + query)
    page.wait_for_function("""() => { const m = document.querySelector('[data-county-search-result] .md-search-result__meta');
        return m && /找到 \\d+ 份文件|可以换个说法/.test(m.textContent); }""", timeout=30_000)
    return page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize("query, clause", [("补贴", "c2"), ("補貼", "c2"), ("购房补贴", "c2"), ("購房補貼", "c2"),
                                           ("医疗", "c1"), ("醫療", "c1"), ("医疗救助", "c1")])
def test_both_scripts_find_a_notice_written_in_traditional_characters(browser, traditional_site, query, clause):
    site, base = traditional_site
    page = browser.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    hrefs = answer(page, base, query)
    assert hrefs and hrefs[0] == f"/{NOTICE}/#{clause}", (query, hrefs)
    # the result's title as the notice writes it
    assert "醫療救助" in page.locator(".md-search-result__item h1").first.inner_text()
    assert foreign_requests(page.requested) == []
    page.close()


def test_the_notice_keeps_the_script_it_was_written_in(traditional_site):
    site, _ = traditional_site
    html = (site / NOTICE / "index.html").read_text(encoding="utf-8")
    assert "購房補貼" in html and "购房补贴" not in html


def test_a_traditional_query_finds_a_simplified_notice(browser, site_server):
    page = browser.new_page()
    hrefs = answer(page, site_server, "購房補貼")
    assert hrefs and hrefs[0].startswith("/jiangzhengbanfa-2024-2/")
    hrefs = answer(page, site_server, "傷殘等級")
    assert hrefs and hrefs[0].startswith("/jiangzhengbanfa-2024-3/#c4-4")
    page.close()
