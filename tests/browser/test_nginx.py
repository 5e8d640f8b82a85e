"""The site behind a real nginx, configured with the files the README shows: deploy/nginx-http.conf (the
http-level rules) with deploy/nginx-site.conf (a site of its own, HTTPS with the county's certificate and a
redirect from port 80) or deploy/nginx-subpath.conf (under a county portal's /zcwj/), for a single county
and for a province (its counties at /<county>/, and under the sub-path). Checked: `nginx -t` without a
warning, MIME types, .br/.gz negotiation, cache headers (an error never cached, the engine cached long
wherever it lives), every security header on every answer and the same values as `build.py serve`,
every refusal (symlinks out of the root, dotfiles, listings, a foreign Host), a Content-Security-Policy
the site breaks nowhere (notice, search, calculator and its QR code, 404 page: Chromium reports every
violation to the test), the Chinese 404 page with its search and a way home, calculators online and
offline, hosts that send only gzip or nothing, and a rebuild that changes the engine reaching a returning
visitor. The certificate is self-signed, made by the test with openssl."""
from __future__ import annotations

import hashlib
import http.client
import http.server
import io
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest

from bundle.assemble import write_service_worker
from publisher.compress import precompress
from publisher.publish import build_all
from server.serve import HSTS, POLICY_HEADERS, cache_control, content_security_policy

from ..conftest import AS_OF, CORPUS, FIXTURES, copy_as_county
from .conftest import CHROMIUM, FLAGS
from .test_engine import wait_until

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
READY = "body[data-calc-ready=true]"
PAGE = "calculators/insurance/?category=illness&self_paid_yuan=10000"
ENGINE = "assets/pyodide/314.0.7/"
SERVER_NAME = "zcwj.example.gov.cn"  # as in deploy/nginx-site.conf
PORTAL_URL = "https://www.example.gov.cn/zcwj/"  # as in deploy/nginx-subpath.conf
pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for the test's names and 127.0.0.1, standing in for the county's own."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={SERVER_NAME}",
                    "-addext", f"subjectAltName=DNS:{SERVER_NAME},DNS:www.example.gov.cn,IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def http_rules(report_to: str | None = None) -> str:
    """deploy/nginx-http.conf as the README shows it; for the browser checks, each Content-Security-Policy
    also asks Chromium to report any violation to the test (from pages and workers alike)."""
    text = (DEPLOY / "nginx-http.conf").read_text(encoding="utf-8")
    if report_to:
        marked = text.replace("frame-ancestors 'none'\";", f"frame-ancestors 'none'; report-uri {report_to}\";")
        assert marked.count("report-uri") == 2
        text = marked
    return text


def site_server_block(ports: tuple[int, int], root: Path, tls: tuple[Path, Path], without: tuple[str, ...] = ()) -> str:
    """deploy/nginx-site.conf as the README shows it, with its listen, root and certificate lines for this
    test (and, for a plainer host, some of its lines left out)."""
    text = (DEPLOY / "nginx-site.conf").read_text(encoding="utf-8")
    for old, new in (("listen 80;", f"listen 127.0.0.1:{ports[0]};"), ("listen 443 ssl;", f"listen 127.0.0.1:{ports[1]} ssl;"),
                     ("root /srv/policies/site;", f"root {root};"),
                     ("/etc/ssl/zcwj/fullchain.pem", str(tls[0])), ("/etc/ssl/zcwj/privkey.pem", str(tls[1]))):
        assert old in text, old
        text = text.replace(old, new)
    return "\n".join(line for line in text.splitlines() if not any(line.strip().startswith(w) for w in without))


def portal_server_block(port: int, www: Path, tls: tuple[Path, Path]) -> str:
    """A county portal's HTTPS server with deploy/nginx-subpath.conf added, as the README says."""
    text = (DEPLOY / "nginx-subpath.conf").read_text(encoding="utf-8")
    assert "root /srv/www;" in text
    text = text.replace("root /srv/www;", f"root {www};")
    return (f"server {{\n    listen 127.0.0.1:{port} ssl;\n    server_name www.example.gov.cn;\n"
            f"    ssl_certificate {tls[0]};\n    ssl_certificate_key {tls[1]};\n{text}\n}}")


