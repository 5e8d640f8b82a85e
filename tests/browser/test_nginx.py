"""The site behind a real nginx, configured with the files the README shows (deploy/nginx-site.conf for a
site of its own, deploy/nginx-subpath.conf under a county portal's /zcwj/): MIME types, .br/.gz
negotiation, cache headers, the Chinese 404, calculators online and offline, hosts that send only gzip
or nothing, and a rebuild that changes the engine reaching a returning visitor."""
from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from bundle.assemble import write_service_worker
from publisher.compress import precompress

from .test_engine import wait_until

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
READY = "body[data-calc-ready=true]"
PAGE = "calculators/insurance/?category=illness&self_paid_yuan=10000"
pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_server_block(port: int, root: Path, without: tuple[str, ...] = ()) -> str:
    """deploy/nginx-site.conf as the README shows it, with its listen and root lines for this test
    (and, for a plainer host, some of its lines left out)."""
    text = (ROOT / "deploy" / "nginx-site.conf").read_text(encoding="utf-8")
    text = text.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("root /srv/policies/site;", f"root {root};")
    return "\n".join(line for line in text.splitlines() if not any(line.strip().startswith(w) for w in without))


def subpath_server_block(port: int, www: Path) -> str:
    text = (ROOT / "deploy" / "nginx-subpath.conf").read_text(encoding="utf-8").replace("root /srv/www;", f"root {www};")
    return f"server {{\n    listen 127.0.0.1:{port};\n    server_name _;\n{text}\n}}"


