"""What a web page (or a legal database) wraps around a notice: chrome and information blocks.

Read before the notice is split and parsed: every line that is page furniture wherever it
stands (menus, breadcrumbs, 【打印】【关闭】, 扫一扫, 上一篇/下一篇, footers, database marks)
and every line of an information block (索引号 / 发布机构 / 文号 / 成文日期 …, one or two
fields a line, with or without colons, letter-spaced labels, bullets, "|" grids, a label
with its value on the next line). Chrome that is only chrome by its place on the page (the
site's name above the breadcrumb, a footer after the signature) is decided by `parse`, which
knows where the notice begins and ends.

The recognisers form one ordered table, `CHROME_RULES`; the information block's labels one
table, `INFO_LABELS`, with the reading of one information line, in `info.py`.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from . import thresholds as T
from .info import (INFO_LABELS, _BULLETS, _OTHER_LABEL, _Parsed, _confidence, _label_name, _strip_bullets, _valid,
                   parse_info_line)
from .model import InfoField, SourceLine
from .unrelated import UNRELATED, looks_spam, looks_unrelated
from .patterns import REGISTRATION, SENTENCE_PUNCT, clean, fold, normal_registration, unspaced, without_glosses

# --- chrome recognisers --------------------------------------------------------------------

NAV_WORDS = set("""首页 网站首页 返回首页 主页 无障碍 无障碍阅读 无障碍浏览 适老化 适老化模式 关怀版 长者模式 老年模式 繁体 繁體
简体 登录 注册 English 微信 微博 网站地图 联系我们 关于本站 关于我们 网站声明 隐私声明 个人中心 搜索 高级搜索
政务公开 政府信息公开 信息公开 网上办事 办事服务 互动交流 政民互动 走进 设为首页 加入收藏 RSS 手机版 移动版
网站支持IPV6 支持IPV6 IPV6 智能问答 重置信息 返回 新闻中心 政务服务 公众参与 数据开放 无障碍浏览 读屏专用 声音开关
语速 阅读方式 配色 放大 缩小 鼠标样式 十字线 大字幕 快捷方式 重置 固定 说明 退出服务 智能机器人 便民地图 部门街镇
政策法规 通知公告 政策文件 政府文件 法规文件""".split())  # the last row: a site's column names, printed bare
_WIDGET_ANCHORS = ("打印", "关闭", "返回顶部", "返回首页", "字号", "字体", "分享", "纠错", "下载", "已阅", "收藏",
                   "视力保护色", "浏览", "朗读", "听全文", "语音播报")
_WIDGET_WORDS = re.compile(
    r"取消收藏成功[!！]?|收藏成功[!！]?|取消收藏|打印正文|关闭正文|打印本页|关闭本页|关闭窗口|返回顶部|返回首页|打印|关闭|返回|收藏本页|收藏|分享到|分享|朗读|听全文|语音播报|"
    r"字号|字体|视力保护色|浏览量|浏览次数|浏览|已阅|我要纠错|纠错|下载地址|点击此处下载|点击下载|复制链接|默认|"
    r"微信|微博|QQ空间|QQ|大|中|小|[【】\[\]（）()《》:：|｜\s\d—\-－·•]")
_BREADCRUMB = re.compile(r"^You are here\s*:|^(?:当前位置|您当前的位置|您当前位置|您的位置|您现在的位置|所在位置|当前所在位置|位置)\s*[:：]"
                         r"|(?:首页|主页)\s*(?:>|＞|»|→|/)|^(?:>|＞|»)")
# "AsianLII [Home] [Databases] [Search]", "[Database Search] [Name Search] [Help]": a menu of bracketed links
_LINK_BRACKETS = re.compile(r"(?:[A-Za-z]{1,20}\s+)?(?:\[[^\[\]]{1,%d}\]\s*){%d,}" % (T.NAV_TOKEN_MAX * 2, T.NAV_MIN_TOKENS))
_SCAN = re.compile(r"^(?:扫一扫|手机扫一扫|微信扫一扫|用手机扫|扫描二维码|手机扫码|扫码)")
_DATE_BANNER = re.compile(r"^今天是\s*[:：]?\s*(?:\d{4}\s*年|\d{4}[-./])")  # "今天是:2025年12月06日 星期六"
_PREV_NEXT = re.compile(r"^(?:上一篇|下一篇|第一篇|最后一篇|上一条|下一条|上一页|下一页|上篇|下篇)\s*[:：]")
_FOOTER = re.compile(r"^本作品.{0,120}(?:著作权|版权|公有领域|许可协议)|版权所有|Copyright|©|ICP备|ICP证|公网安备|网站标识码|网站识别码|建议使用.{0,20}浏览器|技术支持[:：]"
                     r"|(?:主办|承办|主管)单位[:：].{0,40}(?:承办|协办|主办|维护)", re.IGNORECASE)
_DATABASE = re.compile(r"^(?:本作品)?收录于|^【法宝引证码】|^原文链接\s*[:：]|^(?:来源|出处|本文链接|原文地址)\s*[:：]\s*https?://")
_RELATED = re.compile(r"^(?:相关链接|相关阅读|相关文章|相关新闻|相关文件|相关信息|相关附件|推荐阅读|热点推荐|延伸阅读|猜你喜欢"
                      r"|相关推荐|相关办事指南|相关服务|你可能(?:也)?(?:爱看|喜欢|感兴趣)(?:的)?(?:文章|内容|新闻)?|大家都在看|为你推荐|热门推荐|更多推荐|热门文章|最新资讯|最新文章"
                      r"|(?:\d{1,3}\s*[%％]\s*的)?人(?:还|都)看了|查看更多\S{0,6})\s*[:：]?$")
_APP = re.compile(r"^(?:下载|打开|安装)\S{0,12}(?:APP|App|app|客户端)$")
# a reprinting site's editorial note on a line of its own: "(本文有删减)", "（有删节）", "[节选]"
_EDITORS_NOTE = re.compile(r"[(（\[【]\s*(?:本文|原文|全文|正文|内容)?\s*(?:有|略有|已|已作|作了|经)?\s*(?:删减|删节|节选|节录|摘编)\s*[)）\]】]")
_EXPLAINER = re.compile(r"^(?:相关)?(?:政策|部门|专家|媒体|图文|视频)?解读(?:链接|文件)?\s*[:：]|^媒体视角\s*[:：]"
                        r"|^[^。；，]{4,80}的(?:政策)?解读$")


def _nav(text: str) -> bool:
    body = _strip_bullets(text)
    if body in NAV_WORDS:
        return True
    squeezed = unspaced(body)
    if squeezed.startswith(("首页", "网站首页")) and len(squeezed) <= T.CONTENTS_LINE_MAX and not any(
            ch in SENTENCE_PUNCT for ch in squeezed):
        return True
    tokens = [t for t in re.split(r"[|｜\s\u3000]+", body) if t]
    if len(tokens) < T.NAV_MIN_TOKENS or any(len(t) > T.NAV_TOKEN_MAX for t in tokens):
        return False
    if any(ch in "。，；！？" for ch in body):
        return False
    return any(t in NAV_WORDS or t.endswith(("网", "网站")) for t in tokens)


def _junk_only(text: str) -> bool:
    """A line of anti-scraping junk alone ("% o5 z* x* i; R8 L7 S+ t; |, E |"): short ASCII tokens, many of them
    a letter run into a digit or sign, no Chinese."""
    tokens = clean(text).split()
    if len(tokens) < T.JUNK_MIN_TOKENS or any(len(t) > 3 or not t.isascii() for t in tokens):
        return False
    mixed = [t for t in tokens if re.search(r"[A-Za-z]", t) and re.search(r"[^A-Za-z]", t)]
    return len(mixed) >= T.JUNK_MIN_MIXED


def _widgets(text: str) -> bool:
    body = _strip_bullets(text)
    return (any(anchor in body for anchor in _WIDGET_ANCHORS) and len(body) <= T.INFO_VALUE_MAX
            and not _WIDGET_WORDS.sub("", body))


# (kind shown to staff, recogniser): the first that matches names the line.
CHROME_RULES = [
    (UNRELATED, looks_spam),  # first: spam is named as spam even where it looks like a menu
    ("数据库标注", lambda t: bool(_DATABASE.search(clean(t)))),
    ("导航", lambda t: bool(_BREADCRUMB.search(_strip_bullets(t)))),
    ("导航", _nav),
    ("导航", lambda t: bool(_LINK_BRACKETS.fullmatch(clean(t)))),
    ("页面按钮", _widgets),
    ("页面按钮", lambda t: bool(_SCAN.search(_strip_bullets(t)))),
    ("导航", lambda t: bool(_PREV_NEXT.search(_strip_bullets(t)))),
    ("导航", lambda t: bool(_DATE_BANNER.search(_strip_bullets(t))) and len(clean(t)) <= T.NAV_BANNER_MAX),
    ("页脚", lambda t: bool(_FOOTER.search(t)) and len(clean(t)) <= T.INFO_VALUE_MAX),
    ("相关链接", lambda t: bool(_RELATED.search(_strip_bullets(t)))),
    ("页面按钮", lambda t: bool(_APP.search(_strip_bullets(t)))),
    ("政策解读链接", lambda t: bool(_EXPLAINER.search(_strip_bullets(t)))),
    ("编者注", lambda t: bool(_EDITORS_NOTE.fullmatch(clean(t)))),
    ("乱码", _junk_only),
    ("信息栏", lambda t: bool(_FORUM_POST.match(clean(t)))),
    ("编者注", lambda t: bool(_LEAD.match(_strip_bullets(t)))),
    ("页面按钮", lambda t: bool(re.search(r"上一篇.{0,20}下一篇|预览时标签不可点|阅读原文|收录于合集", t))),
    ("符号", lambda t: bool(_SYMBOLS_ONLY.fullmatch(clean(t))) and not re.fullmatch(r"[.。…]+", clean(t))),
    ("页脚", lambda t: bool(re.fullmatch(r"\[\d{1,2}\]", clean(t)))),  # a mirror's footnote mark "[1]"
    ("页码", lambda t: bool(_PAGE_NUMBER.fullmatch(clean(t)))),
    ("页面按钮", lambda t: bool(_DOWNLOAD_BOX.fullmatch(clean(t)))),
    (UNRELATED, looks_unrelated),  # last: every kind above names furniture more precisely
]
CREDIT_KEYS = {"author", "publisher"}  # 编辑: / 来源: after the signature: the news site's credits, a footer
FOOTER_KINDS = {"页脚", "相关链接", "页面按钮"}  # after the signature, these begin the page's footer


# a forum thread's post line: "admin 发表于 2016-10-20 00:55:56", "楼主 发表于 3 天前"
_FORUM_POST = re.compile(r"\S{1,30}\s+发表于\s*(?:\d{4}[-/.年]\d{1,2}|\d{1,3}\s*(?:分钟|小时|天)前|昨天|前天)")
# a news site's or a forum's lead over the text it sums up: "[导读]:为解决…", "【导读】…"
_LEAD = re.compile(r"[\[【(（]?\s*(?:导读|导语|摘要|核心提示)\s*[\]】)）]\s*[:：]?|(?:导读|导语)\s*[:：]")
# a page's download box that names no file: "附件(点击下载):", "相关附件下载："
_DOWNLOAD_BOX = re.compile(r"(?:相关)?附\s*件\s*[(（]?\s*(?:点击|请点击)?(?:下载|查看)\s*[)）]?\s*[:：]?")
# a PDF's page number copied with the text: "—1—", "- 2 -", "－ 3 －", "第 4 页"
_PAGE_NUMBER = re.compile(r"[—\-－–]\s*\d{1,3}\s*[—\-－–]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?")
_SYMBOLS_ONLY = re.compile(r"[•·●▪◆■□▶►\-–—_=*#|｜/\\~～.。…\s]{1,12}")


def chrome_kind(text: str) -> str | None:
    """The kind of page furniture a line is wherever it stands, or None."""
    if not clean(text):
        return None
    text = fold(without_glosses(text))
    for kind, recognise in CHROME_RULES:
        if recognise(text):
            return kind
    return None


# --- the layer ------------------------------------------------------------------------------


@dataclass
class PageLayer:
    """Per source line: what page furniture it is; and the information block's fields."""

    chrome: dict[int, str] = field(default_factory=dict)  # line number -> kind
    info: list[InfoField] = field(default_factory=list)
    credits: set[int] = field(default_factory=set)  # lines of 编辑: / 来源: credits (a footer after the signature)
    repeated: dict[int, int] = field(default_factory=dict)  # line number -> texts repeating it (repetition.py)
    weak_credits: set[int] = field(default_factory=set)  # credits standing alone: chrome only in a page's footer
    _info_lines: list[int] = field(default_factory=list, repr=False)

    @property
    def web_copy(self) -> bool:
        return bool(self.chrome)

    def info_in(self, first: int, last: int) -> list[InfoField]:
        """The fields printed on lines first..last (the fields are in line order: found by bisection)."""
        if len(self._info_lines) != len(self.info):
            self._info_lines = [f.line for f in self.info]
        lines = self._info_lines
        return self.info[bisect.bisect_left(lines, first): bisect.bisect_right(lines, last)]


