"""Issue 11 in Chromium, as an elderly citizen on a phone (390×844), a township kiosk (1080×1920,
started by its kiosk key), a clerk printing and sharing, and a browser without JavaScript. Each test leaves a
screenshot in SHOTS for a person to look at."""
import datetime as dt
import re

import pytest

from publisher.publish import configured_site_url

from ..conftest import county_calculators
from .conftest import SHOTS, leave_kiosk, start_kiosk

JIANGHUA = county_calculators()  # what the built site serves: its rule files first

pytestmark = pytest.mark.browser
READY = "body[data-calc-ready=true]"
BOOT = 90_000
PHONE = {"width": 390, "height": 844}
KIOSK = {"width": 1080, "height": 1920}


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="zh-CN")
    yield context.new_page()
    context.close()


def open_calculator(page, site_server, path):
    page.goto(site_server + "calculators/" + path)
    page.wait_for_selector(READY, timeout=BOOT)


# --- results a citizen can trust ---------------------------------------------------------------

def test_a_result_outside_the_policys_period_leads_with_that_fact(phone_page, site_server):
    open_calculator(phone_page, site_server, "insurance/?category=illness&self_paid_yuan=10000&event_date=2026-11-01")
    expected = JIANGHUA.run("insurance", {"category": "illness", "self_paid_yuan": "10000", "event_date": "2026-11-01"})
    message = expected["out_of_period"]["message"]
    status = phone_page.locator("[data-calc-status]").inner_text()
    assert status.startswith(message) and "结果：赔付金额" not in status
    notice = phone_page.locator("[data-out-of-period]")
    assert notice.is_visible() and notice.inner_text() == message
    figure = phone_page.locator("[data-result=payout_yuan]").inner_text()
    assert figure.startswith("按原方案试算，仅供参考") and "2,850.00 元" in figure
    # the notice is above the figures
    assert notice.bounding_box()["y"] < phone_page.locator("[data-result=payout_yuan]").bounding_box()["y"]
    phone_page.locator(".calc-result").screenshot(path=str(SHOTS / "calc-out-of-period-phone.png"))


def test_without_a_date_the_browsers_day_is_written_into_the_link_and_reproduces(phone_page, site_server):
    open_calculator(phone_page, site_server, "insurance/?category=illness&self_paid_yuan=10000")
    today = phone_page.evaluate("(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()")
    assert f"as_of={today}" in phone_page.url
    assert phone_page.locator("#f-as_of").input_value() == today
    # the scheme ended on 2024-09-30: for today, the page says so first
    assert phone_page.locator("[data-out-of-period]").is_visible()
    # a link made on a day inside the period gives the plain result on any later day
    open_calculator(phone_page, site_server, "insurance/?category=illness&self_paid_yuan=10000&as_of=2024-06-01")
    assert "as_of=2024-06-01" in phone_page.url
    assert phone_page.locator("[data-out-of-period]").is_hidden()
    assert phone_page.locator("[data-calc-status]").inner_text().startswith("结果：赔付金额 2,850.00 元")


def test_amounts_as_people_write_them_are_shown_as_understood(phone_page, site_server):
    open_calculator(phone_page, site_server,
                    "housing/?property_type=residential&area_m2=90平方米&price_yuan=50万&home_number=1&contract_date=2024-06-01")
    assert phone_page.locator(".calc-field[data-field=price_yuan] .field-understood").inner_text() == "= 500,000 元"
    assert phone_page.locator(".calc-field[data-field=area_m2] .field-understood").inner_text().startswith("= 90")
    assert phone_page.locator(".field-error:visible").count() == 0
    phone_page.locator(".calc-field[data-field=price_yuan]").screenshot(path=str(SHOTS / "calc-understood-phone.png"))


def test_the_result_shows_its_picture_with_its_text(phone_page, site_server):
    inputs = {"category": "illness", "self_paid_yuan": "10000", "as_of": "2024-06-01"}
    open_calculator(phone_page, site_server, "insurance/?category=illness&self_paid_yuan=10000&as_of=2024-06-01")
    picture = phone_page.locator("[data-result-picture]")
    assert picture.is_visible() and picture.locator("svg").count() == 1
    assert picture.locator("figcaption").inner_text() == "图：" + JIANGHUA.run("insurance", inputs)["picture"]["alt"]
    assert picture.bounding_box()["width"] <= 390
    picture.screenshot(path=str(SHOTS / "calc-picture-phone.png"))


def test_aqi_results_use_chinese_names_only(phone_page, site_server):
    open_calculator(phone_page, site_server, "aqi/?pm25_24h=70&as_of=2026-11-29")
    shown = phone_page.locator(".calc-figures").inner_text()
    assert "三级" in shown and "橙色" in shown and "细颗粒物（PM2.5）" in shown
    for code in ("pm25_24h", "#ff7e00", "级别 3", "o3_8h"):
        assert code not in phone_page.locator(".calc-result").inner_text(), code


