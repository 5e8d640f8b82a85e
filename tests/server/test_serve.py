"""`build.py serve`, the kiosk server, against hostile and unusual requests: every request gets a
proper status, nothing outside the site is served, Range and Accept-Encoding q-values are honoured,
errors are never cached, every answer carries the security policy, and a misbehaving client (a flood
of connections, a request that trickles in, a body, control characters) cannot wear the server down.
Raw sockets on 127.0.0.1, a bounded number of them, each wait bounded."""
from __future__ import annotations

import contextlib
import functools
import gzip
import os
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import brotli
import pytest

from server.serve import (LONG_LIVED, POLICY_HEADERS, SiteHandler, SiteServer, accepted_encodings, byte_range,
                          choose_encoding)

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
    for county in ("jianghua", "zcwj/jianghua"):  # a province's county, and one under a portal's sub-path
        (site / county / "assets" / "pyodide" / "1.0").mkdir(parents=True)
        (site / county / "assets" / "pyodide" / "1.0" / "engine.wasm").write_bytes(b"\0asm" + bytes(100))
    (site / ".policy-site").write_text("marker")
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text("[core]")
    (site / "assets" / ".hidden.js").write_text("secret")
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("secret")
    os.symlink(secret, site / "leak.txt")
    os.symlink(secret.parent, site / "leak-folder")
    os.symlink("/etc", site / "etc")
    return site


@pytest.fixture(scope="module")
def server(site):
    with running(site) as port:
        yield port


class Quick(SiteHandler):
    timeout = 0.5  # the idle timeout, short for the test
    request_deadline = 1.5  # the deadline of a request, short for the test

    def log_message(self, *args):
        pass


class Logging(Quick):
    log_message = SiteHandler.log_message  # as the operator sees it


