"""Render parsed notices into mkdocs pages: front matter plus an HTML body.

The publisher's page stage, pure: Notice -> str. The body is HTML built by jinja2 with
autoescaping, so any markup inside a source text is shown as text, never executed; the
table of contents travels in the front matter for `hooks.py` to hand to mkdocs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape

from reader.anchors import filter_slug
from reader.model import (AttachmentStart, Block, Clause, Heading,
                    Notice, Paragraph)
from reader.patterns import clean, unspaced

from .report import human_size  # a download's size, as the report page gives a scan's

TEMPLATES = Path(__file__).parent / "templates"
TOC_CLAUSE_DEPTH = 2  # clauses deeper than 三（一） stay out of the side table of contents

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class Item:
    """One thing the notice template draws; a view of one or more blocks."""

    kind: str
    block: Block | None = None
    children: tuple = ()  # appointment items, or the attachment title
    level: int = 0


def _items(blocks: tuple[Block, ...]) -> list[Item]:
    items: list[Item] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Paragraph) and block.kind == "appointment":
            run = []
            while i < len(blocks) and isinstance(blocks[i], Paragraph) and blocks[i].kind == "appointment":
                run.append(blocks[i])
                i += 1
            items.append(Item("appointments", children=tuple(run)))
            continue
        if isinstance(block, AttachmentStart):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            title = following if isinstance(following, Heading) and following.role == "attachment_title" else None
            items.append(Item("attachment", block, children=(title,) if title else ()))
            i += 2 if title else 1
            continue
        if isinstance(block, Clause) and block.role == "item":
            run = []  # a list of names or entries: one list, each entry keeps its anchor
            while i < len(blocks) and isinstance(blocks[i], Clause) and blocks[i].role == "item" and (
                    not run or blocks[i].depth == run[0].depth):
                run.append(blocks[i])
                i += 1
            items.append(Item("entries", children=tuple(run)))
            continue
        if isinstance(block, Clause):
            heading = block.heading and not block.text and block.role in ("heading", "")
            items.append(Item("clause_heading" if heading else "clause", block,
                              level=min((block.level or block.depth) + 2, 6)))
        elif isinstance(block, Heading):
            items.append(Item(block.role, block))
        else:
            items.append(Item(type(block).__name__.lower(), block))
        i += 1
    return items


def toc_tokens(notice: Notice) -> list[dict]:
    """Table of contents as mkdocs toc tokens: document, attachments and upper clauses."""
    tokens: list[dict] = []
    stack: list[dict] = []

    def add(level: int, anchor: str, name: str) -> None:
        token = {"level": level, "id": anchor, "name": str(escape(name)), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)

    titles = {a.anchor: a.title for a in notice.attachments if a.anchor}
    for block in notice.blocks:
        if isinstance(block, Heading) and block.role == "doc_title":
            add(2, "doc", block.text)
        elif isinstance(block, Heading) and block.role == "section" and block.anchor:
            add(3, block.anchor, block.text)
        elif isinstance(block, AttachmentStart):
            title = titles.get(block.anchor, "")
            add(2, block.anchor, f"{block.label}　{title}".strip())
        elif (isinstance(block, Clause) and block.heading and block.depth <= TOC_CLAUSE_DEPTH and block.role != "item"
              and (block.role != "text" or block.text)):
            add(block.depth + 2, block.anchor, f"{block.marker}{block.heading}".rstrip("。：:"))
    return tokens


def description(notice: Notice) -> str:
    parts = [notice.doc_number, notice.issuer, _date_text(notice.date)]
    return "，".join(p for p in parts if p) + "。" + notice.title


def _date_text(iso: str | None) -> str | None:
    if not iso:
        return None
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def _front_matter(fields: dict) -> str:
    # JSON scalars are valid YAML, and escape whatever the source text holds.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _header_extra(notice: Notice) -> list[str]:
    """Header lines (文号, 登记号, a letterhead written "…文件") not already shown by the title or the letterhead."""
    title = dict(notice.corrected).get("title", notice.title)  # the title as read, shown in its correction note
    title = (notice.title_tag + title) if notice.title_tag_leading else (title + notice.title_tag)
    shown = unspaced((notice.title_number + title) if notice.title_number_leading
                     else (title + notice.title_number)) + "\n" + unspaced(notice.letterhead or "")
    return [text for text in (clean(line.text) for line in notice.header_lines) if text and unspaced(text) not in shown]


def render_notice(notice: Notice, calculator_links: dict[str, list[dict]] | None = None, as_of: str = "") -> str:
    body = _env.get_template("notice.html.j2").render(
        notice=notice, items=_items(notice.blocks), date_text=_date_text(notice.date),
        header_extra=_header_extra(notice), as_of=as_of, notes=dict(notice.field_notes),
        info=[f for f in notice.info if f.value and f.key not in ("widget", "views", "summary", "explainer", "archived")],
        calculator_links=calculator_links or {}, Clause=Clause, file_size=human_size,
        file_by_title={notice.attachments[f.entry].title: f for f in notice.files if f.entry is not None})
    fields = {
        "title": str(escape(notice.title)),
        "description": str(escape(description(notice))),
        "notice_toc": toc_tokens(notice),
        "doc_number": str(escape(notice.doc_number or "")),
        "search": {"exclude": True},  # Pagefind indexes the site; keep the theme's lunr index empty
    }
    return _front_matter(fields) + _one_block(body)


HOME_LIMIT = 300  # beyond this, the home page lists the newest and links to one page per year
# the catalogue's filters: (notice attribute, Chinese name); without JavaScript each value is a pre-built page
FILTERS = (("issuer", "发文机关"), ("year", "年份"), ("kind", "类别"))


@dataclass(frozen=True)
class FilterValue:
    value: str
    text: str  # as shown: 2024年, 人事任免
    path: str  # site-relative: catalogue/kind/renshirenmian/
    count: int


def filter_values(notices: list[Notice]) -> dict[str, list[FilterValue]]:
    """Every value of every filter, with the address of its pre-built page and its count."""
    out: dict[str, list[FilterValue]] = {}
    for key, _ in FILTERS:
        values = sorted({getattr(n, key) for n in notices if getattr(n, key)}, reverse=key == "year")
        used: set[str] = set()
        out[key] = []
        for value in values:
            slug = filter_slug(value, used)
            used.add(slug)
            out[key].append(FilterValue(value, f"{value}年" if key == "year" else value, f"catalogue/{key}/{slug}/",
                                        sum(1 for n in notices if getattr(n, key) == value)))
    return out


def render_catalogue(notices: list[Notice], site_name: str, year: str | None = None, total: int | None = None,
                     link_prefix: str = "", filters: dict[str, list[FilterValue]] | None = None,
                     chosen: tuple[str, FilterValue] | None = None, calculators: bool = True) -> str:
    """The catalogue: newest first, filters by issuer, year and kind. With more than HOME_LIMIT notices,
    the home page shows the newest HOME_LIMIT and links to a page per year (`catalogue/<year>/`).
    `filters` (all values of the whole corpus) become links to pre-built pages, shown when JavaScript
    is off; `chosen` makes this page one of them (no form: the page is the filter)."""
    ordered = sorted(notices, key=lambda n: (n.date or "", n.doc_number or "", n.slug), reverse=True)
    all_years = sorted({n.year for n in notices if n.year}, reverse=True)
    shown = ordered if year or len(ordered) <= HOME_LIMIT else ordered[:HOME_LIMIT]  # a filter's page too
    counts = {y: sum(1 for n in notices if n.year == y) for y in all_years}
    body = _env.get_template("catalogue.html.j2").render(
        notices=shown, issuers=sorted({n.issuer for n in shown if n.issuer}),
        years=sorted({n.year for n in shown if n.year}, reverse=True), kinds=sorted({n.kind for n in shown}),
        date_text=_date_text, total=len(ordered), year=year,
        year_pages=counts if len(ordered) > HOME_LIMIT and not (year or chosen) else {},
        link_prefix=link_prefix, filters=filters or {}, filter_names=dict(FILTERS), chosen=chosen,
        calculators=calculators)  # a county without calculators has no link to them
    title = f"{dict(FILTERS)[chosen[0]]}：{chosen[1].text}" if chosen else f"{year}年政策文件" if year else site_name
    fields = {"title": str(escape(title)), "description": "政策文件目录：按发文机关、年份和类别筛选。",
              "hide": ["toc"], "search": {"exclude": True}}
    return _front_matter(fields) + _one_block(body)


def render_filter_catalogues(notices: list[Notice], site_name: str, filters: dict[str, list[FilterValue]]) -> dict[str, str]:
    """One page per value of each filter (catalogue/kind/<value>/): the catalogue's filters without JavaScript."""
    pages = {}
    for key, values in filters.items():
        for value in values:
            subset = [n for n in notices if getattr(n, key) == value.value]
            pages[value.path.rstrip("/") + ".md"] = render_catalogue(subset, site_name, link_prefix="../../../",
                                                                     filters=filters, chosen=(key, value))
    return pages


