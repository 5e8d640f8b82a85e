"""Issue 19 §2 and §6 in Chromium at 390×844: a shared link with a person's figures opens on its answer
(amount, what it rests on, status) with a real download count while the engine starts, and the reference
material folded away; Back from a 依据 link shows the result again before the engine is ready, at the
place the person had scrolled to."""
from __future__ import annotations

import re

import pytest

from .conftest import SHOTS

pytestmark = pytest.mark.browser
READY = "body[data-calc-ready=true]"
BOOT = 90_000
PHONE = {"width": 390, "height": 844}
LINK = "calculators/insurance/#category=illness&self_paid_yuan=10000&as_of=2024-06-01"

# every text the status line showed, in order, and when the payout first appeared whether the engine was ready
RECORDER = """
window.__said = [];
window.__payoutBeforeReady = null;
window.addEventListener('pageshow', (e) => { if (e.persisted) window.__keptWhole = true; });
new MutationObserver(() => {
  const status = document.querySelector('[data-calc-status]');
  const text = status && status.textContent.trim();
  if (text && window.__said[window.__said.length - 1] !== text) window.__said.push(text);
  const payout = document.querySelector('[data-result=payout_yuan]');
  if (window.__payoutBeforeReady === null && payout && payout.dataset.value && !payout.closest('[hidden]'))
    window.__payoutBeforeReady = document.body.dataset.calcReady !== 'true';
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="zh-CN")
    context.add_init_script(RECORDER)
    yield context.new_page()
    context.close()


def test_a_shared_link_opens_on_its_answer_and_counts_the_download(phone, site_server):
    phone.goto(site_server + LINK)
    phone.wait_for_selector(READY, timeout=BOOT)
    phone.wait_for_timeout(300)
    answer = phone.locator("[data-calc-answer]")
    assert answer.is_visible()
    box = answer.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]  # the whole answer on the first screen
    assert phone.locator("[data-answer-value]").inner_text().startswith("2,850")
    assert "自付医疗费用 10000" in phone.locator("[data-answer-basis]").inner_text()  # what it rests on: the figure typed
    said = phone.evaluate("window.__said")
    counts = [s for s in said if re.search(r"正在下载计算引擎 \d+\.\d / \d+\.\d MB", s)]
    assert counts, said  # a real count of what is being downloaded, not only a spinner
    first, last = (tuple(float(x) for x in re.findall(r"\d+\.\d", s)[:2]) for s in (counts[0], counts[-1]))
    assert first[1] == last[1] and first[0] <= last[0] <= last[1] and last[1] > 0.5
    # the reference material is one tap away, folded
    references = phone.locator("details.calc-reference")
    assert references.count() >= 2
    assert phone.evaluate("[...document.querySelectorAll('details.calc-reference')].every(d => !d.open)")
    screens = phone.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
    assert screens <= 8, screens  # a few screens, not the 13–26 of the issue
    phone.screenshot(path=str(SHOTS / "result-first-phone.png"))


def test_back_from_a_cited_clause_shows_the_result_at_once_where_the_person_was(phone, site_server):
    phone.goto(site_server + LINK)
    phone.wait_for_selector(READY, timeout=BOOT)
    cite = phone.locator("[data-steps] a.step-cite").nth(2)
    cite.scroll_into_view_if_needed()
    phone.evaluate("window.scrollBy(0, 40)")
    phone.wait_for_timeout(400)  # the place is noted once scrolling rests
    place = phone.evaluate("scrollY")
    assert place > PHONE["height"] / 2
    href = cite.get_attribute("href")
    cite.click()
    phone.wait_for_url(re.compile(re.escape(href.split("#")[0].split("/")[-2]) + r"/#"))
    phone.go_back()
    phone.wait_for_function("() => { const p = document.querySelector('[data-result=payout_yuan]');"
                            " return p && p.dataset.value && !p.closest('[hidden]'); }", timeout=BOOT)
    # either the browser kept the whole page (nothing to wait for), or the kept result was shown before the engine
    assert phone.evaluate("window.__keptWhole === true || window.__payoutBeforeReady === true")
    assert phone.locator("[data-result=payout_yuan]").get_attribute("data-value") == "2850"
    assert abs(phone.evaluate("scrollY") - place) <= 60
    phone.wait_for_selector(READY, timeout=BOOT)  # and the engine then computes the same figure
    assert phone.locator("[data-result=payout_yuan]").get_attribute("data-value") == "2850"
