"""Reading comfort in Chromium: badges, no JavaScript, larger text that persists, print, kiosk, link previews."""
import re

import pytest

from ..reader.test_validity import EXPECTED_2026_11_29
from .conftest import foreign_requests, leave_kiosk, start_kiosk

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("slug", sorted(EXPECTED_2026_11_29))
def test_every_notice_shows_its_status_badge_on_its_page_and_in_the_list(phone, site_server, slug):
    status = EXPECTED_2026_11_29[slug][0]
    phone.goto(site_server + f"{slug}/")
    assert phone.locator(".notice-meta .status-badge").inner_text() == status
    phone.goto(site_server)
    assert phone.locator(f'.catalogue-list li:has(a[href="{slug}/"]) .status-badge').inner_text() == status


def test_notices_read_fully_with_javascript_off(browser, site_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_server + "jiangzhengbanfa-2024-3/")
    assert page.locator("h1#title").is_visible()
    assert page.locator("table").count() == 6 and page.locator("table").first.is_visible()
    assert "每人最高赔付3万元" in page.locator(".notice-body").inner_text()
    page.goto(site_server)
    assert page.locator(".catalogue-list > li").count() == 9
    context.close()


def test_larger_text_survives_a_reload_and_a_new_page(phone, site_server):
    phone.goto(site_server + "jiangzhengbanfa-2024-1/")
    size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.notice-body p')).fontSize)")
    phone.click(".large-text-toggle")
    assert phone.locator(".large-text-toggle").get_attribute("aria-pressed") == "true"
    phone.reload()
    larger = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.notice-body p')).fontSize)")
    assert larger >= size * 1.2
    phone.goto(site_server + "jiangzhengbanfa-2024-3/")
    assert phone.evaluate("document.documentElement.classList.contains('large-text')")
    line_height = phone.evaluate("""(() => { const s = getComputedStyle(document.querySelector('.notice-body p'));
        return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })()""")
    assert line_height >= 1.3
    phone.click(".large-text-toggle")
    phone.reload()
    assert not phone.evaluate("document.documentElement.classList.contains('large-text')")


def test_controls_are_at_least_44_pixels(phone, site_server):
    phone.goto(site_server + "jiangzhengbanfa-2024-2/")
    for selector in [".large-text-toggle", ".print-page", "a.clause-link", "a.calc-link"]:
        box = phone.locator(selector).first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, selector


def test_a_notice_prints_as_a_clean_document_with_its_number_and_address(phone, site_server):
    phone.goto(site_server + "jiangzhengbanfa-2024-2/")
    phone.emulate_media(media="print")
    assert not phone.locator(".md-header").is_visible()
    assert not phone.locator(".reading-tools").is_visible()
    assert phone.locator(".print-url").is_visible()
    assert "jiangzhengbanfa-2024-2/" in phone.locator(".print-url").inner_text()
    assert "江政办发〔2024〕2号" in phone.locator(".notice-header").inner_text()
    pdf = phone.pdf()
    assert pdf[:4] == b"%PDF"


def test_kiosk_mode_large_text_a_qr_code_and_back_home_when_idle(browser, site_server):
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    start_kiosk(page, site_server, idle="5")  # the shortest idle a kiosk accepts
    page.goto(site_server + "jiangzhengbanfa-2024-1/")
    assert page.evaluate("document.documentElement.classList.contains('kiosk')")
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    qr = page.locator(".kiosk-qr img")
    page.wait_for_function("() => !document.querySelector('.kiosk-qr').hidden")
    assert "qr/jiangzhengbanfa-2024-1.svg" in qr.get_attribute("src")
    assert page.locator("a.kiosk-hidden").count() == 0 or all(
        not a.is_visible() for a in page.locator("a.kiosk-hidden").all())
    page.wait_for_url(site_server, timeout=20_000)  # idle for 5 s: back to the home page
    leave_kiosk(page, site_server)
    assert not page.evaluate("document.documentElement.classList.contains('kiosk')")
    assert foreign_requests(requested) == []
    context.close()


def test_the_kiosk_qr_code_hands_over_the_public_address(built_site):
    from publisher.publish import configured_site_url
    svg = (built_site / "qr" / "jiangzhengbanfa-2024-1.svg").read_text(encoding="utf-8")
    assert f"<title>{configured_site_url()}jiangzhengbanfa-2024-1/</title>" in svg


def test_a_link_pasted_into_a_chat_shows_the_title_and_number(site_server, built_site):
    page = (built_site / "jiangzhengbanfa-2024-3" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>关于印发《江华瑶族自治县2024年防贫综合保险实施方案》的通知", page)
    assert 'property="og:title" content="关于印发《江华瑶族自治县2024年防贫综合保险实施方案》的通知（江政办发〔2024〕3号）"' in page
    assert re.search(r'<meta name="description" content="江政办发〔2024〕3号，', page)
    assert 'property="og:url" content="https://' in page