class Nginx:
    """One nginx process of our own (its own prefix, pid file and ports), stopped by its pid."""

    def __init__(self, folder: Path, servers: list[str], http_level: str = "") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private folders
        temp = " ".join(f"{k}_temp_path {folder / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (folder / "nginx.conf").write_text(
            f"load_module {BROTLI_MODULE};\n{user}pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
            f"events {{ worker_connections 256; }}\nhttp {{\n  access_log {folder / 'access.log'};\n  {temp}\n"
            + (http_level or http_rules()) + "\n" + "\n".join(servers) + "\n}\n", encoding="utf-8")
        self.folder = folder
        arguments = [str(NGINX), "-c", str(folder / "nginx.conf"), "-p", str(folder)]
        self.check = subprocess.run(arguments + ["-t"], capture_output=True, text=True, timeout=60)
        assert self.check.returncode == 0, self.check.stderr
        result = subprocess.run(arguments, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        self.pid = int((folder / "nginx.pid").read_text())

    def stop(self) -> None:
        os.kill(self.pid, signal.SIGQUIT)
        for _ in range(100):
            if not (self.folder / "nginx.pid").exists():
                return
            time.sleep(0.05)


class Reports:
    """Where Chromium sends the Content-Security-Policy violation reports of every page and worker."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        received = self.received

        class Collect(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                received.append(json.loads(body or b"{}").get("csp-report", {}))
                self.send_response(204)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Collect)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/csp"

    def violations(self, since: int = 0) -> list[str]:
        return sorted({f"{r.get('document-uri')}: {r.get('effective-directive')} {r.get('blocked-uri')} "
                       f"({r.get('source-file', '')}:{r.get('line-number', '')})" for r in self.received[since:]})

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def province_site(tmp_path_factory) -> Path:
    """A province of 江华 (with its calculators) and 牟定县, built for a portal's sub-path, once."""
    root = tmp_path_factory.mktemp("province")
    sources = root / "sources"
    copy_as_county(CORPUS, sources / "jianghua")
    (sources / "mouding").mkdir()
    shutil.copy(FIXTURES / "real_notices" / "w03_mouding_environment_plan.txt", sources / "mouding")
    (sources / "mouding" / "county.toml").write_text('name = "牟定县"\n', encoding="utf-8")
    build_all(sources, root / "site", AS_OF, site_url=PORTAL_URL)
    return root / "site"


def plant_refusals(site: Path) -> None:
    """What must never be served: a symlink out of the root, dotfiles, a folder without an index."""
    (site / "leak.txt").symlink_to("/etc/passwd")
    (site / "leak-folder").symlink_to("/etc")
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text("[core] secret\n")
    (site / ".env").write_text("SECRET=1\n")


@pytest.fixture(scope="module")
def deployed(built_site, province_site, certificate, tmp_path_factory):
    """The built sites behind one nginx: the county on its own domain (HTTPS, and port 80 redirecting),
    the province on its own domain, the province under a portal's /zcwj/, and the county on hosts that
    send gzip only or nothing precompressed."""
    if not (NGINX.exists() and BROTLI_MODULE.exists()):
        pytest.fail("需要 Debian 的 nginx 与 libnginx-mod-http-brotli-static：请用 python3 make.py test 运行，它会用 apt 安装")
    folder = tmp_path_factory.mktemp("nginx")
    county, www = folder / "county", folder / "www"
    shutil.copytree(built_site, county, symlinks=True)
    shutil.copytree(province_site, www / "zcwj", symlinks=True)
    for site in (county, www / "zcwj"):
        plant_refusals(site)
    reports = Reports()
    ports = {name: free_port() for name in ("county80", "county", "province80", "province", "portal", "gzip80", "gzip",
                                            "plain80", "plain")}
    server = Nginx(folder / "nginx", [
        site_server_block((ports["county80"], ports["county"]), county, certificate),
        site_server_block((ports["province80"], ports["province"]), www / "zcwj", certificate),
        portal_server_block(ports["portal"], www, certificate),
        site_server_block((ports["gzip80"], ports["gzip"]), county, certificate, without=("brotli_static",)),
        site_server_block((ports["plain80"], ports["plain"]), county, certificate, without=("brotli_static", "gzip_static")),
    ], http_level=http_rules(report_to=reports.url))
    yield {"county": f"https://127.0.0.1:{ports['county']}/", "province": f"https://127.0.0.1:{ports['province']}/",
           "zcwj": f"https://127.0.0.1:{ports['portal']}/zcwj/", "gzip": f"https://127.0.0.1:{ports['gzip']}/",
           "plain": f"https://127.0.0.1:{ports['plain']}/", "county80": ports["county80"], "nginx": server,
           "reports": reports}
    server.stop()
    reports.close()


@pytest.fixture(scope="module")
def tls_browser(playwright_driver):
    """Chromium that accepts the test's self-signed certificate (a county's real one needs no flag), so
    that the service worker, which refuses a certificate error, works as on the county's site."""
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS + ["--ignore-certificate-errors"])
    yield browser
    browser.close()


