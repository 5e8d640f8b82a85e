"""An .xlsx workbook (an 附件 table: 申请表, 名单, 汇总表) -> its sheets as rows of cell texts.

Standard library only, through the bounded zip and XML readers every office format uses: a workbook is a
zip of XML parts (xl/workbook.xml names the sheets, xl/sharedStrings.xml holds the texts, each
xl/worksheets/sheetN.xml its cells). Numbers are shown as the file stores them; formulas by their stored
result. A cell that a merge covers is left empty, as the office suite shows it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import thresholds as T
from .containers import BoundedZip, Unreadable, local, parse_xml

_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_COLUMN = re.compile(r"([A-Z]+)(\d+)")


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[tuple[str, ...], ...]  # trailing empty rows and columns dropped
    cut: bool = False  # rows or columns beyond the page's bounds were left to the download


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _texts(container: BoundedZip, display: str) -> list[str]:
    if not container.has("xl/sharedStrings.xml"):
        return []
    root = parse_xml(container.read("xl/sharedStrings.xml"), display, "xl/sharedStrings.xml")
    return ["".join(t.text or "" for t in item.iter() if local(t.tag) == "t") for item in root if local(item.tag) == "si"]


def _sheet_parts(container: BoundedZip, display: str) -> list[tuple[str, str]]:
    """(name, part) of each sheet in the workbook's order."""
    workbook = parse_xml(container.read("xl/workbook.xml"), display, "xl/workbook.xml")
    targets = {}
    if container.has("xl/_rels/workbook.xml.rels"):
        relations = parse_xml(container.read("xl/_rels/workbook.xml.rels"), display, "xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target", "") for r in relations if local(r.tag) == "Relationship"}
    parts = []
    for number, sheet in enumerate((e for e in workbook.iter() if local(e.tag) == "sheet"), start=1):
        target = targets.get(sheet.get(_RELATIONSHIP), f"worksheets/sheet{number}.xml").lstrip("/")
        part = target if target.startswith("xl/") else "xl/" + target
        parts.append((sheet.get("name") or f"第{number}页", part))
    return parts


def _rows(root, texts: list[str]) -> tuple[tuple[tuple[str, ...], ...], bool]:
    cells: dict[tuple[int, int], str] = {}
    cut = False
    for row_number, row in enumerate((e for e in root.iter() if local(e.tag) == "row"), start=1):
        row_index = int(row.get("r", row_number)) - 1
        for column_number, cell in enumerate((e for e in row if local(e.tag) == "c")):
            found = _COLUMN.fullmatch(cell.get("r", ""))
            column = _column_index(found[1]) if found else column_number
            kind = cell.get("t", "")
            value = next((e.text or "" for e in cell if local(e.tag) == "v"), "")
            if kind == "s":
                value = texts[int(value)] if value.isdigit() and int(value) < len(texts) else ""
            elif kind == "inlineStr":
                value = "".join(t.text or "" for t in cell.iter() if local(t.tag) == "t")
            elif kind == "b":
                value = {"1": "是", "0": "否"}.get(value, value)
            if not value.strip():
                continue
            if row_index < T.XLSX_MAX_ROWS and column < T.XLSX_MAX_COLUMNS:
                cells[(row_index, column)] = value.strip()
            else:
                cut = True
    if not cells:
        return (), cut
    height = max(r for r, _ in cells) + 1
    width = max(c for _, c in cells) + 1
    return tuple(tuple(cells.get((r, c), "") for c in range(width)) for r in range(height)), cut


def read_xlsx(data: bytes, display: str) -> tuple[Sheet, ...]:
    """The workbook's sheets that hold any text; Unreadable (Chinese, naming the file) when it cannot be read."""
    container = BoundedZip(data, display, " Excel 表格")
    if not container.has("xl/workbook.xml"):
        raise Unreadable(f"文件 {display} 不是 Excel 表格（.xlsx），无法在网页上显示。")
    texts = _texts(container, display)
    sheets = []
    for name, part in _sheet_parts(container, display)[:T.XLSX_MAX_SHEETS]:
        if container.has(part):
            rows, cut = _rows(parse_xml(container.read(part), display, part), texts)
            if rows:
                sheets.append(Sheet(name, rows, cut))
    return tuple(sheets)
