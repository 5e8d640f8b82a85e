"""Word documents (.docx): paragraphs with their style, alignment and emphasis, and real tables.

Read with python-docx (see the README for why) after `containers.check_xml_parts` has read every XML
part within bounds and refused any DTD, so the library only sees parts already checked. One paragraph
is one line (a manual line break inside a paragraph starts another line of it); a table row is one line
whose text is its cells joined by tabs and whose `Layout.cells` carry the cells, merged ones included.
The section's page header and footer (running heads, page numbers) are set aside as page furniture.
"""
from __future__ import annotations

import io
import re
from collections import Counter

from . import thresholds as T
from .containers import BoundedZip, Unreadable, check_xml_parts
from .model import Layout, SourceLine, SourceText, TableCell

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)


def read_docx(data: bytes, display: str) -> SourceText:
    container = BoundedZip(data, display, " Word 文档（.docx）")
    if not container.has("word/document.xml"):
        raise Unreadable(f"文件 {display} 是压缩包，但不是 Word 文档（缺少正文部件），无法读取。")
    check_xml_parts(container)
    import docx  # python-docx: imported here so that a text-only county never loads it
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds on a damaged part
        raise Unreadable(f"文件 {display} 无法按 Word 文档打开（{type(error).__name__}），可能已损坏。"
                         "请用 Word 或 WPS 打开后另存为 .docx 再放入。") from None
    reader = _DocxReader(document)
    return SourceText(display, "docx", reader.lines(), format="docx")


class _DocxReader:
    def __init__(self, document) -> None:
        self.document = document
        self.body_size = self._body_size()
        self.out: list[tuple[str, Layout]] = []
        self.tables = 0

    def lines(self) -> tuple[SourceLine, ...]:
        header, footer = self._running_text()
        for text in header:
            self.out.append((text, Layout(chrome="页眉", paragraph=True)))
        for element in self.document.element.body.iterchildren():
            if element.tag == W + "p":
                self._paragraph(element)
            elif element.tag == W + "tbl":
                self._table(element)
        for text in footer:
            self.out.append((text, Layout(chrome="页脚", paragraph=True)))
        return tuple(SourceLine(n, text, layout) for n, (text, layout) in enumerate(self.out, start=1))

    # --- paragraphs -----------------------------------------------------------------------------

    def _paragraph(self, p) -> None:
        from docx.text.paragraph import Paragraph
        paragraph = Paragraph(p, self.document._body)
        style = paragraph.style
        alignment = _inherited(style, lambda s: s.paragraph_format.alignment, paragraph.paragraph_format.alignment)
        align = int(alignment) if alignment is not None else 0
        heading = _heading_level(paragraph, p)
        runs = [r for r in paragraph.runs if r.text.strip()]
        bold = bool(runs) and all(_inherited(style, lambda s: s.font.bold, r.bold) for r in runs)
        sizes = [_run_size(r, style) for r in runs]
        large = bool(self.body_size) and any(s and s >= self.body_size * T.LARGE_FONT_RATIO for s in sizes)
        layout = Layout(centred=align == 1, right=align == 2, bold=bold, large=large, heading=heading,
                        paragraph=True)
        parts = _paragraph_text(p).split("\n")
        for k, part in enumerate(parts):
            self.out.append((part, layout if k == len(parts) - 1 else Layout(
                centred=layout.centred, right=layout.right, bold=bold, large=large, heading=heading)))

    def _body_size(self) -> float:
        """The size most characters are set in (the body text's), in points; 0 when no size is known."""
        from docx.text.paragraph import Paragraph
        counts: Counter = Counter()
        for p in self.document.element.body.iter(W + "p"):
            paragraph = Paragraph(p, self.document._body)
            for run in paragraph.runs:
                size = _run_size(run, paragraph.style)
                if size:
                    counts[size] += len(run.text.strip())
        return counts.most_common(1)[0][0] if counts else 0.0

    # --- tables ---------------------------------------------------------------------------------

    def _table(self, tbl) -> None:
        """Rows of cells on the table's grid: a cell spanning columns keeps its text in its first column (the
        others empty), a cell merged down (vMerge) covers the rows below it."""
        self.tables += 1
        grid: list[list[TableCell]] = []
        origins: dict[int, tuple[int, int]] = {}  # column -> (row, column) of the cell a vMerge continues
        for r, tr in enumerate(tbl.iterchildren(W + "tr")):
            row: list[TableCell] = []
            for tc in tr.iterchildren(W + "tc"):
                props = tc.find(W + "tcPr")
                span = _int_val(props.find(W + "gridSpan")) if props is not None else 1
                merge = props.find(W + "vMerge") if props is not None else None
                column = len(row)
                text = " ".join(t for t in (_paragraph_text(p).replace("\n", " ").strip()
                                             for p in tc.iter(W + "p")) if t)
                if merge is not None and merge.get(W + "val") != "restart" and column in origins:
                    r0, c0 = origins[column]
                    grid[r0][c0] = TableCell(grid[r0][c0].text, grid[r0][c0].rowspan + 1)
                    row.append(TableCell(text, covered=True))
                else:
                    row.append(TableCell(text))
                    if merge is not None:
                        origins[column] = (r, column)
                    else:
                        origins.pop(column, None)
                row.extend(TableCell("") for _ in range(max(span, 1) - 1))
            grid.append(row)
        for row in grid:
            text = "\t".join(cell.text for cell in row)
            self.out.append((text, Layout(table=self.tables, cells=tuple(row), paragraph=True)))

    # --- running heads and feet -------------------------------------------------------------------

    def _running_text(self) -> tuple[list[str], list[str]]:
        """The distinct non-empty lines of every section's page header and footer, in order."""
        header: list[str] = []
        footer: list[str] = []
        for section in self.document.sections:
            for part, into in ((section.header, header), (section.footer, footer)):
                try:
                    if part.is_linked_to_previous and into:
                        continue
                    element = part._element
                except Exception:  # noqa: BLE001 - a section without its own header part
                    continue
                for p in element.iter(W + "p"):
                    for line in _paragraph_text(p).split("\n"):
                        if line.strip() and line not in into:
                            into.append(line)
        return header, footer


