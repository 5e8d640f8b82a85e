"""What a web page (or a legal database) wraps around a notice: chrome and information blocks.

Read before the notice is split and parsed: every line that is page furniture wherever it
stands (menus, breadcrumbs, 【打印】【关闭】, 扫一扫, 上一篇/下一篇, footers, database marks)
and every line of an information block (索引号 / 发布机构 / 文号 / 成文日期 …, one or two
fields a line, with or without colons, letter-spaced labels, bullets, "|" grids, a label
with its value on the next line). Chrome that is only chrome by its place on the page (the
site's name above the breadcrumb, a footer after the signature) is decided by `parse`, which
knows where the notice begins and ends.

The recognisers form one ordered table, `CHROME_RULES`; the information block's labels one
table, `INFO_LABELS`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from . import thresholds as T
from .model import InfoField, SourceLine
from .unrelated import UNRELATED, looks_spam, looks_unrelated
from .patterns import (DATE, DOC_NUMBER, LAX_DATE, NUMERIC_DATE, REGISTRATION, SENTENCE_PUNCT, clean, damaged_doc_number_line, fold,
                       normal_registration, unspaced, without_glosses)

# --- the information block's labels ------------------------------------------------------
# label: (key, kind of value, strong). A strong label is never body text; a weak one ("来源",
# "时间", "名称") counts only on a line with another label or next to an information line.
_LABEL_TABLE = """
索引号 index code 1 | 统一编号 registration code 1 | 统一编码 registration code 1 | 登记号 registration code 1
发文机关 issuer body 1 | 发文单位 issuer body 1 | 制发机关 issuer body 1 | 发文机构 issuer body 1 | 发布单位 issuer body 1
颁布单位 issuer body 1 | 颁布机关 issuer body 1 | 公布机关 issuer body 1
发布机构 publisher body 1 | 公开责任部门 publisher body 1 | 责任部门 publisher body 1 | 所属机构 publisher body 1
信息来源 publisher body 1 | 来源 publisher body 0 | 公开主体 publisher body 1
文号 doc_number docno 0 | 发文字号 doc_number docno 1 | 发文文号 doc_number docno 1 | 文件编号 doc_number docno 1
颁布日期 written date 1 | 公布日期 written date 1 | 成文日期 written date 1 | 发文日期 written date 1 | 印发日期 written date 1 | 生成日期 written date 1 | 签发日期 written date 1
发布日期 published date 1 | 公开日期 published date 1 | 发布时间 published date 1 | 上载日期 published date 1
日期 published date 0 | 时间 published date 0 | 更新时间 published date 1 | 归档时间 archived date 1
生效日期 effective date 1 | 生效时间 effective date 1 | 实施日期 effective date 1 | 施行日期 effective date 1
废止日期 expires date 1 | 废止时间 expires date 1 | 失效日期 expires date 1 | 失效时间 expires date 1
公文时效 validity short 1 | 文件时效 validity short 1 | 有效性 validity short 1 | 是否有效 validity short 1 | 时效性 validity short 1 | 效力状态 validity short 1
主题分类 topic short 1 | 信息分类 topic short 1 | 组配分类 topic short 1 | 体裁分类 topic short 1 | 分类 topic short 0
公文目录 topic short 1 | 公开目录 topic short 1 | 主题词 topic short 1 | 关键词 topic short 0 | 关键字 topic short 0
标签 topic short 1 | 服务对象 topic short 1 | 公文种类 topic short 1 | 文种 topic short 0
名称 title title 0 | 标题 title title 0 | 文件名称 title title 1
公开方式 disclosure short 0 | 公开形式 disclosure short 1 | 公开范围 disclosure short 1 | 公开时限 disclosure short 1
浏览次数 views count 1 | 浏览量 views count 1 | 浏览 views count 0 | 访问次数 views count 1 | 点击数 views count 1
阅读次数 views count 1 | 作者 author short 0 | 责任编辑 author short 1 | 编辑 author short 0
审核 author short 0 | 校对 author short 0 | 监制 author short 0 | 总监制 author short 0 | 媒体运营 author short 0
摄影 author short 0 | 美编 author short 0 | 供稿 author short 0 | 撰稿 author short 0 | 通讯员 author short 0
初审 author short 0 | 复审 author short 0 | 终审 author short 0 | 责编 author short 0
内容概述 summary summary 1 | 政策解读 explainer summary 0 | 字号 widget widget 0 | 字体 widget widget 0
视力保护色 widget widget 1 | 产生日期 written date 1 | 分享到 widget widget 0 | 分享 widget widget 0 | 发布机关 issuer body 1 | 文件状态 validity short 1 | 上传时间 published date 1
文档编号 index code 1 | 点击次数 views count 1 | 访问量 views count 1
"""
INFO_LABELS: dict[str, tuple[str, str, bool]] = {}
for _entry in re.split(r"[|\n]", _LABEL_TABLE):
    if _entry.strip():
        _label, _key, _kind, _strong = _entry.split()
        INFO_LABELS[_label] = (_key, _kind, _strong == "1")

_SEP = r"[ \u3000\t]*"
_LABEL = "|".join(_SEP.join(label) for label in sorted(INFO_LABELS, key=len, reverse=True))
# a label at the start of the line or after a space, bullet, bracket or bar, then a colon or a gap
_LABEL_AT = re.compile(rf"(?:^|(?<=[\s|｜•·【\[\x27\x22“”‘’]))(?P<label>{_LABEL})(?:(?P<colon>{_SEP}[:：])|(?=[\s|｜]|$))")
_BULLETS = "•·●▪◆■□-–*"
_CLOCK = re.compile(r"^\s*\d{1,2}:\d{2}(:\d{2})?")
_TIMESTAMP_LINE = re.compile(
    r"(?P<date>(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}日?)(?:[-\s]+\d{1,2}:\d{2}(?::\d{2})?)\s*(?P<rest>.*)")


def _label_name(text: str) -> str:
    return re.sub(r"[\s:：]", "", text)


def _valid(kind: str, value: str, *, alone: bool = False) -> bool:
    """Does the value fit its label? `alone`: a value on its own line, judged more strictly."""
    if value in ("", "-", "—", "无", "暂无"):
        return not alone
    if len(value) > T.INFO_VALUE_MAX or "。" in value:
        return False
    if kind == "date":
        return bool(NUMERIC_DATE.match(value) or DATE.match(value) or LAX_DATE.match(value))
    if kind == "docno":
        return bool(DOC_NUMBER.search(fold(value)) or damaged_doc_number_line(value) or value in ("号",))
    if kind == "code":
        return bool(re.fullmatch(r"[\w\-/.·（）() ]+", value)) and bool(re.search(r"\d", value))
    if kind == "count":
        return bool(re.match(r"\d+\s*次?\W?$", value))
    if kind in ("body", "short"):
        limit = T.INFO_SHORT_VALUE_MAX if alone else T.INFO_VALUE_MAX
        return len(value) <= limit and not (alone and any(ch in "，。；" for ch in value))
    if kind == "title":
        return not alone or bool(value)
    if kind in ("summary", "widget"):
        return not alone
    return False


@dataclass
class _Parsed:
    fields: list[tuple[str, str, bool]]  # (label as printed without spaces, value, had a colon)
    bulleted: bool = False  # "• 索引号:": a bullet list of fields
    stamp: bool = False  # a bare "2018-07-06 15:49 …" publication line, no label printed

    @property
    def bare_word(self) -> bool:
        """A line that is one label word and nothing else, no colon: may be another label's value."""
        return len(self.fields) == 1 and not self.fields[0][1] and not self.fields[0][2]

    @property
    def labels_only(self) -> bool:
        return all(not value for _, value, _ in self.fields)


