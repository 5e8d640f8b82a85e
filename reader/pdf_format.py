"""PDF with a text layer: lines in reading order, running heads and page numbers set aside by position.

Read with pypdfium2 (PDFium; see the README for why): every character with its box, size, weight and font,
and every drawn rule. Per page, characters on one baseline are one line (a gap as wide as spaces is
spaces, a wide one a tab, so a table's row reads as cells), top to bottom; a table drawn with rules
is read cell by cell, merged cells where a rule is missing. A line in the page's top or bottom band that is a page
number, or that recurs on other pages, is page furniture (`Layout.chrome`), shown in the set-aside
box, never lost. A line that runs to the right margin and is followed by one starting at the left
margin is a paragraph wrapped by the layout and is joined to it, across a page break too; each line
then carries its alignment, emphasis and size as hints.

Bounded: at most `thresholds.PDF_MAX_PAGES` pages and `PDF_MAX_SECONDS` seconds are read (the rest is
reported); PDFium itself guards against loops in the object tree.
A file with next to no text in its layer is a scan (`ScannedPdf`).
"""
from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass

from . import thresholds as T
from .containers import Unreadable
from .model import BuildWarning, Layout, SourceLine, SourceText, TableCell

_PAGE_NUMBER = re.compile(r"[—\-－–]?\s*\d{1,4}\s*[—\-－–]?|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}")
_BOLD_FONT = re.compile(r"bold|heavy|black|hei|黑体", re.IGNORECASE)


class ScannedPdf(Unreadable):
    """A PDF whose pages are pictures: no text to read; published as a download all the same."""


