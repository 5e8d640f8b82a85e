"""A small static server for preview and for kiosks (file:// cannot load the calculators).

A kiosk runs it for months, so every request gets a proper answer: a status for malformed,
oversized or hostile requests, the site's own Chinese 404 page, never a directory listing and
never a file outside the site's folder (symlinks included). It serves the MIME types Pyodide
needs (application/wasm), the precompressed .br/.gz copies written at build time chosen by the
browser's Accept-Encoding (q-values honoured), byte ranges, validators (ETag, 304), long-lived
caching for the versioned Pyodide runtime (only on a successful answer: an error is never stored)
and revalidation for everything else, so updates show; every answer carries the security policy that
the README's nginx configs send too (POLICY_HEADERS, one source for both, checked by the tests).

A misbehaving device on the kiosk's network cannot wear it down: a fixed pool of worker threads and a
bounded queue serve the connections (more are refused with 503, and one address holds only a share),
a request must arrive whole within a deadline, a request body is read or the connection closed, and
what a request sends is escaped before it reaches the operator's terminal.
"""
from __future__ import annotations

import email.utils
import functools
import http.server
import os
import posixpath
import queue
import re
import select
import socket
import sys
import threading
import time
import unicodedata
import urllib.parse
from pathlib import Path

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm",
    ".mjs": "text/javascript; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".bin": "application/octet-stream",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".pf_meta": "application/octet-stream",
}
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # in order of preference when the browser accepts both equally
IDLE_TIMEOUT_S = 20  # a connection that sends nothing for this long is closed
BUSY_IDLE_TIMEOUT_S = 1  # ... or for this long, when other connections are waiting for a worker
REQUEST_DEADLINE_S = 10  # from the first byte of a request to its last (request line, headers, body)
WRITE_TIMEOUT_S = 30  # a client that takes no piece of an answer for this long is dropped
MAX_BODY_BYTES = 64 * 1024  # a body this site has no use for: read and dropped up to this size
WORKERS = 32  # threads serving connections, whatever the number of connections
WAITING = 64  # accepted connections waiting for a worker; beyond this they are refused (503)
PER_CLIENT = 16  # connections one address may hold (active or waiting)
# The engine sits in a folder named after its version, at the site's root, in a province's county
# (/<county>/assets/pyodide/) or under a portal's sub-path: its files never change under a name.
CONTENT_ADDRESSED = re.compile(r"^(/[^/]+)*/assets/pyodide/[^/]+/[^/]+$")
LONG_LIVED = "public, max-age=31536000, immutable"
CACHEABLE_STATUSES = (200, 206, 304)  # only an answer that is the file may be stored as the file
# The security policy of every answer, the same from `build.py serve` and from the README's nginx
# configs (tests/server/test_serve.py and tests/browser/test_nginx.py check both against this, and
# check in Chromium that the built site breaks none of it). Content-Security-Policy: the site's own
# files only, as measured on a notice, the home page's search, a calculator and its QR code:
# - 'unsafe-inline' scripts: the theme writes small scripts into every page whose text depends on the
#   page's depth and the site's address, so no fixed list of hashes can name them;
# - 'wasm-unsafe-eval': Pagefind and the calculation engine are WebAssembly (no JavaScript eval);
# - the one style attribute of the calculators' pictures (max-width:100%;height:auto), by its hash;
# - data: images: the theme's icons are SVG written into its stylesheet;
# - blob: scripts only in the engine worker, which runs the engine's modules from the bytes it has
#   checked against their SHA-256.
PAGE_DIRECTIVES = (
    ("default-src", "'none'"),
    ("script-src", "'self' 'unsafe-inline' 'wasm-unsafe-eval'"),
    ("style-src", "'self' 'unsafe-hashes' 'sha256-OFZH/KmE1spbRSh4CjNax9vyG1iEwWYtQyOeXApqoN4='"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("form-action", "'self'"),
    ("base-uri", "'self'"),
    ("frame-ancestors", "'none'"),
)
PAGE_POLICY = "; ".join(f"{name} {value}" for name, value in PAGE_DIRECTIVES)
ENGINE_WORKER_POLICY = "; ".join(f"{name} {value}" for name, value in dict(
    PAGE_DIRECTIVES, **{"script-src": "'self' 'wasm-unsafe-eval' blob:"}).items())
ENGINE_WORKER = re.compile(r"^(/[^/]+)*/assets/calc-worker\.js$")
POLICY_HEADERS = {  # besides Content-Security-Policy
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
HSTS = "max-age=31536000"  # HTTPS only (nginx); this server speaks plain HTTP on 127.0.0.1
NOT_FOUND_PAGE = "404.html"
ERROR_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{status} {title}</title>
<body><h1>{title}</h1><p>{explanation}</p><p><a href="/">返回首页</a></p></body></html>
"""
ERRORS = {  # Chinese explanations of the statuses this server sends
    400: ("请求无法识别", "浏览器发来的请求格式不正确。"),
    404: ("找不到页面", "没有这个页面。"),
    405: ("不支持的请求方式", "本网站只提供浏览（GET、HEAD）。"),
    408: ("请求超时", "连接长时间没有发来请求，已关闭。"),
    414: ("网址太长", "请求的网址太长，无法处理。"),
    411: ("请求无法识别", "浏览器发来的请求没有注明内容长度。"),
    413: ("请求内容太大", "浏览器发来的内容太多，无法处理。"),
    416: ("请求的范围无效", "请求的文件片段超出了文件的长度。"),
    431: ("请求头太大", "请求附带的信息太多，无法处理。"),
    500: ("服务器出错", "服务器处理这个请求时出错，请稍后再试。"),
    501: ("不支持的请求方式", "本网站只提供浏览（GET、HEAD）。"),
    503: ("服务器忙", "同时连接的设备太多，请稍后再试。"),
    505: ("不支持的 HTTP 版本", "请使用 HTTP/1.0 或 HTTP/1.1。"),
}
_RANGE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$")
_HUGE = 18  # digits: a byte position with more is beyond any file (and int() of thousands of digits fails)


def accepted_encodings(header: str) -> dict[str, float]:
    """Accept-Encoding parsed into {coding: q}; `*` stands for any coding not named."""
    accepted: dict[str, float] = {}
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        coding = pieces[0].lower()
        if not coding:
            continue
        q = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        accepted[coding] = q
    return accepted


def choose_encoding(header: str | None, available: list[str]) -> str | None:
    """The best coding of `available` the browser accepts (None: send the file as it is).
    A coding with q=0 is never sent; the plain file is preferred when the browser rates it higher."""
    if not header:
        return None
    accepted = accepted_encodings(header)
    rated = [(accepted.get(coding, accepted.get("*", 0.0)), -rank, coding) for rank, coding in enumerate(available)]
    rated = [r for r in rated if r[0] > 0]
    if not rated:
        return None
    q, _, best = max(rated)
    identity = accepted.get("identity", accepted.get("*", 1.0))
    return best if q >= identity or identity == 0 else None


def byte_range(header: str, size: int) -> tuple[int, int] | None | str:
    """(first, last) of a single `bytes=` range; None to send the whole file (a form we do not
    serve, such as several ranges); "unsatisfiable" for a range outside the file."""
    match = _RANGE.match(header.strip())
    if not match or match.group(1) == match.group(2) == "":
        return None
    start, end = match.groups()
    if len(start) > _HUGE:
        return "unsatisfiable"
    end = end if len(end) <= _HUGE else str(10 ** _HUGE)  # "to the end of the file"
    if start == "":
        length = int(end)
        if length == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    first = int(start)
    last = min(int(end), size - 1) if end else size - 1
    if first >= size or (end and int(end) < first):
        return "unsatisfiable"
    return first, last


def cache_control(url_path: str, status: int) -> str:
    """Cache-Control of an answer: long-lived only for a content-addressed file actually sent (or
    confirmed unchanged); revalidation for the other files and redirects; never stored when it is an
    error, so a 404 or a broken answer during an update is not kept in place of the file."""
    if status in CACHEABLE_STATUSES:
        return LONG_LIVED if CONTENT_ADDRESSED.match(url_path) else "no-cache"
    return "no-cache" if 300 <= status < 400 else "no-store"


def content_security_policy(url_path: str) -> str:
    return ENGINE_WORKER_POLICY if ENGINE_WORKER.match(url_path) else PAGE_POLICY


def escaped(text: str) -> str:
    r"""`text` with every control or invisible formatting character written as \xNN / \uNNNN, so
    nothing a client sends can move the cursor, recolour or rewrite the operator's terminal."""
    out = []
    for ch in text:
        if ch == "\\" or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"):
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}" if ord(ch) < 65536 else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out)


class RequestTimeout(Exception):
    """The request did not arrive whole within its deadline (not a TimeoutError: it is answered 408)."""


class _DeadlineReader:
    """The connection's input: reads wait at most until the current request's deadline (one deadline
    for the whole request, however slowly its bytes trickle in), and between requests at most the
    idle timeout for the first byte of the next."""

    def __init__(self, connection: socket.socket) -> None:
        self.connection = connection
        self.buffer = bytearray()
        self.deadline: float | None = None
        self.eof = False

    def wait_for_request(self, idle: float, crowded) -> bool:
        """True when a request has begun within `idle` seconds (BUSY_IDLE_TIMEOUT_S while `crowded()`:
        other connections wait for this worker); False for silence or a closed connection."""
        if self.buffer or self.eof:
            return bool(self.buffer)
        start = time.monotonic()
        poll = select.poll()
        poll.register(self.connection, select.POLLIN)
        while True:
            limit = start + (min(idle, BUSY_IDLE_TIMEOUT_S) if crowded() else idle)
            remaining = limit - time.monotonic()
            if remaining <= 0:
                return False
            try:
                if not poll.poll(int(min(remaining, 0.25) * 1000) + 1):
                    continue
                self.connection.settimeout(IDLE_TIMEOUT_S)
                self._receive()
            except (TimeoutError, socket.timeout, OSError, ValueError):
                return False
            return bool(self.buffer)

    def _receive(self) -> None:
        if self.deadline is not None:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise RequestTimeout("request deadline passed")
            self.connection.settimeout(remaining)
        try:
            data = self.connection.recv(65536)
        except (TimeoutError, socket.timeout) as error:
            if self.deadline is not None:
                raise RequestTimeout("request deadline passed") from error
            raise
        if data:
            self.buffer += data
        else:
            self.eof = True

    def readline(self, limit: int = -1) -> bytes:
        while True:
            end = self.buffer.find(b"\n", 0, limit if limit >= 0 else None)
            if end >= 0:
                return self._take(end + 1)
            if (0 <= limit <= len(self.buffer)) or self.eof:
                return self._take(len(self.buffer) if limit < 0 else min(limit, len(self.buffer)))
            self._receive()

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self.buffer) < size) and not self.eof:
            self._receive()
        return self._take(len(self.buffer) if size < 0 else min(size, len(self.buffer)))

    def _take(self, count: int) -> bytes:
        data = bytes(self.buffer[:count])
        del self.buffer[:count]
        return data

    def close(self) -> None:
        pass