def fetch(url: str, accept_encoding: str | None = None, method: str = "GET", cafile: Path | None = None,
          **headers) -> tuple[int, dict, bytes]:
    """One request; over HTTPS the certificate must be the test's own, for 127.0.0.1."""
    scheme, _, host_port, path = url.split("/", 3)
    if scheme == "https:":
        context = ssl.create_default_context(cafile=str(cafile)) if cafile else ssl._create_unverified_context()
        connection = http.client.HTTPSConnection(host_port, timeout=30, context=context)
    else:
        connection = http.client.HTTPConnection(host_port, timeout=30)
    sent = {k.replace("_", "-"): v for k, v in headers.items()}
    if accept_encoding:
        sent["Accept-Encoding"] = accept_encoding
    connection.request(method, "/" + path, headers=sent)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def raw_request(url: str, data: bytes) -> bytes:
    """Bytes as they are, over TLS, read until the server closes."""
    host, port = url.split("/")[2].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as plain:
        with ssl._create_unverified_context().wrap_socket(plain, server_hostname=SERVER_NAME) as connection:
            connection.sendall(data)
            answer = b""
            try:
                while chunk := connection.recv(65536):
                    answer += chunk
            except (ssl.SSLError, ConnectionResetError):
                pass
            return answer


def headers_of(raw: bytes) -> tuple[int, dict]:
    head = raw.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    found: dict[str, list[str]] = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        found.setdefault(name.strip().lower(), []).append(value.strip())
    return int(head[0].split()[1]), found


def test_the_readme_shows_the_files_the_test_uses():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("nginx-http.conf", "nginx-site.conf", "nginx-subpath.conf"):
        assert (DEPLOY / name).read_text(encoding="utf-8").strip() in readme, name


def test_the_configs_send_the_same_policy_as_build_py_serve():
    """One source of truth: the header values in the README's configs are those of server/serve.py."""
    rules = (DEPLOY / "nginx-http.conf").read_text(encoding="utf-8")
    assert f'default "{content_security_policy("/index.html")}";' in rules
    assert f'"{content_security_policy("/assets/calc-worker.js")}";' in rules
    assert f'https "{HSTS}";' in rules
    for name in ("nginx-site.conf", "nginx-subpath.conf"):
        text = (DEPLOY / name).read_text(encoding="utf-8")
        for header, value in POLICY_HEADERS.items():
            assert f"add_header {header} {value} always;" in text, (name, header)
        for line in ("add_header Cache-Control $county_site_cache always;", "add_header Content-Security-Policy $county_site_csp always;",
                     "add_header Strict-Transport-Security $county_site_hsts always;", "server_tokens off;",
                     "absolute_redirect off;", "disable_symlinks on;"):
            assert line in text, (name, line)


def test_nginx_t_passes_without_a_warning(deployed):
    assert "[warn]" not in deployed["nginx"].check.stderr and "[emerg]" not in deployed["nginx"].check.stderr, deployed["nginx"].check.stderr
    assert "test is successful" in deployed["nginx"].check.stderr


