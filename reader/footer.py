"""Where the page's footer begins: the run of short furniture lines that ends a web copy.

Known footer lines (the page layer's), short lines between the signature's date and them, a list of
related articles with no heading of its own, and an empty 附件 box just above: all set aside, never body.
"""
from __future__ import annotations

import re

from . import thresholds as T
from .page import FOOTER_KINDS
from .patterns import COLOPHON, attachment_list_head, attachment_start, is_office_line, marker, signature_date


# the site itself or a placeholder ("本站原创"), never an issuer
_NOTE_LINE = re.compile(r"[（(][^（）()]{2,30}[）)]")


class FooterFinder:
    def _footer_reaches_signature(self, start: int, first: int) -> int:
        """Short lines between the signature's date and the page footer ("THE END", "TAG:…") are footer too."""
        j = first - 1
        while j >= start:
            text = self.text(j)
            if text:
                if signature_date(text):
                    return j + 1
                if (len(text) > T.FOOTER_LINE_MAX or any(ch in "。；" for ch in text) or marker(text)
                        or attachment_start(text) or is_office_line(text) or self.lines[j].text.startswith("\t")
                        or _NOTE_LINE.fullmatch(text)):
                    return first  # （此件公开发布） and the like belong to the document
            j -= 1
        return first

    def _trailing_links(self, start: int, first: int) -> int:
        """Short link-like lines between the signature (or the 版记) and the end of the copy or its footer:
        a page's list of related articles with no heading of its own. Where they begin, else `first`.
        Rows of figures (a table run together in copying) are not links."""
        run: list[int] = []
        j = first - 1
        while j >= start:
            text = self.text(j)
            if text:
                parsed = signature_date(text)
                if parsed or COLOPHON.fullmatch(text):
                    if parsed and parsed.ambiguous and not run:
                        return first
                    return run[-1] if len(run) >= T.FOOTER_LINKS_MIN else first
                if (len(text) > T.FOOTER_LINE_MAX or any(ch in "。；：:，,|｜" for ch in text) or marker(text)
                        or re.search(r"\d{5}", text) or sum(ch.isdigit() for ch in text) * 2 > len(text)
                        or attachment_start(text) or attachment_list_head(text) or is_office_line(text)
                        or _NOTE_LINE.fullmatch(text) or self.lines[j].text.startswith("\t") or "抄送" in text):
                    return first
                run.append(j)
            j -= 1
        return first

    def _footer_start(self, start: int) -> int:
        """Where the page footer begins: in the run of short lines that ends the copy, its first furniture."""
        first = len(self.lines)
        j = len(self.lines) - 1
        while j >= start:
            text = self.text(j)
            if text:
                number = self.lines[j].number
                kind = self.page.chrome.get(number)
                if kind in FOOTER_KINDS or kind == "导航" or number in self.page.credits or number in self.page.weak_credits:
                    first = j
                elif not kind and (len(text) > T.FOOTER_LINE_MAX or any(ch in "。；" for ch in text)):
                    break
            j -= 1
        if first < len(self.lines):
            first = self._footer_reaches_signature(start, first)
        first = self._trailing_links(start, first)
        # the page's empty "附件:" box just above the footer
        k = self.next_non_blank(start)
        while k is not None and k < first:
            following = self.next_non_blank(k + 1)
            if re.fullmatch(r"附\s*件\s*[:：]", self.text(k)) and (following is None or following >= first):
                return k
            k = following
        return first