def test_errors_name_fields_in_chinese_only(phone_page, site_server):
    open_calculator(phone_page, site_server, "housing/?property_type=residential&area_m2=abc&price_yuan=500000&home_number=1&contract_date=2024-06-01")
    error = phone_page.locator("#f-area_m2-error")
    assert error.is_visible() and not re.search(r"[a-z_]{4,}", error.inner_text())


def test_errors_show_once_a_field_is_left_or_a_result_is_asked_for(phone_page, site_server):
    open_calculator(phone_page, site_server, "housing/")
    assert phone_page.locator(".field-error:visible").count() == 0  # nothing typed yet: no red
    assert phone_page.locator("[data-calc-status]").inner_text().startswith("请填写")
    phone_page.screenshot(path=str(SHOTS / "calc-empty-form-phone.png"))
    phone_page.fill("#f-area_m2", "-5")
    phone_page.wait_for_timeout(400)
    assert phone_page.locator("#f-area_m2-error").is_hidden()  # still typing
    phone_page.locator("#f-price_yuan").focus()  # leaves the field
    phone_page.wait_for_selector("#f-area_m2-error:visible")
    assert phone_page.locator("#f-contract_date-error").is_hidden()  # not yet left
    phone_page.click(".calc-submit")  # asks for the result: every problem shows
    phone_page.wait_for_selector("#f-contract_date-error:visible")
    assert phone_page.locator("[data-calc-status]").inner_text().startswith("有 ")


# --- printing: a one-page result sheet ------------------------------------------------------------

def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("path", [
    "insurance/?category=illness&self_paid_yuan=10000&event_date=2026-11-01",
    "housing/?property_type=residential&area_m2=100&price_yuan=50万&home_number=1&contract_date=2024-06-01",
    "aqi/?pm25_24h=70&pm10_24h=200",
    "warning/?daily_aqi=210,320,250",
    "township/?land_revenue_yuan=5000000",
])
def test_printing_a_calculation_gives_a_one_page_result_sheet(browser, site_server, path):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    open_calculator(page, site_server, path)
    # the QR code's library loads on demand: the page's print button asks for it and waits for it
    # (a function: Playwright would call an arrow expression it is given as a string)
    page.evaluate("() => { window.print = () => { document.body.dataset.printed = 'true'; }; }")
    page.locator(".print-page").first.click()
    page.wait_for_selector("body[data-printed='true']", state="attached", timeout=30_000)
    assert page.locator("[data-sheet-qr] svg").count() == 1
    page.emulate_media(media="print")
    sheet = page.locator("[data-sheet]")
    assert sheet.is_visible()
    text = sheet.inner_text()
    # the day the page wrote into its link, which carries the figures in its fragment (issue 24)
    as_of = page.evaluate("new URLSearchParams(location.hash.slice(1)).get('as_of')")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of or "")
    assert f"计算日期：{as_of}" in text and "填写的内容" in text and "计算过程" in text and "依据：" in text
    assert configured_site_url() + "calculators/" in text and "127.0.0.1" not in text
    assert not page.locator("#rules").is_visible() and not page.locator(".calc-form").is_visible()
    if "event_date=2026" in path:
        assert "按原方案试算，仅供参考" in text
    if path.startswith(("housing/", "insurance/")):  # what the screen says of how to apply, the sheet says too
        assert "怎么申请" in text
        assert page.locator("[data-apply] li").count() >= 1
    if path.startswith("housing/"):  # two items at one office: one line, and one list of what to bring
        assert "购房契税补贴、首次购房补贴：县住建局" in text and "需带：购房合同" in text
    pdf = page.pdf(format="A4")
    name = path.split("/")[0]
    (SHOTS / f"print-{name}.pdf").write_bytes(pdf)  # written first: a sheet that runs over can be looked at
    assert pdf_pages(pdf) == 1, path
    context.close()


# --- plain words, public addresses --------------------------------------------------------------

def test_a_notices_source_lines_are_for_staff_only(phone_page, site_server):
    phone_page.goto(site_server + "jiangzhengbanfa-2024-3/")
    footer = phone_page.locator(".notice-source")
    assert ".txt" not in footer.inner_text()  # collapsed
    staff = footer.locator("details.staff-details")
    assert staff.count() == 1 and staff.get_attribute("open") is None
    staff.locator("summary").click()
    assert "2024-notices.txt" in staff.inner_text()