REPEATED = "各页重复的网页文字"  # the kind of a line learned as furniture from its repetition across texts


def read_page(lines: tuple[SourceLine, ...], repeated: dict[int, int] | None = None) -> PageLayer:
    """The page layer of one text; `repeated` ({line number: texts}) names the lines that other texts of the same
    folder repeat at their head or foot (`repetition.repeated_in`): furniture even when their words are new."""
    layer = PageLayer()
    furniture = {index: kind for index, line in enumerate(lines) if (kind := chrome_kind(line.text))}
    for index, line in enumerate(lines):
        if index not in furniture and line.number in (repeated or {}):
            furniture[index] = REPEATED
            layer.repeated[line.number] = repeated[line.number]
    runs = _label_runs(lines)
    for index, entry in _colon_label_runs(lines).items():
        runs.setdefault(index, entry)
    parsed: dict[int, _Parsed] = {}
    sure: set[int] = set()
    weak: set[int] = set()
    for index, line in enumerate(lines):
        if index in runs:
            continue
        info = parse_info_line(line.text)
        if info:
            parsed[index] = info
            confidence = _confidence(info)
            (sure if confidence == "sure" else weak if confidence == "weak" else set()).add(index)
    neighbours = _non_blank_neighbours(lines)
    # weak lines count next to information lines or other furniture: sweep down, then up, so a run grows
    for order in (sorted(weak), sorted(weak, reverse=True)):
        for index in order:
            if index not in sure and any(n in sure or n in furniture or n in runs
                                         for n in neighbours.get(index, ()) if n is not None):
                sure.add(index)
    values: dict[int, int] = {}  # value line -> its label line
    for index in sorted(sure):
        info = parsed[index]
        label, value, _ = info.fields[-1]
        if value or len(info.fields) > 1:
            continue
        following = neighbours.get(index, (None, None))[1]
        if following is None or following in values or following in runs:
            continue
        if following in parsed and not (parsed[following].stamp or parsed[following].bare_word):
            continue
        # a value on its own line is set off like the labels: bulleted or indented
        raw = lines[following].text
        candidate = _strip_bullets(raw)
        kind = INFO_LABELS.get(label, ("", "", False))[1]
        set_off = clean(raw)[:1] in _BULLETS or raw[:1] in " \t\u3000"
        if set_off and _valid(kind, candidate, alone=True) and chrome_kind(raw) is None:
            values[following] = index
            info.fields[-1] = (label, candidate, info.fields[-1][2])
            sure.discard(following)
    found: list[InfoField] = []
    for index in sure:
        layer.chrome[lines[index].number] = "信息栏"
        for label, value, _ in parsed[index].fields:
            key = INFO_LABELS.get(label, _OTHER_LABEL)[0]
            found.append(InfoField(label, key, value, lines[index].number))
            if key in CREDIT_KEYS:
                layer.credits.add(lines[index].number)
    for index in values:
        layer.chrome[lines[index].number] = "信息栏"
    for index, (label, value) in runs.items():
        layer.chrome[lines[index].number] = "信息栏"
        if label:
            found.append(InfoField(label, INFO_LABELS.get(label, _OTHER_LABEL)[0], value, lines[index].number))
    for index, line in enumerate(lines):
        if line.number not in layer.chrome and index in furniture:
            kind = furniture[index]
            if kind != "符号":
                layer.chrome[line.number] = kind
                continue
            # a lone "|", "•" or "-" is furniture only beside other furniture (elsewhere it may separate cells)
            near = [n for n in neighbours.get(index, ()) if n is not None]
            if any(n in sure or n in runs for n in near):
                layer.chrome[line.number] = "信息栏"
            elif any(n in furniture and furniture[n] != "符号" for n in near):
                layer.chrome[line.number] = "页面按钮"
            elif re.fullmatch(r"[|｜]{1,3}", clean(line.text)) and not any(
                    re.search(r"[|｜]", lines[n].text) for n in near):
                layer.chrome[line.number] = "符号"  # a grid's stray cell wall, away from any table row
    # a run of lone "|" lines (a grid's empty cells, one a line) next to furniture is furniture all through
    symbols = [index for index in sorted(furniture) if furniture[index] == "符号"]
    for order in (symbols, symbols[::-1]):
        for index in order:
            if lines[index].number not in layer.chrome and any(
                    n is not None and furniture.get(n) == "符号" and lines[n].number in layer.chrome
                    for n in neighbours.get(index, ())):
                layer.chrome[lines[index].number] = "符号"
    for index in weak - sure:
        if any(INFO_LABELS.get(label, ("",))[0] in CREDIT_KEYS for label, _, _ in parsed[index].fields):
            layer.weak_credits.add(lines[index].number)
    for line in lines:  # what the format itself shows as furniture (outside a web page's main content, a running head)
        if line.layout is not None and line.layout.chrome and line.number not in layer.chrome:
            layer.chrome[line.number] = line.layout.chrome
    # the pieces of a document that ran onto one line (unfold.py) share its number: they are the document's, never
    # the page's (a number marked here would take every piece with it)
    pieces = {n for n, count in Counter(line.number for line in lines).items() if count > 1}
    for n in pieces:
        layer.chrome.pop(n, None)
    layer.info = sorted((f for f in found if f.line not in pieces), key=lambda f: f.line)
    return layer


