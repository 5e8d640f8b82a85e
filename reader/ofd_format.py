"""OFD (GB/T 33190, the national layout format): a zip of XML pages, read with the standard library.

OFD.xml names the document (DocBody/DocRoot); its Document.xml lists the pages and the page size; each
page's Content.xml holds text objects with their box (millimetres, y downwards), size, font and text
codes, and path objects (a table's rules). Everything is read through `containers` (bounded zip, XML without
DTDs). The text objects of a page become lines by baseline and its rules tables exactly as a PDF's do
(`pdf_format.baseline_lines`, `ruled_tables`), and the same layout pass as for PDF
(`pdf_format.laid_out`) marks running heads and page numbers and gives alignment and size hints.
"""
from __future__ import annotations

import posixpath

from . import thresholds as T
from .containers import BoundedZip, Unreadable, local, parse_xml
from .model import SourceLine, SourceText
from .pdf_format import ScannedPdf, TextPiece, baseline_lines, laid_out, ruled_tables


def read_ofd(data: bytes, display: str) -> SourceText:
    container = BoundedZip(data, display, " OFD 版式文件")
    if not container.has("OFD.xml"):
        raise Unreadable(f"文件 {display} 是压缩包，但不是 OFD 文件（缺少 OFD.xml），无法读取。")
    root = parse_xml(container.read("OFD.xml"), display, "OFD.xml")
    doc_root = next((e.text.strip() for e in root.iter() if local(e.tag) == "DocRoot" and e.text), None)
    if not doc_root:
        raise Unreadable(f"文件 {display} 的 OFD.xml 没有指明文档（DocRoot），可能已损坏，无法读取。")
    doc_path = _resolve("", doc_root)
    document = parse_xml(container.read(doc_path), display, doc_path)
    base = posixpath.dirname(doc_path)
    if any(local(e.tag) == "Encryptions" for e in root.iter()) or container.has(posixpath.join(base, "Encryptions.xml")):
        raise Unreadable(f"文件 {display} 是加密的 OFD，无法读取。请导出未加密的版本再放入。")
    height = _page_height(document)
    fonts = _fonts(container, document, base, display)
    lines: list[TextPiece] = []
    tables = [0]
    pages = [e for e in document.iter() if local(e.tag) == "Page"]
    more = len(pages) > T.PDF_MAX_PAGES
    for number, page in enumerate(pages[:T.PDF_MAX_PAGES], start=1):
        location = page.get("BaseLoc")
        if not location:
            continue
        path = _resolve(base, location)
        content = parse_xml(container.read(path), display, path)
        pieces: list[TextPiece] = []
        rules: list[tuple[float, float, float, float]] = []
        for item in content.iter():
            box = _numbers(item.get("Boundary"))
            if local(item.tag) == "PathObject" and len(box) >= 4:  # a drawn rule: a table's border
                rules.append((box[0], height - box[1] - box[3], box[0] + box[2], height - box[1]))
                continue
            if local(item.tag) != "TextObject" or len(box) < 4:
                continue
            size = _number(item.get("Size"), 0.0)
            bold = _number(item.get("Weight"), 400) >= 700 or "hei" in fonts.get(item.get("Font", ""), "").lower() \
                or "黑体" in fonts.get(item.get("Font", ""), "")
            for code in item:
                if local(code.tag) != "TextCode" or not code.text:
                    continue
                x = box[0] + _number(code.get("X"), 0.0)
                y = box[1] + _number(code.get("Y"), size)
                width = sum(_numbers(code.get("DeltaX"))) + size if code.get("DeltaX") else size * len(code.text)
                pieces.append(TextPiece(number, height - y + size * 0.8, height - y - size * 0.2, x, x + width,
                                        code.text, size, bold, height))
        rows, pieces = ruled_tables(pieces, rules, tables)
        lines.extend(sorted(baseline_lines(pieces) + rows, key=lambda l: -(l.top + l.bottom) / 2))
    if sum(len(l.text.strip()) for l in lines) < T.PDF_MIN_TEXT_CHARS:
        raise ScannedPdf(f"文件 {display} 是图片版的 OFD（没有文字层），无法读出正文；请找到它的文字版放入。")
    warnings = ()
    if more:
        from .model import BuildWarning
        warnings = (BuildWarning(display, None, f"OFD 页数过多，只读取了前 {T.PDF_MAX_PAGES} 页，其余未读取，请核对"),)
    source_lines = tuple(SourceLine(n, text, layout) for n, (text, layout) in enumerate(laid_out(lines), start=1))
    return SourceText(display, "ofd", source_lines, warnings, format="ofd")


def _resolve(base: str, location: str) -> str:
    location = location.strip()
    path = location.lstrip("/") if location.startswith("/") else posixpath.normpath(posixpath.join(base, location))
    return path


def _page_height(document) -> float:
    for element in document.iter():
        if local(element.tag) == "PhysicalBox":
            box = _numbers(element.text)
            if len(box) == 4:
                return box[3]
    return 297.0


def _fonts(container: BoundedZip, document, base: str, display: str) -> dict[str, str]:
    fonts: dict[str, str] = {}
    for element in document.iter():
        if local(element.tag) == "PublicRes" and element.text:
            path = _resolve(base, element.text)
            if container.has(path):
                for font in parse_xml(container.read(path), display, path).iter():
                    if local(font.tag) == "Font":
                        fonts[font.get("ID", "")] = font.get("FontName", "") + " " + font.get("FamilyName", "")
    return fonts


def _numbers(text: str | None) -> list[float]:
    values = []
    parts = (text or "").split()
    k = 0
    while k < len(parts):
        if parts[k] == "g" and k + 2 < len(parts):  # DeltaX "g 3 4.2": the next 3 gaps are 4.2
            values.extend([_number(parts[k + 2], 0.0)] * int(_number(parts[k + 1], 0)))
            k += 3
            continue
        values.append(_number(parts[k], 0.0))
        k += 1
    return values


def _number(text: str | None, default: float) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return default
