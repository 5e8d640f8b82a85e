"""Tables in every form a copied notice writes them, read into rows of cell texts.

Forms: one cell a line indented by a tab, a blank line between rows (exports); cells
separated by tabs on one line; cells between "|" pipes (with or without separator lines);
columns aligned with runs of spaces; one cell a line with no indentation under a 序号/名称
header, where each numbered row may span several lines (merged cells); and a fill-in form
whose empty cells were lost in copying (its cells are kept in order, its shape is unknown).

Each reader takes the lines and a start index and returns a `Found` table or None; `table_at`
tries them in order. Thresholds come from `thresholds.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import thresholds as T
from .model import SourceLine
from .patterns import SENTENCE_PUNCT, attachment_list_head, attachment_start, clean, is_office_line, marker, signature_date

_PIPES = "|｜│┃"
_BOX_RULE = "-—=+─━═┼├┤┌┐└┘┬┴╋┣┫┏┓┗┛┳┻╔╗╚╝╠╣╦╩╬"
_SEPARATOR_ROW = re.compile(rf"[|｜│┃:：\s{re.escape(_BOX_RULE)}]*")
_SPACE_GAP = re.compile(rf"(?: {{{T.SPACE_COLUMN_GAP},}}|\u3000+|\t+)")
_FORM_TITLE_END = ("表", "单", "回执", "证明", "样表")


@dataclass
class Found:
    form: str  # one-cell-a-line | tabs | pipes | spaces | form
    end: int  # index after the table's last line
    rows: list[list[str]]
    source: tuple[str, ...] = ()  # lines as written, when they hold layout characters that are not spaces
    shape_known: bool = True
    spans: dict[tuple[int, int], int] | None = None  # (row, col) -> rowspan, for merged cells read from numbered rows


def _blank(line: SourceLine) -> bool:
    return not clean(line.text)


# --- one cell a line, tab-indented (the export form) --------------------------------------

def _tab_indented(lines: tuple[SourceLine, ...], i: int) -> Found | None:
    if not lines[i].text.startswith("\t") or len(_tab_cells(lines[i].text)) > 1:
        return None
    rows: list[list[str]] = []
    current: list[str] = []
    blank_run = 0
    j = i
    while j < len(lines):
        raw = lines[j].text
        if raw.startswith("\t\t") and current and blank_run == 0:
            current[-1] += clean(raw)  # a wrapped cell, indented deeper
        elif raw.startswith("\t"):
            if blank_run and current:
                rows.append(current)
                current = []
            current.append(clean(raw))
            blank_run = 0
        elif not clean(raw):
            blank_run += 1
        elif current and blank_run == 0 and not marker(raw):
            current[-1] += clean(raw)  # a wrapped cell, continued without a tab
        else:
            break
        j += 1
    if current:
        rows.append(current)
    while j > i and not clean(lines[j - 1].text) and not lines[j - 1].text.startswith("\t"):
        j -= 1  # hand trailing blank lines back to the body
    return Found("one-cell-a-line", j, rows)


# --- cells on one line: tabs, pipes, spaces ------------------------------------------------

def _tab_cells(text: str) -> list[str]:
    cells = [clean(c) for c in text.strip("\n").split("\t")]
    while cells and not cells[0]:
        cells.pop(0)
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _pipe_cells(text: str) -> list[str] | None:
    body = clean(text)
    count = sum(body.count(p) for p in _PIPES)
    if count < 2 and not (count and (body[:1] in _PIPES or body[-1:] in _PIPES)):
        return None
    cells = [clean(c) for c in re.split(f"[{_PIPES}]", body)]
    if body[:1] in _PIPES:
        cells = cells[1:]
    if body[-1:] in _PIPES:
        cells = cells[:-1]
    return cells if len(cells) >= 2 else None


_SPACED_NAME = re.compile(r"^([\u4e00-\u9fff])(?:  |\u3000)([\u4e00-\u9fff])(?=\s)")


def _space_cells(text: str) -> list[str] | None:
    # a two-character name padded to three ("刘  斌   县政府办主任") is one cell, not two
    body = _SPACED_NAME.sub(r"\1\2", clean(text))
    cells = [c for c in _SPACE_GAP.split(body) if c]
    if len(cells) < T.SPACE_TABLE_MIN_COLS or all(len(c) == 1 for c in cells):
        return None  # letter-spacing ("姓  名"), not columns
    if any(len(c) > T.SPACE_TABLE_CELL_MAX or "。" in c for c in cells):
        return None
    return cells


def _run(lines: tuple[SourceLine, ...], i: int, cells_of, skip=None) -> tuple[list[list[str]], int, list[str]]:
    """Consecutive lines (no blank line between) whose cells `cells_of` can read."""
    rows: list[list[str]] = []
    source: list[str] = []
    j = i
    while j < len(lines) and not _blank(lines[j]):
        text = lines[j].text
        if skip and skip(text):
            source.append(text)
            j += 1
            continue
        cells = cells_of(text)
        if cells is None:
            break
        rows.append(cells)
        source.append(text)
        j += 1
    return rows, j, source


class Rejected(dict):
    """Per reader, the index before which it has already rejected a run: a later line of the same run is
    rejected for the same reason, so no run is scanned twice (reading stays linear)."""

    def known(self, reader: str, i: int) -> bool:
        return i < self.get(reader, 0)


def _tabs(lines: tuple[SourceLine, ...], i: int, rejected: Rejected) -> Found | None:
    if len(_tab_cells(lines[i].text)) < 2 or rejected.known("tabs", i):
        return None
    rows, end, _ = _run(lines, i, lambda t: _tab_cells(t) if len(_tab_cells(t)) >= 2 else None)
    if len(rows) < T.TABLE_MIN_ROWS:
        rejected["tabs"] = end
        return None
    return Found("tabs", end, rows)


def _rule_line(text: str) -> bool:
    """"|---|---|", "├──┼──┤", "│ │ ├────┬────┤": a line that only draws the grid."""
    return bool(_SEPARATOR_ROW.fullmatch(text)) and any(ch in text for ch in _BOX_RULE)


def _pipes(lines: tuple[SourceLine, ...], i: int, rejected: Rejected) -> Found | None:
    if rejected.known("pipes", i) or (_pipe_cells(lines[i].text) is None and not _rule_line(lines[i].text)):
        return None
    rows, end, source = _run(lines, i, _pipe_cells, skip=_rule_line)
    if len(rows) < T.TABLE_MIN_ROWS:
        rejected["pipes"] = end
        return None
    boxed = any(ch in "".join(source) for ch in "│┃┌├")
    return Found("box-drawing" if boxed else "pipes", end, rows, tuple(source))


# --- one cell a line, each closed by "|" (an HTML table copied as text) ------------------------

def _separated_cells(lines: tuple[SourceLine, ...], i: int, rejected: Rejected) -> Found | None:
    """"设区市 / | / 补充耕地面积 / | / …" or "序号 | / 乡镇 | / … / |": cells closed by a bar.

    A bar alone after a closed cell ends the row; without such marks the row length is the period
    at which every column keeps one kind of content (names, numbers), the header row apart."""
    if rejected.known("separated", i) or not _closed_cell_start(lines, i):
        return None
    cells: list[str | None] = []  # None: the end of a row
    source: list[str] = []
    j, closed = i, False
    while j < len(lines):
        text = clean(lines[j].text)
        if not text:
            break
        if re.fullmatch(r"[|｜]+", text):
            if closed or not cells:
                cells.extend([None] * len(text))
            closed = True
        elif len(text) <= T.SPACE_TABLE_CELL_MAX and "。" not in text and not attachment_start(text):
            closed = text.endswith(("|", "｜"))
            if not closed and not (j + 1 < len(lines) and re.fullmatch(r"[|｜]+", clean(lines[j + 1].text))):
                break  # a cell is always closed, on its line or the next
            cells.append(clean(text.rstrip("|｜")))
        else:
            break
        source.append(lines[j].text)
        j += 1
    values = [c for c in cells if c is not None]
    if len(values) < T.FORM_MIN_CELLS:
        rejected["separated"] = j
        return None
    rows: list[list[str]] = []
    if None in cells[1:]:
        current: list[str] = []
        for cell in cells + [None]:
            if cell is None:
                if current:
                    rows.append(current)
                current = []
            else:
                current.append(cell)
        if rows and len(rows[0]) == 1 and len(rows) > 1 and max(len(r) for r in rows[1:]) > 1:
            rows = rows[1:]  # a title row merged across the table: its caption, not a row
    else:
        width = _period(values)
        if width is None:
            rejected["separated"] = j
            return None
        rows = [values[k:k + width] for k in range(0, len(values), width)]
    if len(rows) < T.TABLE_MIN_ROWS:
        rejected["separated"] = j
        return None
    return Found("one-cell-a-line", j, rows, tuple(source))


def _closed_cell_start(lines: tuple[SourceLine, ...], i: int) -> bool:
    text = clean(lines[i].text)
    if not text or len(text) > T.SPACE_TABLE_CELL_MAX or attachment_start(text) or attachment_list_head(text):
        return False
    following = clean(lines[i + 1].text) if i + 1 < len(lines) else ""
    if re.fullmatch(r"[|｜]+", text):  # a bar, then a closed cell: the grid's first row mark
        return following.endswith(("|", "｜")) and len(following) > 1 and i + 1 < len(lines) and _closed_cell_start(lines, i + 1)
    return (text.endswith(("|", "｜")) and len(text) > 1) or bool(re.fullmatch(r"[|｜]+", following))


_NUMBER_CELL = re.compile(r"[-+]?\d[\d,.，]*%?")


def _period(values: list[str]) -> int | None:
    """The row length at which every column below the header holds one kind of cell (numbers or words)."""
    for width in range(2, min(T.TABLE_MAX_COLS, len(values) // 2) + 1):
        body = values[width:]
        if not body or any(_NUMBER_CELL.fullmatch(v) for v in values[:width]):
            continue
        kinds = [{bool(_NUMBER_CELL.fullmatch(body[k])) for k in range(c, len(body), width)} for c in range(width)]
        if all(len(k) == 1 for k in kinds) and any(True in k for k in kinds):
            return width
    return None


def _spaces(lines: tuple[SourceLine, ...], i: int, captioned: bool, rejected: Rejected) -> Found | None:
    if _space_cells(lines[i].text) is None or (not captioned and rejected.known("spaces", i)):
        return None
    rows, end, _ = _run(lines, i, _space_cells)
    if (len(rows) < T.TABLE_MIN_ROWS
            or all(is_office_line(c) for row in rows for c in row)  # joint issuers signing side by side
            # a name and a post on each line ("刘  斌   县政府办主任") is a list laid out by hand
            or (not captioned and max(len(r) for r in rows) < T.SPACE_TABLE_MIN_COLS_ALONE)):
        if not captioned:
            rejected["spaces"] = end
        return None
    return Found("spaces", end, rows)


# --- one cell a line under a 序号 header, numbered rows spanning several lines ---------------

def _cell_like(text: str) -> bool:
    text = clean(text)
    return bool(text) and len(text) <= T.SPACE_TABLE_CELL_MAX and "。" not in text and not attachment_start(text)


def _numbered_rows(lines: tuple[SourceLine, ...], i: int, rejected: Rejected) -> Found | None:
    if clean(lines[i].text) not in ("序号", "编号", "序") or rejected.known("numbered", i):
        return None
    cells: list[str] = []
    j = i
    last = i
    while j < len(lines):
        if _blank(lines[j]):
            j += 1
            continue
        if not _cell_like(lines[j].text) or signature_date(lines[j].text):
            break
        cells.append(clean(lines[j].text))
        last = j
        j += 1
    if "1" not in cells:
        rejected["numbered"] = last + 1
        return None
    width = cells.index("1")
    if width < T.NUMBERED_ROW_MIN_HEADERS:
        return None
    header, items, current, expected = cells[:width], [], [], 1
    for cell in cells[width:]:
        if cell == str(expected):
            if current:
                items.append(current)
            current, expected = [cell], expected + 1
        else:
            current.append(cell)
    items.append(current)
    merged = _merged_columns(width, items)
    rows: list[list[str]] = [header]
    spans: dict[tuple[int, int], int] = {}
    for item in items:
        first_row = len(rows)
        rows.append(item[:width])
        rest = item[width:]
        step = width - merged if merged is not None else width
        for k in range(0, len(rest), step):
            rows.append([""] * (width - step) + rest[k:k + step])
        for col in range(width - step):
            spans[(first_row, col)] = len(rows) - first_row
    return Found("one-cell-a-line", last + 1, rows, spans=spans, shape_known=merged is not None)


def _merged_columns(width: int, items: list[list[str]]) -> int | None:
    """How many leading columns each numbered row keeps merged over its extra lines."""
    complete = items[:-1] or items
    for merged in range(0, width):
        step = width - merged
        if all(len(item) >= width and (len(item) - width) % step == 0 for item in complete):
            if merged or all(len(item) == width for item in complete):
                return merged
    return None


# --- a fill-in form under its title (登记表, 申报单) -----------------------------------------

def _bare_cells(lines: tuple[SourceLine, ...], i: int, rejected: Rejected) -> Found | None:
    """"乡 镇 / 金 额 / 杨兴乡 / 2 / 新州镇 / 0.5 …" under a table's title: cells one a line, no marks at all;
    the row length is the period at which every column keeps one kind of content."""
    if rejected.known("bare", i):
        return None
    values: list[str] = []
    j = i
    while j < len(lines):
        text = clean(lines[j].text)
        if not text or len(text) > T.FORM_CELL_MAX or any(ch in text for ch in "。；，") or marker(text) \
                or attachment_start(text) or re.fullmatch(r"\[\d{1,2}\]|[|｜]+", text):
            break
        values.append(text)
        j += 1
    width = _period(values) if len(values) >= T.FORM_MIN_CELLS else None
    if width is None or len(values) < T.BARE_CELLS_MIN_ROWS * width:
        rejected["bare"] = j
        return None
    return Found("one-cell-a-line", j, [values[k:k + width] for k in range(0, len(values), width)])


def _form(lines: tuple[SourceLine, ...], i: int, title: str) -> Found | None:
    if not title.endswith(_FORM_TITLE_END) or title.endswith(("名单", "清单")):
        return None
    run: list[str] = []
    j = i
    while j < len(lines) and not _blank(lines[j]) and not attachment_start(clean(lines[j].text)):
        run.append(clean(lines[j].text))
        j += 1
    short = sum(1 for cell in run if len(cell) <= T.FORM_CELL_MAX)
    if (len(run) < T.FORM_MIN_CELLS or short * 10 < len(run) * 6 or any(marker(cell) for cell in run)
            or any(re.fullmatch(r"[|｜]+", cell) for cell in run)):
        return None  # bars between the cells: a grid whose shape can be read (see _separated_cells)
    return Found("form", j, [[cell] for cell in run], shape_known=False)


def table_at(lines: tuple[SourceLine, ...], i: int, *, captioned: bool = False, form_title: str = "",
             rejected: Rejected | None = None) -> Found | None:
    """The table starting at line i, in whichever form it is written, or None.

    Pass the same `rejected` for every line of one text to keep reading linear."""
    text = lines[i].text
    if any(ch in SENTENCE_PUNCT for ch in clean(text)[:1]):
        return None
    rejected = Rejected() if rejected is None else rejected
    return (_tab_indented(lines, i) or _tabs(lines, i, rejected) or _separated_cells(lines, i, rejected)
            or _pipes(lines, i, rejected) or _spaces(lines, i, captioned, rejected) or _numbered_rows(lines, i, rejected)
            or (_bare_cells(lines, i, rejected) or _form(lines, i, form_title) if form_title else None))
