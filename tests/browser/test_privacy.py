"""Issue 24 in Chromium: a citizen's figures stay on the device (the address carries them in its
fragment, never to a server, a Referer or a cache), a kiosk's idle reset leaves no earlier case
behind, a link cannot switch a device into kiosk mode, and hostile fragments stay inert."""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from .conftest import KIOSK_KEY, start_kiosk

pytestmark = pytest.mark.browser
READY = "body[data-calc-ready=true]"
ALL_CACHED = """async () => { const urls = [];
  for (const key of await caches.keys()) for (const r of await (await caches.open(key)).keys()) urls.push(r.url);
  return urls; }"""
CONTROLLED = "() => !!navigator.serviceWorker.controller"


def payout(page) -> str:
    return page.locator("[data-result=payout_yuan]").get_attribute("data-value")


def computed(page, count: int) -> None:
    page.wait_for_function(f"() => Number(document.body.dataset.calcCount || 0) >= {count}", timeout=60_000)


# --- figures stay on the device -----------------------------------------------------------------

def test_an_older_query_link_is_read_then_its_figures_never_reach_the_server_again(browser, recording_site):
    base = recording_site.url
    context = browser.new_context()
    page = context.new_page()
    link = "calculators/insurance/?category=illness&self_paid_yuan=87654&as_of=2024-06-01"
    page.goto(base + link)
    page.wait_for_selector(READY, timeout=90_000)
    assert payout(page) == "30000"  # the annual cap
    # the address now carries the case in its fragment, the query is gone (without a reload)
    assert "?" not in page.url and "self_paid_yuan=87654" in page.url.split("#", 1)[1]
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    page.fill("[name=self_paid_yuan]", "34567")
    page.locator("[name=self_paid_yuan]").blur()
    page.wait_for_function("() => document.querySelector('[data-result=payout_yuan]').dataset.value === '11626.8'")
    assert "self_paid_yuan=34567" in page.url and "?" not in page.url
    page.reload()  # the reload sends no figures
    page.wait_for_selector(READY, timeout=90_000)
    assert payout(page) == "11626.8"
    page.wait_for_function(CONTROLLED, timeout=60_000)
    page.reload()  # and through the service worker
    page.wait_for_selector(READY, timeout=90_000)
    page.locator(".step-cite").first.click()  # a clause link: no Referer carries the figures
    page.wait_for_load_state()
    first, *later = recording_site.carrying("87654", "34567")
    assert first == ("/" + link, None)  # the link itself, as it was clicked
    assert later == []
    # the shared link, the QR code and the printed sheet carry the fragment form, on the public address
    page.go_back()
    page.wait_for_selector(READY, timeout=90_000)
    page.click(".calc-show-qr")
    page.wait_for_selector("[data-qr] svg", timeout=60_000)
    shared = page.locator("[data-qr]").get_attribute("data-url")
    assert shared.startswith("https://policies.jianghua.example/calculators/insurance/#")
    assert "self_paid_yuan=34567" in shared and "?" not in shared
    assert "#category=illness" in page.locator(".sheet-url").inner_text()
    cached = page.evaluate(ALL_CACHED)
    assert not [u for u in cached if "34567" in u or "87654" in u or "?" in u]
    context.close()


def test_query_variants_are_one_cache_entry_and_engine_files_are_never_kept_by_the_site(browser, site_server,
                                                                                       built_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server + "jiangzhengbanfa-2024-1/")
    page.wait_for_function(CONTROLLED, timeout=60_000)
    for n in range(3):
        page.goto(site_server + f"jiangzhengbanfa-2024-1/?q=医疗{n}&n={n}")
        page.goto(site_server + f"calculators/aqi/?pm25_24h={70 + n}")
    manifest = json.loads((built_site / "assets/calc/manifest.json").read_text(encoding="utf-8"))
    page.goto(site_server + manifest["pyodide"]["index"] + "pyodide.mjs")  # an engine file typed into the address bar
    page.goto(site_server)
    page.wait_for_timeout(1500)
    cached = page.evaluate(ALL_CACHED)
    assert [u for u in cached if "jiangzhengbanfa-2024-1/" in u] == [site_server + "jiangzhengbanfa-2024-1/"]
    assert [u for u in cached if "calculators/aqi/" in u] == [site_server + "calculators/aqi/"]
    assert not [u for u in cached if "?" in u]
    site_caches = page.evaluate("""async () => { const urls = [];
        for (const key of (await caches.keys()).filter(k => k.startsWith('county-site-')))
          for (const r of await (await caches.open(key)).keys()) urls.push(r.url);
        return urls; }""")
    assert not [u for u in site_caches if "/assets/pyodide/" in u]
    context.close()


