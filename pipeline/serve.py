"""A small static server for preview and for kiosks (file:// cannot load the calculators).

Serves the built site with the MIME types Pyodide needs (application/wasm), the precompressed
.gz files written at build time, long-lived caching for the versioned Pyodide runtime and
revalidation for everything else, so updates show.
"""
from __future__ import annotations

import functools
import http.server
import os
import sys
from pathlib import Path

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".svg": "image/svg+xml",
}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def send_head(self):
        """Send name.gz (written at build time) when the browser accepts gzip."""
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path + ".gz"):
            return super().send_head()
        handle = open(path + ".gz", "rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
        self.end_headers()
        return handle

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        if path.startswith("/assets/pyodide/"):
            # the runtime sits in a folder named after its version: it never changes under that name
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")  # revalidate: updates show at once
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # quieter than the default
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def serve_forever(root: Path, host: str, port: int) -> int:
    handler = functools.partial(SiteHandler, directory=str(root))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        print(f"无法在 {host}:{port} 启动服务：{error.strerror}（端口被占用时可用 --port 换一个）", file=sys.stderr)
        return 1
    print(f"网站已在 http://{host}:{port}/ 提供，按 Ctrl+C 停止。")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("已停止。")
    finally:
        server.server_close()
    return 0
