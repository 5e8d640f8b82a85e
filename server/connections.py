"""The connections of the kiosk's server, against a misbehaving device on its network: a fixed pool of
worker threads and a bounded queue (more connections are answered 503 at once, one address holds only a
share), one deadline for a whole request however slowly its bytes trickle in, and log lines escaped so
that nothing a client sends reaches the operator's terminal raw."""
from __future__ import annotations

import http.server
import queue
import select
import socket
import sys
import threading
import time
import unicodedata

from .policy import PAGE_POLICY, POLICY_HEADERS, cache_control

IDLE_TIMEOUT_S = 20  # a connection that sends nothing for this long is closed
BUSY_IDLE_TIMEOUT_S = 1  # ... or for this long, when other connections are waiting for a worker
REQUEST_DEADLINE_S = 10  # from the first byte of a request to its last (request line, headers, body)
WRITE_TIMEOUT_S = 30  # a client that takes no piece of an answer for this long is dropped
MAX_BODY_BYTES = 64 * 1024  # a body this site has no use for: read and dropped up to this size
WORKERS = 32  # threads serving connections, whatever the number of connections
WAITING = 64  # accepted connections waiting for a worker; beyond this they are refused (503)
PER_CLIENT = 16  # connections one address may hold (active or waiting)
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


class DeadlineReader:
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


def refusal() -> bytes:
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
            request.send(refusal())  # a fresh socket's send buffer takes it whole; never waits
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


