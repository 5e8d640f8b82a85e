"""Split a source text into notices.

A notice starts at its title: a line with 关于 (or 印发, 转发 …) that, joined with up to three
following lines, ends in a document type such as 通知; confirmed by a 文号, 登记号 or 主送 line
close below it, a 文号 just above it or on its own line. Page furniture (see `page.py`) is
skipped while looking. The issuing-office line or 文号 standing just before the title belongs
to that notice, not to the one before it.

A title repeated as the page header above the document (or by a legal database) is one notice:
a title with nothing but page furniture, offices and 文号 between it and the next title is
that next notice's page header; a title followed by its own copy (whole, or cut short) is the
page header of that copy, and a copy cut short is completed from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import thresholds as T
from .model import SourceLine, SourceText
from .page import PageLayer, read_page
from .unrelated import UNRELATED
from .patterns import (CITATION_LINE, DATE, TITLE_OPENERS, attachment_list_head, attachment_start, clean,
                       damaged_doc_number_line, fold, doc_number_line, is_addressee_line, is_letterhead_mark,
                       is_office_line, looks_like_title_end, marker, registration_and_number, registration_line,
                       self_named_kind, serial_number_line, signature_date, split_doc_number, title_text, unspaced,
                       without_empty_cells)


@dataclass(frozen=True)
class Chunk:
    source: SourceText
    lines: tuple[SourceLine, ...]
    title_start: int | None  # index in lines; None when no title was recognised
    title_end: int | None  # index of the last title line (inclusive)
    page: PageLayer = field(default_factory=PageLayer)  # the whole file's page furniture
    header_titles: tuple[int, ...] = ()  # indices of page-header copies of the title (set aside)
    title: str | None = None  # the title when it is not simply the title lines joined (completed from the header)
    title_note: str = ""  # how the title was found, when it was a guess (for the build report)
    split_error: str = ""  # the error the splitter failed with: the whole text is this one chunk


@dataclass(frozen=True)
class Title:
    start: int
    end: int
    text: str  # joined, 文号 split off
    confirmed: bool


class _Lines:
    """The source lines with page furniture hidden, and the next document line in O(1)."""

    def __init__(self, lines: tuple[SourceLine, ...], page: PageLayer) -> None:
        self.lines = lines
        self.doc = [bool(clean(l.text)) and l.number not in page.chrome for l in lines]
        self.next_doc = [len(lines)] * (len(lines) + 1)
        for i in range(len(lines) - 1, -1, -1):
            self.next_doc[i] = i if self.doc[i] else self.next_doc[i + 1]

    def following(self, start: int, limit: int) -> list[int]:
        found = []
        i = self.next_doc[start] if start < len(self.lines) else len(self.lines)
        while i < len(self.lines) and len(found) < limit:
            found.append(i)
            i = self.next_doc[i + 1]
        return found

    def preceding(self, start: int, limit: int) -> list[int]:
        found = []
        i = start
        while i >= 0 and len(found) < limit:
            if self.doc[i]:
                found.append(i)
            i -= 1
        return found


def _is_number_line(text: str) -> bool:
    return bool(doc_number_line(text) or damaged_doc_number_line(text) or registration_line(text)
                or serial_number_line(text) or registration_and_number(text))


# "• 客户端下载": a line opening with a bullet is an entry of a menu or a list, never a title or part of one;
# "首页 > 通知公告 > …" is the page's breadcrumb, even where it ends in the title
_MENU_LINE = re.compile(r"[•●▪◆■►▶]|.*?\S\s*[>＞»›]\s*\S")


def is_menu_line(text: str) -> bool:
    """A menu entry or the page's breadcrumb (see _MENU_LINE)."""
    return bool(_MENU_LINE.match(text))