# --- the kiosk ----------------------------------------------------------------------------------

def visible_figures(page, *values: str) -> list[str]:
    """Where any of `values` shows: the address, the page's text, any field."""
    return page.evaluate("""(values) => {
        const texts = [location.href, document.body ? document.body.innerText : ''];
        document.querySelectorAll('input, select, textarea').forEach(c => texts.push(c.value));
        return values.filter(v => texts.some(t => t.includes(v))); }""", list(values))


def test_after_the_idle_reset_back_and_forward_reach_no_earlier_case(browser, recording_site):
    base = recording_site.url
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    page.goto(base + "calculators/insurance/")  # the kiosk's engine is on the device (its first start is slow)
    page.wait_for_selector(READY, timeout=90_000)
    start_kiosk(page, base, idle="30")
    # visitor A: the insurance calculator, 因病, 自付医疗费用 87654, then a clause of the notice
    page.goto(base + "calculators/insurance/")
    page.wait_for_selector(READY, timeout=90_000)
    page.select_option("[name=category]", "illness")
    page.fill("[name=self_paid_yuan]", "87654")
    page.locator("[name=self_paid_yuan]").blur()
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_function("() => document.querySelector('[data-result=payout_yuan]').dataset.value !== ''")
    assert payout(page) == "30000"
    assert "87654" not in page.url  # a kiosk's address carries no figures
    with page.expect_navigation():
        page.evaluate("document.querySelector('[data-steps] a.step-cite').click()")  # a clause of the notice
    page.wait_for_load_state()
    page.go_back(wait_until="commit")  # A's own Back
    page.wait_for_load_state()
    # nobody touches the screen: the idle reset
    page.wait_for_url(base, timeout=60_000)
    page.wait_for_timeout(500)
    figures = ("87654", "87,654")
    # visitor B presses Back, as far as it goes, then Forward
    for step in ("back", "back", "back", "back", "forward", "forward", "forward"):
        (page.go_back if step == "back" else page.go_forward)(wait_until="commit")
        page.wait_for_load_state()
        page.wait_for_timeout(800)
        assert visible_figures(page, *figures) == [], step
        assert page.evaluate("!!document.querySelector('.calc-form')") is False or \
            page.locator(".calc-result").is_hidden(), step
    assert [u for u in page.evaluate(ALL_CACHED) if "87654" in u] == []
    stored = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert not any(v in stored for v in figures)
    assert recording_site.carrying("87654") == []  # nor did the server ever see them
    context.close()