class Nginx:
    """One nginx process of our own (its own prefix, pid file and ports), stopped by its pid."""

    def __init__(self, folder: Path, servers: list[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private folders
        temp = " ".join(f"{k}_temp_path {folder / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (folder / "nginx.conf").write_text(
            f"load_module {BROTLI_MODULE};\n{user}pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
            f"events {{ worker_connections 256; }}\nhttp {{\n  access_log {folder / 'access.log'};\n  {temp}\n"
            + "\n".join(servers) + "\n}\n", encoding="utf-8")
        self.folder = folder
        result = subprocess.run([str(NGINX), "-c", str(folder / "nginx.conf"), "-p", str(folder)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        self.pid = int((folder / "nginx.pid").read_text())

    def stop(self) -> None:
        os.kill(self.pid, signal.SIGQUIT)
        for _ in range(100):
            if not (self.folder / "nginx.pid").exists():
                return
            time.sleep(0.05)


@pytest.fixture(scope="module")
def deployed(built_site, tmp_path_factory):
    """The built site behind nginx four ways: its own domain, a portal's /zcwj/, gzip only, nothing precompressed."""
    if not (NGINX.exists() and BROTLI_MODULE.exists()):
        pytest.fail("需要 Debian 的 nginx 与 libnginx-mod-http-brotli-static：请用 python3 make.py test 运行，它会用 apt 安装")
    folder = tmp_path_factory.mktemp("nginx")
    site = folder / "www" / "site"
    shutil.copytree(built_site, site, symlinks=True)
    (folder / "www" / "zcwj").symlink_to(site)
    ports = {name: free_port() for name in ("site", "zcwj", "gzip", "plain")}
    server = Nginx(folder / "nginx", [
        site_server_block(ports["site"], site),
        subpath_server_block(ports["zcwj"], folder / "www"),
        site_server_block(ports["gzip"], site, without=("brotli_static",)),
        site_server_block(ports["plain"], site, without=("brotli_static", "gzip_static")),
    ])
    yield {"site": f"http://127.0.0.1:{ports['site']}/", "zcwj": f"http://127.0.0.1:{ports['zcwj']}/zcwj/",
           "gzip": f"http://127.0.0.1:{ports['gzip']}/", "plain": f"http://127.0.0.1:{ports['plain']}/"}
    server.stop()


def head(url: str, accept_encoding: str | None = None) -> tuple[int, dict, bytes]:
    parts = url.split("/", 3)
    connection = http.client.HTTPConnection(parts[2], timeout=30)
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    connection.request("GET", "/" + parts[3], headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_the_readme_shows_the_files_the_test_uses():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("nginx-site.conf", "nginx-subpath.conf"):
        assert (ROOT / "deploy" / name).read_text(encoding="utf-8").strip() in readme, name


@pytest.mark.parametrize("where", ["site", "zcwj"])
def test_types_encodings_and_cache_headers(deployed, where):
    base = deployed[where]
    wasm = "assets/pyodide/314.0.7/pyodide.asm.wasm"
    status, headers, body = head(base + wasm, "gzip, deflate, br, zstd")
    assert status == 200 and headers["content-type"] == "application/wasm" and headers["content-encoding"] == "br"
    assert "immutable" in headers["cache-control"] and headers["vary"] == "Accept-Encoding"
    status, headers, _ = head(base + wasm, "gzip")
    assert headers["content-encoding"] == "gzip"
    status, headers, body = head(base + wasm)
    assert "content-encoding" not in headers and body[:4] == b"\0asm"
    status, headers, _ = head(base + "assets/pyodide/314.0.7/pyodide.mjs", "br")
    assert headers["content-type"].split(";")[0] == "text/javascript" and "immutable" in headers["cache-control"]
    for path, kind in (("assets/calc/manifest.json", "application/json"),
                       ("assets/sha256.mjs", "text/javascript"), ("calculators/insurance/", "text/html")):
        status, headers, _ = head(base + path, "br")
        assert status == 200 and headers["content-type"].split(";")[0] == kind, path
        assert headers["cache-control"] == "no-cache", path
    status, headers, body = head(base + "no-such-page/", "br")
    assert status == 404 and headers["content-encoding"] == "br"
    status, _, body = head(base + "no-such-page/")
    assert "404" in body.decode("utf-8") and "江华" in body.decode("utf-8")
    status, _, body = head(base + "assets/")
    assert status in (403, 404) and b"Index of" not in body  # no listings


@pytest.mark.parametrize("where", ["site", "zcwj", "gzip", "plain"])
def test_the_calculator_computes_online_and_offline(browser, deployed, where):
    base = deployed[where]
    context = browser.new_context()
    encodings = {}
    context.on("response", lambda r: r.url.endswith(".wasm") and encodings.update(wasm=r.headers.get("content-encoding")))
    page = context.new_page()
    page.goto(base + PAGE)
    page.wait_for_selector(READY, timeout=120_000)
    assert page.locator("[data-result=payout_yuan]").get_attribute("data-value") == "2850"
    assert page.evaluate("document.body.dataset.calcEngine") == "site-library"
    assert encodings["wasm"] == {"site": "br", "zcwj": "br", "gzip": "gzip", "plain": None}[where]
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
    context.set_offline(True)
    page.reload()
    page.wait_for_selector(READY, timeout=120_000)
    assert page.locator("[data-result=payout_yuan]").get_attribute("data-value") == "2850"
    context.close()


def rebuild_with_a_changed_engine(site: Path) -> None:
    """What a rebuild after a policy change does to a deployed site: a new calculators wheel (the
    deductible for illness set to 0), its manifest, a new service worker and new compressed copies.
    The memory image is left out (a build without Node.js makes none), so the old one must go too."""
    manifest_path = site / "assets" / "calc" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    wheel_path = site / manifest["wheels"][0]["url"]
    source = zipfile.ZipFile(io.BytesIO(wheel_path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "calculators/parameters/insurance.json":
                parameters = json.loads(data)
                parameters["parameters"]["illness.deductible"]["values"][0]["value"] = "0"
                data = json.dumps(parameters, ensure_ascii=False).encode("utf-8")
            wheel.writestr(info, data)
    wheel_path.write_bytes(buffer.getvalue())
    manifest["wheels"][0].update(size=len(buffer.getvalue()), sha256=hashlib.sha256(buffer.getvalue()).hexdigest())
    manifest.pop("snapshot", None)
    for image in (site / "assets" / "calc").glob("pyodide-snapshot*"):
        image.unlink()
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for stale in (site / "assets" / "calc").glob("*.whl.*"):
        stale.unlink()
    write_service_worker(site)
    precompress(site)


def test_a_rebuild_that_changes_the_engine_reaches_a_returning_visitor(browser, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site, symlinks=True)
    port = free_port()
    server = Nginx(tmp_path / "nginx", [site_server_block(port, site)])
    base = f"http://127.0.0.1:{port}/"
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + PAGE)
        page.wait_for_selector(READY, timeout=120_000)
        assert page.locator("[data-result=payout_yuan]").get_attribute("data-value") == "2850"
        page.reload()  # a returning visit: the memory image is fetched and kept
        page.wait_for_selector(READY, timeout=120_000)
        wait_until(page, "caches.open('county-engine').then(c => c.keys()).then(k => k.some(r => r.url.endsWith('.bin')))")
        old_cache = page.evaluate("caches.keys().then(k => k.filter(n => n.startsWith('county-site-')))")

        rebuild_with_a_changed_engine(site)
        new_wheel = json.loads((site / "assets/calc/manifest.json").read_text(encoding="utf-8"))["wheels"][0]

        page.reload()  # the first visit after the rebuild already computes with the new engine only
        page.wait_for_selector(READY, timeout=120_000)
        assert page.locator("[data-result=payout_yuan]").get_attribute("data-value") == "3000"
        wait_until(page, """async ([wheel, old]) => {
            const engine = await caches.open('county-engine');
            const urls = (await engine.keys()).map(r => r.url);
            if (urls.some(u => u.endsWith('.bin'))) return false;  // the old image is gone
            const hit = await engine.match(urls.find(u => u.endsWith(wheel.url)));
            const d = await crypto.subtle.digest('SHA-256', await hit.arrayBuffer());
            const hex = Array.from(new Uint8Array(d), b => b.toString(16).padStart(2, '0')).join('');
            const sites = (await caches.keys()).filter(n => n.startsWith('county-site-'));
            return hex === wheel.sha256 && sites.length === 1 && !old.includes(sites[0]);
        }""", [new_wheel, old_cache])
        context.set_offline(True)
        page.reload()
        page.wait_for_selector(READY, timeout=120_000)
        assert page.locator("[data-result=payout_yuan]").get_attribute("data-value") == "3000"
        context.close()
    finally:
        server.stop()