def title_span(lines: tuple[SourceLine, ...], i: int, anywhere: bool = False, view: _Lines | None = None) -> Title | None:
    """The title starting at line i, or None."""
    first = without_empty_cells(clean(lines[i].text))
    first_text, glued = split_doc_number(first)
    if (not first or any(ch in "。；：:!！" for ch in _without_office_colon(first_text)) or CITATION_LINE.fullmatch(first) or len(unspaced(first_text)) > T.TITLE_FIRST_LINE_MAX
            or is_menu_line(first)
            or marker(first_text) or attachment_start(first) or attachment_list_head(first) or _is_number_line(first)):
        return None
    if not anywhere and not any(opener in fold(first_text)[:T.TITLE_OPENER_WITHIN] for opener in TITLE_OPENERS):
        return None
    if lines[i].layout is not None and (_letterhead(first) or lines[i].layout.right):
        return None  # a typeset document's 红头 ("某某县人民政府文件") is its head, never its title; nor its signature
    indices = view.following(i, T.TITLE_MAX_LINES) if view else [
        j for j in range(i, min(len(lines), i + 3 * T.TITLE_MAX_LINES)) if clean(lines[j].text)][:T.TITLE_MAX_LINES]
    parts: list[str] = []
    for count, j in enumerate(indices):
        if count and j - indices[count - 1] > T.TITLE_MAX_GAP:
            break
        part = without_empty_cells(clean(lines[j].text))
        if count and (any(ch in part for ch in "。，；：,;:!！") or _is_number_line(part) or marker(part) or _dated_note(part)
                      or is_menu_line(part) or DATE.fullmatch(part)):
            break
        if count and lines[j].layout is not None and (_letterhead(part) or lines[j].layout.table
                                                      or lines[j].layout.chrome or lines[j].layout.right):
            break  # a typeset title is centred: a right-aligned line (a signature, its date) is not part of it
        if count >= 2 and fold(part).startswith("关于") and is_office_line(parts[-1]):
            return None  # "点击蓝字 关注我们" over a letterhead and "关于…": the title begins at the letterhead
        if count and _starts_own_title(part) and not _wants_object(parts[-1]):
            return None  # "…实施细则及文种式样" above "…关于印发…的通知": the title begins on the later line
        if count and _cut_copy_above(parts, part):
            return None  # "会宁重要公告关于…开展麻风" over "关于…开展麻风疫苗": the title begins on the later line
        parts.append(part)
        text, number = split_doc_number(title_text(parts))
        if len(text) > T.TITLE_MAX_CHARS:
            return None
        if looks_like_title_end(text):
            if count and is_office_line(parts[0]) and len(unspaced("".join(parts[1:]))) > T.TITLE_SUFFIX_MAX:
                return None  # an office line and a title: the letterhead, then the title
            return _longest(lines, Title(i, j, text, bool(number)))
        if count == 0 and number and anywhere:
            return Title(i, j, text, True)  # "2021年县政府重点工作任务(华政发〔2021〕2号)": the 文号 marks a title
    return None


# "临沭县交通运输局:关于新开通环城公交线路的公告": a forum's or a news site's form of a title, its issuer first
_OFFICE_COLON = re.compile(r"(?P<office>[^\s:：]{2,40}?)[:：]\s*(?=关于)")


def _without_office_colon(text: str) -> str:
    """The title without an issuing body's name and colon before its 关于 (the name stays in the title's text)."""
    match = _OFFICE_COLON.match(text)
    return text[match.end():] if match and is_office_line(match["office"]) else text


def _longest(lines: tuple[SourceLine, ...], title: Title) -> Title:
    """"关于印发…公示办法" + "…全过程记录" + "办法的通知": a title that ends like one may still go on,
    on the very next lines; the longest run of lines that still ends like a title is the title."""
    j = title.end + 1
    parts = [clean(l.text) for l in lines[title.start:title.end + 1] if clean(l.text)]
    best = title
    while j < len(lines) and len(parts) < T.TITLE_MAX_LINES:
        part = clean(lines[j].text)
        if (not part or any(ch in part for ch in "。，；：,;:") or _is_number_line(part) or marker(part) or _dated_note(part)
                or _starts_own_title(part) or _whole_title(part) or is_office_line(part)
                or unspaced(part) in unspaced("".join(parts))):
            break  # a repeated line is a copy of the title (a database prints it twice), not its continuation
        parts.append(part)
        text, number = split_doc_number(title_text(parts))
        if len(text) > T.TITLE_MAX_CHARS:
            break
        if looks_like_title_end(text):
            best = Title(title.start, j, text, title.confirmed or bool(number))
        j += 1
    return best


