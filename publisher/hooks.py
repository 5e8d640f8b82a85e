"""mkdocs hooks: thin handlers that hand the table of contents of generated pages to mkdocs.

Notice pages are HTML blocks inside markdown, so Python-Markdown's toc extension cannot
see their headings; `render.py` puts the tokens in the front matter instead.
"""
from __future__ import annotations

from mkdocs.structure.toc import get_toc


def on_page_content(html, page, config, files):
    tokens = page.meta.get("notice_toc")
    if tokens is not None:
        page.toc = get_toc(tokens)
    return html
