"""Calculators in Chromium: the same case tables as pytest, opened from URL parameters,
must show what the Python core computes; errors beside fields; offline after a visit; QR codes."""
import json
import re
from pathlib import Path

import pytest

from publisher.calculator_pages import query_string

from ..conftest import county_calculators
from ..calculators.case_tables import load_cases

JIANGHUA = county_calculators()  # what the built site serves: its rule files first
TABLED = tuple(i for i in JIANGHUA.ids() if load_cases(i))  # the calculators with a case table
from .conftest import SHOTS, foreign_requests
from .test_engine import wait_until

pytestmark = pytest.mark.browser
READY = "body[data-calc-ready=true]"
BOOT_TIMEOUT = 90_000


def shown_outputs(page) -> dict:
    cells = page.locator("[data-result]").evaluate_all("els => els.map(e => [e.dataset.result, e.dataset.value])")
    values = {}
    for key, raw in cells:
        try:
            values[key] = json.loads(raw)
        except ValueError:
            values[key] = raw
    return values


def expected_outputs(calculator: str, inputs: dict) -> dict:
    result = JIANGHUA.run(calculator, inputs)
    assert not result["errors"], result["errors"]
    keys = [o["key"] for o in JIANGHUA.describe(calculator)["outputs"]]
    return {key: result.get(key) for key in keys}


def open_via_url(page, calculator: str, inputs: dict, first: bool) -> None:
    """The case as a link carries it, in the address's fragment (issue 24). The first case is a real
    navigation; the next ones follow a link to the same page with another fragment (no reload). A case
    without inputs is the page's plain address: a link without a fragment loads the page again."""
    url = f"calculators/{calculator}/" + (f"#{query_string(inputs)}" if inputs else "")
    if first or not inputs:
        page.goto(page.site + url)
        page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
        return
    count = page.evaluate("Number(document.body.dataset.calcCount || 0)")
    page.evaluate("url => { window.__samePage = true; location.href = url; }", page.site + url)
    page.wait_for_function(f"() => Number(document.body.dataset.calcCount || 0) > {count}")
    assert page.evaluate("window.__samePage === true")  # computed in the same page, not a reload


@pytest.mark.parametrize("calculator", TABLED)
def test_every_case_shows_what_the_python_core_computes(phone, site_server, calculator):
    phone.site = site_server
    cases = load_cases(calculator)
    for index, (_, case) in enumerate(cases):
        open_via_url(phone, calculator, case["inputs"], first=index == 0)
        assert shown_outputs(phone) == expected_outputs(calculator, case["inputs"]), case["name"]
    # the site's own standard library held everything: no fall-back to the full library
    assert phone.evaluate("document.body.dataset.calcEngine") == "site-library"
    assert foreign_requests(phone.requested) == []


def test_the_url_is_kept_in_step_with_the_form(phone, site_server):
    phone.goto(site_server + "calculators/insurance/?category=illness&self_paid_yuan=10000")
    phone.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert shown_outputs(phone)["payout_yuan"] == 2850
    phone.fill("#f-self_paid_yuan", "50000")
    phone.wait_for_function("() => document.querySelector('[data-result=payout_yuan]').dataset.value === '18750'")
    assert "self_paid_yuan=50000" in phone.url
    # reopening that URL reproduces the result
    phone.goto(phone.url)
    phone.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert shown_outputs(phone)["payout_yuan"] == 18750


def test_an_invalid_input_shows_the_cores_error_beside_its_field(phone, site_server):
    phone.goto(site_server + "calculators/housing/?property_type=residential&area_m2=-5&price_yuan=500000&home_number=1&contract_date=2024-06-01")
    phone.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    expected = JIANGHUA.run("housing", {"property_type": "residential", "area_m2": "-5", "price_yuan": "500000",
                                   "home_number": "1", "contract_date": "2024-06-01"})["errors"][0]["message"]
    error = phone.locator("#f-area_m2-error")
    assert error.is_visible()
    assert error.inner_text() == expected
    assert phone.locator("#f-area_m2").get_attribute("aria-invalid") == "true"


