"""Saved web pages (.html, .htm, .mhtml): the whole page's text, its main content told apart by trafilatura.

A saved page still shows which lines are the site's: the page is cleaned first (lxml_html_clean: scripts,
styles, event handlers, frames, forms' scripts gone; nothing of its markup is ever carried into the site,
only its text), then every block of it is one line, in page order, with its hints (centred, bold, a
heading's level, a table's cells). trafilatura names the page's main content; every line outside it is
page furniture (`Layout.chrome`: navigation above it, the footer below), set aside in the box, never
lost. The page's information table is text like any other and is read as the information block by
`page.py`; what the page's <meta> says (ArticleTitle, PubDate, ContentSource, as government sites write
it) comes first, as 信息栏 lines, a fallback for the fields the text lacks.
"""
from __future__ import annotations

import email
import email.policy
import re

from . import thresholds as T
from .containers import Unreadable
from .model import Layout, SourceLine, SourceText, TableCell
from .patterns import unspaced

_BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "ul", "ol", "li",
               "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "pre", "form", "center", "address", "hr", "figure", "figcaption", "body", "caption"}
_BOLD_TAGS = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# what government sites' content-management systems put in <meta>, as the information block's labels
_META_FIELDS = (("articletitle", "标题"), ("pubdate", "发布日期"), ("contentsource", "来源"))


def read_mhtml(data: bytes, display: str) -> SourceText:
    """A page saved as one web archive (.mhtml): its first HTML part."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            return _read(payload, display, charset, "mhtml")
    raise Unreadable(f"文件 {display} 是网页存档（.mhtml），但其中没有网页正文，无法读取。")


def read_html(data: bytes, display: str) -> SourceText:
    return _read(data, display, None, "html")


def _read(data: bytes, display: str, charset: str | None, kind: str) -> SourceText:
    if len(data) > T.HTML_MAX_BYTES:
        raise Unreadable(f"文件 {display} 作为网页过大（{len(data) // 1024 // 1024} MB），为安全起见未读取。")
    text = _decode(data, charset)
    import lxml.html
    from lxml import etree
    from lxml_html_clean import Cleaner
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        raise Unreadable(f"文件 {display} 不是可读取的网页（没有内容或已损坏）。") from None
    meta = _meta_lines(tree)
    cleaner = Cleaner(scripts=True, javascript=True, comments=True, style=True, inline_style=False, links=True,
                      meta=True, page_structure=False, processing_instructions=True, embedded=True, frames=True,
                      forms=False, annoying_tags=True, remove_unknown_tags=False, safe_attrs_only=True,
                      safe_attrs=frozenset({"align", "colspan", "rowspan", "class", "id", "style"}))
    for element in tree.iter("*"):
        style = element.get("style") or ""
        if _HIDDEN.search(style):
            element.set("data-hidden", "1")
    hidden = [e for e in tree.iter("*") if e.get("data-hidden")]
    for element in hidden:
        if element.getparent() is not None:
            element.drop_tree()  # hidden by the page: never shown to a reader of the page either
    tree = cleaner.clean_html(tree)
    walker = _Walker()
    body = tree.find("body") if tree.find("body") is not None else tree
    walker.walk(body)
    main = _main_content(text)
    lines: list[tuple[str, Layout]] = [(line, Layout(chrome="信息栏", paragraph=True)) for line in meta]
    lines.extend(_mark_furniture(walker.lines, walker.elements, main))
    return SourceText(display, kind, tuple(SourceLine(n, t, l) for n, (t, l) in enumerate(lines, start=1)),
                      format="html")


def _decode(data: bytes, charset: str | None) -> str:
    """The page's text: its declared charset, else UTF-8, else GB18030 (what Chinese sites use)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = charset or (m[1].decode("ascii", "ignore") if (m := _CHARSET.search(data[:4096])) else None)
    for encoding in (declared, "utf-8", "gb18030"):
        if not encoding:
            continue
        if encoding.lower() in ("gb2312", "gbk"):
            encoding = "gb18030"
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def _meta_lines(tree) -> list[str]:
    found = {}
    for meta in tree.iter("meta"):
        name = (meta.get("name") or "").lower()
        content = " ".join((meta.get("content") or "").split())
        if content:
            found[name] = content
    return [f"{label}：{found[name]}" for name, label in _META_FIELDS if name in found]


def _main_content(text: str) -> tuple[str, str]:
    """The page's main content as trafilatura reads it, and its title (which it takes out of the text as
    metadata), spaces removed: to tell which lines belong to the document."""
    import trafilatura
    try:
        found = trafilatura.bare_extraction(text, include_tables=True, include_comments=False, favor_recall=True,
                                            deduplicate=False, with_metadata=True)
    except Exception:  # noqa: BLE001 - an extractor failure leaves the whole page as the document
        return "", ""
    if not found:
        return "", ""
    return unspaced(getattr(found, "title", "") or ""), unspaced(getattr(found, "text", "") or "")