def render_year_catalogues(notices: list[Notice], site_name: str) -> dict[str, str]:
    """One catalogue page per year, made only when the home page cannot list everything."""
    if len(notices) <= HOME_LIMIT:
        return {}
    years = sorted({n.year for n in notices if n.year})
    return {f"catalogue/{y}.md": render_catalogue([n for n in notices if n.year == y], site_name, year=y,
                                                  link_prefix="../../") for y in years}


def _one_block(html: str) -> str:
    """Markdown passes an HTML block through untouched only when it has no blank line."""
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def catalogue_entry(notice: Notice) -> dict:
    return {
        "id": notice.slug,
        "title": notice.title,
        "doc_number": notice.doc_number,
        "issuer": notice.issuer,
        "issuers": list(notice.issuers),
        "date": notice.date,
        "registration_number": notice.registration_number,
        "kind": notice.kind,
        "url": f"{notice.slug}/",
        "status": notice.validity.status,
        "valid_from": notice.validity.valid_from,
        "valid_until": notice.validity.valid_until,
    }


def render_policies_json(notices: list[Notice]) -> str:
    """site/policies.json: one entry per notice, newest first, stable key order."""
    ordered = sorted(notices, key=lambda n: (n.date or "", n.doc_number or "", n.slug), reverse=True)
    return json.dumps([catalogue_entry(n) for n in ordered], ensure_ascii=False, indent=1) + "\n"
