"""A whole notice copied onto one line (a forum post, a news site's flattened paste, a PDF's text layer
pasted without its breaks), broken back into the lines a reader needs.

A line long enough to hold a notice that opens with a title of its own ("某县指挥部 关于…的通告 据气象台预报…")
and either ends with a signature and its date or has numbered heads ("一、", "（一）") after a space at least
UNFOLD_MIN_HEADS times is a document run together. It breaks:
- after that title, and after a 文号 or 主送 that follows it;
- before its closing, its signature and its date ("…追究刑事责任。 某县指挥部 2023年3月6日"), and before
  what the page printed after the date.
The body between stays one line, its heads inside it, as the text has it. A run without a title of its own is
left whole (the metadata reads a signature inside a paragraph). The pieces keep the line's number: every
message still names the file's line, and the page layer never takes a piece for page furniture.
"""
from __future__ import annotations

import re

from . import thresholds as T
from .model import BuildWarning, SourceLine
from .patterns import DATE, clean, doc_number_line, is_addressee_line, looks_like_title_end, serial_number_line, unspaced

_HEAD = re.compile(r"\s+(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]))")
_SENTENCE = "。，；,;！？!?"
# the end of the run: "特此通告。", the issuing body's name, its date, and what the page printed after it ("|", "赞赏")
_SIGNATURE = re.compile(rf"(?<=[。！；!;”）)])\s+(?:(?P<closing>特此[\u4e00-\u9fff]{{2,4}}[。.]?)\s+)?"
                        rf"(?:(?P<office>[^\s，。；：:,|]{{2,{T.OFFICE_MAX_CHARS}}})\s+)?"
                        rf"(?P<date>{DATE.pattern})"
                        rf"(?:\s+(?P<tail>[^。，；,;]{{1,{T.UNFOLD_TAIL_MAX_CHARS}}}?))?\s*$")


def unfolded(lines: tuple[SourceLine, ...], display: str) -> tuple[tuple[SourceLine, ...], tuple[BuildWarning, ...]]:
    """The lines with every run-together notice broken back into its lines, and a note for each one broken."""
    out: list[SourceLine] = []
    notes: list[BuildWarning] = []
    for line in lines:
        pieces = _pieces(line.text) if line.layout is None else [line.text]
        if len(pieces) == 1:
            out.append(line)
        else:
            out.extend(SourceLine(line.number, piece) for piece in pieces)
            notes.append(BuildWarning(display, line.number, f"这一行是连成一行的整篇文字，已按标题和落款分成 {len(pieces)} 行来读",
                                      "guess"))
    return tuple(out), tuple(notes)


def _pieces(text: str) -> list[str]:
    if len(clean(text)) < T.RUN_IN_SIGNATURE_MIN_CHARS:
        return [text]
    head, body = _opening(text.strip())
    if not head:
        return [text]  # no title of its own: read as one paragraph, its signature inside it (metadata's run-in rule)
    signed = _SIGNATURE.search(body)
    if not signed and len(_HEAD.findall(body)) < T.UNFOLD_MIN_HEADS:
        return [text]  # a title, then neither numbered heads nor a signature: a long line, not a document run together
    if not signed:
        return [*head, body]
    return [*head, body[:signed.start()], *(signed[k] for k in ("closing", "office", "date", "tail") if signed[k])]


def _opening(text: str) -> tuple[list[str], str]:
    """The title, 文号 and 主送 the run opens with, as lines of their own, and what follows them (as printed)."""
    words = list(re.finditer(r"\S+", text))
    title_words = 0
    for n in range(1, len(words)):
        prefix = text[:words[n - 1].end()]
        if any(ch in prefix for ch in _SENTENCE) or len(unspaced(prefix)) > T.TITLE_MAX_CHARS or _number(words[n - 1][0]):
            break  # sentence punctuation, or the 文号 after the title: the title ended before
        if looks_like_title_end(prefix):
            title_words = n
    if not title_words:
        return [], text
    head = [text[:words[title_words - 1].end()]]
    n = title_words
    while n < len(words) - 1 and (_number(words[n][0]) or is_addressee_line(words[n][0])):
        head.append(words[n][0])
        n += 1
    return head, text[words[n].start():]


def _number(word: str) -> bool:
    return bool(doc_number_line(word) or serial_number_line(word))
