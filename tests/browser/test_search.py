"""Chinese search in Chromium: the right notice first, landing on the clause; citizens' words too."""
import pytest

from .conftest import foreign_requests

pytestmark = pytest.mark.browser

# query, expected notice, acceptable clause anchors (prefixes) for the first result
QUERIES = [
    ("契税补贴", "jiangzhengbanfa-2024-2", ["c1", "p2-c2-1"]),  # the subsidy, or how to apply for it
    ("购房契税补贴", "jiangzhengbanfa-2024-2", ["c1", "p2-c2-1"]),
    ("首次购房补贴", "jiangzhengbanfa-2024-2", ["c2", "p2-c2-2"]),
    ("园区购房补贴", "jiangzhengbanfa-2024-2", ["c3", "p2-c2-3", "p2-c3-2"]),
    ("人才购房补贴", "jiangzhengbanfa-2024-2", ["c4", "p2-c2-4", "p2-c3-3"]),
    ("申报截止时间", "jiangzhengbanfa-2024-2", ["c13-p3", "p2-c2"]),
    ("住房公积金贷款", "jiangzhengbanfa-2024-2", ["c8", "p2-c3-7"]),
    ("子女入学", "jiangzhengbanfa-2024-2", ["c5"]),
    ("伤残等级", "jiangzhengbanfa-2024-3", ["c4-4"]),
    ("免赔额", "jiangzhengbanfa-2024-3", ["c4-1", "c4-3"]),
    ("因病防贫", "jiangzhengbanfa-2024-3", ["c4-1"]),
    ("因学防贫", "jiangzhengbanfa-2024-3", ["c4-2"]),
    ("因灾防贫", "jiangzhengbanfa-2024-3", ["c4-3"]),
    ("保险期限", "jiangzhengbanfa-2024-3", ["c2"]),
    ("承保机构", "jiangzhengbanfa-2024-3", ["c5-2", "c5-3", "c4"]),
    ("红色预警", "jiangzhengbanfa-2024-1", ["c4-2", "c5-1", "c5-2-3", "c4-4"]),
    ("黄色预警", "jiangzhengbanfa-2024-1", ["c4-2", "c5-1", "c5-2-1", "c4-4"]),
    ("停课", "jiangzhengbanfa-2024-1", ["c5-2-3-1"]),
    ("应急响应措施", "jiangzhengbanfa-2024-1", ["c5"]),
    ("指挥部组成", "jiangzhengbanfa-2024-1", ["c2-1-1"]),
    ("土地出让金返还", "jiangzhengfa-2024-2", ["c3-2"]),
    ("资产盘活激励", "jiangzhengfa-2024-2", ["c3-3"]),
    ("收费减免", "jiangzhengfa-2024-2", ["c3-1"]),
    ("城镇开发建设", "jiangzhengfa-2024-2", [""]),
    ("工作专班", "jiangzhengbanfa-2024-5", [""]),
    ("产业培塑行动", "jiangzhengbanfa-2024-5", [""]),
    ("雷彪", "jiangzhengrenfa-2024-1", [""]),
    ("奉开武", "jiangzhengrenfa-2024-3", [""]),
    ("派出所所长", "jiangzhengrenfa-2024-4", [""]),
    ("医疗保障局副局长", "jiangzhengrenfa-2024-2", [""]),
]
# citizens' words (sources/synonyms.toml): the same notices and clauses as the official words
SYNONYMS = [
    ("买房补贴", "jiangzhengbanfa-2024-2", ["c1", "c2", "c3", "c4", "p2"]),
    ("报销", "jiangzhengbanfa-2024-3", ["c4"]),
    ("住院报销", "jiangzhengbanfa-2024-3", ["c4-1", "c4"]),
    ("雾霾", "jiangzhengbanfa-2024-1", [""]),
    ("生二胎", "jiangzhengbanfa-2024-2", ["c8"]),
    ("着火", "jiangzhengbanfa-2024-3", ["c4-3"]),
    ("养猪", "jiangzhengbanfa-2024-3", ["c4-5"]),
]


def first_results(page, site_server, query):
    page.goto(site_server + "?q=" + query)
    page.wait_for_function("""() => { const m = document.querySelector('[data-county-search-result] .md-search-result__meta');
        return m && (m.textContent.startsWith('找到') || m.textContent.startsWith('没有')); }""", timeout=20_000)
    return page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.getAttribute('href'))")


def check(page, site_server, query, notice, clauses):
    hrefs = first_results(page, site_server, query)
    assert hrefs, f"{query}: no result"
    path, _, anchor = hrefs[0].partition("#")
    assert path.strip("/") == notice, f"{query}: first result {hrefs[0]}"
    assert any(anchor.startswith(c) for c in clauses), f"{query}: lands on #{anchor}, expected one of {clauses}"


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    assert foreign_requests(page.requested) == []
    assert not any("search_index.json" in url for url in page.requested)  # the theme's lunr index is never loaded
    context.close()


@pytest.mark.parametrize("query, notice, clauses", QUERIES, ids=[q[0] for q in QUERIES])
def test_a_query_puts_the_right_notice_first_and_lands_on_the_clause(page, site_server, query, notice, clauses):
    check(page, site_server, query, notice, clauses)


@pytest.mark.parametrize("query, notice, clauses", SYNONYMS, ids=[q[0] for q in SYNONYMS])
def test_citizens_words_find_the_same_clauses(page, site_server, query, notice, clauses):
    check(page, site_server, query, notice, clauses)


def test_results_show_the_notice_the_clause_and_a_highlighted_snippet(page, site_server):
    first_results(page, site_server, "伤残等级")
    item = page.locator(".md-search-result__item").first
    assert "防贫综合保险" in item.locator("h1").inner_text()
    assert "因意外事故" in item.locator(".search-clause").inner_text()
    assert item.locator("mark").count() >= 1


def test_following_a_result_opens_the_clause(page, site_server):
    first_results(page, site_server, "停课")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url("**#c5-2-3-1-1")
    assert "临时停课" in page.locator("#c5-2-3-1-1").inner_text()


def test_the_synonym_list_is_a_reviewable_table(built_site):
    import json
    table = json.loads((built_site / "assets" / "search-synonyms.json").read_text(encoding="utf-8"))
    assert table["买房"] == ["购房"] and "二孩" in table["生二胎"] and "重污染" in table["雾霾"]