def test_the_county_certificate_is_served(deployed, certificate):
    status, _, _ = fetch(deployed["county"], cafile=certificate[0])  # verified against the test's certificate
    assert status == 200


def test_port_80_redirects_to_https_without_echoing_the_host(deployed):
    status, headers, _ = fetch(f"http://127.0.0.1:{deployed['county80']}/calculators/?x=1", Host="evil.example")
    assert status == 301 and headers["location"] == f"https://{SERVER_NAME}/calculators/?x=1"
    assert "strict-transport-security" not in headers and headers["x-content-type-options"] == "nosniff"
    assert headers["server"] == "nginx"


# (name of the server, the site's path on it, a county's path inside the site). The province on a domain
# of its own is the one built for the portal's /zcwj/, served at the root: everything but its 404 page's
# links (built for /zcwj/) is the same.
WHERE = [("county", "", ""), ("province", "", "jianghua/"), ("zcwj", "/zcwj", "jianghua/")]


@pytest.mark.parametrize("where, site_path, county", WHERE)
def test_types_encodings_and_cache_headers(deployed, where, site_path, county):
    base = deployed[where] + county
    wasm = ENGINE + "pyodide.asm.wasm"
    status, headers, body = fetch(base + wasm, "gzip, deflate, br, zstd")
    assert status == 200 and headers["content-type"] == "application/wasm" and headers["content-encoding"] == "br"
    assert headers["cache-control"] == "public, max-age=31536000, immutable" and headers["vary"] == "Accept-Encoding"
    status, headers, _ = fetch(base + wasm, "gzip")
    assert headers["content-encoding"] == "gzip"
    status, headers, body = fetch(base + wasm)
    assert "content-encoding" not in headers and body[:4] == b"\0asm"
    status, headers, _ = fetch(base + ENGINE + "pyodide.mjs", "br")
    assert headers["content-type"].split(";")[0] == "text/javascript" and "immutable" in headers["cache-control"]
    for path, kind in (("assets/calc/manifest.json", "application/json"),
                       ("assets/sha256.mjs", "text/javascript"), ("calculators/insurance/", "text/html")):
        status, headers, _ = fetch(base + path, "br")
        assert status == 200 and headers["content-type"].split(";")[0] == kind, path
        assert headers["cache-control"] == "no-cache", path
    status, headers, body = fetch(base + "no-such-page/", "br")
    assert status == 404 and headers["content-encoding"] == "br" and headers["cache-control"] == "no-store"
    status, _, body = fetch(base + "no-such-page/")
    assert "找不到这一页" in body.decode("utf-8") and "Not found" not in body.decode("utf-8")
    status, _, body = fetch(base + "assets/")
    assert status == 404 and b"Index of" not in body  # no listings


@pytest.mark.parametrize("where, site_path, county", WHERE)
def test_an_engine_failure_is_never_cached(deployed, where, site_path, county):
    """Only a 200 or 304 of the engine is kept long; its 404s, a refused method, a broken request are
    no-store, and nginx's Cache-Control is what `build.py serve` sends for the same answer."""
    base = deployed[where] + county
    engine = base + ENGINE + "pyodide.mjs"
    path = f"{site_path}/{county}{ENGINE}"
    status, headers, _ = fetch(engine)
    etag = headers["etag"]
    answers = [
        (f"{path}pyodide.mjs", fetch(engine)),
        (f"{path}pyodide.mjs", fetch(engine, If_None_Match=etag)),
        (f"{path}pyodide.mjs", fetch(engine, Range="bytes=999999999-")),  # no byte ranges: the whole file
        (f"{path}missing.mjs", fetch(base + ENGINE + "missing.mjs")),
        (f"{path}", fetch(base + ENGINE)),
        (f"{path}pyodide.mjs", fetch(engine, method="POST")),
        (f"{site_path}/{county}assets/pyodide/314.0.7", fetch(base + ENGINE.rstrip("/"))),
    ]
    statuses = [answer[0] for _, answer in answers]
    assert statuses == [200, 304, 200, 404, 404, 405, 301]
    for uri, (status, headers, _) in answers:
        assert headers["cache-control"] == cache_control(uri, status), (uri, status)
    assert [headers["cache-control"] for _, (_, headers, _) in answers][3:6] == ["no-store"] * 3
    if not site_path:  # a request nginx refuses before it reaches a location: the site's server answers
        request = f"GET {path}pyodide.mjs HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n".encode()
        status, found = headers_of(raw_request(engine, request))
        assert status == 400 and found["cache-control"] == ["no-store"]


