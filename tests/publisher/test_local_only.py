"""No built file could make a browser reach another host: every address in a position a browser
fetches from (scripts, styles, images, frames, forms, CSS url(), JS string literals…) is the site's
own. Plain links in notices (<a href> inside a notice's text) are allowed: they are the original's
words, and following one is the reader's choice, never a background request."""
from __future__ import annotations

import html.parser
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from publisher.local_only import localise_theme_scripts

ROOT = Path(__file__).resolve().parents[2]
FETCHING_ATTRIBUTES = {"src", "srcset", "poster", "data", "action", "background", "formaction", "ping", "manifest"}
NOT_FETCHED_LINKS = {"canonical", "alternate", "author", "license", "help", "me"}
ABSOLUTE = re.compile(r"(?:https?:)?//[^\s\"'`)<>]+", re.I)
JS_LITERAL = re.compile(r"""["'`]https?://([^"'`\s/$:]*)""", re.I)
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["']?)((?:https?:)?//[^"')\s]+)""", re.I)
# JavaScript literals of other hosts that are not requests, file by file, with the reason.
JS_NOT_FETCHED = {
    "www.w3.org": "XML namespaces (SVG, XLink), never fetched",
    "example.com": "Pagefind's base for parsing relative URLs (new URL(x, 'https://example.com'))",
    "p": "Pagefind's UI: base for parsing relative URLs",
    "": "a template (`https://${host}`) that parses an address: Pyodide's socket helper, unused here",
    "api.github.com": "Material's repository facts, fetched only when mkdocs.yml sets repo_url (checked below)",
    "cdn.jsdelivr.net": "Pyodide's default package base, replaced by the site's own (packageBaseUrl, checked below)",
}


def host_of(url: str) -> str:
    return urlsplit(url if not url.startswith("//") else "http:" + url).hostname or ""


class _Fetches(html.parser.HTMLParser):
    """Absolute addresses in fetching positions of one HTML file; <a href> counted apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.links: list[tuple[str, bool]] = []  # (href, inside a notice's text)
        self.depth_in_notice = 0
        self.stack: list[bool] = []
        self.script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        in_notice = "notice-body" in (attributes.get("class") or "").split()
        if tag not in ("br", "img", "input", "link", "meta", "hr", "source", "wbr", "col", "area", "base", "embed", "param", "track"):
            self.stack.append(in_notice)
            self.depth_in_notice += in_notice
        for name, value in attrs:
            if not value:
                continue
            if name in FETCHING_ATTRIBUTES or (name == "href" and tag in ("link", "image", "use", "base")
                                                and not NOT_FETCHED_LINKS & set((attributes.get("rel") or "").split())):
                self.fetched += [u for u in ABSOLUTE.findall(value) if not value.startswith("data:")]
            elif name == "href" and tag == "a" and ABSOLUTE.match(value):
                self.links.append((value, self.depth_in_notice > 0))
            elif name == "style":
                self.fetched += CSS_URL.findall(value)
            elif name == "content" and (attributes.get("http-equiv") or "").lower() == "refresh":
                self.fetched += ABSOLUTE.findall(value)
        self.script = tag == "script"

    def handle_endtag(self, tag):
        if self.stack and tag not in ("br", "img", "input", "link", "meta"):
            self.depth_in_notice -= self.stack.pop()
        self.script = False

    def handle_data(self, data):
        if self.script:
            self.fetched += [m.group(0)[1:] for m in JS_LITERAL.finditer(data)]


def foreign_fetches(site: Path, own_host: str) -> list[str]:
    """'file: address' for every address of another host in a fetching position."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and not p.name.endswith((".gz", ".br"))):
        relative = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".svg"):
            parser = _Fetches()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            found += [f"{relative}: {u}" for u in parser.fetched if host_of(u) != own_host]
            found += [f"{relative}: 链接 {u}" for u, in_notice in parser.links if not in_notice and host_of(u) != own_host]
        elif path.suffix == ".css":
            found += [f"{relative}: {u}" for u in CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace"))
                      if host_of(u) != own_host]
        elif path.suffix in (".js", ".mjs"):
            for match in JS_LITERAL.finditer(path.read_text(encoding="utf-8", errors="replace")):
                if match.group(1) not in JS_NOT_FETCHED and match.group(1) != own_host:
                    found.append(f"{relative}: {match.group(0)[1:]}")
        elif path.suffix in (".json", ".webmanifest") and path.parent.name == "calc":
            found += [f"{relative}: {u}" for u in ABSOLUTE.findall(path.read_text(encoding="utf-8"))]
    return found


def test_no_built_file_could_make_the_browser_reach_another_host(built_site):
    from publisher.publish import configured_site_url
    assert foreign_fetches(built_site, host_of(configured_site_url())) == []


def test_the_conditions_of_the_allowed_literals_hold(built_site):
    assert "repo_url" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    worker = (built_site / "assets" / "calc-worker.js").read_text(encoding="utf-8")
    assert "packageBaseUrl: index" in worker  # Pyodide's packages come from the site, never its default CDN
    assert not list(built_site.rglob("*unpkg*"))
    assert "unpkg.com" not in "".join(p.read_text(encoding="utf-8") for p in (built_site / "assets" / "javascripts").glob("*.js"))


def test_the_scanner_finds_what_it_must(tmp_path):
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example/x.css"><link rel="canonical" href="https://other.example/">'
        '<img srcset="//img.example/a.png 2x"><a href="https://elsewhere.example/">x</a>'
        '<div class="notice-body"><p><a href="https://gov.example/notice">原文链接</a></p></div>'
        '<script>fetch("https://api.example/v1")</script><div style="background:url(https://bg.example/b.png)"></div>',
        encoding="utf-8")
    (tmp_path / "a.css").write_text("@import 'https://fonts.example/f.css'; b{background:url(/local.png)}")
    (tmp_path / "b.js").write_text("const ns='http://www.w3.org/2000/svg'; load(`https://cdn.example/${v}/x.js`)")
    found = foreign_fetches(tmp_path, "own.example")
    hosts = sorted(host_of(f.split(": ", 1)[1].split(" ")[-1]) for f in found)
    assert hosts == ["api.example", "bg.example", "cdn.example", "cdn.example", "elsewhere.example",
                     "fonts.example", "img.example"]


def test_the_theme_polyfill_address_is_replaced(tmp_path):
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "bundle.js").write_text('x=typeof ResizeObserver=="undefined"?_t("https://unpkg.com/resize-observer-polyfill"):1')
    assert localise_theme_scripts(tmp_path) == 1
    assert "unpkg" not in (scripts / "bundle.js").read_text() and "data:text/javascript," in (scripts / "bundle.js").read_text()
