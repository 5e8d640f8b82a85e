"""Documentation pages of the calculators, generated from the calculators' public API.

The rules table comes from the dated parameters and the worked examples from running the
same core, so the docs never drift from the code. Uses only `calculators.api`.
"""
from __future__ import annotations

from markupsafe import escape

from calculators import IDS, api

from .render import _env, _front_matter, _one_block

ROOT_PREFIX = "../../"  # pages live at calculators/<id>/


def calculator_pages() -> dict[str, str]:
    described = [api.describe(calculator_id) for calculator_id in IDS]
    pages = {f"calculators/{d['id']}.md": render_calculator(d) for d in described}
    pages["calculators/index.md"] = render_calculator_index(described)
    return pages


def render_calculator(described: dict) -> str:
    examples = [dict(example, result=api.run(described["id"], example["inputs"])) for example in described["examples"]]
    inputs_by_name = {f["name"]: f for f in described["inputs"]}
    body = _env.get_template("calculator.html.j2").render(
        calc=described, examples=examples, inputs_by_name=inputs_by_name, prefix=ROOT_PREFIX, shown=shown,
        link=lambda target: target if target.startswith(("http:", "https:")) else ROOT_PREFIX + target)
    fields = {"title": str(escape(described["title"])), "description": str(escape(described["summary"])),
              "calculator": described["id"]}
    return _front_matter(fields) + _one_block(body)


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
    return _front_matter({"title": "政策计算器", "description": "按县政策文件逐条计算补贴、赔付、空气质量指数和预警级别。"}) + _one_block(body)


def calculator_navigation() -> list:
    return [{"政策计算器": [{"全部计算器": "calculators/index.md"}] +
             [{api.describe(i)["title"]: f"calculators/{i}.md"} for i in IDS]}]
