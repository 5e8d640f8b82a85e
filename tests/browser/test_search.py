"""Chinese search in Chromium: the right notice first, landing on the clause; citizens' words too."""
import pytest

from .conftest import SHOTS, foreign_requests

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
    ("买房补贴", "jiangzhengbanfa-2024-2", ["c1", "c2", "c3", "c4"]),  # the clauses that grant, not the forms
    ("报销", "jiangzhengbanfa-2024-3", ["c4"]),
    ("住院报销", "jiangzhengbanfa-2024-3", ["c4-1", "c4"]),
    ("雾霾", "jiangzhengbanfa-2024-1", [""]),
    ("生二胎", "jiangzhengbanfa-2024-2", ["c8"]),
    ("着火", "jiangzhengbanfa-2024-3", ["c4-3"]),
    ("养猪", "jiangzhengbanfa-2024-3", ["c4-5"]),
]


# how citizens actually ask (issue 11): questions in their own words, amounts, no official terms
CITIZENS = [
    ("房子着火 赔偿", "jiangzhengbanfa-2024-3", ["c4-3"]),
    ("养猪 死了 赔多少", "jiangzhengbanfa-2024-3", ["c4-5"]),
    ("考上大学 补助", "jiangzhengbanfa-2024-3", ["c4-2"]),
    ("住院 能报多少", "jiangzhengbanfa-2024-3", ["c4-1"]),
    ("生病住院能报销多少", "jiangzhengbanfa-2024-3", ["c4-1"]),
    ("出车祸 残疾 赔多少", "jiangzhengbanfa-2024-3", ["c4-4"]),
    ("人死了 赔多少", "jiangzhengbanfa-2024-3", ["c4-4"]),
    ("庄稼 被淹", "jiangzhengbanfa-2024-3", ["c4-3", "c4-5"]),
    ("发洪水 房子 冲垮了", "jiangzhengbanfa-2024-3", ["c4-3"]),
    ("孩子考上大学了能补多少", "jiangzhengbanfa-2024-3", ["c4-2"]),
    ("契税", "jiangzhengbanfa-2024-2", ["c1"]),
    ("首套房", "jiangzhengbanfa-2024-2", ["c2", "c3", "c4"]),
    ("买房 能补多少", "jiangzhengbanfa-2024-2", ["c1", "c2", "c3", "c4"]),
    ("公积金 贷款 额度", "jiangzhengbanfa-2024-2", ["c8"]),
    ("孩子上学", "jiangzhengbanfa-2024-2", ["c5"]),
    ("雾霾 停课", "jiangzhengbanfa-2024-1", ["c5-2-3", "c10-3-p5"]),
    ("卖地 返还", "jiangzhengfa-2024-2", ["c3-2"]),
    ("特色小镇 奖多少", "jiangzhengfa-2024-2", ["c3-5"]),
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


@pytest.mark.parametrize("query, notice, clauses", CITIZENS, ids=[q[0] for q in CITIZENS])
def test_citizens_questions_reach_the_clause_that_answers_them(page, site_server, query, notice, clauses):
    check(page, site_server, query, notice, clauses)


def meta_text(page):
    return page.locator("[data-county-search-result] .md-search-result__meta").inner_text()


def test_a_search_never_ends_empty_while_a_word_matches_and_says_what_was_dropped(page, site_server):
    hrefs = first_results(page, site_server, "房子着火 赔偿 qwxzk")
    assert hrefs and hrefs[0].startswith("/jiangzhengbanfa-2024-3/#c4-3")
    assert "“qwxzk”" in meta_text(page) and "去掉" in meta_text(page)
    # nothing matches at all: an honest empty answer
    assert first_results(page, site_server, "qwxzk") == []
    assert meta_text(page).startswith("没有找到")


def test_a_question_about_an_amount_offers_the_calculator_of_that_clause(page, site_server):
    first_results(page, site_server, "养猪 死了 赔多少")
    offer = page.locator(".search-offer a")
    assert offer.count() == 1 and offer.inner_text() == "防贫综合保险赔付计算器"
    assert offer.get_attribute("href").endswith("calculators/insurance/?category=industry")
    first_results(page, site_server, "买房 能补多少")
    assert "购房补贴计算器" in page.locator(".search-offer").inner_text()
    first_results(page, site_server, "伤残等级")  # not a question about an amount
    assert page.locator(".search-offer").is_hidden()


@pytest.mark.parametrize("query", ["停课", "契税", "伤残等级", "首套房", "养猪 死了 赔多少"])
def test_an_excerpt_does_not_repeat_its_heading(page, site_server, query):
    first_results(page, site_server, query)
    for item in page.locator(".md-search-result__item").all():
        heading = item.locator(".search-clause")
        excerpt = item.locator(".search-excerpt")
        if heading.count() and excerpt.count():
            assert not excerpt.inner_text().lstrip("…").startswith(heading.inner_text().rstrip("…")), query


def test_search_results_fit_a_phone_screen(phone, site_server):
    first_results(phone, site_server, "养猪 死了 赔多少")
    assert phone.evaluate("window.innerWidth") == 390  # the theme's overlay no longer widens the page
    box = phone.locator(".md-search-result__meta").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    phone.screenshot(path=str(SHOTS / "search-phone.png"))


SITE_KEPT = """async () => {
    const script = await (await fetch('/sw.js')).text();
    const list = (name) => { const start = script.indexOf('const ' + name + ' = ') + name.length + 9;
        return JSON.parse(script.slice(start, script.indexOf(';', start))); };
    const wanted = list('PRECACHE').concat(list('LATER'));
    const kept = new Set();
    for (const key of await caches.keys()) for (const r of await (await caches.open(key)).keys()) kept.add(new URL(r.url).pathname);
    return wanted.filter(u => !kept.has(new URL(u, location.origin + '/').pathname)).length;
}"""


def test_search_works_offline_after_one_visit(browser, site_server):
    """A first visit keeps the shell; the next page opened (a returning visit) keeps the rest of the
    site, search included (bundle/service-worker.js)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_server + "jiangzhengbanfa-2024-1/")
    page.wait_for_function("() => navigator.serviceWorker.ready.then(r => !!r.active)", timeout=30_000)
    page.goto(site_server + "jiangzhengbanfa-2024-3/")
    missing = None
    for _ in range(120):
        missing = page.evaluate(SITE_KEPT)
        if missing == 0:
            break
        page.wait_for_timeout(500)
    assert missing == 0, f"{missing} files of the site not kept after a returning visit"
    context.set_offline(True)
    hrefs = first_results(page, site_server, "伤残等级")
    assert hrefs and hrefs[0].startswith("/jiangzhengbanfa-2024-3/")
    context.close()


def test_offline_before_any_visit_says_so_in_full(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block", is_mobile=True)
    page = context.new_page()
    page.goto(site_server + "jiangzhengbanfa-2024-1/")
    context.set_offline(True)
    page.evaluate("document.querySelector('[data-county-search] input').focus()")
    page.fill("[data-county-search] input", "伤残等级")
    page.wait_for_function("() => document.querySelector('[data-county-search-result] .md-search-result__meta').textContent.includes('没有网络')",
                           timeout=20_000)
    meta = page.locator("[data-county-search-result] .md-search-result__meta")
    page.wait_for_timeout(500)  # the theme slides the search panel in
    box = meta.bounding_box()
    assert box["x"] + box["width"] <= 391 and meta.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert "连上网络" in meta.inner_text()
    page.screenshot(path=str(SHOTS / "search-offline-phone.png"))
    context.close()


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
    hints = json.loads((built_site / "assets" / "search-hints.json").read_text(encoding="utf-8"))
    table = hints["synonyms"]
    assert table["买房"] == ["购房"] and "二孩" in table["生二胎"] and "重污染" in table["雾霾"]
    assert "赔多少" in hints["amount_words"] and "问金额" not in table
    insurance = hints["calculators"]["jiangzhengbanfa-2024-3"][0]
    assert insurance["clauses"]["c4-5"] == "calculators/insurance/?category=industry" and insurance["home"]
