"""Figures measured in Debian's Chromium (Playwright): page weight, search, calculator start-up.

A bench server serves the built site like `build.py serve` (precompressed .gz, MIME types),
plus a bare page that only boots the same Pyodide runtime (the floor), and can emulate a slow
link for every request it serves (shared bandwidth and a round-trip delay).
"""
from __future__ import annotations

import functools
import gzip
import http.server
import statistics
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from server.serve import ENCODINGS, SiteHandler

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY = "body[data-calc-ready=true]"
ENGINE = ("/assets/pyodide/", ".whl", "/assets/calc/manifest.json")
FLOOR_PAGE = b"""<!doctype html><meta charset="utf-8"><title>bare Pyodide boot</title><body><script type="module">
const m = await (await fetch("/assets/calc/manifest.json")).json();
const index = "/" + m.pyodide.index;
const { loadPyodide } = await import(index + "pyodide.mjs");
await loadPyodide({ indexURL: index, lockFileContents: { info: m.pyodide.lock_info, packages: {} } });
document.body.dataset.ready = "true";
</script></body>"""


class Link:
    """A shared link: bytes per second for all connections together, and a delay per request."""

    def __init__(self, bytes_per_second: float | None = None, round_trip_s: float = 0.0) -> None:
        self.rate, self.delay = bytes_per_second, round_trip_s
        self.lock = threading.Lock()
        self.free_at = 0.0
        self.served: list[tuple[str, int]] = []  # (path, body bytes sent): counts workers' requests too
        self.started_at: list[float] = []  # wall-clock time each of `served` began (same index)

    def send(self, data: bytes, write) -> None:
        if not self.rate:
            write(data)
            return
        for start in range(0, len(data), 16384):
            piece = data[start:start + 16384]
            with self.lock:
                begin = max(time.perf_counter(), self.free_at)
                self.free_at = begin + len(piece) / self.rate
                done = self.free_at
            time.sleep(max(0.0, done - time.perf_counter()))
            write(piece)


class BenchHandler(SiteHandler):
    link = Link()

    def do_GET(self):
        if self.link.delay:
            time.sleep(self.link.delay)
        if self.path.split("?")[0] == "/__bench/floor.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(FLOOR_PAGE)))
            self.end_headers()
            self.wfile.write(FLOOR_PAGE)
            return
        super().do_GET()

    def copyfile(self, source, outputfile):
        data = source.read()
        self.link.started_at.append(time.time())
        self.link.served.append((self.path, len(data)))
        self.link.send(data, outputfile.write)

    def log_message(self, *args):
        pass


class Base(str):
    """The server's address, with the link it serves through (for byte counts)."""
    link: Link


@contextmanager
def serve(site: Path, link: Link | None = None, encodings: tuple[str, ...] = ("br", "gzip")):
    """The site on a free port; `encodings` limits the precompressed copies offered (("gzip",): a host
    without Brotli, the floor's conditions)."""
    link = link or Link()
    offered = tuple(pair for pair in ENCODINGS if pair[0] in encodings)
    handler = type("Handler", (BenchHandler,), {"link": link, "encodings": offered})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = Base(f"http://127.0.0.1:{server.server_address[1]}/")
        base.link = link
        yield base
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Recorder:
    """Every response a browser context receives: URL, decoded bytes, bytes on the wire."""

    def __init__(self, context, bodies: bool = True) -> None:
        self.bodies = bodies  # reading bodies back into Python slows the browser: not while timing
        self.items: list[dict] = []
        self.background: list[str] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        if request.service_worker is not None:  # the service worker's own requests (its precache)
            self.background.append(request.url)
            return
        try:
            sizes = request.sizes()
            response = request.response() if self.bodies else None
            body = response.body() if response else b""
        except Exception:  # a request the page cancelled
            return
        self.items.append({"url": request.url, "raw": len(body), "wire": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                           "gzip": len(gzip.compress(body, 6)) if body else 0})

    def total(self, keep=lambda url: True) -> dict:
        chosen = [i for i in self.items if keep(i["url"])]
        return {"requests": len(chosen), "raw_kb": round(sum(i["raw"] for i in chosen) / 1024, 1),
                "gzip_kb": round(sum(min(i["gzip"], i["raw"]) for i in chosen) / 1024, 1),
                "wire_kb": round(sum(i["wire"] for i in chosen) / 1024, 1)}