def _bare_label(text: str) -> str | None:
    """A label alone on its line, with no colon (a two-column table copied one cell a line)."""
    body = fold(_strip_bullets(text))
    if ":" in body or "：" in body:
        return None
    name = _label_name(body)
    return name if name in INFO_LABELS else None


def _glued_label(text: str) -> tuple[str, str] | None:
    """"高青县人民政府关于印发…的通知发文机关": a value with the next label run on at its end."""
    body = clean(text)
    folded = fold(body)
    for label in sorted(INFO_LABELS, key=len, reverse=True):
        if len(label) >= T.GLUED_LABEL_MIN and folded.endswith(label) and len(body) > len(label):
            return body[: -len(label)], label
    return None


def _label_runs(lines: tuple[SourceLine, ...]) -> dict[int, tuple[str, str]]:
    """An information block copied as a two-column table, one cell a line: 标题 / value / 发文机关 / value …

    index -> (label, value) for the label lines, (label, value) with label "" for value lines."""
    found: dict[int, tuple[str, str]] = {}
    non_blank = [i for i, line in enumerate(lines) if clean(line.text)]
    k = 0
    while k < len(non_blank):
        i = non_blank[k]
        if _bare_label(lines[i].text) is None:
            k += 1
            continue
        run: dict[int, tuple[str, str]] = {}
        labels = strong = 0
        pending = _bare_label(lines[i].text)
        run[i] = (pending, "")
        labels += 1
        strong += INFO_LABELS[pending][2]
        label_at = i
        m = k + 1
        while m < len(non_blank):
            j = non_blank[m]
            text = lines[j].text
            bare = _bare_label(text)
            if bare:
                pending, label_at = bare, j
                run[j] = (bare, "")
                labels += 1
                strong += INFO_LABELS[bare][2]
                m += 1
                continue
            if pending is None or len(clean(text)) > T.INFO_VALUE_MAX or chrome_kind(text):
                break
            glued = _glued_label(text)
            value = glued[0] if glued else clean(text)
            run[label_at] = (pending, value)
            run[j] = ("", value)
            pending = None
            if glued:
                pending, label_at = glued[1], j
                labels += 1
                strong += INFO_LABELS[glued[1]][2]
            m += 1
        if labels >= T.LABEL_RUN_MIN and strong >= 2:
            found.update(run)
            k = m
        else:
            k += 1
    # a glued label shares its line with the value before it
    result: dict[int, tuple[str, str]] = {}
    for index, (label, value) in found.items():
        if label or index not in result:
            result[index] = (label, value)
    return result