@dataclass
class TextPiece:
    """A run of text on a page, with its box (points or millimetres, y upwards), size and emphasis; after
    `baseline_lines`, one line of the page (or one row of a ruled table, with its cells)."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    page_top: float  # the page's top edge; its bottom edge is `page_bottom`
    page_bottom: float = 0.0
    band: str = ""  # "top" | "bottom" when it stands in the page's edge band
    cells: tuple[TableCell, ...] = ()  # a row of a table drawn with rules
    table: int = 0  # which ruled table of the document (1-based), for a row


def read_pdf(data: bytes, display: str) -> SourceText:
    import pypdfium2 as pdfium  # imported here so that a text-only county never loads it

    warnings: list[BuildWarning] = []
    started = time.monotonic()
    lines: list[TextPiece] = []
    pages_read = 0
    tables = [0]
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise Unreadable(f"文件 {display} 是加密的 PDF（需要密码才能打开），无法读取。"
                             "请取消密码后另存一份再放入。") from None
        raise Unreadable(f"文件 {display} 不是完整的 PDF（可能已损坏），无法读取。") from None
    try:
        total = len(document)
        for index in range(min(total, T.PDF_MAX_PAGES)):
            if time.monotonic() - started > T.PDF_MAX_SECONDS:
                break
            try:
                page = document[index]
                lines.extend(_page_lines(page, index + 1, tables))
            except (pdfium.PdfiumError, ValueError, OSError):
                warnings.append(BuildWarning(display, None, f"PDF 第 {index + 1} 页已损坏，未能读取，请核对"))
            pages_read += 1
    finally:
        document.close()
    if pages_read < total:
        warnings.append(BuildWarning(display, None, f"PDF 共 {total} 页，页数过多或读取过慢，只读取了前 {pages_read} 页，"
                                                    "其余未读取，请核对"))
    characters = sum(len(l.text.strip()) for l in lines)
    if characters < T.PDF_MIN_TEXT_CHARS * max(pages_read, 1) and characters < T.PDF_MIN_TEXT_CHARS * 10:
        raise ScannedPdf(f"文件 {display} 是扫描件（PDF 中没有可读取的文字层），无法读出正文；"
                         "已把原 PDF 作为下载文件发布，并列入核对清单。请找到它的文字版（Word 或文字版 PDF）放入。")
    source_lines = tuple(SourceLine(n, text, layout) for n, (text, layout) in enumerate(laid_out(lines), start=1))
    return SourceText(display, "pdf", source_lines, tuple(warnings), format="pdf")


def _page_lines(page, number: int, tables: list[int]) -> list[TextPiece]:
    """The page's characters (PDFium's text page: each with its loose box, size, weight and font) and its drawn
    rules, as lines with the rows of ruled tables among them, top to bottom."""
    import ctypes

    import pypdfium2.raw as raw
    left, bottom, right, top = page.get_bbox()
    textpage = page.get_textpage()
    tp = textpage.raw
    chars: list[TextPiece] = []
    box = raw.FS_RECTF()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    font_of = None  # the text object of the last character: size, weight and font are looked up once per object
    size, bold = 0.0, False
    run: TextPiece | None = None  # characters set one after another in one text object make one run
    try:
        for i in range(raw.FPDFText_CountChars(tp)):
            if raw.FPDFText_IsGenerated(tp, i):
                continue  # a space or line break PDFium inferred: gaps are measured below
            code = raw.FPDFText_GetUnicode(tp, i)
            if code <= 32 or 0xD800 <= code <= 0xDFFF or code == 0xFFFE or not raw.FPDFText_GetLooseCharBox(tp, i, box):
                continue
            owner = ctypes.cast(raw.FPDFText_GetTextObject(tp, i), ctypes.c_void_p).value
            if owner != font_of or owner is None:
                font_of = owner
                size = round(raw.FPDFText_GetFontSize(tp, i), 1)
                raw.FPDFText_GetFontInfo(tp, i, name, len(name), ctypes.byref(flags))
                bold = raw.FPDFText_GetFontWeight(tp, i) >= 700 or bool(
                    _BOLD_FONT.search(name.value.decode("latin-1", "replace")))
            if (run is not None and run.size == size and run.bold == bold and abs(box.bottom - run.bottom) < 0.1 * size
                    and 0 <= box.left - run.x1 < T.PDF_SPACE_MIN * size):
                run.text += chr(code)
                run.x1 = box.right
                run.top = max(run.top, box.top)
                continue
            run = TextPiece(number, box.top, box.bottom, box.left, box.right, chr(code), size, bold, top, bottom)
            chars.append(run)
        rules = []
        for k in range(raw.FPDFPage_CountObjects(page.raw)):
            obj = raw.FPDFPage_GetObject(page.raw, k)
            if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_PATH:
                l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
                if raw.FPDFPageObj_GetBounds(obj, l, b, r, t):
                    rules.append((l.value, b.value, r.value, t.value))
    finally:
        textpage.close()
    rows, chars = ruled_tables(chars, rules, tables)
    return sorted(baseline_lines(chars) + rows, key=lambda l: -(l.top + l.bottom) / 2)


def ruled_tables(chars: list[TextPiece], rules: list[tuple[float, float, float, float]], tables: list[int]
                 ) -> tuple[list[TextPiece], list[TextPiece]]:
    """Tables drawn with rules: their rows (cells merged where a rule is missing) and the characters outside."""
    horizontal = [(min(x0, x1), max(x0, x1), (y0 + y1) / 2) for x0, y0, x1, y1 in rules if abs(y1 - y0) < 2 and abs(x1 - x0) > 4]
    vertical = [(min(y0, y1), max(y0, y1), (x0 + x1) / 2) for x0, y0, x1, y1 in rules if abs(x1 - x0) < 2 and abs(y1 - y0) > 4]
    if len(horizontal) < 2 or len(vertical) < 2:
        return [], chars
    rows_out: list[TextPiece] = []
    for box in _grids(horizontal, vertical):
        left, bottom, right, top = box
        xs = _positions([x for y0, y1, x in vertical if left - 2 <= x <= right + 2 and y0 < top - 1 and y1 > bottom + 1])
        ys = _positions([y for x0, x1, y in horizontal if bottom - 2 <= y <= top + 2 and x0 < right - 1 and x1 > left + 1])
        if len(xs) < 2 or len(ys) < 2:
            continue
        ys.sort(reverse=True)
        inside = [c for c in chars if left <= (c.x0 + c.x1) / 2 <= right and bottom <= (c.top + c.bottom) / 2 <= top]
        if not inside:
            continue
        ids = {id(c) for c in inside}
        chars = [c for c in chars if id(c) not in ids]
        tables[0] += 1
        texts: dict[tuple[int, int], list[TextPiece]] = {}
        for c in inside:
            col = max(k for k in range(len(xs) - 1) if xs[k] <= (c.x0 + c.x1) / 2 or k == 0)
            row = max(k for k in range(len(ys) - 1) if ys[k] >= (c.top + c.bottom) / 2 or k == 0)
            texts.setdefault((row, col), []).append(c)
        covered: set[tuple[int, int]] = set()
        grid: list[list[TableCell]] = []
        for r in range(len(ys) - 1):
            row_cells: list[TableCell] = []
            c = 0
            while c < len(xs) - 1:
                if (r, c) in covered:
                    row_cells.append(TableCell("", covered=True))
                    c += 1
                    continue
                middle_y = (ys[r] + ys[r + 1]) / 2
                span = 1
                while c + span < len(xs) - 1 and not _has_vertical(vertical, xs[c + span], middle_y):
                    span += 1
                middle_x = (xs[c] + xs[c + 1]) / 2
                down = 1
                while r + down < len(ys) - 1 and not _has_horizontal(horizontal, ys[r + down], middle_x):
                    down += 1
                pieces = [p for rr in range(r, r + down) for cc in range(c, c + span) for p in texts.get((rr, cc), [])]
                text = " ".join(l.text for l in baseline_lines(pieces)) if pieces else ""
                row_cells.append(TableCell(text, rowspan=down))
                row_cells.extend(TableCell("") for _ in range(span - 1))
                for rr in range(r + 1, r + down):
                    covered.update((rr, cc) for cc in range(c, c + span))
                c += span
            grid.append(row_cells)
            size = max((p.size for p in inside), default=0.0)
            rows_out.append(TextPiece(inside[0].page, ys[r], ys[r + 1], xs[0], xs[-1],
                                      "\t".join(cell.text for cell in row_cells), size, False,
                                      inside[0].page_top, inside[0].page_bottom, cells=tuple(row_cells), table=tables[0]))
    return rows_out, chars


def _grids(horizontal, vertical) -> list[tuple[float, float, float, float]]:
    """Boxes (left, bottom, right, top) of groups of rules that touch one another: each a drawn table."""
    segments = [("h", x0, y, x1, y) for x0, x1, y in horizontal] + [("v", x, y0, x, y1) for y0, y1, x in vertical]
    parent = list(range(len(segments)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    hs = [k for k, s in enumerate(segments) if s[0] == "h"]
    vs = [k for k, s in enumerate(segments) if s[0] == "v"]
    for h in hs:
        _, hx0, hy, hx1, _ = segments[h]
        for v in vs:
            _, vx, vy0, _, vy1 = segments[v]
            if hx0 - 2 <= vx <= hx1 + 2 and vy0 - 2 <= hy <= vy1 + 2:
                parent[find(h)] = find(v)
    groups: dict[int, list[int]] = {}
    for k in range(len(segments)):
        groups.setdefault(find(k), []).append(k)
    boxes = []
    for members in groups.values():
        if sum(1 for k in members if segments[k][0] == "h") < 2 or sum(1 for k in members if segments[k][0] == "v") < 2:
            continue
        boxes.append((min(segments[k][1] for k in members), min(segments[k][2] for k in members),
                      max(segments[k][3] for k in members), max(segments[k][4] for k in members)))
    return boxes


def _positions(values: list[float]) -> list[float]:
    """Rule positions with near-duplicates (a rule drawn twice, a cell's border) merged."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > 2:
            out.append(value)
    return out


def _has_vertical(vertical, x: float, y: float) -> bool:
    return any(abs(vx - x) <= 2 and y0 - 1 <= y <= y1 + 1 for y0, y1, vx in vertical)


def _has_horizontal(horizontal, y: float, x: float) -> bool:
    return any(abs(hy - y) <= 2 and x0 - 1 <= x <= x1 + 1 for x0, x1, hy in horizontal)


def baseline_lines(pieces: list[TextPiece]) -> list[TextPiece]:
    """Pieces of one page on one baseline as one line, left to right, top to bottom; the gap between two pieces
    written as the spaces it is wide (`thresholds.PDF_SPACE_WIDTH`), a gap of several characters as a tab (a column);
    each line marked when it stands in its page's top or bottom band."""
    ordered = sorted(pieces, key=lambda f: (f.page, -(f.top + f.bottom) / 2))
    groups: list[list[TextPiece]] = []
    for piece in ordered:
        if groups:
            first = groups[-1][0]
            height = max(first.top - first.bottom, piece.top - piece.bottom, 0.1)
            if first.page == piece.page and abs((first.top + first.bottom) / 2 - (piece.top + piece.bottom) / 2) < height * 0.45:
                groups[-1].append(piece)
                continue
        groups.append([piece])
    merged: list[TextPiece] = []
    for group in groups:
        group.sort(key=lambda f: f.x0)
        line = TextPiece(**{**group[0].__dict__})
        sizes = Counter()
        for piece in group[1:]:
            unit = max(piece.size, line.size, 0.1)
            gap = piece.x0 - line.x1
            if gap > T.PDF_COLUMN_GAP * unit:
                line.text += "\t"
            elif gap > T.PDF_SPACE_MIN * unit:  # narrower: the spacing set between Chinese and Latin letters
                line.text += " " * max(1, round(gap / (T.PDF_SPACE_WIDTH * unit)))
            line.text += piece.text
            line.x1 = max(line.x1, piece.x1)
            line.top, line.bottom = max(line.top, piece.top), min(line.bottom, piece.bottom)
            line.bold = line.bold and piece.bold
        for piece in group:
            sizes[piece.size] += len(piece.text)
        line.size = sizes.most_common(1)[0][0]
        merged.append(line)
    for line in merged:
        band = T.PDF_EDGE_BAND * max(line.page_top - line.page_bottom, 1.0)
        line.band = "top" if line.top > line.page_top - band else "bottom" if line.bottom < line.page_bottom + band else ""
    return merged


def laid_out(lines: list[TextPiece]) -> list[tuple[str, Layout]]:
    """Running heads and page numbers marked as furniture; wrapped lines joined (across a page break and its
    furniture too); a ruled table's rows kept as rows, one table across pages; hints from the geometry."""
    body = [l for l in lines if not l.band and not l.cells]
    counted = body or lines
    sizes = Counter()
    for l in counted:
        sizes[l.size] += len(l.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 0.0
    left = _margin([l.x0 for l in counted], low=True)
    right = _margin([l.x1 for l in counted], low=False)
    width = max(right - left, 1.0)
    recurring = Counter(re.sub(r"\d+", "#", l.text) for l in lines if l.band)
    out: list[tuple[str, Layout]] = []
    previous: TextPiece | None = None  # the last line of the text (not furniture) and where it is in `out`
    at = -1
    table_ids: dict[int, int] = {}
    for line in lines:
        if line.band and not line.cells and (_PAGE_NUMBER.fullmatch(line.text.strip()) or
                                             recurring[re.sub(r"\d+", "#", line.text)] > 1):
            out.append((line.text, Layout(chrome="页码" if _PAGE_NUMBER.fullmatch(line.text.strip()) else
                                          "页眉" if line.band == "top" else "页脚", paragraph=True)))
            continue
        if line.cells:
            # a table continued on the next page, the same number of columns, nothing but furniture between
            if previous is not None and previous.cells and len(previous.cells) == len(line.cells) \
                    and previous.page + 1 == line.page and previous.table != line.table:
                table_ids[line.table] = table_ids.get(previous.table, previous.table)
            number = table_ids.get(line.table, line.table)
            out.append((line.text, Layout(table=number, cells=line.cells, paragraph=True)))
            previous, at = line, len(out) - 1
            continue
        char = max(line.size or body_size, 1.0)
        if (previous is not None and not previous.cells and "\t" not in line.text and "\t" not in out[at][0]
                and previous.x1 >= right - T.PDF_WRAP_SLACK * char and line.x0 <= left + 0.5 * char
                and abs(line.size - previous.size) < 0.5
                and (line.page == previous.page and previous.bottom - line.top < 2 * char or line.page == previous.page + 1)):
            text, layout = out[at]
            out[at] = (text + line.text, layout)  # a line wrapped by the layout: one paragraph
            previous = line
            continue
        middle = (line.x0 + line.x1) / 2
        centred = (abs(middle - (left + right) / 2) < 2 * char and line.x0 > left + 1.5 * char
                   and line.x1 < right - 1.5 * char)
        right_aligned = not centred and line.x0 > left + 0.45 * width and "\t" not in line.text
        layout = Layout(centred=centred, right=right_aligned, bold=line.bold,
                        large=bool(body_size) and line.size >= body_size * T.LARGE_FONT_RATIO, paragraph=True)
        out.append((line.text, layout))
        previous, at = line, len(out) - 1
    return out


def _margin(values: list[float], low: bool) -> float:
    """The text column's edge: where nearly all lines start (low) or end, ignoring a few strays."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = int(len(ordered) * 0.05) if low else int(len(ordered) * 0.95)
    return ordered[min(index, len(ordered) - 1)]