def page_weight(browser, base: str, path: str, before_engine: bool = False) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    recorder = Recorder(context)
    page = context.new_page()
    page.goto(base + path, wait_until="load")
    page.wait_for_timeout(800)
    readable = page.evaluate("document.querySelector('article, .calc-app, .catalogue') !== null")
    context.close()
    keep = (lambda url: not any(part in url for part in ENGINE)) if before_engine else (lambda url: True)
    return {**recorder.total(lambda url: keep(url) and "/sw.js" not in url), "content_in_html": readable}


def readable_without_script(browser, base: str, path: str) -> bool:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + path)
    ok = len(page.locator(".notice-body").inner_text()) > 200
    context.close()
    return ok


SEARCH = """async (query) => {
  const box = document.querySelector('[data-county-search]');
  const meta = box.querySelector('.md-search-result__meta');
  box.querySelector('input').value = query;
  const start = performance.now();
  box.querySelector('form').requestSubmit();
  await new Promise((resolve, reject) => {
    const check = () => meta.textContent.startsWith('找到') || meta.textContent.startsWith('没有') ? resolve()
      : performance.now() - start > 60000 ? reject(new Error('no answer after 60 s: ' + meta.textContent)) : setTimeout(check, 2);
    check();
  });
  return performance.now() - start;
}"""


def search(browser, base: str, first: str = "契税补贴", other: str = "伤残等级") -> dict:
    """First query (nothing loaded yet), the same query again, and another query after it."""
    context = browser.new_context(service_workers="block")  # count what the query itself downloads
    page = context.new_page()
    page.goto(base, wait_until="load")
    page.wait_for_timeout(300)
    figures = {}
    for name, query in (("first_query", first), ("repeat_query", first), ("other_query", other)):
        before = len(base.link.served)
        ms = page.evaluate(SEARCH, query)
        page.wait_for_timeout(300)
        sent = base.link.served[before:]  # measured at the server: Pagefind fetches from its own worker
        figures[f"{name}_ms"] = round(ms)
        figures[f"{name}_kb"] = round(sum(n for _, n in sent) / 1024, 1)
        figures[f"{name}_requests"] = len(sent)
    context.close()
    return figures


def _throttle_cpu(context, page, rate: float) -> None:
    if rate > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})


def _engine_cached(page, what: str = ".wasm", timeout_s: float = 120.0) -> None:
    """Wait until the worker has kept (checked) an engine file on the device. Polled from here:
    Playwright's wait_for_function does not await a promise."""
    deadline = time.monotonic() + timeout_s
    script = "w => caches.open('county-engine').then(c => c.keys()).then(k => k.some(r => r.url.endsWith(w)))"
    while not page.evaluate(script, what):
        if time.monotonic() > deadline:
            raise TimeoutError(f"engine file {what} not kept within {timeout_s} s")
        page.wait_for_timeout(200)


def _bytes(items: list[tuple[str, int]]) -> dict:
    """Bytes served, in total and by file (largest first), as sent (Brotli, gzip or plain)."""
    by_file: dict[str, int] = {}
    for path, size in items:
        name = path.split("?")[0]
        by_file[name] = by_file.get(name, 0) + size
    ordered = dict(sorted(by_file.items(), key=lambda kv: -kv[1]))
    return {"mb": round(sum(by_file.values()) / 1e6, 2), "requests": len(items),
            "by_file_kb": {name: round(size / 1024, 1) for name, size in ordered.items() if size >= 1024}}


def _boot(page, base: str, path: str) -> float:
    start = time.perf_counter()
    page.goto(base + path)
    page.wait_for_selector(READY, timeout=300_000)
    return time.perf_counter() - start


def _reload(page) -> float:
    start = time.perf_counter()
    page.reload()
    page.wait_for_selector(READY, timeout=300_000)
    return time.perf_counter() - start


FIRST_RESULT_CLOCK = """new MutationObserver((_, observer) => {
  if (document.body && document.body.dataset.calcReady) { window.__firstResultAt = Date.now(); observer.disconnect(); }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-calc-ready"] });"""