def _strip_bullets(text: str) -> str:
    return clean(text).lstrip(_BULLETS + " \u3000")


def parse_info_line(text: str) -> _Parsed | None:
    """The label/value fields of one information-block line, or None when the line is not one."""
    text = without_glosses(text)  # 發(fā)布日期: a mirror's pinyin gloss inside a label
    body = _strip_bullets(text)
    if not body:
        return None
    folded = fold(body)
    if "|" in body or "｜" in body:
        return _parse_grid_row(body)
    return _parse_fields(body, folded, text)


def _parse_fields(body: str, folded: str, text: str) -> _Parsed | None:
    fields: list[tuple[str, str, bool]] = []
    stamp = _TIMESTAMP_LINE.fullmatch(folded)
    if stamp:  # "2020-12-18 09:00 来源:苍梧县人民政府办公室", "2018-07-06 15:49 湖北省农民合作社办公室"
        rest = stamp["rest"]
        if len(body) > T.PUBLISHED_LINE_MAX or any(ch in "。；" for ch in rest):
            return None
        fields.append(("发布时间", stamp["date"], False))
        if rest and not _LABEL_AT.match(rest):
            fields.append(("来源", clean(body[stamp.start("rest"):]), False))
            return _Parsed(fields, stamp=True)
        body, folded = body[stamp.start("rest"):], rest
        if not body:
            return _Parsed(fields, stamp=True)
    matches = list(_LABEL_AT.finditer(folded))
    if not matches or matches[0].start() != 0:
        return None
    for match, following in zip(matches, matches[1:] + [None]):
        end = following.start() if following else len(body)
        value = clean(body[match.end():end]).strip(_BULLETS + " \u3000")
        fields.append((_label_name(match["label"]), value, bool(match["colon"])))
    return _Parsed(fields, bulleted=clean(text)[:1] in _BULLETS)


def _parse_grid_row(body: str) -> _Parsed | None:
    """"索引号 | 620702069/2023-00096 | 发文字号 | 号 |": labels and values in cells."""
    fields: list[tuple[str, str, bool]] = []
    for cell in (clean(c) for c in re.split(r"[|｜]", body)):
        name = _label_name(fold(cell))
        if name in INFO_LABELS and re.fullmatch(rf"(?:{_LABEL}){_SEP}[:：]?", fold(cell)):
            fields.append((name, "", cell.endswith((":", "："))))
        elif _GRID_LABEL.fullmatch(cell) and (not fields or fields[-1][1]):
            fields.append((_label_name(cell), "", True))  # a label this table does not know, in a row of fields
        elif cell:
            if not fields:
                return None
            label, value, colon = fields[-1]
            fields[-1] = (label, f"{value} {cell}".strip(), colon)
    if not any(label in INFO_LABELS for label, _, _ in fields):
        return None  # a row of a table in the text, not the page's information block
    return _Parsed(fields) if fields else None