def _letterhead(text: str) -> bool:
    """"某某县人民政府文件": an issuing body's name and 文件, the head of a typeset document."""
    text = unspaced(text)
    return text.endswith("文件") and is_office_line(text[:-2])


def _dated_note(part: str) -> bool:
    """"（2019年5月20日公布）" under a title: a note of when it was made, not the end of the title."""
    return part[:1] in "（(" and part[-1:] in "）)" and bool(DATE.search(part))


def _starts_own_title(part: str) -> bool:
    """A line that is a 关于… title by itself: not the continuation of the line above."""
    text, _ = split_doc_number(part)
    return any(opener in fold(text)[:T.TITLE_OPENER_WITHIN // 2] for opener in TITLE_OPENERS[:1]) and looks_like_title_end(text)


def _cut_copy_above(parts: list[str], part: str) -> bool:
    """A page's headline, cut short, over the title it copies: from its 关于 on, the lines so far read as the
    start of this 关于 line (or this line as theirs). A title never opens with 关于 twice."""
    above, here = fold(unspaced("".join(parts))), fold(unspaced(part))
    if not here.startswith("关于") or "关于" not in above:
        return False
    tail = above[above.rfind("关于"):]
    return len(min(tail, here, key=len)) >= T.HEADER_TITLE_MIN_OVERLAP and (here.startswith(tail) or tail.startswith(here))


def _wants_object(part: str) -> bool:
    """"鹤岗市人民政府 鹤岗市中级人民法院印发": a title line ending in its verb goes on with what it issues."""
    return fold(unspaced(part)).endswith(TITLE_OPENERS[1:])


def _whole_title(part: str) -> bool:
    """A line long enough and ending like a title: after a title that is already complete, a title of its own."""
    text, _ = split_doc_number(part)
    return len(unspaced(text)) >= T.WHOLE_TITLE_MIN and looks_like_title_end(text)


def _confirmed(view: _Lines, title: Title, close: bool = False) -> bool:
    """A 文号, 登记号 or 主送 line below the title (the very next line when `close`), or a 文号 above it."""
    lines = view.lines
    if title.confirmed:
        return True
    for j in view.following(title.end + 1, 1 if close else T.TITLE_CONFIRM_LINES):
        text = lines[j].text
        if _is_number_line(text) or is_addressee_line(text):
            return True
    return any(_is_number_line(lines[j].text) for j in view.preceding(title.start - 1, 2))


def _header_like(text: str) -> bool:
    """Lines that may stand between a page-header title and the typeset title: offices, 文号, 文件."""
    text = clean(text)
    return (is_office_line(text) or _is_number_line(text) or (text.endswith("文件") and is_office_line(text[:-2]))
            or is_letterhead_mark(text))


def _named_by_info(view: _Lines, page: PageLayer) -> Title | None:
    """The page's information block names its title (名称, 标题): the first document line that reads it,
    whole, is the title, wherever it stands (a site's link lines above it are the page's, not the title)."""
    names = {unspaced(f.value) for f in page.info if f.key == "title" and len(unspaced(f.value)) >= T.WHOLE_TITLE_MIN}
    if not names:
        return None
    for i in view.following(0, T.TITLE_SEARCH_LINES):
        if unspaced(clean(view.lines[i].text)) in names:
            title = title_span(view.lines, i, anywhere=True, view=view)
            if title and unspaced(title.text) in names:
                return title
            text = clean(view.lines[i].text)
            return Title(i, i, split_doc_number(text)[0], bool(split_doc_number(text)[1]))
    return None


def _typeset_title(view: _Lines) -> Title | None:
    """A typeset document's title: the first run of lines set large (or centred and bold) near the top, not its
    红头 or 文号, that reads as a title; the format shows it, so it needs no 文号 or 主送 below it to be believed.
    A long title's first line may fill the width: it need not be centred, only set like the rest."""
    lines = view.lines

    def set_as_title(j: int) -> bool:
        layout = lines[j].layout
        text = clean(lines[j].text)
        return (layout is not None and not layout.chrome and (layout.large or (layout.centred and layout.bold))
                and not _letterhead(text) and not _is_number_line(text))

    previous = None
    for i in view.following(0, T.TITLE_SEARCH_LINES):
        # a line set like the one above it continues that line's title (tried first), unless that line is an
        # issuing body's name alone (a 红头 without 文件)
        if set_as_title(i) and not (previous is not None and set_as_title(previous)
                                    and not is_office_line(clean(lines[previous].text))):
            title = title_span(lines, i, anywhere=True, view=view)
            if title and all(set_as_title(j) for j in range(title.start, title.end + 1) if view.doc[j]):
                return title
        previous = i
    return None


def _find_titles(view: _Lines, page: PageLayer | None = None, typeset: bool = False) -> list[Title]:
    """The notices' titles. `typeset`: the text comes from a document format that sets its title apart (a Word,
    PDF, OFD file), whose first title is the one it typesets, wherever its 文号 stands."""
    lines = view.lines
    found: list[Title] = []
    first_lines = set(view.following(0, T.TITLE_SEARCH_LINES))
    i = view.next_doc[0]
    top = _typeset_title(view) if typeset else None
    if top is not None:
        found.append(top)
        i = view.next_doc[top.end + 1]
    while i < len(lines):
        title = title_span(lines, i, view=view)
        close = False
        if title is None and i in first_lines:  # no 关于: a title only where its 文号 or 主送 follows at once
            title, close = title_span(lines, i, anywhere=True, view=view), True
        if title and _confirmed(view, title, close):
            found.append(title)
            i = view.next_doc[title.end + 1]
        else:
            i = view.next_doc[i + 1]
    if found:
        return found
    named = _named_by_info(view, page) if page else None
    if named:
        return [named]
    for i in view.following(0, T.TITLE_SEARCH_LINES):  # a single copy: the first title before the body begins
        title = title_span(lines, i, anywhere=True, view=view)
        if title:
            after = view.following(title.end + 1, 1)
            longer = title_span(lines, after[0], anywhere=True, view=view) if after else None
            if longer and len(unspaced(title.text)) < T.WHOLE_TITLE_MIN <= len(unspaced(longer.text)):
                return [longer]  # "公告公示" above the title: the site's section, not the title
            if _other_kind(view, title):
                return []  # the site's headline over a text that names itself otherwise (see _foreign_headline)
            return [title]
        text = clean(lines[i].text)
        if any(ch in text for ch in "。；") or marker(text) or attachment_start(text) or attachment_list_head(text):
            break
    return []


def _other_kind(view: _Lines, title: Title) -> str:
    """An unconfirmed title over a text whose opening names its own kind otherwise ("云南省殡葬管理条例"
    over "…特制定本实施细则"): a site's headline, not this text's title. The kind the text names, or ""."""
    for j in view.following(title.end + 1, T.SELF_NAME_LINES):
        kind = self_named_kind(clean(view.lines[j].text))
        if kind:
            return kind if kind not in unspaced(title.text) else ""
    return ""


def _foreign_headline(view: _Lines) -> tuple[Title, str] | None:
    """An unconfirmed title that is a site's headline, and the kind the text names itself by."""
    for i in view.following(0, T.TITLE_SEARCH_LINES):
        title = title_span(view.lines, i, anywhere=True, view=view)
        if title:
            kind = _other_kind(view, title)
            return (title, kind) if kind else None
    return None


def _carried(view: _Lines, title: Title) -> bool:
    """Above the title, a whole notice without a title of its own: it opens with its 主送 and ends with its
    signature (office, date) right above the title. The title is then that of the document it forwards."""
    above = list(reversed(view.preceding(title.start - 1, len(view.lines))))
    if len(above) < 3 or not is_addressee_line(view.lines[above[0]].text):
        return False
    office, date = (clean(view.lines[j].text) for j in above[-2:])
    return is_office_line(office) and signature_date(date) is not None and not signature_date(date).ambiguous


def _page_header_of(view: _Lines, title: Title, following: Title | None) -> bool:
    """Is `title` only the page header of the next title (nothing but furniture between them)?

    Between them: offices, 文号, and at most a few short lines with no sentence in them (a site's
    slogan, "—分享—"): a notice has a body, and these are not one."""
    if following is None:
        return False
    between = [j for j in range(title.end + 1, following.start) if view.doc[j]]
    loose = [j for j in between if not _header_like(view.lines[j].text)]
    return len(loose) <= T.HEADER_LOOSE_LINES and all(
        len(clean(view.lines[j].text)) <= T.HEADER_LOOSE_CHARS and not any(ch in clean(view.lines[j].text) for ch in "。；，,")
        for j in loose)


def _typeset_copy(view: _Lines, title: Title, record: bool = False) -> tuple[Title, str] | None:
    """The document's own copy of a page-header title right below it: (copy, title text to use).

    `record`: the title is itself a copy (a database record's title); only a whole copy below it
    counts, with at most the record's issuing-body line between them."""
    lines = view.lines
    after = view.following(title.end + 1, 2)
    if not after:
        return None
    for k in after:  # the copy may stand one line down, under a mirror's marker ("The Beginning")
        if record and k != after[0] and not is_office_line(clean(lines[after[0]].text)):
            break
        copy = title_span(lines, k, anywhere=True, view=view)
        if copy and unspaced(copy.text) == unspaced(title.text):
            return copy, copy.text
    if record:
        return None
    copy = _copy_below_a_headline(view, title)
    if copy:
        return copy, copy.text
    j = after[0]
    text = unspaced(clean(lines[j].text))
    whole = unspaced(title.text)
    if (len(text) >= T.HEADER_TITLE_MIN_OVERLAP and whole.startswith(text) and text != whole
            and not any(ch in text for ch in "。，；：,;:")):
        return Title(j, j, title.text, title.confirmed), title.text  # cut short: completed from the header
    return None


def _cut_headline_above(view: _Lines, title: Title) -> Title | None:
    """The line right above a title that is the page's headline cut short (see _cut_copy_above)."""
    above = view.preceding(title.start - 1, 1)
    if not above:
        return None
    j = above[0]
    headline = clean(view.lines[j].text)
    first = clean(view.lines[title.start].text)
    return Title(j, j, headline, False) if _cut_copy_above([headline], first) else None


def _same_title(a: str, b: str) -> bool:
    """The same title, or the same from 关于 on: a headline names its county ("甘谷县关于…的通告") where the
    document's title, under its letterhead, does not."""
    a, b = unspaced(a), unspaced(b)
    if a == b:
        return True
    tail_a, tail_b = a[a.find("关于"):] if "关于" in a else "", b[b.find("关于"):] if "关于" in b else ""
    return len(tail_a) >= T.HEADER_TITLE_MIN_OVERLAP and tail_a == tail_b


def _copy_below_a_headline(view: _Lines, title: Title) -> Title | None:
    """A repost's or a news page's headline, then its own lines (an account's name, an upload time, a view count,
    a follow prompt, a lead sentence), then the document's title, typeset: the same title, maybe under its
    letterhead and wrapped over several lines. That typeset title is the document's. A title with its 文号 or
    主送 below is the document's own (a 令 prints its rule's name again above 第一章): no headline."""
    if _confirmed(view, title):
        return None
    for k in view.following(title.end + 1, T.HEADER_COPY_REACH_LINES):
        text = clean(view.lines[k].text)
        if _is_number_line(text) or marker(text) or DATE.fullmatch(text):
            return None  # a numbered head or a signed date between: the lines below the title are its body, not a page's
        copy = title_span(view.lines, k, anywhere=True, view=view)
        if copy and _same_title(copy.text, title.text):
            # a line of the page (a region tag "辽宁") may run into the copy: a later start that reads the same title
            # exactly, else the last that reads it from 关于 (its letterhead above is then the document's head)
            spans = (title_span(view.lines, j, anywhere=True, view=view) for j in range(k + 1, copy.end + 1) if view.doc[j])
            later = [c for c in spans if c and _same_title(c.text, title.text)]
            exact = [c for c in [copy, *later] if unspaced(c.text) == unspaced(title.text)]
            return exact[0] if exact else (later[-1] if later else copy)
        if copy:
            return None  # another title: a list of headlines, not a headline over its document
    return None


def _lead_in(view: _Lines, start: int, floor: int) -> int:
    """Move a notice's start up over its issuing offices and a 文号 above the title."""
    for j in view.preceding(start - 1, T.LEAD_IN_LINES):
        if j < floor:
            break
        if _header_like(view.lines[j].text):
            start = j
        else:
            break
    return start


TYPESET_FORMATS = ("docx", "doc", "pdf", "ofd")  # formats whose layout shows which line is the title

_HEADER_KINDS = {"导航", "信息栏", "数据库标注", "政策解读链接", UNRELATED}  # furniture that stands above a page's document


def _header_furniture_above(view: _Lines, page: PageLayer, start: int, floor: int) -> int:
    """In a file of several web copies, the breadcrumb and information block above a title belong to it."""
    j = start - 1
    while j >= floor:
        line = view.lines[j]
        if not clean(line.text):
            j -= 1
        elif page.chrome.get(line.number) in _HEADER_KINDS:
            start = j
            j -= 1
        else:
            break
    return start


def split(source: SourceText, repeated: dict[int, int] | None = None) -> list[Chunk]:
    """The notices of a text. The reader never stops a build: a text it fails to split is one chunk
    with no title (read, and flagged where it cannot be placed, by `parse`). `repeated` names the lines
    other texts of its folder repeat (see `page.read_page`)."""
    try:
        return _split(source, repeated)
    except Exception as error:  # noqa: BLE001 - any failure of the reader is reported, never fatal
        return [Chunk(source, source.lines, None, None, PageLayer(), split_error=type(error).__name__)]


def _split(source: SourceText, repeated: dict[int, int] | None = None) -> list[Chunk]:
    lines = source.lines
    page = read_page(lines, repeated)
    view = _Lines(lines, page)
    titles = _find_titles(view, page, typeset=source.format in TYPESET_FORMATS)
    if len(titles) == 1 and _carried(view, titles[0]):
        titles = []  # a notice without its title (主送 … signature) that carries a document: the title is that document's
    if not titles:
        headline = _foreign_headline(view)
        if headline:
            title, kind = headline  # its lines above the last are the site's too: set aside as the page's header
            note = f"「{clean(lines[title.end].text)}」与正文自称的「{kind}」不符，按网页上的标题处理，不作为本文标题"
            return [Chunk(source, lines, None, None, page, (title.end,), title_note=note)]
        return [Chunk(source, lines, None, None, page)]

    # page-header copies: a title whose next title follows with only furniture between
    notices: list[tuple[Title, list[Title], str]] = []  # (typeset title, header copies, title text)
    pending: list[Title] = []
    taken_copies: set[int] = set()  # starts of titles already read as the typeset copy of the header above them
    for n, title in enumerate(titles):
        if title.start in taken_copies:
            continue
        following = titles[n + 1] if n + 1 < len(titles) else None
        if _page_header_of(view, title, following):
            pending.append(title)
            continue
        text = title.text
        copy = _typeset_copy(view, title)
        while copy:  # a legal database prints the title two or three times: the last copy is the document's
            pending.append(title)
            title, text = copy
            taken_copies.add(title.start)
            copy = _typeset_copy(view, title, record=True)
        cut = _cut_headline_above(view, title)
        if cut and not pending:
            pending.append(cut)
        notices.append((title, pending, text))
        pending = []

    starts = []
    floor = 0
    for title, headers, _ in notices:
        top = min([title.start] + [h.start for h in headers])
        start = _lead_in(view, top, floor) if top == title.start else top
        starts.append(_header_furniture_above(view, page, start, floor))
        floor = title.end + 1
    chunks = []
    for n, ((title, headers, text), start) in enumerate(zip(notices, starts)):
        begin = 0 if n == 0 else start  # text before the first title stays with the first notice
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        header_lines = tuple(j - begin for h in headers for j in range(h.start, h.end + 1) if view.doc[j])
        joined = title_text([clean(l.text) for l in lines[title.start:title.end + 1] if clean(l.text)])
        completed = text if unspaced(split_doc_number(joined)[0]) != unspaced(text) else None
        note = ""
        if completed:
            note = f"正文标题「{clean(lines[title.start].text)}」不完整，按网页标题栏补全为「{text}」"
        chunks.append(Chunk(source, lines[begin:stop], title.start - begin, title.end - begin, page,
                            header_lines, completed, note))
    return chunks
