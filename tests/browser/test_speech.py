"""Issue 19 §10 in Chromium: 朗读 reads the page's own words through the browser's speech synthesis,
stubbed here so that the test hears what it was asked to say. The button is hidden without a Chinese
voice; a clause's address reads that clause; a result reads its answer, working and what to do next;
a kiosk reads what is touched, and stops at its idle reset."""
from __future__ import annotations

import tomllib

import pytest

from ..conftest import CORPUS

pytestmark = pytest.mark.browser
READY = "body[data-calc-ready=true]"
BOOT = 90_000
KIOSK_KEY = tomllib.loads((CORPUS / "county.toml").read_text(encoding="utf-8"))["kiosk_key"]

# the browser's speech synthesis, replaced by one that records; `lang` is the one voice it offers
STUB = """(lang) => {
  window.__spoken = []; window.__cancelled = 0;
  class Utterance { constructor(text) { this.text = text; } }
  const synth = {
    getVoices: () => [{ lang, name: 'stub' }],
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang }),
    cancel: () => { window.__cancelled += 1; },
    addEventListener: () => {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
}"""


def context_with_voice(browser, lang, **options):
    context = browser.new_context(locale="zh-CN", **options)
    context.add_init_script(f"({STUB})({lang!r})")
    return context


def spoken(page) -> list[str]:
    return [s["text"] for s in page.evaluate("window.__spoken")]


@pytest.fixture
def phone(browser):
    context = context_with_voice(browser, "zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_without_a_chinese_voice_there_is_no_button(browser, site_server):
    context = context_with_voice(browser, "en-US")
    page = context.new_page()
    page.goto(site_server + "jiangzhengbanfa-2024-3/")
    assert page.locator(".read-aloud").count() == 1
    assert not page.locator(".read-aloud").is_visible()
    context.close()


def test_a_clause_address_reads_that_clause_and_not_the_next(phone, site_server):
    phone.goto(site_server + "jiangzhengbanfa-2024-3/#c4-1")
    button = phone.locator(".read-aloud")
    assert button.is_visible()
    button.click()
    said = spoken(phone)
    assert len(said) == 1
    assert said[0].startswith("（一）因病防贫综合保险")
    assert "30%" in said[0] and "免赔额" in said[0]  # the clause's own payout bands and its note
    assert "因学防贫" not in said[0]  # not the next clause
    assert phone.evaluate("window.__spoken[0].lang") == "zh-CN"
    assert button.get_attribute("aria-pressed") == "true"
    button.click()  # a second press stops
    assert button.get_attribute("aria-pressed") == "false"
    assert phone.evaluate("window.__cancelled") >= 1


def test_a_result_is_read_with_its_working_and_what_to_do_next(phone, site_server):
    phone.goto(site_server + "calculators/insurance/#category=illness&self_paid_yuan=10000&as_of=2024-06-01")
    phone.wait_for_selector(READY, timeout=BOOT)
    phone.locator(".read-aloud").click()
    said = spoken(phone)[-1]
    assert "2,850" in said
    assert "免赔额" in said  # the working
    assert "村支两委" in said  # where to apply
    for token in ("undefined", "null", "payout_yuan", "data-"):
        assert token not in said


def test_a_kiosk_reads_a_touched_clause_and_stops_at_its_reset(browser, site_server):
    context = context_with_voice(browser, "zh-CN", viewport={"width": 1080, "height": 1920}, has_touch=True)
    page = context.new_page()
    page.goto(site_server + f"?kiosk={KIOSK_KEY}&idle=600")
    page.wait_for_function("() => document.documentElement.classList.contains('kiosk')", timeout=10_000)
    page.goto(site_server + "jiangzhengbanfa-2024-3/")
    page.locator("#c4-1 strong").click()  # the clause's words, not its links
    said = spoken(page)
    assert said and said[-1].startswith("（一）因病防贫综合保险")
    assert "30%" in said[-1] and "因学防贫" not in said[-1]
    before = page.evaluate("window.__cancelled")
    page.evaluate("document.dispatchEvent(new CustomEvent('county:kiosk-reset'))")
    assert page.evaluate("window.__cancelled") > before
    context.close()
