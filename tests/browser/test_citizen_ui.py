"""Issue 19 §5, §7, §8 in Chromium: no calculator page shows an error before a person has typed or
pressed 计算; a kiosk (1080×1920, started with its key) has touch targets of 56 px, uses the width and
hides the fields that do not apply; 大字模式 enlarges the pictures' text and the clause links.
Each test leaves a screenshot in SHOTS for a person to look at."""
from __future__ import annotations

import tomllib

import pytest

from ..conftest import CORPUS, county_calculators
from .conftest import SHOTS

JIANGHUA = county_calculators()  # what the built site serves: its rule files first

pytestmark = pytest.mark.browser
READY = "body[data-calc-ready=true]"
BOOT = 90_000
PHONE = {"width": 390, "height": 844}
KIOSK = {"width": 1080, "height": 1920}
KIOSK_KEY = tomllib.loads((CORPUS / "county.toml").read_text(encoding="utf-8"))["kiosk_key"]

# what a person sees as an error: red text beside a field, in the working, a marked control, the status
VISIBLE_ERRORS = """() => [...document.querySelectorAll(
    '.field-error, .calc-error, [aria-invalid=true], .calc-status-error')]
  .filter(e => e.offsetParent && e.getClientRects().length && (e.textContent.trim() || e.matches('[aria-invalid]')))
  .map(e => e.className + ': ' + e.textContent.trim().slice(0, 40))"""
