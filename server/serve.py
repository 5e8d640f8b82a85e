"""A small static server for preview and for kiosks (file:// cannot load the calculators).

A kiosk runs it for months, so every request gets a proper answer: a status for malformed,
oversized or hostile requests, the site's own Chinese 404 page, never a directory listing and
never a file outside the site's folder (symlinks included). It serves the MIME types Pyodide
needs (application/wasm), the precompressed .br/.gz copies written at build time chosen by the
browser's Accept-Encoding (q-values honoured), byte ranges, validators (ETag, 304), long-lived
caching for the versioned Pyodide runtime and revalidation for everything else, so updates show.
Idle connections are closed after a timeout.
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
IMMUTABLE_PREFIX = "/assets/pyodide/"  # the runtime sits in a folder named after its version
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
    416: ("请求的范围无效", "请求的文件片段超出了文件的长度。"),
    431: ("请求头太大", "请求附带的信息太多，无法处理。"),
    501: ("不支持的请求方式", "本网站只提供浏览（GET、HEAD）。"),
    505: ("不支持的 HTTP 版本", "请使用 HTTP/1.0 或 HTTP/1.1。"),
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


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
    timeout = IDLE_TIMEOUT_S
    server_version = "CountySite"
    sys_version = ""
    error_content_type = "text/html; charset=utf-8"
    encodings = ENCODINGS  # precompressed copies offered
    path = ""  # before a request line has been read (errors about the line itself)
    _sending_error = False

    def __init__(self, *args, directory: str | os.PathLike = ".", **kwargs) -> None:
        self.directory = os.path.realpath(directory)
        super().__init__(*args, **kwargs)

    # --- the request --------------------------------------------------------------------
    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (socket.timeout, TimeoutError):
            self.close_connection = True  # idle: close quietly
        except (ConnectionError, BrokenPipeError):
            self.close_connection = True

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
        when the path leaves the site (.., symlinks) or is a folder without index.html."""
        path = urllib.parse.unquote(url_path.split("?", 1)[0].split("#", 1)[0], errors="strict")
        if "\0" in path or "\\" in path:
            return None, False
        parts = [p for p in posixpath.normpath(path).split("/") if p not in ("", ".")]
        if any(p == ".." for p in parts):
            return None, False
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

    def guess_type(self, path: str) -> str:
        suffix = os.path.splitext(path)[1].lower()
        return self.extensions_map.get(suffix, "application/octet-stream")

    def _serve(self, head: bool) -> None:
        try:
            target, redirect = self.resolve(self.path)
        except (UnicodeDecodeError, ValueError):
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
        self._send_file(target, 200, head)

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
        size = os.path.getsize(served)
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
        with open(served, "rb") as handle:
            if first:
                handle.seek(first)
            if status == 206:
                self.copyfile(_Limited(handle, last - first + 1), self.wfile)
            else:
                self.copyfile(handle, self.wfile)

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
        try:
            self.send_response(code)
            self.send_header("Content-Type", self.error_content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD" and code >= 200 and code not in (204, 304):
                self.wfile.write(body)
        except (ConnectionError, BrokenPipeError, socket.timeout, TimeoutError):
            pass

    def send_response(self, code: int, message: str | None = None) -> None:
        if not hasattr(self, "_headers_buffer"):
            self._headers_buffer = []
        if getattr(self, "request_version", "HTTP/1.1") in ("HTTP/0.9", None):
            self.request_version = "HTTP/1.0"  # always answer with a status line and headers
        super().send_response(code, message)

    def end_headers(self) -> None:
        path = (self.path or "").split("?", 1)[0]
        if path.startswith(IMMUTABLE_PREFIX) and not self._sending_error:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")  # revalidate: updates show at once
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # errors only, quieter than the default
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


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


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


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