@contextlib.contextmanager
def running(site, handler=Quick, **limits):
    """A SiteServer on a free port, with `limits` (workers, waiting, per_client) set for the test."""
    server_class = type("Limited", (SiteServer,), limits)
    httpd = server_class(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield httpd.server_address[1]
    finally:
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
        assert connection.recv(1024) == b""  # closed by the server, not by our own timeout


def test_half_a_request_is_answered_408_at_its_deadline(server):
    assert status_of(ask(server, b"GET / HT")) == 408  # then silence


def test_the_deadline_is_per_request_not_per_read(server):
    """A request that sends one byte at a time, each well within any read timeout, is still cut off."""
    with socket.create_connection(("127.0.0.1", server)) as connection:
        connection.settimeout(10)
        answer = b""
        for byte in b"GET / HTTP/1.1\r\nX-Slow: " + b"s" * 200:
            try:
                connection.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                break
            readable, _, _ = select.select([connection], [], [], 0.1)
            if readable:
                break
        while chunk := connection.recv(65536):
            answer += chunk
    assert status_of(answer) == 408 and answer.count(b"HTTP/1.") == 1


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


def responses(raw: bytes) -> int:
    return raw.count(b"HTTP/1.1 ") + raw.count(b"HTTP/1.0 ")


def test_a_get_body_is_read_so_one_request_gets_one_answer(server):
    """The body of a GET is not the next request: two requests, two answers, the second the right one."""
    body = b"GET /leak.txt HTTP/1.1\r\nHost: x\r\n\r\n"  # a body that looks like a request
    raw = ask(server, b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body
              + b"GET /app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert responses(raw) == 2 and raw.split(b"\r\n", 1)[0].endswith(b"200 OK")
    assert raw.rsplit(b"HTTP/1.1 ", 1)[1].startswith(b"200") and raw.endswith(SCRIPT)


@pytest.mark.parametrize("headers, status", [
    (b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501),  # a body we do not decode: refused, closed
    (b"Content-Length: abc\r\n\r\n", 400),
    (b"Content-Length: -1\r\n\r\n", 400),
    (b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
    (b"Content-Length: 99999999999999999999999999\r\n\r\n", 413),
    (b"Content-Length: 10000000\r\n\r\n", 413),
])
def test_a_body_that_cannot_be_read_gets_one_answer_and_a_close(server, headers, status):
    raw = ask(server, b"GET / HTTP/1.1\r\nHost: x\r\n" + headers + b"GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(raw) == status and responses(raw) == 1


@pytest.mark.parametrize("request_bytes", [
    b"GET / HTTP/1.1\r\nHost x\r\n\r\n",  # a header without a colon
    b"GET / HTTP/1.1\r\n folded: line\r\nHost: x\r\n\r\n",  # a continuation line first
    b"GET / HTTP/1.1\r\nHost: \x00\x1b[2J\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X-Many: 1\r\n" * 150 + b"\r\n",
    b"GET / HTTP/1.1 extra\r\n\r\n",
    b"GET / HTTP/1.x\r\n\r\n",
    b"GET /\xff\xfe HTTP/1.1\r\n\r\n",
    b"GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    b"GET //evil.example/%2e%2e HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nIf-Modified-Since: yesterday\r\nIf-None-Match: \x7f\r\nRange: bytes=\xff-\r\n\r\n",
    b"GET / HTTP/1.1\r\nAccept-Encoding: br;q=nan, gzip;q=1e999\r\n\r\n",
    b"GET / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
])
def test_every_malformed_request_gets_a_status_never_a_dropped_connection(server, request_bytes):
    raw = ask(server, request_bytes)
    status = status_of(raw)
    assert status in (100, 200, 301, 400, 404, 431, 505), raw[:200]
    assert b"Traceback" not in raw and b"Location: //" not in raw and b"Location: http" not in raw


@pytest.mark.parametrize("wanted, status", [
    ("bytes=99999999999999999999999-", 416),  # a start beyond any file
    ("bytes=" + "9" * 5000 + "-", 416),  # more digits than int() will read
    ("bytes=-" + "9" * 5000, 206),  # a suffix longer than the file: the whole file
    ("bytes=0-" + "9" * 5000, 206),
])
def test_an_oversized_range_is_answered(server, wanted, status):
    got, headers, body = get(server, "/app.js", Range=wanted)
    assert got == status
    assert body == (SCRIPT if status == 206 else b"")
    assert headers["cache-control"] == ("no-cache" if status == 206 else "no-store")


@pytest.mark.parametrize("path", ["/.policy-site", "/.git/config", "/assets/.hidden.js", "/%2egit/config"])
def test_hidden_files_are_never_served(server, path):
    status, _, body = get(server, path)
    assert status == 404 and b"marker" not in body and b"[core]" not in body and b"secret" not in body


@pytest.mark.parametrize("prefix", ["", "/jianghua", "/zcwj/jianghua"])
def test_only_a_successful_answer_of_the_engine_is_cached_long(server, prefix):
    """A 404, 416 or any error under the engine's folder is never stored in place of the file: the
    engine at the site's root, in a province's county and under a portal's sub-path (issue 24 §3)."""
    engine = f"{prefix}/assets/pyodide/1.0/engine.wasm"
    status, headers, _ = get(server, engine)
    assert status == 200 and headers["cache-control"] == LONG_LIVED
    status, headers, _ = get(server, engine, Range="bytes=0-3")
    assert status == 206 and headers["cache-control"] == LONG_LIVED
    status, headers, _ = get(server, engine, If_None_Match=headers["etag"])
    assert status == 304 and headers["cache-control"] == LONG_LIVED
    for answer in (get(server, f"{prefix}/assets/pyodide/1.0/missing.wasm"),
                   get(server, engine, Range="bytes=5000-"),
                   get(server, f"{prefix}/assets/pyodide/1.0/")):
        assert answer[0] in (404, 416) and answer[1]["cache-control"] == "no-store", answer[:2]
    raw = ask(server, f"POST {engine} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".encode())
    assert status_of(raw) == 405 and b"Cache-Control: no-store" in raw
    status, headers, _ = get(server, f"{prefix}/assets/pyodide/1.0")
    assert status == 301 and headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("request_bytes", [
    b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /no-such-page/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /assets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nRange: bytes=99999-\r\nConnection: close\r\n\r\n",
    b"DELETE / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n",
    b"GET / HT",
])
def test_every_answer_carries_the_security_policy(server, request_bytes):
    head_bytes = ask(server, request_bytes).partition(b"\r\n\r\n")[0].decode("latin-1")
    found = dict(line.split(": ", 1) for line in head_bytes.split("\r\n")[1:])
    for name, value in POLICY_HEADERS.items():
        assert found.get(name) == value, (name, head_bytes)
    assert found["Server"] == "CountySite"  # no version to look vulnerabilities up by
    assert "Strict-Transport-Security" not in found  # plain HTTP: HSTS would be ignored, and is nginx's


def test_a_redirect_never_names_a_host(server):
    raw = ask(server, b"GET /assets HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    assert b"\r\nLocation: /assets/\r\n" in raw and b"evil" not in raw


def open_idle(port: int, count: int, source: str = "127.0.0.1") -> list[socket.socket]:
    connections = []
    for _ in range(count):
        connection = socket.socket()
        connection.settimeout(10)
        connection.bind((source, 0))
        connection.connect(("127.0.0.1", port))
        connections.append(connection)
    return connections


def refused(connection: socket.socket) -> bool:
    """The server answered 503 and closed, without being asked anything."""
    readable, _, _ = select.select([connection], [], [], 0.5)
    if not readable:
        return False
    data = connection.recv(65536)
    return data.startswith(b"HTTP/1.1 503") and "服务器忙".encode() in data


def test_a_flood_of_connections_costs_no_thread(site):
    """30 connections against 3 workers and 3 waiting places: the threads stay 3, the excess is refused
    with a Chinese 503 at once, and when the flood is gone the server serves as before. (How many wait
    depends on how fast the workers take them from the queue: 3 to 6 are held, never more.)"""
    threads_before = threading.active_count()
    with running(site, workers=3, waiting=3, per_client=100) as port:
        assert threading.active_count() == threads_before + 3 + 1  # the workers and the accepting loop
        flood = open_idle(port, 30)
        try:
            assert 30 - 3 - 3 <= sum(refused(c) for c in flood) <= 30 - 3
            assert threading.active_count() == threads_before + 3 + 1
        finally:
            for connection in flood:
                connection.close()
        assert get(port, "/")[0] == 200


def test_an_idle_keep_alive_connection_makes_way_when_others_wait(site):
    with running(site, handler=type("Patient", (Quick,), {"timeout": 30}), workers=1, waiting=4) as port:
        with socket.create_connection(("127.0.0.1", port)) as first:
            first.settimeout(10)
            first.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")  # served, then kept open and silent
            assert first.recv(65536).startswith(b"HTTP/1.1 200")
            assert get(port, "/app.js")[0] == 200  # the only worker let the idle one go


def test_one_address_holds_only_its_share(site):
    """A misbehaving device (127.0.0.2) cannot take every worker: its connections beyond its share are
    refused, and another device (127.0.0.3, the kiosk's own browser) is still served."""
    with running(site, workers=4, waiting=4, per_client=3) as port:
        device = open_idle(port, 5, source="127.0.0.2")
        try:
            assert [refused(c) for c in device] == [False, False, False, True, True]
            with socket.socket() as kiosk:
                kiosk.settimeout(10)
                kiosk.bind(("127.0.0.3", 0))
                kiosk.connect(("127.0.0.1", port))
                kiosk.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                assert kiosk.recv(65536).startswith(b"HTTP/1.1 200")
        finally:
            for connection in device:
                connection.close()


def test_control_characters_never_reach_the_terminal(site, capfd):
    with running(site, handler=Logging) as port:
        ask(port, b"GET /\x1b[2J\x1b]0;owned\x07\x9b31m\xe2\x80\xae HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        ask(port, b"\x1b[31m\r\n\r\n")
    logged = capfd.readouterr().err
    assert logged.count("\n") >= 2, logged
    assert not any(ord(ch) < 32 and ch != "\n" or 0x7f <= ord(ch) < 0xa0 for ch in logged), repr(logged)
    assert "\\x1b[2J" in logged and "\\x07" in logged and "\\x9b" in logged
