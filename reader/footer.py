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
# what a document prints after its signature besides 附件 and 版记: a note, a contact, a reply address, a
# role of a list that lost its heading ("指挥长：县人民政府分管副县长")
_DOCUMENT_AFTERWORD = re.compile(r"[（(]|(?:注|说明|备注|主题词|关键词|联系人|联系电话|咨询电话|举报电话|监督电话|电话|传真|地址|邮编|邮箱|电子邮箱"
                                 r"|[\u4e00-\u9fff]{0,6}(?:长|员|主任|书记|组长|单位))\s*[:：]")


# a page's note in brackets after the document ("(来源:某县人民政府网)", "(字数不能超过300个)"): not the document's
_PAGE_NOTE = re.compile(r"[（(]\s*(?:来源|稿源|信息来源|来自|编辑|责编|责任编辑|作者|记者|通讯员|摄影|图片|字数|本文|转载|原标题)")


def _figures(text: str) -> bool:
    """A row of a table run together in copying (a code of 5 digits, or mostly digits), not a link or a widget."""
    return bool(re.search(r"\d{5}", text)) or sum(ch.isdigit() for ch in text) * 2 > len(text)


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
                        or _figures(text) or attachment_start(text) or attachment_list_head(text) or is_office_line(text)
                        or _NOTE_LINE.fullmatch(text) or self.lines[j].text.startswith("\t") or "抄送" in text):
                    return first
                run.append(j)
            j -= 1
        return first

    def _after_the_signed_end(self, start: int, first: int) -> int:
        """A signed document ends at its signature's date, bar its notes, contacts, 附件 and 版记: a short run of
        other lines between that date and the footer (or the end of the copy) is the page's, whatever its words
        (打赏 and report buttons, a comment box, a repost's 来源 and disclaimer, a leave-this-site prompt). Rows of
        figures and a form's or list's name are an attachment that lost its 附件 line: the document's."""
        run: list[int] = []
        offices: list[int] = []  # office lines in the run: only the signer's name again (a profile box) is the page's
        j = first - 1
        while j >= start:
            text = self.text(j)
            if text:
                if signature_date(text):
                    above = self._previous_non_blank(j - 1, start)
                    signed = above is not None and is_office_line(self.text(above))
                    again = signed and all(self.text(k) == self.text(above) for k in offices)
                    return run[-1] if run and again and len(run) <= T.AFTER_SIGNATURE_FURNITURE_MAX else first
                if is_office_line(text):
                    offices.append(j)
                elif (len(text) > T.AFTER_SIGNATURE_LINE_MAX or marker(text) or attachment_start(text)
                        or attachment_list_head(text) or COLOPHON.fullmatch(text) or "抄送" in text or "印发" in text
                        or (_DOCUMENT_AFTERWORD.match(text) and not _PAGE_NOTE.match(text)) or self.lines[j].text.startswith("\t")
                        or (len(text) >= 4 and _figures(text)) or re.search(r"(?:表|名单|清单|目录)$", text)
                        or self.lines[j].layout is not None):
                    return first
                run.append(j)
            j -= 1
        return first

    def _previous_non_blank(self, j: int, start: int) -> int | None:
        while j >= start and not self.text(j):
            j -= 1
        return j if j >= start else None

    def _footer_start(self, start: int) -> int:
        """Where the page footer begins; never above a line the document's format shows as its own (a saved
        page's main content, a Word paragraph): the format knows where its text ends."""
        first = self._footer_by_text(start)
        for j in range(len(self.lines) - 1, max(first, start) - 1, -1):
            layout = self.lines[j].layout
            if layout is not None and not layout.chrome and self.text(j):
                return j + 1
        return first

    def _footer_by_text(self, start: int) -> int:
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
        first = self._after_the_signed_end(start, first)
        # the page's empty "附件:" box just above the footer
        k = self.next_non_blank(start)
        while k is not None and k < first:
            following = self.next_non_blank(k + 1)
            if re.fullmatch(r"附\s*件\s*[:：]", self.text(k)) and (following is None or following >= first):
                return k
            k = following
        return first
