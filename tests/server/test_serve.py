"""`build.py serve`, the kiosk server, against hostile and unusual requests: every request gets a
proper status, nothing outside the site is served, Range and Accept-Encoding q-values are honoured."""
from __future__ import annotations

import functools
import gzip
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import brotli
import pytest

from server.serve import SiteHandler, SiteServer, accepted_encodings, byte_range, choose_encoding

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = b"console.log('hello');\n" * 200


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<h1>首页</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>找不到这一页</h1>", encoding="utf-8")
    (site / "app.js").write_bytes(SCRIPT)
    (site / "app.js.gz").write_bytes(gzip.compress(SCRIPT, mtime=0))
    (site / "app.js.br").write_bytes(brotli.compress(SCRIPT))
    (site / "empty-folder").mkdir()
    (site / "empty-folder" / "note.txt").write_text("x")
    (site / "assets" / "pyodide" / "1.0").mkdir(parents=True)
    (site / "assets" / "pyodide" / "1.0" / "engine.wasm").write_bytes(b"\0asm" + bytes(100))
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("secret")
    os.symlink(secret, site / "leak.txt")
    os.symlink(secret.parent, site / "leak-folder")
    os.symlink("/etc", site / "etc")
    return site


@pytest.fixture(scope="module")
def server(site):
    class Quick(SiteHandler):
        timeout = 0.5  # the idle timeout, short for the test

        def log_message(self, *args):
            pass

    httpd = SiteServer(("127.0.0.1", 0), functools.partial(Quick, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def ask(port: int, data: bytes, wait: float = 10.0) -> bytes:
    """Send raw bytes, read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.settimeout(wait)
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        return answer


def get(port: int, path: str, **headers) -> tuple[int, dict, bytes]:
    lines = [f"GET {path} HTTP/1.1", "Host: localhost", "Connection: close"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    raw = ask(port, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    found = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), found, body


def status_of(raw: bytes) -> int:
    assert raw.startswith(b"HTTP/1."), raw[:80]
    return int(raw.split()[1])


@pytest.mark.parametrize("request_line, status", [
    (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
    (b"GET / HTTP/9.9\r\n\r\n", 505),
    (b"\x16\x03\x01\x02\x00garbage\r\n\r\n", 400),
    (b"GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n", 404),
    (b"GET /%ZZ%c0%af HTTP/1.1\r\nHost: x\r\n\r\n", 404),
    (b"GET / HTTP/1.1\r\n" + b"X-Big: " + b"b" * 70_000 + b"\r\n\r\n", 431),
    (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405),
    (b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
])
def test_every_request_gets_a_proper_status(server, request_line, status):
    assert status_of(ask(server, request_line)) == status


def test_errors_are_explained_in_chinese(server):
    raw = ask(server, b"GET / HTTP/9.9\r\n\r\n")
    assert "HTTP 版本".encode() in raw


def test_an_idle_connection_is_closed(server):
    with socket.create_connection(("127.0.0.1", server)) as connection:
        connection.settimeout(10)
        connection.sendall(b"GET / HT")  # half a request, then silence
        assert connection.recv(1024) == b""  # closed by the server, not by our own timeout


def test_a_missing_page_gets_the_sites_own_404(server):
    status, headers, body = get(server, "/no-such-page/")
    assert status == 404 and "找不到这一页" in body.decode("utf-8")
    assert headers["content-type"].startswith("text/html")


def test_a_folder_without_index_is_not_listed(server):
    status, _, body = get(server, "/empty-folder/")
    assert status == 404 and b"note.txt" not in body


def test_a_folder_address_without_slash_is_redirected(server):
    status, headers, _ = get(server, "/assets?x=1")
    assert status == 301 and headers["location"] == "/assets/?x=1"


@pytest.mark.parametrize("path", ["/leak.txt", "/leak-folder/secret.txt", "/etc/passwd", "/etc/hostname",
                                  "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd",
                                  "/%5c..%5c..%5cetc/passwd"])
def test_nothing_outside_the_site_is_served(server, path):
    status, _, body = get(server, path)
    assert status == 404 and b"secret" not in body and b"root:" not in body


@pytest.mark.parametrize("accept, encoding", [
    ("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0.5, gzip", "gzip"),
    ("gzip;q=0", None), ("br;q=0, gzip;q=0", None), ("*", "br"), ("*;q=0, identity", None),
    ("identity;q=0, gzip;q=0.1", "gzip"), ("gzip;q=0.2, identity;q=0.5", None), ("", None),
])
def test_accept_encoding_q_values_are_honoured(server, accept, encoding):
    status, headers, body = get(server, "/app.js", Accept_Encoding=accept) if accept else get(server, "/app.js")
    assert status == 200
    assert headers.get("content-encoding") == encoding
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda b: b}[encoding](body)
    assert decoded == SCRIPT
    assert headers["vary"] == "Accept-Encoding"


def test_ranges_are_honoured(server):
    status, headers, body = get(server, "/app.js", Range="bytes=0-9", Accept_Encoding="gzip, br")
    assert status == 206 and body == SCRIPT[:10] and headers["content-range"] == f"bytes 0-9/{len(SCRIPT)}"
    assert "content-encoding" not in headers
    status, _, body = get(server, "/app.js", Range="bytes=-5")
    assert status == 206 and body == SCRIPT[-5:]
    status, _, body = get(server, "/app.js", Range="bytes=100-")
    assert status == 206 and body == SCRIPT[100:]
    status, headers, _ = get(server, "/app.js", Range="bytes=999999-")
    assert status == 416 and headers["content-range"] == f"bytes */{len(SCRIPT)}"
    status, _, body = get(server, "/app.js", Range="bytes=0-1,5-6")  # several ranges: the whole file
    assert status == 200 and body == SCRIPT


def test_validators_give_304(server):
    _, headers, _ = get(server, "/app.js", Accept_Encoding="br")
    status, _, body = get(server, "/app.js", Accept_Encoding="br", If_None_Match=headers["etag"])
    assert status == 304 and body == b""
    status, _, _ = get(server, "/app.js", Accept_Encoding="gzip", If_None_Match=headers["etag"])
    assert status == 200  # another representation, another tag


def test_types_and_cache_headers(server):
    status, headers, _ = get(server, "/assets/pyodide/1.0/engine.wasm")
    assert status == 200 and headers["content-type"] == "application/wasm"
    assert "immutable" in headers["cache-control"]
    _, headers, _ = get(server, "/")
    assert headers["cache-control"] == "no-cache" and headers["content-type"].startswith("text/html")


def test_keep_alive_serves_several_requests_on_one_connection(server):
    with socket.create_connection(("127.0.0.1", server)) as connection:
        connection.settimeout(10)
        connection.sendall(b"GET /app.js HTTP/1.1\r\nHost: x\r\n\r\nHEAD /app.js HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = b""
        while answer.count(b"HTTP/1.1 200") < 2:
            answer += connection.recv(65536)
        assert answer.count(b"HTTP/1.1 200") == 2


def test_the_server_survives_hostile_requests(server):
    for data in (b"\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nRange: bytes=-0\r\n\r\n", b"\xff" * 1000):
        try:
            ask(server, data, wait=5)
        except (ConnectionError, socket.timeout):
            pass
    assert get(server, "/")[0] == 200


def test_a_port_out_of_range_gets_a_chinese_message():
    result = subprocess.run([sys.executable, "build.py", "serve", "--no-build", "--port", "99999"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "端口 99999 无效" in result.stderr and "Traceback" not in result.stderr


def test_parsers():
    assert accepted_encodings("br;q=0.5, GZIP") == {"br": 0.5, "gzip": 1.0}
    assert choose_encoding("br;q=bad", ["br"]) is None
    assert byte_range("bytes=5-2", 10) == "unsatisfiable"
    assert byte_range("bytes=3-100", 10) == (3, 9)
    assert byte_range("pages=1-2", 10) is None