_GRID_LABEL = re.compile(r"[\u4e00-\u9fff]{2,8}\s*[:：]")
_OTHER_LABEL = ("other", "short", False)  # a label of an information grid the table above does not list


def _confidence(parsed: _Parsed) -> str | None:
    """"sure" (an information line wherever it stands), "weak" (only next to one), or None."""
    for label, value, _ in parsed.fields:
        key, kind, _ = INFO_LABELS.get(label, _OTHER_LABEL)
        if not _valid(kind, value):
            return None
    labels = [label for label, _, _ in parsed.fields if label in INFO_LABELS]
    if len(parsed.fields) >= 2:
        return "sure"
    label, value, colon = parsed.fields[0]
    if label not in INFO_LABELS:  # a bare timestamp line
        return "sure"
    strong = INFO_LABELS[label][2]
    if strong and (colon or len(labels) > 1) or parsed.bulleted and colon and not value:
        return "sure"
    return "weak"


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
    r"打印正文|关闭正文|打印本页|关闭本页|关闭窗口|返回顶部|返回首页|打印|关闭|返回|收藏本页|收藏|分享到|分享|朗读|听全文|语音播报|"
    r"字号|字体|视力保护色|浏览量|浏览次数|浏览|已阅|我要纠错|纠错|下载地址|点击此处下载|点击下载|复制链接|默认|"
    r"微信|微博|QQ空间|QQ|大|中|小|[【】\[\]（）()《》:：|｜\s\d—\-－·•]")
_BREADCRUMB = re.compile(r"^(?:当前位置|您当前的位置|您当前位置|您的位置|您现在的位置|所在位置|当前所在位置|位置)\s*[:：]"
                         r"|(?:首页|主页)\s*(?:>|＞|»|→|/)|^(?:>|＞|»)")
_SCAN = re.compile(r"^(?:扫一扫|手机扫一扫|微信扫一扫|用手机扫|扫描二维码|手机扫码|扫码)")
_DATE_BANNER = re.compile(r"^今天是\s*[:：]?\s*(?:\d{4}\s*年|\d{4}[-./])")  # "今天是:2025年12月06日 星期六"
_PREV_NEXT = re.compile(r"^(?:上一篇|下一篇|第一篇|最后一篇|上一条|下一条|上一页|下一页|上篇|下篇)\s*[:：]")
_FOOTER = re.compile(r"^本作品.{0,120}(?:著作权|版权|公有领域|许可协议)|版权所有|Copyright|©|ICP备|ICP证|公网安备|网站标识码|网站识别码|建议使用.{0,20}浏览器|技术支持[:：]"
                     r"|(?:主办|承办|主管)单位[:：].{0,40}(?:承办|协办|主办|维护)", re.IGNORECASE)
_DATABASE = re.compile(r"^(?:本作品)?收录于|^【法宝引证码】|^原文链接\s*[:：]|^(?:来源|出处|本文链接|原文地址)\s*[:：]\s*https?://")
_RELATED = re.compile(r"^(?:相关链接|相关阅读|相关文章|相关新闻|相关文件|相关信息|相关附件|推荐阅读|热点推荐|延伸阅读|猜你喜欢"
                      r"|相关推荐|你可能(?:也)?(?:爱看|喜欢|感兴趣)(?:的)?(?:文章|内容|新闻)?|大家都在看|为你推荐|热门推荐|更多推荐|热门文章|最新资讯|最新文章"
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
    ("页面按钮", lambda t: bool(re.search(r"上一篇.{0,20}下一篇|预览时标签不可点|阅读原文|收录于合集", t))),
    ("符号", lambda t: bool(_SYMBOLS_ONLY.fullmatch(clean(t))) and not re.fullmatch(r"[.。…]+", clean(t))),
    ("页脚", lambda t: bool(re.fullmatch(r"\[\d{1,2}\]", clean(t)))),  # a mirror's footnote mark "[1]"
    ("页码", lambda t: bool(_PAGE_NUMBER.fullmatch(clean(t)))),
    ("页面按钮", lambda t: bool(_DOWNLOAD_BOX.fullmatch(clean(t)))),
    (UNRELATED, looks_unrelated),  # last: every kind above names furniture more precisely
]
CREDIT_KEYS = {"author", "publisher"}  # 编辑: / 来源: after the signature: the news site's credits, a footer
FOOTER_KINDS = {"页脚", "相关链接", "页面按钮"}  # after the signature, these begin the page's footer


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
    for index in weak - sure:
        if any(INFO_LABELS.get(label, ("",))[0] in CREDIT_KEYS for label, _, _ in parsed[index].fields):
            layer.weak_credits.add(lines[index].number)
    layer.info = sorted(found, key=lambda f: f.line)
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
