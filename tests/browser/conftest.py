"""Debian's Chromium, driven by Playwright; every request is recorded."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from ..conftest import CORPUS

CHROMIUM = "/usr/bin/chromium"
# screenshots the browser tests leave for a person to look at (the tests also assert what they show)
SHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp/county-screenshots"))
SHOTS.mkdir(parents=True, exist_ok=True)
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# The kiosk's start-up, as README describes it: its start URL carries the county's kiosk key (a
# citizen's ?kiosk=1 changes nothing on a device).
KIOSK_KEY = tomllib.loads((CORPUS / "county.toml").read_text(encoding="utf-8"))["kiosk_key"]


def start_kiosk(page, base: str, idle: str | None = None) -> None:
    """Turn `page`'s device into a kiosk from `base` (a site's home) and wait until it is one."""
    page.goto(base + f"?kiosk={KIOSK_KEY}" + (f"&idle={idle}" if idle else ""))
    page.wait_for_function("() => document.documentElement.classList.contains('kiosk')", timeout=10_000)
    assert KIOSK_KEY not in page.url  # the key leaves the address at once


def leave_kiosk(page, base: str) -> None:
    """The kiosk's way out: its key with exit=1 (an ordinary ?kiosk=0 link does not turn it off)."""
    page.goto(base + f"?kiosk={KIOSK_KEY}&exit=1")
    page.wait_for_function("() => !document.documentElement.classList.contains('kiosk')", timeout=10_000)


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright for the session: a second sync_playwright() in the same thread is refused, so every
    browser a test needs (also one with other flags) is launched from this one."""
    if not Path(CHROMIUM).exists():
        pytest.fail("需要 Debian 的 chromium（/usr/bin/chromium）：请用 python3 make.py test 运行，它会用 apt 安装")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
    yield browser
    browser.close()


@pytest.fixture
def phone(browser):
    """A page at 390×844 that records the host of every request it makes."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def foreign_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))]


class RecordingSite:
    """The built site as `build.py serve` serves it, recording every request's path and Referer, and
    answering chosen paths with a fault: an error status, or the file with one byte changed."""

    def __init__(self) -> None:
        self.url = ""
        self.requests: list[tuple[str, str | None]] = []
        self.faults: dict[str, object] = {}  # path ending -> status (404, 500) or "corrupt"

    def fault(self, path: str):
        return next((f for end, f in self.faults.items() if path.split("?", 1)[0].endswith(end)), None)

    def carrying(self, *values: str) -> list[tuple[str, str | None]]:
        return [r for r in self.requests if any(v in (r[0] or "") or v in (r[1] or "") for v in values)]


@pytest.fixture(scope="module")
def recording_server(built_site):
    import functools
    import http.server
    import threading

    from server.serve import SiteHandler
    site = RecordingSite()

    class Handler(SiteHandler):
        def do_GET(self):
            # one handler serves every request of a kept-alive connection: a fault chosen for one request
            # must not stay on this handler for the next (it made later answers damaged too)
            self.__dict__.pop("encodings", None)
            self.__dict__.pop("copyfile", None)
            site.requests.append((self.path, self.headers.get("Referer")))
            fault = site.fault(self.path)
            if fault == "corrupt":
                self.encodings = ()  # the file itself, so that the changed byte reaches the check

                def flipped(source, output):
                    data = bytearray(source.read())
                    data[len(data) // 2] ^= 0xFF
                    output.write(bytes(data))
                self.copyfile = flipped
            elif fault == 404:
                return self._not_found(head=False)
            elif fault:
                return self.send_error(fault)
            super().do_GET()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}/"
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def recording_site(recording_server):
    """The recording server with a clean record for each test: what one test's links sent is not
    counted against the next test, and no fault outlives the test that chose it."""
    recording_server.requests.clear()
    recording_server.faults.clear()
    yield recording_server
    recording_server.faults.clear()
