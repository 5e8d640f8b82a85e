"""PDF with a text layer: lines in reading order, running heads and page numbers set aside by position.

Read with pdfminer.six (see the README for why): every text line with its box and its characters'
fonts and sizes. Per page, fragments on one baseline are one line (a wide gap between them a tab, so
a table's row reads as cells), top to bottom. A line in the page's top or bottom band that is a page
number, or that recurs on other pages, is page furniture (`Layout.chrome`), shown in the set-aside
box, never lost. A line that runs to the right margin and is followed by one starting at the left
margin is a paragraph wrapped by the layout and is joined to it, across a page break too; each line
then carries its alignment, emphasis and size as hints.

Bounded: at most `thresholds.PDF_MAX_PAGES` pages and `PDF_MAX_SECONDS` seconds are read (the rest is
reported); a loop in the object tree is cut by pdfminer's own visited set and by the recursion guard.
A file with next to no text in its layer is a scan (`ScannedPdf`).
"""
from __future__ import annotations

import io
import re
import time
from collections import Counter
from dataclasses import dataclass

from . import thresholds as T
from .containers import Unreadable
from .model import BuildWarning, Layout, SourceLine, SourceText

_PAGE_NUMBER = re.compile(r"[—\-－–]?\s*\d{1,4}\s*[—\-－–]?|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_BOLD_FONT = re.compile(r"bold|heavy|black|hei|黑体", re.IGNORECASE)


class ScannedPdf(Unreadable):
    """A PDF whose pages are pictures: no text to read; published as a download all the same."""


@dataclass
class TextPiece:
    """A run of text on a page, with its box (points or millimetres, y upwards), size and emphasis."""

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


def read_pdf(data: bytes, display: str) -> SourceText:
    from pdfminer.layout import LAParams, LTTextLineHorizontal, LTTextContainer, LTChar
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psexceptions import PSException

    warnings: list[BuildWarning] = []
    started = time.monotonic()
    pieces: list[TextPiece] = []
    pages_read = 0
    more_pages = False
    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser)
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=LAParams(line_margin=0.3, char_margin=1.0, boxes_flow=None))
        interpreter = PDFPageInterpreter(manager, device)
        for page in PDFPage.create_pages(document):
            if pages_read >= T.PDF_MAX_PAGES or time.monotonic() - started > T.PDF_MAX_SECONDS:
                more_pages = True
                break
            interpreter.process_page(page)
            layout = device.get_result()
            pieces.extend(_page_pieces(layout, pages_read + 1, LTTextContainer, LTTextLineHorizontal, LTChar))
            pages_read += 1
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise Unreadable(f"文件 {display} 是加密的 PDF（需要密码才能打开），无法读取。"
                         "请取消密码后另存一份再放入。") from None
    except RecursionError:
        raise Unreadable(f"文件 {display} 的内部结构自相引用（循环），无法读取；可能已损坏。") from None
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError, AttributeError, IndexError,
            AssertionError, OverflowError, ZeroDivisionError, EOFError) as error:
        if not pieces:
            raise Unreadable(f"文件 {display} 不是完整的 PDF（{type(error).__name__}），可能已损坏，无法读取。") from None
        warnings.append(BuildWarning(display, None, f"PDF 第 {pages_read + 1} 页起已损坏，只读取了前 {pages_read} 页，请核对"))
    except Exception as error:  # noqa: BLE001 - pdfminer raises its own kinds on a damaged file
        if not pieces:
            raise Unreadable(f"文件 {display} 无法按 PDF 读取（{type(error).__name__}），可能已损坏。") from None
        warnings.append(BuildWarning(display, None, f"PDF 第 {pages_read + 1} 页起无法读取，只读取了前 {pages_read} 页，请核对"))
    if more_pages:
        warnings.append(BuildWarning(display, None, f"PDF 页数过多或读取过慢，只读取了前 {pages_read} 页，其余未读取，请核对"))
    lines = baseline_lines(pieces)
    characters = sum(len(l.text.strip()) for l in lines)
    if characters < T.PDF_MIN_TEXT_CHARS * max(pages_read, 1) and characters < T.PDF_MIN_TEXT_CHARS * 10:
        raise ScannedPdf(f"文件 {display} 是扫描件（PDF 中没有可读取的文字层），无法读出正文；"
                         "已把原 PDF 作为下载文件发布，并列入核对清单。请找到它的文字版（Word 或文字版 PDF）放入。")
    source_lines = tuple(SourceLine(n, text, layout) for n, (text, layout) in enumerate(laid_out(lines), start=1))
    return SourceText(display, "pdf", source_lines, tuple(warnings), format="pdf")