def test_a_choice_written_as_its_label_in_the_url_asks_for_what_that_choice_needs(phone, site_server):
    """?category=因学 (issue 22): the form shows 因学 and its inputs, the core says 学校类型 is missing
    (the same message as for ?category=education), the link is rewritten with the code, and a
    value that is no choice is kept and named, not silently dropped."""
    phone.site = site_server
    phone.goto(site_server + "calculators/insurance/?category=%E5%9B%A0%E5%AD%A6&as_of=2026-12-07")
    phone.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert phone.locator("#f-category").input_value() == "education"
    assert phone.locator("#f-school_type").is_visible()
    assert "请填写：学校类型" in phone.locator("[data-calc-status]").inner_text()
    assert "category=education" in phone.url
    phone.click(".calc-submit")
    expected = JIANGHUA.run("insurance", {"category": "education", "as_of": "2026-12-07"})["errors"]
    assert [e["field"] for e in expected] == ["school_type"]
    phone.wait_for_function("() => !document.querySelector('#f-school_type-error').hidden")
    assert phone.locator("#f-school_type-error").inner_text() == expected[0]["message"]
    assert "内部错误" not in phone.locator(".calc-result").inner_text()
    phone.locator(".calc-form").screenshot(path=str(SHOTS / "calc-choice-label-in-url-phone.png"))
    open_via_url(phone, "insurance", {"category": "因材", "as_of": "2026-12-07"}, first=False)
    phone.click(".calc-submit")
    phone.wait_for_function("() => !document.querySelector('#f-category-error').hidden")
    assert phone.locator("#f-category-error").inner_text() == JIANGHUA.run("insurance", {"category": "因材"})["errors"][0]["message"]


def test_a_reload_with_the_network_off_still_computes(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    url = site_server + "calculators/aqi/?pm25_24h=70&date=2026-03-01"
    page.goto(url)
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)  # the pages are cached
    # the engine is kept by the worker once checked
    wait_until(page, "caches.open('county-engine').then(c => c.keys()).then(k => k.some(r => r.url.endsWith('.wasm')))")
    context.set_offline(True)
    page.reload()
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert shown_outputs(page)["aqi"] == 110
    # another calculator, never opened before, also works offline
    page.goto(site_server + "calculators/insurance/?category=illness&self_paid_yuan=10000")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert shown_outputs(page)["payout_yuan"] == 2850
    assert foreign_requests(requested) == []
    context.close()


def decode_qr(page) -> str:
    """Rasterise the QR code's SVG in the page and decode it with zxing-cpp."""
    import zxingcpp
    page.click(".calc-show-qr")  # the QR library is loaded on demand
    page.wait_for_selector("[data-qr] svg", timeout=30_000)
    width, height, gray = page.evaluate("""() => new Promise(resolve => {
        const svg = new XMLSerializer().serializeToString(document.querySelector('[data-qr] svg'));
        const img = new Image();
        img.onload = () => {
            const size = 400, canvas = document.createElement('canvas');
            canvas.width = canvas.height = size;
            const ctx = canvas.getContext('2d');
            ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, size, size);
            ctx.drawImage(img, 0, 0, size, size);
            const rgba = ctx.getImageData(0, 0, size, size).data, gray = [];
            for (let i = 0; i < rgba.length; i += 4) gray.push(rgba[i]);
            resolve([size, size, gray]);
        };
        img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
    })""")
    view = memoryview(bytes(gray)).cast("B", shape=(height, width))
    found = zxingcpp.read_barcodes(view)
    assert found, "no QR code found"
    return found[0].text