RED_TEXT_BESIDE_FIELDS = """() => [...document.querySelectorAll('.calc-form .field-error')]
  .filter(e => e.offsetParent && e.textContent.trim()).length"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="zh-CN")
    yield context.new_page()
    context.close()


# --- §5 no early errors -----------------------------------------------------------------------------

@pytest.mark.parametrize("calculator", JIANGHUA.ids())
def test_an_untouched_calculator_shows_nothing_red_and_a_status_never_points_at_missing_red_text(
        phone, site_server, calculator):
    phone.goto(site_server + f"calculators/{calculator}/")
    phone.wait_for_selector(READY, timeout=BOOT)  # the engine ran the empty form once
    assert phone.evaluate(VISIBLE_ERRORS) == []
    assert "红字" not in phone.locator("[data-calc-status]").inner_text()
    phone.screenshot(path=str(SHOTS / f"untouched-{calculator}.png"))
    # a field entered and left empty is still nothing wrong on its own
    first = phone.locator(".calc-form input[type=text]").first
    if first.count():
        first.focus()
        first.blur()
        phone.wait_for_timeout(200)
        status = phone.locator("[data-calc-status]").inner_text()
        if "红字" in status:
            assert phone.evaluate(RED_TEXT_BESIDE_FIELDS) > 0, status
    # 计算 asks for everything: whatever the status says is wrong is there to be seen
    count = phone.evaluate("Number(document.body.dataset.calcCount)")
    phone.click(".calc-submit")
    phone.wait_for_function(f"() => Number(document.body.dataset.calcCount) > {count}")
    status = phone.locator("[data-calc-status]").inner_text()
    required = [f for f in JIANGHUA.describe(calculator)["inputs"] if f["required"] and not f["relevant_when"]]
    if "红字" in status:
        assert phone.evaluate(RED_TEXT_BESIDE_FIELDS) > 0, status
    if required:
        assert phone.evaluate(VISIBLE_ERRORS), "计算 with required fields empty names them"


def test_an_error_of_a_field_that_does_not_apply_is_said_in_the_status_not_pointed_at(phone, site_server):
    # a shared link with a value for a field the chosen case hides: nothing red is hidden from view
    phone.goto(site_server + "calculators/insurance/#category=illness&self_paid_yuan=abc&disability_grade=99")
    phone.wait_for_selector(READY, timeout=BOOT)
    assert phone.locator("[data-field=disability_grade]").is_hidden()
    status = phone.locator("[data-calc-status]").inner_text()
    if "红字" in status:
        assert phone.evaluate(RED_TEXT_BESIDE_FIELDS) > 0, status
    assert phone.locator("[data-error-for=self_paid_yuan]").is_visible()


# --- §7 the kiosk ------------------------------------------------------------------------------------

@pytest.fixture
def kiosk(browser, site_server):
    context = browser.new_context(viewport=KIOSK, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.goto(site_server + f"?kiosk={KIOSK_KEY}&idle=600")
    page.wait_for_function("() => document.documentElement.classList.contains('kiosk')", timeout=10_000)
    yield page
    context.close()


# every control a finger can reach: links, buttons, fields, the menu's entries; not what is invisible
# (the theme's skip link off screen, the search box's clear button until something is typed)
SMALL_CONTROLS = """(least) => [...document.querySelectorAll(
    'a[href], button, input, select, summary, label.md-icon, label.md-nav__link')].filter(e => {
  if (!e.getClientRects().length || e.closest('[hidden], .md-sidebar, .md-search__output')) return false;
  for (let n = e; n; n = n.parentElement) { const s = getComputedStyle(n);
    if (s.visibility === 'hidden' || s.opacity === '0' || s.display === 'none') return false; }
  const r = e.getBoundingClientRect();
  if (r.bottom + scrollY <= 0 || r.right <= 0 || r.left >= innerWidth) return false;
  return r.width < least || r.height < least;
}).map(e => {
  const r = e.getBoundingClientRect();
  return `${e.tagName}.${e.className} ${Math.round(r.width)}x${Math.round(r.height)} ${(e.textContent || '').trim().slice(0, 12)}`;
})"""
# how far right the page's text and fields reach, over the first screen
RIGHT_EDGE = """() => Math.max(...[...document.querySelectorAll('.md-content p, .md-content h1, .calc-form, .calc-field, .notice-body')]
  .filter(e => e.offsetParent).map(e => e.getBoundingClientRect().right))"""


@pytest.mark.parametrize("path", ["", "jiangzhengbanfa-2024-3/", "calculators/insurance/#category=illness&self_paid_yuan=10000"])
def test_every_kiosk_control_is_56_px_and_the_layout_uses_the_width(kiosk, site_server, path):
    kiosk.goto(site_server + path)
    if path.startswith("calculators/"):
        kiosk.wait_for_selector(READY, timeout=BOOT)
    kiosk.wait_for_timeout(300)
    assert kiosk.evaluate(SMALL_CONTROLS, 56) == []
    assert kiosk.evaluate(RIGHT_EDGE) >= 1080 - 60  # no empty column on the right
    assert kiosk.evaluate("document.documentElement.scrollWidth") <= 1080
    kiosk.screenshot(path=str(SHOTS / f"kiosk-touch-{path.split('/')[0] or 'home'}-{path.count('/')}.png"))


def test_kiosk_fields_that_do_not_apply_to_the_chosen_case_are_hidden(kiosk, site_server):
    kiosk.goto(site_server + "calculators/insurance/")
    kiosk.wait_for_selector(READY, timeout=BOOT)
    inputs = JIANGHUA.describe("insurance")["inputs"]

    def applies(chosen: dict) -> set[str]:  # from the calculator's own description, as the page has it
        return {f["name"] for f in inputs if f["kind"] != "object_list"
                and all(chosen.get(key) in values for key, values in f["relevant_when"].items())}

    def shown() -> set[str]:
        return set(kiosk.evaluate("() => [...document.querySelectorAll('.calc-form > .calc-field')]"
                                  ".filter(e => e.offsetParent).map(e => e.dataset.field)"))
    kiosk.select_option("[name=category]", "illness")
    assert shown() == applies({"category": "illness"})
    assert "disability_grade" not in shown() and "self_paid_yuan" in shown()
    kiosk.screenshot(path=str(SHOTS / "kiosk-fields-illness.png"))
    kiosk.select_option("[name=category]", "accident")
    kiosk.select_option("[name=outcome]", "disability")
    assert shown() == applies({"category": "accident", "outcome": "disability"})
    assert "disability_grade" in shown() and "self_paid_yuan" not in shown()


# --- §8 大字模式 ------------------------------------------------------------------------------------

@pytest.fixture
def large_phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    context.add_init_script("try { localStorage.setItem('county-large-text', '1') } catch (e) {}")
    yield context.new_page()
    context.close()


PICTURE_TEXT = """() => [...document.querySelectorAll('.md-content svg.calc-picture text')].map(t => {
  const svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(t).fontSize) * scale; })"""
CLAUSE_LINKS = """() => [...document.querySelectorAll('.md-content a[href]')].filter(a => a.offsetParent
  && !a.closest('.md-sidebar')).map(a => a.getBoundingClientRect()).filter(r => r.width && (r.width < 44 || r.height < 44)).length"""


@pytest.mark.parametrize("calculator", ["housing", "aqi", "insurance"])
def test_large_type_enlarges_the_pictures_text_and_makes_every_link_a_44_px_target(
        browser, large_phone, site_server, calculator):
    plain = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
    normal = plain.new_page()
    normal.goto(site_server + f"calculators/{calculator}/")
    smallest_normal = min(normal.evaluate(PICTURE_TEXT))
    plain.close()
    large_phone.goto(site_server + f"calculators/{calculator}/#as_of=2024-06-01")
    large_phone.wait_for_selector(READY, timeout=BOOT)
    sizes = large_phone.evaluate(PICTURE_TEXT)
    assert sizes and min(sizes) >= 1.4 * smallest_normal and min(sizes) >= 14
    assert large_phone.evaluate(CLAUSE_LINKS) == 0
    assert large_phone.evaluate("document.documentElement.scrollWidth") <= 390  # a picture scrolls in its frame
    large_phone.locator("figure.calc-picture-figure").first.scroll_into_view_if_needed()
    large_phone.screenshot(path=str(SHOTS / f"large-picture-{calculator}.png"))


def test_large_type_clause_links_on_a_notice_are_44_px_targets(large_phone, site_server):
    large_phone.goto(site_server + "jiangzhengbanfa-2024-3/")
    assert large_phone.evaluate(CLAUSE_LINKS) == 0
    large_phone.screenshot(path=str(SHOTS / "large-notice-links.png"))
