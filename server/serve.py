"""A small static server for preview and for kiosks (file:// cannot load the calculators).

A kiosk runs it for months, so every request gets a proper answer: a status for malformed,
oversized or hostile requests, the site's own Chinese 404 page, never a directory listing and
never a file outside the site's folder (symlinks included). It serves the MIME types Pyodide
needs (application/wasm), the precompressed .br/.gz copies written at build time chosen by the
browser's Accept-Encoding (q-values honoured), byte ranges, validators (ETag, 304), long-lived
caching for the versioned Pyodide runtime (only on a successful answer: an error is never stored)
and revalidation for everything else, so updates show; every answer carries the security policy that
the README's nginx configs send too (server/policy.py, one source for both, checked by the tests).
A request must arrive whole within its deadline, and its body is read or the connection closed, so
one request never gets two answers; the connections themselves are in server/connections.py.
"""
from __future__ import annotations

import email.utils
import functools
import http.server
import os
import posixpath
import re
import socket
import sys
import time
import urllib.parse
from pathlib import Path

from .connections import (BUSY_IDLE_TIMEOUT_S, ERROR_PAGE, ERRORS, IDLE_TIMEOUT_S, MAX_BODY_BYTES, REQUEST_DEADLINE_S,
                          WRITE_TIMEOUT_S, DeadlineReader, RequestTimeout, SiteServer, escaped)
from .policy import HSTS, LONG_LIVED, POLICY_HEADERS, cache_control, content_security_policy

__all__ = ["SiteHandler", "SiteServer", "serve_forever", "port_problem", "accepted_encodings", "choose_encoding",
           "byte_range", "cache_control", "content_security_policy", "escaped", "HSTS", "LONG_LIVED", "POLICY_HEADERS",
           "ENCODINGS", "MIME_TYPES"]

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
    ".toml": "text/plain; charset=utf-8",  # a site's rule files, read by its engine and by staff
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".pf_meta": "application/octet-stream",
}
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # in order of preference when the browser accepts both equally
NOT_FOUND_PAGE = "404.html"
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
        self.rfile = DeadlineReader(self.connection)

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
