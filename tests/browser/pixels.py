"""Rendered pixels for the QR tests: Chromium's PNG screenshots and poppler's PGM rasters of a printed
PDF, read with the standard library into grey images that zxing-cpp decodes (a phone camera's view,
not the SVG source)."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Grey:
    width: int
    height: int
    data: bytes  # one byte a pixel, rows top to bottom

    def view(self) -> memoryview:
        return memoryview(self.data).cast("B", shape=(self.height, self.width))


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def png_to_grey(png: bytes) -> Grey:
    """An 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes) as grey (its green channel:
    QR codes are black on white)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], None
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        body = png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    grey = bytearray(width * height)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                upper_left = previous[i - channels] if i >= channels else 0
                line[i] = (line[i] + _paeth(left, previous[i], upper_left)) & 0xFF
        grey[y * width:(y + 1) * width] = line[1::channels]
        previous = line
    return Grey(width, height, bytes(grey))


def pdf_page_to_grey(pdf: bytes, dpi: int = 150) -> Grey:
    """The first page of a PDF rasterised by poppler's pdftoppm, as a printer at `dpi` would put it on paper."""
    tool = shutil.which("pdftoppm")
    assert tool, "需要 pdftoppm（Debian 的 poppler-utils）：请用 python3 make.py test 运行，它会用 apt 安装"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sheet.pdf"
        source.write_bytes(pdf)
        subprocess.run([tool, "-r", str(dpi), "-gray", "-f", "1", "-l", "1", str(source), str(Path(folder) / "page")],
                       check=True)
        image = next(Path(folder).glob("page*.pgm")).read_bytes()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", image)
    width, height, top = (int(g) for g in match.groups())
    assert top == 255
    return Grey(width, height, image[match.end():match.end() + width * height])


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it (what the paper says)."""
    tool = shutil.which("pdftotext")
    assert tool, "需要 pdftotext（Debian 的 poppler-utils）"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sheet.pdf"
        source.write_bytes(pdf)
        return subprocess.run([tool, "-layout", str(source), "-"], check=True, capture_output=True).stdout.decode("utf-8")
