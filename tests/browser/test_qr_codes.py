"""Issue 19 §1: every QR code scans from the pixels a camera would see — the result's on a phone
(390×844) and on a kiosk (1080×1920, started by its kiosk key), the printed sheet's (page.pdf() rasterised at
150 dpi by poppler), and a page's in the kiosk column — drawn whole with its 4-module quiet zone, at
least about 160 px on a screen and 25 mm on paper; the decoded address, opened on a phone, shows
the same result."""
from __future__ import annotations

import pytest
import segno

from publisher.publish import configured_site_url

from .conftest import SHOTS, leave_kiosk, start_kiosk
from .pixels import Grey, pdf_page_to_grey, png_to_grey
from .test_calculators import shown_outputs

pytestmark = pytest.mark.browser
READY = "body[data-calc-ready=true]"
BOOT = 90_000
PHONE = {"width": 390, "height": 844}
KIOSK = {"width": 1080, "height": 1920}
CASE = "calculators/insurance/?category=accident&outcome=disability&disability_grade=5&event_date=2024-05-01"
QUIET_MODULES = 4  # ISO/IEC 18004
SCREEN_MINIMUM_PX = 160
PAPER_MINIMUM_MM = 25
DPI = 150


def decode(image: Grey) -> tuple[str, dict]:
    """The one QR code in the image: its text and the box of its symbol (without the quiet zone), in pixels."""
    import zxingcpp
    found = zxingcpp.read_barcodes(image.view(), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, f"{len(found)} QR codes read from the pixels"
    corners = [found[0].position.top_left, found[0].position.top_right,
               found[0].position.bottom_right, found[0].position.bottom_left]
    xs, ys = [p.x for p in corners], [p.y for p in corners]
    return found[0].text, {"left": min(xs), "top": min(ys), "right": max(xs) + 1, "bottom": max(ys) + 1}


def modules(text: str) -> int:
    """Modules across the symbol, as the site makes it (segno, error level M)."""
    return segno.make(text, error="m", micro=False).symbol_size(border=0)[0]


def assert_quiet_zone(image: Grey, symbol: dict, count: int) -> float:
    """Four light modules all round the symbol, inside the image; returns the module's size in pixels."""
    module = (symbol["right"] - symbol["left"]) / count
    zone = (QUIET_MODULES - 1) * module  # a module for the decoder's corner estimate and anti-aliased edges
    outer = {"left": symbol["left"] - zone, "top": symbol["top"] - zone,
             "right": symbol["right"] + zone, "bottom": symbol["bottom"] + zone}
    assert outer["left"] >= 0 and outer["top"] >= 0, (outer, "the quiet zone is cut at the top or left")
    assert outer["right"] <= image.width and outer["bottom"] <= image.height, (outer, image.width, image.height,
                                                                                 "the quiet zone is cut")
    inner = 0.5 * module
    dark = 0
    for y in range(int(outer["top"]), int(outer["bottom"])):
        row = image.data[y * image.width:(y + 1) * image.width]
        for x in range(int(outer["left"]), int(outer["right"])):
            inside = (symbol["left"] - inner <= x < symbol["right"] + inner
                      and symbol["top"] - inner <= y < symbol["bottom"] + inner)
            if not inside and row[x] < 128:
                dark += 1
    assert dark == 0, f"{dark} dark pixels in the quiet zone"
    return module


def screenshot_of(page, selector: str, name: str) -> tuple[Grey, dict]:
    """The element as it is on screen (clipped by whatever clips it), in CSS pixels' box."""
    element = page.locator(selector)
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    png = page.screenshot(clip=box)
    (SHOTS / f"qr-{name}.png").write_bytes(png)
    return png_to_grey(png), box


def assert_opens_the_same_result(browser, site_server, text: str, expected: dict) -> None:
    public = configured_site_url()
    assert text.startswith(public + "calculators/insurance/"), text
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.goto(site_server + text[len(public):])
    page.wait_for_selector(READY, timeout=BOOT)
    assert shown_outputs(page) == expected
    context.close()


def check_result_qr(page, browser, site_server, name: str, device_scale: float) -> None:
    image, box = screenshot_of(page, ".calc-qr [data-qr] svg", name)
    assert box["width"] >= SCREEN_MINIMUM_PX and box["height"] >= SCREEN_MINIMUM_PX, box
    text, symbol = decode(image)
    module = assert_quiet_zone(image, symbol, modules(text))
    assert module / device_scale >= 2, "a module smaller than 2 CSS pixels"
    assert_opens_the_same_result(browser, site_server, text, shown_outputs(page))


def test_the_result_qr_code_scans_on_a_phone(browser, site_server):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.goto(site_server + CASE)
    page.wait_for_selector(READY, timeout=BOOT)
    page.click(".calc-show-qr")  # the QR library is loaded on demand
    page.wait_for_selector(".calc-qr [data-qr] svg", timeout=30_000)
    check_result_qr(page, browser, site_server, "phone", 1)
    context.close()


def test_the_result_qr_code_scans_on_a_kiosk(browser, site_server):
    context = browser.new_context(viewport=KIOSK, locale="zh-CN")
    page = context.new_page()
    start_kiosk(page, site_server, idle="600")
    page.goto(site_server + CASE)
    page.wait_for_selector(READY, timeout=BOOT)
    page.wait_for_selector(".calc-qr [data-qr] svg", timeout=30_000)  # a kiosk shows it at once
    check_result_qr(page, browser, site_server, "kiosk", 1)
    leave_kiosk(page, site_server)
    context.close()


def test_the_printed_sheets_qr_code_scans_from_paper(browser, site_server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(site_server + CASE)
    page.wait_for_selector(READY, timeout=BOOT)
    expected = shown_outputs(page)
    page.evaluate("() => { window.print = () => { document.body.dataset.printed = 'true'; }; }")
    page.locator(".print-page").first.click()  # waits for the QR code, then prints
    page.wait_for_selector("body[data-printed='true']", state="attached", timeout=30_000)
    pdf = page.pdf(format="A4")
    (SHOTS / "qr-print.pdf").write_bytes(pdf)
    image = pdf_page_to_grey(pdf, DPI)
    text, symbol = decode(image)
    module = assert_quiet_zone(image, symbol, modules(text))
    whole_mm = (symbol["right"] - symbol["left"] + 2 * QUIET_MODULES * module) / DPI * 25.4
    assert whole_mm >= PAPER_MINIMUM_MM, f"{whole_mm:.1f} mm"
    assert module / DPI * 25.4 >= 0.33, "modules under a third of a millimetre"
    context.close()
    assert_opens_the_same_result(browser, site_server, text, expected)


@pytest.mark.parametrize("path", ["jiangzhengbanfa-2024-3/", "calculators/"])
def test_a_pages_qr_code_in_the_kiosk_column_scans_and_opens_that_page(browser, site_server, path):
    context = browser.new_context(viewport=KIOSK, locale="zh-CN")
    page = context.new_page()
    start_kiosk(page, site_server, idle="600")
    page.goto(site_server + path)
    page.wait_for_function("() => !document.querySelector('.kiosk-qr').hidden")
    image, box = screenshot_of(page, ".kiosk-qr img", "kiosk-page-" + path.strip("/").replace("/", "-"))
    assert box["width"] >= SCREEN_MINIMUM_PX and box["height"] >= SCREEN_MINIMUM_PX, box
    text, symbol = decode(image)
    assert_quiet_zone(image, symbol, modules(text))
    assert text == configured_site_url() + path
    title = page.locator("h1").first.inner_text()
    leave_kiosk(page, site_server)
    context.close()
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    opened = phone.new_page()
    opened.goto(site_server + text[len(configured_site_url()):])
    assert opened.locator("h1").first.inner_text() == title
    phone.close()