def _page_pieces(layout, page: int, LTTextContainer, LTTextLineHorizontal, LTChar) -> list[TextPiece]:
    """The page's text lines as pdfminer groups them, each with its box, size and emphasis."""
    pieces: list[TextPiece] = []
    stack = list(layout)
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLineHorizontal):
            text = _line_text(item, LTChar)
            if not text.strip():
                continue
            chars = [c for c in item if isinstance(c, LTChar) and c.get_text().strip()]
            size = Counter(round(c.size, 1) for c in chars).most_common(1)[0][0] if chars else 0.0
            bold = bool(chars) and all(_BOLD_FONT.search(c.fontname or "") for c in chars)
            pieces.append(TextPiece(page, item.y1, item.y0, item.x0, item.x1, text.strip(), size, bold,
                                    layout.y1, layout.y0))
        elif isinstance(item, LTTextContainer):
            stack.extend(item)
    return pieces


def _line_text(line, LTChar) -> str:
    """A line's text: its characters, and the spaces pdfminer infers between them only where neither side is a
    Chinese character (a gap where the typesetting switched fonts for a digit is not a space)."""
    parts = [(c.get_text(), isinstance(c, LTChar)) for c in line]
    out: list[str] = []
    for k, (text, real) in enumerate(parts):
        if text == "\n":
            continue
        if not real and text == " ":
            before = out[-1][-1:] if out else ""
            after = next((t[:1] for t, r in parts[k + 1:] if r), "")
            if _CJK.match(before) or _CJK.match(after):
                continue
        out.append(text)
    return "".join(out).strip()


def baseline_lines(pieces: list[TextPiece]) -> list[TextPiece]:
    """Per page, pieces on one baseline merged into one line (a wide gap a tab), top to bottom, left to right;
    each line marked when it stands in its page's top or bottom band."""
    ordered = sorted(pieces, key=lambda f: (f.page, -round((f.top + f.bottom) / 2), f.x0))
    merged: list[TextPiece] = []
    for piece in ordered:
        last = merged[-1] if merged else None
        height = max(piece.top - piece.bottom, 0.1)
        if last and last.page == piece.page \
                and abs((last.top + last.bottom) / 2 - (piece.top + piece.bottom) / 2) < height * 0.5 \
                and piece.x0 >= last.x1 - 0.2 * max(piece.size, 0.1):
            gap = piece.x0 - last.x1
            joiner = "\t" if gap > 2 * max(piece.size, 0.1) else (" " if gap > 0.5 * max(piece.size, 0.1) else "")
            last.text += joiner + piece.text
            last.x1 = piece.x1
            last.bold = last.bold and piece.bold
            last.size = max(last.size, piece.size)
        else:
            merged.append(TextPiece(**{**piece.__dict__}))
    for line in merged:
        band = T.PDF_EDGE_BAND * max(line.page_top - line.page_bottom, 1.0)
        line.band = "top" if line.top > line.page_top - band else "bottom" if line.bottom < line.page_bottom + band else ""
    return merged


def laid_out(lines: list[TextPiece]) -> list[tuple[str, Layout]]:
    """Running heads and page numbers marked as furniture; wrapped lines joined; hints from the geometry."""
    body = [l for l in lines if not l.band]
    counted = body or lines
    body_size = Counter(l.size for l in counted for _ in l.text).most_common(1)[0][0] if counted else 0.0
    left = _margin([l.x0 for l in counted], low=True)
    right = _margin([l.x1 for l in counted], low=False)
    width = max(right - left, 1.0)
    recurring = Counter(re.sub(r"\d+", "#", l.text) for l in lines if l.band)
    out: list[tuple[str, Layout]] = []
    previous: TextPiece | None = None
    for line in lines:
        if line.band and (_PAGE_NUMBER.fullmatch(line.text.strip()) or
                          recurring[re.sub(r"\d+", "#", line.text)] > 1):
            out.append((line.text, Layout(chrome="页码" if _PAGE_NUMBER.fullmatch(line.text.strip()) else
                                          "页眉" if line.band == "top" else "页脚", paragraph=True)))
            continue
        char = max(line.size or body_size, 1.0)
        if (previous is not None and out and not out[-1][1].chrome and "\t" not in line.text and "\t" not in out[-1][0]
                and previous.x1 >= right - 1.5 * char and line.x0 <= left + 0.5 * char
                and not previous.band and abs(line.size - previous.size) < 0.5
                and (line.page == previous.page and previous.bottom - line.top < 2 * char or line.page == previous.page + 1)):
            text, layout = out[-1]
            out[-1] = (text + line.text, layout)  # a line wrapped by the layout: one paragraph
            previous = line
            continue
        middle = (line.x0 + line.x1) / 2
        centred = (abs(middle - (left + right) / 2) < 2 * char and line.x0 > left + 1.5 * char
                   and line.x1 < right - 1.5 * char)
        right_aligned = not centred and line.x0 > left + 0.45 * width and "\t" not in line.text
        layout = Layout(centred=centred, right=right_aligned, bold=line.bold,
                        large=bool(body_size) and line.size >= body_size * T.LARGE_FONT_RATIO, paragraph=True)
        out.append((line.text, layout))
        previous = line
    return out


def _margin(values: list[float], low: bool) -> float:
    """The text column's edge: where nearly all lines start (low) or end, ignoring a few strays."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = int(len(ordered) * 0.05) if low else int(len(ordered) * 0.95)
    return ordered[min(index, len(ordered) - 1)]
