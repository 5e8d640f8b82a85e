"""Page furniture learned from repetition: the lines a site prints at the head or foot of every page.

A county's folder holds many pages saved or copied from the same site. Their header, breadcrumb,
widget and footer lines repeat from file to file, while each document's own lines do not; the
words of a new site's furniture need not be known to the reader. So, across all the source files
read together, a line that stands near the head or the foot of at least `REPEAT_MIN_FILES` files is
that site's furniture, set aside like any other (`page.read_page`), with a report line saying in how
many texts it recurs.

Never for the document's own structure: a repeated 主送 line, 附件 heading, clause, signature, date,
文号, a 版记 line or a note such as "（此件公开发布）" stays the document's, however often it recurs.
"""
from __future__ import annotations

import re
from collections import Counter

from . import thresholds as T
from .model import SourceLine
from .patterns import (DOC_TYPES, attachment_list_head, attachment_start, clean, date_in, doc_number_line, is_addressee_line,
                       is_office_line, marker, unspaced)

# lines a document itself repeats from notice to notice: closings, 版记 labels, notes in brackets
_DOCUMENT_FORMULA = re.compile(r"^(?:特此|此复|妥否|抄送|抄报|主题词|主送|附件|联系人|联系电话|[（(].*[）)]$)")


def line_key(text: str) -> str:
    """What two copies of one furniture line have in common: the text without spaces."""
    return unspaced(clean(text))


def could_be_furniture(text: str, title_like: bool = True) -> bool:
    """A line the document's structure never claims: short, not a sentence, and none of its parts. A line that
    ends like a title (…指南, …通知) qualifies only with `title_like`: it is furniture only beside other
    furniture (a site's link row "政府信息公开 / 政府信息公开指南 / 政府信息公开制度"), since a notice copied
    twice repeats its own title."""
    key = line_key(text)
    if not (T.REPEAT_MIN_CHARS <= len(key) <= T.REPEAT_MAX_CHARS) or key[-1] in "。；;：:，,":
        return False
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", key) or "\t" in text:
        return False  # a rule, a bar or a number is judged by the page layer's own rules; a tab is a table row
    if key.endswith(DOC_TYPES) and not title_like:
        return False
    return not (_DOCUMENT_FORMULA.match(key) or is_addressee_line(text) or marker(text) or date_in(key)
                or doc_number_line(key) or is_office_line(key) or attachment_start(key) or attachment_list_head(key))


def edge_lines(lines: tuple[SourceLine, ...]) -> list[SourceLine]:
    """The non-blank lines near the head and the foot of one text, where a site prints its furniture."""
    filled = [line for line in lines if clean(line.text)]
    if len(filled) <= T.REPEAT_HEAD_LINES + T.REPEAT_FOOT_LINES:
        return filled
    return filled[:T.REPEAT_HEAD_LINES] + filled[-T.REPEAT_FOOT_LINES:]


def repeated_lines(texts: list[tuple[SourceLine, ...]]) -> dict[str, int]:
    """{line key: the number of texts at whose head or foot it stands}, for the lines that recur in at least
    REPEAT_MIN_FILES texts and could be furniture. Linear in the lines read."""
    counts: Counter[str] = Counter()
    for lines in texts:
        counts.update({line_key(line.text) for line in edge_lines(lines) if could_be_furniture(line.text)})
    return {key: n for key, n in counts.items() if n >= T.REPEAT_MIN_FILES}


def repeated_in(lines: tuple[SourceLine, ...], repeated: dict[str, int]) -> dict[int, int]:
    """{line number: how many texts repeat it} for this text's furniture lines learned from the others; a
    title-like one only next to another learned line."""
    if not repeated:
        return {}
    edges = edge_lines(lines)
    sure = [line_key(line.text) in repeated and could_be_furniture(line.text, title_like=False) for line in edges]
    found = {}
    for k, line in enumerate(edges):
        key = line_key(line.text)
        if key in repeated and (sure[k] or (k > 0 and sure[k - 1]) or (k + 1 < len(edges) and sure[k + 1])):
            found[line.number] = repeated[key]
    return found
