"""Debian's Chromium, driven by Playwright; every request is recorded."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# screenshots the browser tests leave for a person to look at (the tests also assert what they show)
SHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp/county-screenshots"))
SHOTS.mkdir(parents=True, exist_ok=True)
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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