def test_a_citizens_link_cannot_switch_a_device_into_kiosk_mode(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    for link in ("jiangzhengbanfa-2024-2/?kiosk=1&idle=0.001", "jiangzhengbanfa-2024-2/?kiosk=1",
                 "jiangzhengbanfa-2024-2/?kiosk=wrong-key-wrong-key-0001&idle=5"):
        page.goto(site_server + link)
        page.wait_for_timeout(2500)  # the old bounce came within 1.5 s
        assert page.url == site_server + "jiangzhengbanfa-2024-2/", link  # no bounce, no key left in the address
        assert not page.evaluate("document.documentElement.classList.contains('kiosk')"), link
        assert page.evaluate("localStorage.getItem('county-kiosk')") is None, link
    page.goto(site_server + "jiangzhengbanfa-2024-3/")
    assert not page.evaluate("document.documentElement.classList.contains('kiosk')")
    # a setting an earlier release let a link write is forgotten
    page.evaluate("localStorage.setItem('county-kiosk', '0.001')")
    page.goto(site_server + "jiangzhengbanfa-2024-3/")
    page.wait_for_timeout(2500)
    assert page.url == site_server + "jiangzhengbanfa-2024-3/"
    assert not page.evaluate("document.documentElement.classList.contains('kiosk')")
    assert page.evaluate("localStorage.getItem('county-kiosk')") is None
    context.close()


@pytest.mark.parametrize("idle", ["0.001", "-5", "abc", "1e9", "", "3601", "4"])
def test_an_unusable_idle_is_refused_and_the_default_kept(browser, site_server, idle):
    context = browser.new_context()
    page = context.new_page()
    start_kiosk(page, site_server, idle=quote(idle))
    page.goto(site_server + "jiangzhengbanfa-2024-1/")
    assert page.evaluate("window.__kiosk.idle") == 180  # the idle reset stays on, with the default
    assert json.loads(page.evaluate("localStorage.getItem('county-kiosk')"))["idle"] == 180
    assert page.evaluate("document.documentElement.classList.contains('kiosk')")
    context.close()


def test_the_kiosk_start_url_sets_the_idle_and_only_the_key_turns_it_off(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    start_kiosk(page, site_server, idle="120")
    assert page.evaluate("window.__kiosk.idle") == 120
    page.goto(site_server + "jiangzhengbanfa-2024-1/?kiosk=0")  # an ordinary link does not turn it off
    page.wait_for_timeout(1000)
    assert page.evaluate("document.documentElement.classList.contains('kiosk')")
    page.goto(site_server + f"?kiosk={KIOSK_KEY}&exit=1")
    page.wait_for_function("() => !document.documentElement.classList.contains('kiosk')", timeout=10_000)
    assert page.evaluate("localStorage.getItem('county-kiosk')") is None
    context.close()


# --- hostile fragments stay inert ----------------------------------------------------------------

HOSTILE = [
    "insurance/#category=<script>window.__pwned=1</script>&self_paid_yuan=10000",
    "insurance/#category=illness&self_paid_yuan=javascript:window.__pwned=1",
    "insurance/#category=illness&self_paid_yuan=%22%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E",
    "insurance/#category=illness&self_paid_yuan=1'\"&as_of=2024-06-01'\"",
    "insurance/#<script>window.__pwned=1</script>",
    "insurance/#javascript:window.__pwned=1",
    "insurance/#category=illness&self_paid_yuan=" + "9" * 250_000,
    "insurance/#category=illness&self_paid_yuan=" + "1" * 5000,
    "township/#assets=" + quote(json.dumps([{'managed_by"]': "township", "disposal_income_yuan": "<b>1</b>"}])),
    "township/#assets=" + quote(json.dumps([{"managed_by": "township", "disposal_income_yuan": "1",
                                             "taxes_fees_yuan": "0"}] * 2000)),
    "township/#assets=" + quote('[{"managed_by":{"x":1}},null,1,"<svg onload=window.__pwned=1>"]'),
]


@pytest.mark.parametrize("fragment", HOSTILE, ids=lambda f: f[:60])
def test_a_hostile_fragment_is_inert(browser, site_server, fragment):
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site_server + "calculators/" + fragment)
    page.wait_for_selector(READY, timeout=120_000)  # the engine answered: never stuck on 正在准备
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert page.evaluate("""() => [...document.querySelectorAll('main [onerror], main [onload], .calc-app img, .calc-app script:not([type])')]
        .filter(e => !e.closest('[data-picture-svg], [data-qr]')).length""") <= 1  # the page's own start-up script
    assert page.evaluate("document.querySelectorAll('.calc-row').length") <= 366
    assert not page.url.startswith("javascript:")
    context.close()