@pytest.mark.parametrize("form", ["#", "?"], ids=["fragment", "older-query"])
def test_the_qr_code_encodes_the_public_url_with_the_same_parameters(phone, site_server, form):
    """The link's figures travel in the fragment (issue 24: never sent to a server), on the public
    address; an older query link gives the same code."""
    from publisher.publish import configured_site_url
    figures = "category=accident&outcome=disability&disability_grade=5"
    phone.goto(site_server + "calculators/insurance/" + form + figures)
    phone.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    text = decode_qr(phone)
    # the same parameters, plus the day of the calculation the page wrote into its link (issue 10)
    as_of = phone.evaluate("new URLSearchParams(location.hash.slice(1)).get('as_of')")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of or "")
    assert text == configured_site_url() + "calculators/insurance/#" + figures + "&as_of=" + as_of
    assert phone.url == site_server + "calculators/insurance/#" + figures + "&as_of=" + as_of
    assert "127.0.0.1" not in text


def test_policy_pages_link_clauses_to_their_calculator_prefilled(phone, site_server):
    phone.goto(site_server + "jiangzhengbanfa-2024-3/")
    link = phone.locator("#c4-4 a.calc-link")
    assert link.inner_text() == "试算"
    link.click()
    phone.wait_for_selector(READY, timeout=BOOT_TIMEOUT)
    assert phone.locator("#f-category").input_value() == "accident"
    assert phone.locator("#f-outcome").input_value() == "disability"
    assert foreign_requests(phone.requested) == []


def test_without_javascript_the_note_comes_first_and_the_rules_and_worked_examples_still_read(browser, site_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_server + "calculators/housing/")
    assert page.locator("#rules").is_visible()
    page.click("summary:has(#examples)")  # the worked examples are one tap away, without JavaScript too
    assert "元" in page.locator("#example-1").inner_text()
    note = page.locator(".calc-noscript")
    assert note.is_visible() and "JavaScript" in note.inner_text()
    # the note is the first thing of the calculator, and the form that cannot compute is not shown
    assert note.bounding_box()["y"] < page.locator("#inputs").bounding_box()["y"]
    assert not page.locator("#f-area_m2").is_visible() and not page.locator("[data-calc-status]").is_visible()
    assert "正在准备计算引擎" not in page.locator("body").inner_text()
    context.close()


@pytest.fixture
def wrong_mime_server(built_site):
    """The same site from a server that sends .wasm with a generic type, as a misconfigured host would."""
    import functools
    import http.server
    import threading

    from server.serve import SiteHandler

    class Misconfigured(SiteHandler):
        extensions_map = {**SiteHandler.extensions_map, ".wasm": "application/octet-stream"}

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Misconfigured, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_wrong_wasm_type_is_explained_instead_of_an_endless_spinner(browser, wrong_mime_server):
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(wrong_mime_server + "calculators/housing/")
    status = page.locator("[data-calc-status]")
    page.wait_for_function("() => document.querySelector('[data-calc-status]').classList.contains('calc-status-error')",
                           timeout=60_000)
    assert "application/wasm" in status.inner_text() and "application/octet-stream" in status.inner_text()
    assert page.locator("#rules").is_visible()  # the rules still read
    context.close()


def test_a_runtime_file_that_does_not_match_its_checksum_is_refused(browser, site_server):
    context = browser.new_context(service_workers="block")
    original = (Path(__file__).resolve().parents[2] / "node_modules" / "pyodide" / "python_stdlib.zip").read_bytes()
    tampered = original[:-10] + b"0123456789"  # same size, different bytes
    context.route("**/python_stdlib.zip", lambda route: route.fulfill(status=200, body=tampered,
                                                                       headers={"Content-Type": "application/zip"}))
    page = context.new_page()
    page.goto(site_server + "calculators/housing/")
    page.wait_for_function("() => document.querySelector('[data-calc-status]').classList.contains('calc-status-error')",
                           timeout=60_000)
    assert "校验失败" in page.locator("[data-calc-status]").inner_text()
    assert page.evaluate("document.body.dataset.calcReady") is None
    context.close()
