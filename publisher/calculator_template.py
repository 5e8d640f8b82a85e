"""`build.py new-calculator 名称`: a commented rule file for the county's calculators folder.

The template (templates/new_calculator.toml) is the smallest working calculator, its comments in
Chinese for a clerk, with every fact of the notice left as a blank (`____`) that the build names by
line and column until it is filled; once filled, it loads and its worked example is checked.
"""
from __future__ import annotations

import re
from pathlib import Path
from string import Template

from reader.anchors import _ascii
from reader.sources import SourceError

TEMPLATE = Path(__file__).resolve().parent / "templates" / "new_calculator.toml"


def calculator_id(name: str) -> str:
    """The calculator's address from its Chinese name: 高龄津贴 -> gaolingjintie."""
    return (_ascii(name) or "calculator")[:40].strip("-")


def new_calculator(name: str, county: Path, county_name: str, shown: str) -> Path:
    """Write <county>/calculators/<id>.toml from the template; refuses an existing file.
    shown: the county folder as the clerk types it (for the comment on how to check the file)."""
    name = name.strip()
    if not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9（）()、·\- ]{2,40}", name):
        raise SourceError(f"计算器的名称「{name}」应为 2 到 40 个字（汉字、字母或数字），例如 python3 build.py new-calculator 高龄津贴计算器")
    identifier = calculator_id(name)
    path = county / "calculators" / f"{identifier}.toml"
    if path.exists():
        raise SourceError(f"{shown}/calculators/{path.name} 已经存在，没有改动它。要修改这个计算器，请直接编辑这个文件。")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=name, id=identifier, county=county_name, folder=shown)
    path.write_text(text, encoding="utf-8")
    return path