_COLON_LABEL = re.compile(r"(?P<label>[\u4e00-\u9fff]{2,8})\s*[:：]\s*(?P<value>.*)")


def _colon_label(text: str) -> tuple[str, str] | None:
    """"主题:", "截止:2019-06-18": a short label with a colon, and the value on its line (maybe none)."""
    match = _COLON_LABEL.fullmatch(fold(clean(text)))
    if not match or len(clean(text)) > T.INFO_VALUE_MAX or any(ch in "。；，" for ch in match["value"]):
        return None
    return match["label"], clean(clean(text)[match.start("value"):])


def _colon_label_runs(lines: tuple[SourceLine, ...]) -> dict[int, tuple[str, str]]:
    """A page's field block whose values stand on the line after each label ("主题:" / the title / "时限:" …).

    Labels with colons, each alone or with its value; a line between two labels is the value of the first.
    A run counts when it has LABEL_RUN_MIN labels, two of them alone on their line (the text's own
    "联系人：张三 / 电话：…" lines carry their values) and two with a value (a blank form's fields have none). index -> (label, value); value lines get label ""."""
    non_blank = [i for i, line in enumerate(lines) if clean(line.text)]
    found: dict[int, tuple[str, str]] = {}
    k = 0
    while k < len(non_blank):
        run: dict[int, tuple[str, str]] = {}
        alone = 0
        m = k
        while m < len(non_blank):
            i = non_blank[m]
            item = _colon_label(lines[i].text)
            if item is None:
                break
            run[i] = item
            m += 1
            if item[1]:
                continue
            alone += 1
            if m + 1 < len(non_blank) and _colon_label(lines[non_blank[m]].text) is None \
                    and _colon_label(lines[non_blank[m + 1]].text) is not None \
                    and len(clean(lines[non_blank[m]].text)) <= T.INFO_VALUE_MAX:
                value = non_blank[m]  # between two labels: the value of the first
                run[i] = (item[0], clean(lines[value].text))
                run[value] = ("", clean(lines[value].text))
                m += 1
        labelled = [value for label, value in run.values() if label]
        # a blank form's fields ("宣传报道内容：" / "配合协助事项：") have no values: a block has at least two
        if len(labelled) >= T.LABEL_RUN_MIN and alone >= 2 and sum(1 for value in labelled if value) >= 2:
            found.update(run)
        k = max(m, k + 1)
    return found


def _non_blank_neighbours(lines: tuple[SourceLine, ...]) -> dict[int, tuple[int | None, int | None]]:
    """index -> (previous non-blank index, next non-blank index), in one pass each way."""
    result: dict[int, list] = {}
    previous = None
    for index, line in enumerate(lines):
        if clean(line.text):
            result[index] = [previous, None]
            if previous is not None:
                result[previous][1] = index
            previous = index
    return {k: (v[0], v[1]) for k, v in result.items()}


def registration_in(value: str) -> str | None:
    match = REGISTRATION.search(value)
    return normal_registration(match[0]) if match else None