@pytest.mark.parametrize("where, site_path, county", WHERE)
def test_every_answer_carries_the_security_headers(deployed, where, site_path, county):
    base = deployed[where] + county
    requests = [("", {}), ("calculators", {}), ("no-such-page/", {}), (ENGINE + "pyodide.asm.wasm", {}),
                ("assets/calc-worker.js", {}), (".git/config", {}), ("leak.txt", {}), ("", {"method": "DELETE"})]
    for path, options in requests:
        status, headers, _ = fetch(base + path, **options)
        for name, value in POLICY_HEADERS.items():
            assert headers.get(name.lower()) == value, (path, name)
        assert headers["content-security-policy"].split("; report-uri")[0] == content_security_policy(f"{site_path}/{county}{path}")
        assert headers["strict-transport-security"] == HSTS
        assert headers["server"] == "nginx", path  # no version
    if not site_path:  # (under a portal's sub-path, what nginx refuses before any location is the portal's)
        status, found = headers_of(raw_request(base, b"GET / HTTP/1.1\r\n\r\n"))  # no Host: nginx's own 400
        assert status == 400 and found["x-content-type-options"] == ["nosniff"] and found["x-frame-options"] == ["DENY"]
        assert found["server"] == ["nginx"]


@pytest.mark.parametrize("where, site_path, county", WHERE)
def test_every_refusal(deployed, where, site_path, county):
    base = deployed[where]
    for path in ("leak.txt", "leak-folder/passwd", ".git/config", ".env", "%2egit/config", "assets/", county + ".git/config",
                 "../../../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd"):
        status, headers, body = fetch(base + path)
        assert status in (400, 404), path
        assert b"root:" not in body and b"secret" not in body.lower(), path
        if status == 404 or not site_path:
            assert headers["cache-control"] == "no-store", path
    status, headers, _ = fetch(base + county + "calculators", Host="evil.example")
    assert status == 301 and headers["location"] == f"{site_path}/{county}calculators/"  # a path, never a host
    status, _, body = fetch(base + county + "no-such-page/")
    assert b"nginx/" not in body


def checked_page(browser, reports: Reports):
    """A page whose console errors and CSP events are kept (workers report through `reports`)."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(f"pageerror {e}"))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "(window.__violations = window.__violations || []).push(e.effectiveDirective + ' ' + e.blockedURI))")
    return context, page


def violations_in(page) -> list[str]:
    return page.evaluate("() => window.__violations || []")


def search_answered(page) -> str:
    page.wait_for_function("() => (document.querySelector('.md-search-result__meta') || {}).textContent.match(/^(找到|没有)/)",
                           timeout=60_000)
    return page.evaluate("() => document.querySelector('.md-search-result__meta').textContent")


@pytest.mark.parametrize("where, county", [("county", ""), ("zcwj", "jianghua/")])
def test_the_site_breaks_no_rule_of_its_content_security_policy(tls_browser, deployed, where, county):
    """A notice, the home page's search, a calculator computing and its QR code, the 404 page and a
    kiosk page, under the README's policy: Chromium reports no violation, from any page or worker."""
    reports = deployed["reports"]
    before = len(reports.received)
    base = deployed[where] + county
    context, page = checked_page(tls_browser, reports)
    seen = []
    page.goto(base + "jiangzhengbanfa-2024-1/")
    page.wait_for_load_state("networkidle")
    seen += violations_in(page)
    page.goto(base)
    page.fill("[data-county-search] input[name=q]", "补贴")
    assert search_answered(page).startswith("找到")
    seen += violations_in(page)
    page.goto(base + PAGE)
    page.wait_for_selector(READY, timeout=120_000)
    assert page.locator("[data-result=payout_yuan]").get_attribute("data-value") == "2850"
    assert page.evaluate("() => document.body.dataset.calcEngine") == "site-library"
    page.click(".calc-show-qr")
    page.wait_for_selector("[data-qr] svg", timeout=60_000)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    seen += violations_in(page)
    page.goto(deployed[where] + "no-such-page/")
    page.wait_for_load_state("networkidle")
    seen += violations_in(page)
    page.goto(base + "jiangzhengbanfa-2024-1/?kiosk=1")
    page.wait_for_selector(".kiosk-qr img", state="attached")
    page.wait_for_load_state("networkidle")
    seen += violations_in(page)
    page.goto(base + "?kiosk=0")
    time.sleep(1)  # reports are sent asynchronously
    context.close()
    assert seen == [] and page.problems == []
    assert reports.violations(since=before) == []


