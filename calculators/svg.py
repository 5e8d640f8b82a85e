"""A small inline-SVG drawing kit: standard library only, so the same code draws in the browser's
worker (results) and at build time (pages).

Every picture is 360 units wide with 11-13 unit text, so it reads at 1:1 on a 390 px phone;
fills carry a hatching as well as a colour, and every mark has a text label, so a
black-and-white printout says the same. Marks and axis ticks carry data-mark / data-axis and
data-value attributes: the tests read the SVG with xml.etree and check that each mark sits
where its number says. No element ids, so many pictures can share a page.
"""
from __future__ import annotations

import math
import unicodedata

WIDTH = 360
FONT = 13
SMALL = 11
INK = "#1a1a1a"
GREY = "#6b6b6b"
LIGHT = "#d9d9d9"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def fmt(value: float) -> str:
    """A coordinate: one decimal, no trailing zero (keeps pictures byte-identical between runs)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else ("0" if text == "-0" else text)


def text_width(text: str, size: float = FONT) -> float:
    """Rough advance width: CJK and full-width characters one em, others about half."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.56 for ch in text)


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Break a line of Chinese text to fit width (at punctuation when it can)."""
    lines, current = [], ""
    for ch in text:
        if text_width(current + ch, size) > width and current:
            cut = max(current.rfind(p) for p in "，；、：。）")
            if cut > len(current) // 2:
                lines.append(current[:cut + 1])
                current = current[cut + 1:]
            else:
                lines.append(current)
                current = ""
        current += ch
    if current:
        lines.append(current)
    return lines


def spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as close to the wanted ones as possible, at least gap apart, within [low, high]
    (for labels that would otherwise overlap). Keeps the order of the input."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    previous = low - gap
    for i in order:
        placed[i] = max(wanted[i], previous + gap)
        previous = placed[i]
    overflow = previous - high
    if overflow > 0:  # push the whole run back from the end
        following = high + gap
        for i in reversed(order):
            placed[i] = min(placed[i], following - gap)
            following = placed[i]
    return placed


def _dark(fill: str) -> bool:
    """A fill dark enough (in grey, as printed) that hatching must be drawn in white to show."""
    if not (fill.startswith("#") and len(fill) == 7):
        return False
    red, green, blue = (int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 0.45


def _data(attributes: dict) -> str:
    return "".join(f' data-{key.replace("_", "-")}="{escape(str(value))}"' for key, value in attributes.items()
                   if value is not None)


class Drawing:
    def __init__(self, alt: str, width: int = WIDTH) -> None:
        self.alt = alt
        self.width = width
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str = "none", stroke: str | None = None,
             hatch: str | None = None, **data) -> None:
        outline = f' stroke="{stroke}" stroke-width="1"' if stroke else ""
        self.parts.append(f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(max(w, 0))}" height="{fmt(max(h, 0))}" '
                          f'fill="{fill}"{outline}{_data(data)}/>')
        if hatch and w > 0 and h > 0:
            self.hatch(x, y, w, h, hatch, "#fff" if _dark(fill) else "#000")

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = INK, width: float = 1,
             dash: str | None = None, **data) -> None:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<line x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}" stroke="{stroke}" '
                          f'stroke-width="{fmt(width)}"{dashes}{_data(data)}/>')

    def path(self, d: str, stroke: str = INK, width: float = 1, fill: str = "none", dash: str | None = None,
             **data) -> None:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<path d="{d}" stroke="{stroke}" stroke-width="{fmt(width)}" fill="{fill}"{dashes}{_data(data)}/>')

    def circle(self, x: float, y: float, r: float, fill: str = INK, stroke: str = "#fff", **data) -> None:
        self.parts.append(f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r)}" fill="{fill}" stroke="{stroke}" '
                          f'stroke-width="1.5"{_data(data)}/>')

    def text(self, x: float, y: float, content: str, size: float = FONT, anchor: str = "start", bold: bool = False,
             fill: str = INK, halo: bool = False, **data) -> None:
        weight = ' font-weight="700"' if bold else ""
        align = f' text-anchor="{anchor}"' if anchor != "start" else ""
        outline = ' stroke="#fff" stroke-width="3" paint-order="stroke"' if halo else ""
        self.parts.append(f'<text x="{fmt(x)}" y="{fmt(y)}" font-size="{fmt(size)}"{align}{weight} fill="{fill}"'
                          f'{outline}{_data(data)}>{escape(content)}</text>')

    def paragraph(self, x: float, y: float, content: str, width: float, size: float = FONT, bold: bool = False,
                  leading: float = 1.35) -> float:
        """Wrapped text from baseline y; returns the baseline after the last line."""
        for line in wrap(content, width, size):
            self.text(x, y, line, size=size, bold=bold)
            y += size * leading
        return y

    def hatch(self, x: float, y: float, w: float, h: float, style: str, ink: str = "#000") -> None:
        """Hatching drawn as clipped lines (no <pattern>, so no ids): reads in black and white."""
        step = {"dense": 3.5}.get(style, 6.0)
        segments = []
        if style in ("rising", "cross", "dense"):  # lines x + y = c
            c = x + y + step
            while c < x + w + y + h:
                x_start, x_end = max(x, c - (y + h)), min(x + w, c - y)
                if x_end > x_start:
                    segments.append(f"M{fmt(x_start)} {fmt(c - x_start)}l{fmt(x_end - x_start)} {fmt(x_start - x_end)}")
                c += step
        if style in ("falling", "cross", "dense"):  # lines x - y = c
            c = x - (y + h) + step
            while c < x + w - y:
                x_start, x_end = max(x, c + y), min(x + w, c + y + h)
                if x_end > x_start:
                    segments.append(f"M{fmt(x_start)} {fmt(x_start - c)}l{fmt(x_end - x_start)} {fmt(x_end - x_start)}")
                c += step
        if style == "dots":  # rows of dots: one dashed line per row, staggered
            rows, yy, row = [], y + 2.5, 0
            while yy < y + h - 1:
                offset = 2 if row % 2 == 0 else 5
                if w > offset + 1:
                    rows.append(f"M{fmt(x + offset)} {fmt(yy)}h{fmt(w - offset - 1)}")
                yy += 4
                row += 1
            if rows:
                self.parts.append(f'<path d="{"".join(rows)}" stroke="{ink}" stroke-opacity="0.6" stroke-width="1.2" '
                                  'stroke-dasharray="1.2 4.8" fill="none"/>')
        if style == "vertical":
            xx = x + step / 2
            while xx < x + w:
                segments.append(f"M{fmt(xx)} {fmt(y)}v{fmt(h)}")
                xx += step
        if segments:
            self.parts.append(f'<path d="{"".join(segments)}" stroke="{ink}" stroke-opacity="{0.6 if ink == "#fff" else 0.35}" '
                              'stroke-width="0.7" fill="none"/>')

    def swatch(self, x: float, y: float, fill: str, hatch: str | None, label: str, size: float = SMALL) -> float:
        """A legend entry: a small hatched box and its label; returns the x after it."""
        self.rect(x, y - size + 1, size + 3, size, fill=fill, stroke=INK, hatch=hatch)
        self.text(x + size + 7, y, label, size=size)
        return x + size + 7 + text_width(label, size) + 12

    def render(self, height: float, kind: str) -> dict:
        alt = escape(self.alt)
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {fmt(height)}" width="{self.width}" '
               f'height="{fmt(height)}" role="img" aria-label="{alt}" class="calc-picture" data-picture="{kind}" '
               f'font-family="sans-serif" style="max-width:100%;height:auto">'
               f'<title>{alt}</title><rect width="{self.width}" height="{fmt(height)}" fill="#fff"/>'
               + "".join(self.parts) + "</svg>")
        return {"svg": svg, "alt": self.alt}


class Scale:
    """A linear map from values to one axis of the picture."""

    def __init__(self, low: float, high: float, start: float, end: float) -> None:
        self.low, self.high, self.start, self.end = float(low), float(high), start, end

    def __call__(self, value) -> float:
        value = float(value)
        if self.high == self.low:
            return self.start
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)

    def clamp(self, value) -> float:
        lo, hi = sorted((self.start, self.end))
        return min(max(self(value), lo), hi)


def nice_step(span: float, ticks: int = 4) -> float:
    """A round tick step (1, 2, 2.5 or 5 × a power of ten) giving about `ticks` ticks over span."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * power >= raw:
            return multiple * power
    return 10 * power