def _mark_furniture(lines: list[tuple[str, Layout]], elements: list, main: tuple[str, str]) -> list[tuple[str, Layout]]:
    """Lines outside the main content are furniture: above it navigation, below it the footer.

    The main content is the page element that holds every body line trafilatura keeps (their lowest common
    ancestor): a table or a caption inside it that the extractor left out is still the document's."""
    title, text = main
    if not text:
        return lines
    found = [bool(unspaced(t)) and (unspaced(t) in text or bool(layout.cells) and all(
        unspaced(cell.text) in text for cell in layout.cells)) for t, layout in lines]
    titled = [bool(title) and unspaced(t) == title for t, _ in lines]
    body = [k for k in range(len(lines)) if found[k] and not titled[k]]
    if not body:
        return lines
    chains = [list(elements[k].iterancestors())[::-1] + [elements[k]] for k in body]
    common = None
    for depth in range(min(len(c) for c in chains)):
        if all(c[depth] is chains[0][depth] for c in chains):
            common = chains[0][depth]
        else:
            break
    inside = [found[k] or titled[k] or (common is not None and (elements[k] is common or any(
        a is common for a in elements[k].iterancestors()))) for k in range(len(lines))]
    first = inside.index(True)
    last = len(inside) - 1 - inside[::-1].index(True)
    out = []
    for k, (line, layout) in enumerate(lines):
        if not inside[k] and unspaced(line):
            kind = "导航" if k < first else "页脚" if k > last else "页面按钮"
            layout = Layout(chrome=kind, paragraph=True)
        out.append((line, layout))
    return out


class _Walker:
    """The cleaned page as lines: a block element ends a line, <br> too; a table row is one line of cells."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, Layout]] = []
        self.elements: list = []  # per line, the block element it was read from
        self.current = None
        self.buffer: list[str] = []
        self.bold_chars = 0
        self.chars = 0
        self.tables = 0
        self.block_stack: list = []

    def walk(self, element) -> None:
        self.current = element
        self._element(element, centred=False, right=False, heading=0, bold=False)
        self._flush(False, False, 0)

    def _element(self, element, centred: bool, right: bool, heading: int, bold: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        align = (element.get("align") or "").lower()
        style = (element.get("style") or "").lower().replace(" ", "")
        if align == "center" or "text-align:center" in style or tag == "center":
            centred, right = True, False
        elif align == "right" or "text-align:right" in style:
            centred, right = False, True
        if re.fullmatch(r"h[1-6]", tag):
            heading = int(tag[1])
        bold = bold or tag in _BOLD_TAGS or "font-weight:bold" in style or "font-weight:700" in style
        if tag == "table":
            self._flush(centred, right, heading)
            self._table(element)
            self._tail(element, centred, right, heading, bold)
            return
        block = tag in _BLOCK_TAGS
        outer = self.current
        if block:
            self._flush(centred, right, heading)
            self.current = element
        if tag == "br":
            self._flush(centred, right, heading)
        if element.text and tag not in ("br",):
            self._add(element.text, bold)
        for child in element:
            self._element(child, centred, right, heading, bold)
        if block:
            self._flush(centred, right, heading)
            self.current = outer
        self._tail(element, centred, right, heading, False)

    def _tail(self, element, centred, right, heading, bold) -> None:
        if element.tail:
            self._add(element.tail, bold)

    def _add(self, text: str, bold: bool) -> None:
        text = text.replace("\r", "").replace("\n", " ").replace("\xa0", " ")
        self.buffer.append(text)
        visible = len(text.strip())
        self.chars += visible
        if bold:
            self.bold_chars += visible

    def _flush(self, centred: bool, right: bool, heading: int) -> None:
        text = " ".join("".join(self.buffer).split(" ")).strip()
        text = re.sub(r" {2,}", "  ", text)
        if text:
            bold = self.chars > 0 and self.bold_chars == self.chars
            self.lines.append((text, Layout(centred=centred, right=right, bold=bold, heading=heading,
                                            large=heading in (1, 2), paragraph=True)))
            self.elements.append(self.current)
        self.buffer, self.chars, self.bold_chars = [], 0, 0

    def _table(self, table) -> None:
        """Rows on the table's grid: a rowspan covers the cells below, a colspan keeps its text in its first column."""
        self.tables += 1
        covering: dict[int, list] = {}  # column -> [rows left, origin row index in out, origin column]
        rows: list[list[TableCell]] = []
        for tr in table.iter("tr"):
            if _nearest_table(tr) is not table:
                continue
            row: list[TableCell] = []
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            k = 0
            while k < len(cells) or any(col >= len(row) and left[0] > 0 for col, left in covering.items()):
                column = len(row)
                if column in covering and covering[column][0] > 0:
                    covering[column][0] -= 1
                    row.append(TableCell("", covered=True))
                    continue
                if k >= len(cells):
                    break
                cell = cells[k]
                k += 1
                text = " ".join(" ".join(cell.itertext()).split())
                rowspan = _span(cell.get("rowspan"))
                colspan = _span(cell.get("colspan"))
                row.append(TableCell(text, rowspan=rowspan))
                if rowspan > 1:
                    covering[column] = [rowspan - 1, len(rows), column]
                row.extend(TableCell("") for _ in range(colspan - 1))
            if row:
                rows.append(row)
        for row in rows:
            self.lines.append(("\t".join(c.text for c in row), Layout(table=self.tables, cells=tuple(row), paragraph=True)))
            self.elements.append(table)


def _nearest_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1