class SiteHandler(http.server.BaseHTTPRequestHandler):
    """Serves one folder. Subclasses may change `extensions_map` or wrap `copyfile`."""

    extensions_map = MIME_TYPES
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT_S  # between requests (a test may shorten it)
    request_deadline = REQUEST_DEADLINE_S
    server_version = "CountySite"
    sys_version = ""
    error_content_type = "text/html; charset=utf-8"
    encodings = ENCODINGS  # precompressed copies offered
    path = ""  # before a request line has been read (errors about the line itself)
    _sending_error = False
    _status = 0

    def __init__(self, *args, directory: str | os.PathLike = ".", **kwargs) -> None:
        self.directory = os.path.realpath(directory)
        super().__init__(*args, **kwargs)

    # --- the request --------------------------------------------------------------------
    def setup(self) -> None:
        super().setup()
        self.rfile = _DeadlineReader(self.connection)

    def handle_one_request(self) -> None:
        """One request, read whole within its deadline, and exactly one answer to it."""
        self._headers_buffer, self._sending_error, self._status, self._answered = [], False, 0, False
        self.command, self.path, self.request_version, self.requestline = "", "", self.default_request_version, ""
        if not self.rfile.wait_for_request(self.timeout, getattr(self.server, "crowded", lambda: False)):
            self.close_connection = True  # idle, or closed by the client: close quietly
            return
        self.rfile.deadline = time.monotonic() + self.request_deadline
        try:
            super().handle_one_request()
        except RequestTimeout:
            self.close_connection = True
            if not self._answered:
                self.send_error(408)
        except (socket.timeout, TimeoutError, ConnectionError, BrokenPipeError):
            self.close_connection = True  # the client stopped reading or went away
        except Exception as error:  # a fault of this server: one answer, one escaped log line, no traceback
            self.close_connection = True
            sys.stderr.write(escaped(f"{self.address_string()} 内部错误 {type(error).__name__}: {error} "
                                     f"（请求 {self.requestline[:200]}）") + "\n")
            if not self._answered:
                self.send_error(500)

    def parse_request(self) -> bool:
        """The request line and headers, then its body: read (up to MAX_BODY_BYTES) and dropped, so the
        next request on the connection starts where it really starts; otherwise an answer and a close."""
        if not super().parse_request():
            return False
        if self.headers.get_all("Transfer-Encoding"):
            self.send_error(501 if self.command in ("GET", "HEAD") else 411)
            return False
        lengths = self.headers.get_all("Content-Length") or []
        if lengths:
            values = {value.strip() for value in ",".join(lengths).split(",")}
            if len(values) != 1 or not next(iter(values)).isdigit() or not next(iter(values)).isascii():
                self.send_error(400)
                return False
            length = int(next(iter(values))) if len(next(iter(values))) <= _HUGE else MAX_BODY_BYTES + 1
            if length > MAX_BODY_BYTES:
                self.send_error(413)
                return False
            if len(self.rfile.read(length)) < length:
                self.close_connection = True
                return False  # the client closed before its body ended: nothing to answer
        self.rfile.deadline = None
        self.connection.settimeout(WRITE_TIMEOUT_S)
        return True

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _method_not_allowed(self) -> None:
        self.send_error(405)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _method_not_allowed

    # --- where a URL leads -------------------------------------------------------------------
    def resolve(self, url_path: str) -> tuple[str | None, bool]:
        """(file inside the site, needs a trailing-slash redirect). None when there is no such file,
        when the path leaves the site (.., symlinks), names a hidden file or folder (.name), or is a
        folder without index.html."""
        path = self._url_path(url_path)
        if "\0" in path or "\\" in path:
            return None, False
        parts = [p for p in posixpath.normpath(path).split("/") if p not in ("", ".")]
        if any(p == ".." or p.startswith(".") for p in parts):
            return None, False  # .policy-site, .git, .env…: never part of the published site
        candidate = os.path.join(self.directory, *parts)
        real = os.path.realpath(candidate)
        if real != self.directory and not real.startswith(self.directory + os.sep):
            return None, False  # a symlink (or anything else) pointing outside the site
        if os.path.isdir(real):
            if not url_path.split("?", 1)[0].endswith("/"):
                return real, True
            index = os.path.realpath(os.path.join(real, "index.html"))
            if index.startswith(self.directory + os.sep) and os.path.isfile(index):
                return index, False
            return None, False  # no listings
        return (real, False) if os.path.isfile(real) else (None, False)

    @staticmethod
    def _url_path(url_path: str) -> str:
        return urllib.parse.unquote(url_path.split("?", 1)[0].split("#", 1)[0], errors="strict")

    def guess_type(self, path: str) -> str:
        suffix = os.path.splitext(path)[1].lower()
        return self.extensions_map.get(suffix, "application/octet-stream")

    def _serve(self, head: bool) -> None:
        try:
            target, redirect = self.resolve(self.path)
        except (UnicodeDecodeError, ValueError, OSError):
            target, redirect = None, False
        if redirect:
            parts = urllib.parse.urlsplit(self.path)
            self.send_response(301)
            self.send_header("Location", urllib.parse.urlunsplit(("", "", parts.path + "/", parts.query, "")))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target is None:
            self._not_found(head)
            return
        try:
            self._send_file(target, 200, head)
        except (FileNotFoundError, PermissionError, IsADirectoryError):
            if self._answered:
                raise
            self._not_found(head)  # gone or unreadable between the look and the read (a rebuild)

    def _not_found(self, head: bool) -> None:
        page = os.path.join(self.directory, NOT_FOUND_PAGE)
        if os.path.isfile(page) and os.path.realpath(page).startswith(self.directory + os.sep):
            self._send_file(os.path.realpath(page), 404, head)
        else:
            self.send_error(404)

    def _send_file(self, path: str, status: int, head: bool) -> None:
        stat = os.stat(path)
        etag = f'"{stat.st_size:x}-{int(stat.st_mtime_ns):x}"'
        content_type = self.guess_type(path)
        ranged = self.headers.get("Range") if status == 200 else None
        if ranged and self.headers.get("If-Range") not in (None, etag):
            ranged = None
        encoding, served = None, path
        if not ranged:  # byte ranges are of the file itself; the whole file may come compressed
            available = [c for c, suffix in self.encodings if os.path.isfile(path + suffix)]
            encoding = choose_encoding(self.headers.get("Accept-Encoding"), available)
            if encoding:
                served = path + dict(self.encodings)[encoding]
                etag = etag[:-1] + "-" + encoding + '"'
        if status == 200 and self._not_modified(etag, stat.st_mtime):
            self.send_response(304)
            self._validators(etag, stat.st_mtime)
            self.end_headers()
            return
        with open(served, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            first, last = 0, size - 1
            if ranged:
                wanted = byte_range(ranged, size)
                if wanted == "unsatisfiable":
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if wanted is not None:
                    first, last = wanted
                    status = 206
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if encoding:
                self.send_header("Content-Encoding", encoding)
            if any(os.path.isfile(path + suffix) for _, suffix in self.encodings):
                self.send_header("Vary", "Accept-Encoding")
            if status == 206:
                self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(last - first + 1))
            if status != 404:
                self._validators(etag, stat.st_mtime)
            self.end_headers()
            if head:
                return
            if first:
                handle.seek(first)
            if status == 206:
                self.copyfile(_Limited(handle, last - first + 1), self.wfile)
            else:
                self.copyfile(_Limited(handle, size), self.wfile)  # never more than Content-Length said

    def _validators(self, etag: str, mtime: float) -> None:
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))

    def _not_modified(self, etag: str, mtime: float) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [m.strip() for m in match.split(",")] or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
        return False

    def copyfile(self, source, outputfile) -> None:
        while chunk := source.read(256 * 1024):
            outputfile.write(chunk)

    # --- every answer -------------------------------------------------------------------------
    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors in Chinese (Python's own are English); the connection closes after one."""
        title, explanation = ERRORS.get(code, ("请求无法处理", "服务器无法处理这个请求。"))
        body = ERROR_PAGE.format(status=code, title=title, explanation=explanation).encode("utf-8")
        self.close_connection = self._sending_error = True
        if getattr(self, "_answered", False):
            return  # an answer has begun: a second one would be read as the next request's
        try:
            self.send_response(code)
            self.send_header("Content-Type", self.error_content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD" and code >= 200 and code not in (204, 304):
                self.wfile.write(body)
        except (ConnectionError, BrokenPipeError, socket.timeout, TimeoutError, OSError):
            pass

    def send_response(self, code: int, message: str | None = None) -> None:
        if not hasattr(self, "_headers_buffer"):
            self._headers_buffer = []
        if getattr(self, "request_version", "HTTP/1.1") in ("HTTP/0.9", None, ""):
            self.request_version = "HTTP/1.0"  # always answer with a status line and headers
        self._status = code
        self._answered = True
        super().send_response(code, message)

    def end_headers(self) -> None:
        try:
            path = self._url_path(self.path or "")
        except (UnicodeDecodeError, ValueError):
            path = ""
        self.send_header("Cache-Control", cache_control(path, self._status))
        self.send_header("Content-Security-Policy", content_security_policy(path))
        for name, value in POLICY_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def version_string(self) -> str:
        return self.server_version  # a name, no version numbers

    def log_request(self, code="-", size="-") -> None:
        if isinstance(code, int) or str(code).isdigit():
            if int(code) >= 400:
                self.log_message('"%s" %s %s', self.requestline, str(code), str(size))

    def log_message(self, format: str, *args) -> None:
        """Errors only, quieter than the default; whatever came from the request is escaped."""
        sys.stderr.write(escaped(f"{self.address_string()} {format % args}") + "\n")


class _Limited:
    """A file object that reads at most `remaining` bytes (the body of a 206 answer)."""

    def __init__(self, handle, remaining: int) -> None:
        self.handle, self.remaining = handle, remaining

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self.handle.read(size)
        self.remaining -= len(data)
        return data


def _refusal() -> bytes:
    title, explanation = ERRORS[503]
    body = ERROR_PAGE.format(status=503, title=title, explanation=explanation).encode("utf-8")
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body)), "Connection": "close",
               "Retry-After": "5", "Cache-Control": cache_control("", 503),
               "Content-Security-Policy": PAGE_POLICY, **POLICY_HEADERS}
    return ("HTTP/1.1 503 Service Unavailable\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            + "\r\n").encode("latin-1") + body


class SiteServer(http.server.HTTPServer):
    """A fixed pool of `workers` threads serves the accepted connections, which wait in a queue of at
    most `waiting`; beyond that, or beyond `per_client` connections from one address, a connection is
    answered 503 at once and closed. A flood of connections costs a kiosk no thread and no memory."""

    workers = WORKERS
    waiting = WAITING
    per_client = PER_CLIENT
    request_queue_size = 64
    allow_reuse_address = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._queue: queue.Queue = queue.Queue(maxsize=self.waiting)
        self._held: dict[str, int] = {}  # connections per client address, active or waiting
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._work, name=f"site-worker-{n}", daemon=True)
                         for n in range(self.workers)]
        for thread in self._threads:
            thread.start()

    def crowded(self) -> bool:
        """Connections are waiting for a worker (an idle keep-alive connection should make way)."""
        return not self._queue.empty()

    def connections_held(self) -> int:
        with self._lock:
            return sum(self._held.values())

    def process_request(self, request, client_address) -> None:
        address = client_address[0] if isinstance(client_address, tuple) else str(client_address)
        with self._lock:
            accepted = self._held.get(address, 0) < self.per_client
            if accepted:
                try:
                    self._queue.put_nowait((request, client_address))
                except queue.Full:
                    accepted = False
                else:
                    self._held[address] = self._held.get(address, 0) + 1
        if not accepted:
            self._refuse(request)

    def _refuse(self, request) -> None:
        try:
            request.setblocking(False)
            request.send(_refusal())  # a fresh socket's send buffer takes it whole; never waits
        except OSError:
            pass
        self.shutdown_request(request)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            request, client_address = item
            address = client_address[0] if isinstance(client_address, tuple) else str(client_address)
            try:
                self.finish_request(request, client_address)
            except Exception as error:
                self.handle_error_quietly(client_address, error)
            finally:
                self.shutdown_request(request)
                with self._lock:
                    self._held[address] -= 1
                    if not self._held[address]:
                        del self._held[address]

    def handle_error_quietly(self, client_address, error: Exception) -> None:
        sys.stderr.write(escaped(f"{client_address[0] if isinstance(client_address, tuple) else client_address} "
                                 f"连接出错 {type(error).__name__}: {error}") + "\n")

    def server_close(self) -> None:
        super().server_close()
        while True:  # connections still waiting are closed; each worker gets a signal to stop
            try:
                request, _ = self._queue.get_nowait() or (None, None)
            except queue.Empty:
                break
            if request is not None:
                self.shutdown_request(request)
        for _ in self._threads:
            try:
                self._queue.put(None, timeout=1)
            except queue.Full:
                break


def port_problem(port: int) -> str | None:
    """A Chinese explanation when `port` cannot be a TCP port."""
    if not 0 < port < 65536:
        return f"端口 {port} 无效：端口号应在 1 到 65535 之间（例如 --port 8000）。"
    return None


def serve_forever(root: Path, host: str, port: int) -> int:
    problem = port_problem(port)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    handler = functools.partial(SiteHandler, directory=str(root))
    try:
        server = SiteServer((host, port), handler)
    except (OSError, OverflowError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        print(f"无法在 {host}:{port} 启动服务：{reason}（端口被占用时可用 --port 换一个）", file=sys.stderr)
        return 1
    print(f"网站已在 http://{host}:{port}/ 提供，按 Ctrl+C 停止。")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("已停止。")
    finally:
        server.server_close()
    return 0