def _paragraph_text(p) -> str:
    """The paragraph's text as printed: tabs kept, manual breaks as new lines, text boxes included once
    (their compatibility fallback copy skipped), field codes left out (their results are text runs)."""
    parts: list[str] = []
    for element in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if any(a.tag == _MC_FALLBACK for a in element.iterancestors()):
            continue
        if element.tag == W + "t":
            parts.append(element.text or "")
        elif element.tag == W + "tab":
            if element.getparent() is not None and element.getparent().tag == W + "r":
                parts.append("\t")
        elif element.get(W + "type") in (None, "textWrapping"):
            parts.append("\n")
    return "".join(parts)


def _inherited(style, get, own):
    """A paragraph or run property: its own value, else its style's, else the style's base styles'."""
    if own is not None:
        return own
    seen = 0
    while style is not None and seen < 20:
        try:
            value = get(style)
        except AttributeError:
            value = None
        if value is not None:
            return value
        style = style.base_style
        seen += 1
    return None


def _run_size(run, style) -> float:
    size = _inherited(style, lambda s: s.font.size, run.font.size)
    return size.pt if size is not None else 0.0


def _heading_level(paragraph, p) -> int:
    """A heading style (Heading 1, 标题 2) or an outline level, as a level from 1; 0 for body text."""
    name = paragraph.style.name if paragraph.style is not None else ""
    found = _HEADING_STYLE.search(name or "")
    if found and name.lower() not in ("title", "subtitle"):
        return int(found[1])
    props = p.find(W + "pPr")
    outline = props.find(W + "outlineLvl") if props is not None else None
    style = paragraph.style
    while outline is None and style is not None:
        style_props = style.element.find(W + "pPr")
        outline = style_props.find(W + "outlineLvl") if style_props is not None else None
        style = style.base_style
    if outline is not None:
        level = _int_val(outline, 9)
        return level + 1 if level < 9 else 0
    return 0


def _int_val(element, default: int = 1) -> int:
    if element is None:
        return default
    try:
        return int(element.get(W + "val"))
    except (TypeError, ValueError):
        return default