def test_the_clause_link_copies_the_public_address(browser, site_server):
    context = browser.new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_server + "jiangzhengbanfa-2024-2/")
    page.locator("#c2 a.clause-link").click()
    page.wait_for_selector("#c2 a.clause-link.copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == configured_site_url() + "jiangzhengbanfa-2024-2/#c2"
    context.close()


# --- without JavaScript ---------------------------------------------------------------------------

def test_without_javascript_no_control_is_left_that_does_nothing(browser, site_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site_server)
    assert not page.locator(".catalogue-filters").is_visible()
    assert page.locator(".catalogue-list > li").count() == page.locator(".catalogue-list > li:visible").count() > 0
    assert not page.locator(".large-text-toggle").is_visible()
    page.screenshot(path=str(SHOTS / "nojs-home-phone.png"))
    # filtering works as links to pre-built pages
    page.locator(".filter-links a", has_text="人事任免").click()
    page.wait_for_url("**/catalogue/kind/*/")
    kinds = page.locator(".catalogue-list > li").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds and set(kinds) == {"人事任免"}
    assert page.locator("h1").inner_text() == "类别：人事任免"
    page.screenshot(path=str(SHOTS / "nojs-filter-phone.png"))
    context.close()


def test_with_javascript_the_filter_links_stay_out_of_the_way(phone_page, site_server):
    phone_page.goto(site_server)
    assert phone_page.locator(".catalogue-filters").is_visible()
    assert phone_page.locator(".filter-links").count() == 0 or not phone_page.locator(".filter-links").is_visible()


# --- kiosk ----------------------------------------------------------------------------------------

@pytest.fixture
def kiosk(browser, site_server):
    context = browser.new_context(viewport=KIOSK)
    page = context.new_page()
    start_kiosk(page, site_server, idle="600")
    yield page
    leave_kiosk(page, site_server)
    context.close()


COVERABLE = "h1, h2, h3, h4, h5, .status-badge, .notice-body p, .notice-meta dd, .catalogue-list a, label, input, select, .calc-status"


def overlaps_with_qr(page) -> list[str]:
    return page.evaluate("""(selector) => {
        const qr = document.querySelector('.kiosk-qr');
        if (!qr || qr.hidden) return ['no QR code shown'];
        const q = qr.getBoundingClientRect();
        return [...document.querySelectorAll(selector)].filter(e => {
            if (!e.offsetParent || e.closest('.kiosk-qr')) return false;
            const r = e.getBoundingClientRect();
            return r.width && r.bottom > 0 && r.top < innerHeight && r.right > q.left && r.left < q.right && r.bottom > q.top && r.top < q.bottom;
        }).map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 20));
    }""", COVERABLE)


@pytest.mark.parametrize("path", ["jiangzhengbanfa-2024-3/", "jiangzhengbanfa-2024-1/", "", "calculators/"])
def test_the_kiosk_qr_code_never_covers_content(kiosk, site_server, path):
    kiosk.goto(site_server + path)
    kiosk.wait_for_function("() => !document.querySelector('.kiosk-qr').hidden")
    # the bar along the bottom spans the screen (no text shows beside it, half covered) ...
    bar = kiosk.locator(".kiosk-qr").bounding_box()
    assert bar["x"] == 0 and bar["width"] == KIOSK["width"]
    # ... text passes under it while the page scrolls, as under any bar, and every part of the page can be
    # scrolled clear of it: at the end of the page, nothing is under the bar; at the top, the title is not
    assert not [o for o in overlaps_with_qr(kiosk) if o.startswith("H1")]
    kiosk.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    kiosk.wait_for_timeout(50)
    assert overlaps_with_qr(kiosk) == [], path
    kiosk.evaluate("window.scrollTo(0, 0)")
    kiosk.screenshot(path=str(SHOTS / f"kiosk-{path.strip('/') or 'home'}.png"))


def test_kiosk_text_and_form_fit_a_1080_pixel_screen(kiosk, site_server):
    kiosk.goto(site_server + "jiangzhengbanfa-2024-3/")
    size = kiosk.evaluate("parseFloat(getComputedStyle(document.querySelector('.notice-body p')).fontSize)")
    assert size >= 26
    open_calculator(kiosk, site_server, "insurance/?category=illness&self_paid_yuan=10000&as_of=2024-06-01")
    form = kiosk.locator(".calc-form").bounding_box()["width"]
    content = kiosk.locator(".md-content").bounding_box()["width"]
    assert form >= 0.75 * content and form >= 700
    assert kiosk.locator(".calc-copy").is_hidden()  # nothing to copy to on a kiosk
    kiosk.wait_for_selector(".calc-qr svg")  # the calculation goes to a phone by QR
    assert kiosk.evaluate("document.documentElement.scrollWidth") <= 1080
    kiosk.screenshot(path=str(SHOTS / "kiosk-calculator.png"))


def test_the_kiosk_menu_has_no_developers_page(kiosk, site_server):
    kiosk.goto(site_server)
    nav = kiosk.locator(".md-nav--primary").inner_text()
    assert "政策计算器" in nav and "性能与无障碍" not in nav
    assert kiosk.locator(".staff-link").is_hidden()


def test_every_page_has_its_qr_code(site_server, built_site):
    import urllib.request
    for name in ("calculators", "performance", "calculators-housing", "index"):
        with urllib.request.urlopen(site_server + f"qr/{name}.svg") as response:
            assert response.status == 200
    pages = [p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")]
    for page in pages:
        if page.startswith(("assets", "pagefind", "search")):
            continue
        name = "index" if page == "." else page.replace("/", "-")
        assert (built_site / "qr" / f"{name}.svg").exists(), page


# --- phone -----------------------------------------------------------------------------------------

def test_the_home_page_shows_the_way_to_the_calculators(phone_page, site_server):
    phone_page.goto(site_server)
    link = phone_page.locator(".home-calculators a")
    box = link.bounding_box()
    assert link.is_visible() and box["y"] + box["height"] <= 844 and box["height"] >= 44
    link.click()
    phone_page.wait_for_url("**/calculators/")


LARGE_PAGES = ["", "jiangzhengbanfa-2024-3/", "jiangzhengbanfa-2024-1/", "calculators/",
               "calculators/housing/?area_m2=100&price_yuan=50万", "calculators/insurance/", "calculators/aqi/",
               "calculators/warning/", "calculators/township/"]


@pytest.mark.parametrize("path", LARGE_PAGES)
def test_large_type_mode_is_large_and_never_scrolls_sideways(browser, site_server, path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script("try { localStorage.setItem('county-large-text', '1') } catch (e) {}")
    page = context.new_page()
    page.goto(site_server + path)
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("window.innerWidth") == 390  # nothing widens the page (a phone would zoom out)
    text = page.locator(".md-content p").first
    size = text.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    line = text.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert size >= 24 and line >= 1.3 * size
    for button in page.locator(".reading-tools button, .calc-field input, .calc-field select").all()[:6]:
        if button.is_visible():
            assert button.bounding_box()["height"] >= 56
    context.close()


def test_large_type_mode_screens(browser, site_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script("try { localStorage.setItem('county-large-text', '1') } catch (e) {}")
    page = context.new_page()
    page.goto(site_server + "jiangzhengbanfa-2024-3/")
    page.screenshot(path=str(SHOTS / "large-notice-phone.png"))
    page.goto(site_server + "calculators/insurance/")
    page.locator("#f-category").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "large-calculator-phone.png"))
    context.close()


@pytest.mark.parametrize("calculator", ["housing", "insurance", "aqi", "warning", "township"])
def test_calculator_tables_are_not_cut_off_on_a_phone(phone_page, site_server, calculator):
    phone_page.goto(site_server + f"calculators/{calculator}/")
    for summary in phone_page.locator("details.calc-reference > summary").all():  # every section opened, as a reader would
        summary.click()
    cut = phone_page.evaluate("""() => [...document.querySelectorAll('.calculator-doc table')]
        .filter(t => t.offsetParent && t.getBoundingClientRect().right > innerWidth + 1).length""")
    assert cut == 0
    phone_page.locator("table[data-role=rules]").scroll_into_view_if_needed()
    phone_page.screenshot(path=str(SHOTS / f"rules-table-{calculator}-phone.png"))


def test_back_to_top_never_covers_the_form(phone_page, site_server):
    open_calculator(phone_page, site_server, "township/")
    phone_page.evaluate("window.scrollTo(0, document.querySelector('.calc-form').getBoundingClientRect().bottom + scrollY)")
    phone_page.wait_for_timeout(200)
    phone_page.mouse.wheel(0, -300)  # scrolling up is when the theme shows its back-to-top button
    phone_page.wait_for_timeout(400)
    top = phone_page.locator(".md-top")
    if top.is_visible():
        t = top.bounding_box()
        for field in phone_page.locator(".calc-field input, .calc-field label").all():
            if field.is_visible():
                f = field.bounding_box()
                assert not (f["x"] < t["x"] + t["width"] and t["x"] < f["x"] + f["width"]
                            and f["y"] < t["y"] + t["height"] and t["y"] < f["y"] + f["height"])
    assert phone_page.evaluate("document.body.classList.contains('calc-form-in-view')") or not top.is_visible()


def test_the_day_of_a_case_in_a_shared_link_is_kept(phone_page, site_server):
    open_calculator(phone_page, site_server, "housing/?property_type=residential&area_m2=100&price_yuan=500000&home_number=1&contract_date=2024-06-01")
    assert re.search(r"as_of=\d{4}-\d{2}-\d{2}", phone_page.url)
    assert dt.date.fromisoformat(re.search(r"as_of=([\d-]+)", phone_page.url).group(1)) >= dt.date(2026, 1, 1)