def first_visit(browser, base: str, path: str, cpu: float = 1.0, settle_s: float = 15.0) -> dict:
    """A first visit with a new profile, counted at the server: the bytes to the first result, and
    everything sent within `settle_s` after it (service-worker precache and any background download);
    then the returning visit (engine on the device) and the visit after the memory image was kept."""
    context = browser.new_context()
    context.add_init_script(FIRST_RESULT_CLOCK)
    page = context.new_page()
    _throttle_cpu(context, page, cpu)
    mark = len(base.link.served)
    cold = _boot(page, base, path)
    shown_at = page.evaluate("window.__firstResultAt") / 1000  # the page's clock is this machine's
    first = [item for item, at in zip(base.link.served[mark:], base.link.started_at[mark:]) if at <= shown_at]
    page.wait_for_timeout(settle_s * 1000)
    whole = list(base.link.served[mark:])
    returning = _reload(page)  # a returning visit: plain start from the checked copies, the image is fetched after it
    page.wait_for_timeout(3000)  # a person reloads seconds later: the image must be kept by then
    warm = _reload(page)
    started = page.evaluate("document.body.dataset.calcStart")
    context.close()
    return {"cold_s": round(cold, 2), "first_result": _bytes(first), f"first_visit_{int(settle_s)}s": _bytes(whole),
            "returning_s": round(returning, 2), "warm_s": round(warm, 2), "warm_started_from": started}


def startup(browser, base: str, path: str, runs: int, cpu: float = 1.0, floor_base: str | None = None) -> dict:
    """Cold start (new profile), a reload 3 s after the first result of that first visit and, for comparison,
    the bare-Pyodide page (the full standard library, served with gzip only: `floor_base`)."""
    cold, warm, floor_cold, floor_warm, wire = [], [], [], [], []
    floor_base = floor_base or base
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        _throttle_cpu(context, page, cpu)
        mark = len(base.link.served)
        cold.append(_boot(page, base, path))
        wire.append(sum(n for _, n in base.link.served[mark:]) / 1024)
        page.wait_for_timeout(3000)  # a person reloads seconds later
        warm.append(_reload(page))
        context.close()

        context = browser.new_context()
        page = context.new_page()
        _throttle_cpu(context, page, cpu)
        start = time.perf_counter()
        page.goto(floor_base + "__bench/floor.html")
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=300_000)
        floor_cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        page.reload()
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=300_000)
        floor_warm.append(time.perf_counter() - start)
        context.close()
    median = lambda xs: round(statistics.median(xs), 2)  # noqa: E731
    return {"cold_s": median(cold), "warm_s": median(warm), "floor_cold_s": median(floor_cold),
            "floor_warm_s": median(floor_warm), "cold_over_floor": round(median(cold) / median(floor_cold), 2),
            "cold_transfer_kb": round(median(wire), 1), "runs": runs}


RECOMPUTE = """async (args) => {
  const [selector, values] = args;
  const field = document.querySelector(selector);
  const times = [];
  for (const value of values) {
    const count = Number(document.body.dataset.calcCount);
    const start = performance.now();
    field.value = value;
    field.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise(resolve => {
      const check = () => Number(document.body.dataset.calcCount) > count ? resolve() : requestAnimationFrame(check);
      check();
    });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}"""


def recompute(browser, base: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "calculators/insurance/?category=illness&self_paid_yuan=10000")
    page.wait_for_selector(READY, timeout=120_000)
    ms = page.evaluate(RECOMPUTE, ["#f-self_paid_yuan", ["20000", "35000", "50000", "72500", "100000", "12000", "9000"]])
    context.close()
    return {"recompute_ms": round(ms, 1)}


def phone(browser, site: Path, runs: int) -> dict:
    """A mid-range phone: 1.6 Mbit/s shared, 150 ms per round trip, CPU slowed 4× (DevTools protocol).
    The floor (bare Pyodide, full standard library, gzip) goes through a link of its own, the same."""
    link = Link(bytes_per_second=1.6e6 / 8, round_trip_s=0.150)
    floor_link = Link(bytes_per_second=1.6e6 / 8, round_trip_s=0.150)
    with serve(site, link) as base, serve(site, floor_link, encodings=("gzip",)) as floor_base:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        page = context.new_page()
        _throttle_cpu(context, page, 4)
        start = time.perf_counter()
        page.goto(base + "jiangzhengbanfa-2024-1/", wait_until="domcontentloaded")
        notice_readable = time.perf_counter() - start
        page.wait_for_load_state("load")
        notice_load = time.perf_counter() - start
        context.close()
        calculator = startup(browser, base, "calculators/insurance/?category=illness&self_paid_yuan=10000", runs, cpu=4,
                             floor_base=floor_base)
    return {"notice_readable_s": round(notice_readable, 2), "notice_load_s": round(notice_load, 2), **calculator}
