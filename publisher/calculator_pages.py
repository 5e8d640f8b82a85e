"""Documentation pages of the calculators, generated from the calculators' public API.

The rules table and its picture come from the dated parameters and the worked examples from
running the same core, so the docs never drift from the code. Uses only `calculators.api`.
Worked examples are computed for the build's date (`as_of`), so two builds with the same
--date are identical whatever day they run.

Each calculator declares the notice it implements (its county and 文号); a site shows a
calculator only when that notice is in its corpus (`bind`), with the notice's status at the top.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from markupsafe import Markup, escape

from calculators import IDS, api

from reader.model import BuildWarning, Notice

from .render import _date_text, _env, _front_matter, _one_block

ROOT_PREFIX = "../../"  # pages live at calculators/<id>/


@functools.cache
def _described() -> tuple[dict, ...]:
    """Each calculator's description, asked once per build (pages, 试算 links and the menu all use it)."""
    return tuple(api.describe(calculator_id) for calculator_id in IDS)


@dataclass(frozen=True)
class Bound:
    """A calculator whose notice is in the corpus, and that notice."""

    described: dict
    notice: Notice


def _pages_cited(described: dict) -> set[str]:
    """The notice pages a calculator links into (its own documentation page aside)."""
    cited = {described["page"]} | {entry["clause"].partition("#")[0] for entry in described["entry_points"]}
    return {page.rstrip("/") for page in cited if not page.startswith("calculators/")}


def bind(notices: list[Notice], county: str) -> tuple[list[Bound], list[BuildWarning]]:
    """The calculators whose declared notice (county and 文号) is among these notices of this county."""
    by_number = {n.doc_number: n for n in notices if n.doc_number}
    bound, warnings = [], []
    for described in _described():
        declared = described.get("notice") or {}
        notice = by_number.get(declared.get("doc_number")) if declared.get("county") == county else None
        if notice is None:
            continue
        stray = _pages_cited(described) - {notice.slug}
        if stray:
            warnings.append(BuildWarning(notice.source_path, notice.first_line,
                                         f"计算器「{described['title']}」依据本文（{notice.doc_number}），但它链接的页面地址"
                                         f"（{'、'.join(sorted(stray))}）与本文的地址 {notice.slug} 不一致，本次未收入该计算器"))
            continue
        bound.append(Bound(described, notice))
    return bound, warnings


def calculator_pages(bound: list[Bound], site_url: str, as_of: dt.date) -> dict[str, str]:
    if not bound:
        return {}
    pages = {f"calculators/{b.described['id']}.md": render_calculator(b.described, site_url, as_of, b.notice) for b in bound}
    pages["calculators/index.md"] = render_calculator_index([b.described for b in bound])
    return pages


def worked_example(calculator_id: str, example: dict, as_of: dt.date) -> dict:
    """An example computed for the build's date, unless the example names its own day."""
    inputs = {"as_of": as_of.isoformat(), **example["inputs"]}
    return dict(example, result=api.run(calculator_id, inputs))


def render_calculator(described: dict, site_url: str, as_of: dt.date, notice: Notice) -> str:
    examples = [worked_example(described["id"], example, as_of) for example in described["examples"]]
    inputs_by_name = {f["name"]: f for f in described["inputs"]}
    body = _env.get_template("calculator.html.j2").render(
        calc=described, examples=examples, inputs_by_name=inputs_by_name, prefix=ROOT_PREFIX, shown=shown,
        required=lambda field: required_text(field, inputs_by_name), as_of=as_of.isoformat(),
        notice=notice, date_text=_date_text,
        rules_picture=api.rules_picture(described["id"], as_of), svg=Markup,
        site_url=site_url, description_json=Markup(json.dumps(described, ensure_ascii=False).replace("</", "<\\/")),
        link=lambda target: target if target.startswith(("http:", "https:")) else ROOT_PREFIX + target)
    fields = {"title": str(escape(described["title"])), "description": str(escape(described["summary"])),
              "calculator": described["id"], "search": {"exclude": True}}
    return _front_matter(fields) + _one_block(body)


def required_text(field: dict, inputs_by_name: dict) -> str:
    """是, 否, or 是（房屋类型为住宅时）: when a field is required, in words."""
    if not field["required"]:
        return "否"
    conditions = []
    for key, values in field["relevant_when"].items():
        other = inputs_by_name[key]
        conditions.append(f"{other['label']}为{'或'.join(shown(other, v) for v in values)}")
    return "是" + (f"（{'，'.join(conditions)}时）" if conditions else "")


def shown(field: dict, value) -> str:
    """An input value as a reader would say it: the choice's label, 是/否, the unit."""
    if field["choices"]:
        return next((c["label"] for c in field["choices"] if c["value"] == value), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(shown({**field, "unit": ""}, v) if not isinstance(v, dict) else
                        "（" + "，".join(shown(next(f for f in field["item_fields"] if f["name"] == k), x) for k, x in v.items()) + "）"
                        for v in value)
    return f"{value}{field['unit']}"


def render_calculator_index(described: list[dict]) -> str:
    body = _env.get_template("calculator_index.html.j2").render(calculators=described)
    return _front_matter({"title": "政策计算器", "description": "按县政策文件逐条计算补贴、赔付、空气质量指数和预警级别。",
                          "search": {"exclude": True}}) + _one_block(body)


def query_string(inputs: dict) -> str:
    """Inputs as the contract's URL query: lists comma-separated, objects as JSON, booleans true/false."""
    def encode(value):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        if isinstance(value, list):
            return ",".join(str(v) for v in value)
        return str(value)
    return urlencode({key: encode(value) for key, value in inputs.items()})


def calculator_links(bound: list[Bound]) -> dict[str, dict[str, list[dict]]]:
    """page slug -> clause anchor -> [{url, title}]: the 试算 links beside clauses a calculator implements,
    only on the notice the calculator is bound to."""
    links: dict[str, dict[str, list[dict]]] = {}
    for described in (b.described for b in bound):
        calculator_id = described["id"]
        for entry in described["entry_points"]:
            page, _, anchor = entry["clause"].partition("#")
            query = query_string(entry["prefill"])
            url = f"../calculators/{calculator_id}/" + (f"?{query}" if query else "")
            links.setdefault(page.rstrip("/"), {}).setdefault(anchor, []).append({"url": url, "title": entry["title"]})
    return links


def search_calculators(bound: list[Bound]) -> dict[str, list[dict]]:
    """page slug -> calculators to offer when a search about an amount lands on that notice:
    {title, url, home (built on this notice), clauses: {anchor: prefilled url}} (site-relative)."""
    offered: dict[str, list[dict]] = {}
    for described in (b.described for b in bound):
        calculator_id = described["id"]
        by_page: dict[str, dict] = {}
        for entry in described["entry_points"]:
            page, _, anchor = entry["clause"].partition("#")
            query = query_string(entry["prefill"])
            calc = by_page.setdefault(page.rstrip("/"), {"title": described["title"], "url": f"calculators/{calculator_id}/",
                                                         "home": page == described["page"], "clauses": {}})
            calc["clauses"][anchor] = f"calculators/{calculator_id}/" + (f"?{query}" if query else "")
        for page, calc in by_page.items():
            offered.setdefault(page, []).append(calc)
    return offered


def calculator_navigation(bound: list[Bound]) -> list:
    if not bound:
        return []
    return [{"政策计算器": [{"全部计算器": "calculators/index.md"}] +
             [{b.described["title"]: f"calculators/{b.described['id']}.md"} for b in bound]}]
