"""What every answer of the site says about itself, whoever serves it: how long it may be cached, and
its security policy. `build.py serve` sends these values; deploy/nginx-http.conf spells the same ones
for nginx, and tests/browser/test_nginx.py checks that the two agree."""
from __future__ import annotations

import re

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

def cache_control(url_path: str, status: int) -> str:
    """Cache-Control of an answer: long-lived only for a content-addressed file actually sent (or
    confirmed unchanged); revalidation for the other files and redirects; never stored when it is an
    error, so a 404 or a broken answer during an update is not kept in place of the file."""
    if status in CACHEABLE_STATUSES:
        return LONG_LIVED if CONTENT_ADDRESSED.match(url_path) else "no-cache"
    return "no-cache" if 300 <= status < 400 else "no-store"


def content_security_policy(url_path: str) -> str:
    return ENGINE_WORKER_POLICY if ENGINE_WORKER.match(url_path) else PAGE_POLICY