@pytest.mark.parametrize("where, county", [("county", ""), ("zcwj", ""), ("zcwj", "jianghua/")])
def test_the_404_page_searches_and_leads_home(tls_browser, deployed, where, county):
    """In Chinese, with a search that works (its own box and the header's) and a link home, in a single
    county, a province county and under a sub-path; a kiosk's idle reset leaves it too."""
    root = deployed[where]
    context, page = checked_page(tls_browser, deployed["reports"])
    response = page.goto(root + county + "no-such-notice/")
    assert response.status == 404
    assert page.locator("h1").first.inner_text() == "找不到这一页"
    assert page.title().startswith("找不到这一页")
    page.fill("#not-found-q", "补贴")
    page.press("#not-found-q", "Enter")
    page.wait_for_url(root + "?q=*")
    assert search_answered(page).startswith("找到")
    page.goto(root + county + "no-such-notice/")
    page.fill("[data-county-search] input[name=q]", "补贴")
    assert search_answered(page).startswith("找到")  # the header's search, on the 404 page itself
    page.press("[data-county-search] input[name=q]", "Enter")
    page.wait_for_load_state()
    assert page.url.startswith(root) and not page.url.startswith("about:")
    page.goto(root + county + "no-such-notice/")
    page.click("a.not-found-home")
    page.wait_for_url(root)
    assert page.problems == []
    page.goto(root + "?kiosk=1&idle=2")  # a kiosk: back home after 2 idle seconds, from the 404 page too
    page.goto(root + county + "no-such-notice/")
    page.wait_for_url(root, timeout=30_000)
    page.goto(root + "?kiosk=0")
    context.close()


@pytest.mark.parametrize("where", ["county", "zcwj", "gzip", "plain"])
def test_the_calculator_computes_online_and_offline(tls_browser, deployed, where):
    base = deployed[where] + ("jianghua/" if where == "zcwj" else "")
    context = tls_browser.new_context()
    encodings = {}
    context.on("response", lambda r: r.url.endswith(".wasm") and encodings.update(wasm=r.headers.get("content-encoding")))
    page = context.new_page()
    page.goto(base + PAGE)
    page.wait_for_selector(READY, timeout=120_000)
    assert page.locator("[data-result=payout_yuan]").get_attribute("data-value") == "2850"
    assert page.evaluate("() => document.body.dataset.calcEngine") == "site-library"
    assert encodings["wasm"] == {"county": "br", "zcwj": "br", "gzip": "gzip", "plain": None}[where]
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
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


def test_a_rebuild_that_changes_the_engine_reaches_a_returning_visitor(tls_browser, built_site, certificate, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site, symlinks=True)
    ports = (free_port(), free_port())
    server = Nginx(tmp_path / "nginx", [site_server_block(ports, site, certificate)])
    base = f"https://127.0.0.1:{ports[1]}/"
    try:
        context = tls_browser.new_context()
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


def test_no_page_of_any_test_broke_the_policy(deployed):
    """Every page every test above opened reported its violations here too: there were none."""
    assert deployed["reports"].violations() == []
