"""One line of a web page's information block: its labels (`INFO_LABELS`) and the fields it holds.

索引号 / 发布机构 / 文号 / 成文日期 …, one or two fields a line, with or without colons, letter-spaced
labels, bullets, "|" grids, 【label】value and 【label:value】 brackets, a value followed by the page's font or
print buttons. `page.py` decides from these lines, and from their neighbours, what the page's block is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import thresholds as T
from .patterns import (DATE, DOC_NUMBER, LAX_DATE, NUMERIC_DATE, clean, damaged_doc_number_line, fold,
                       without_glosses)

# --- the information block's labels ------------------------------------------------------
# label: (key, kind of value, strong). A strong label is never body text; a weak one ("来源",
# "时间", "名称") counts only on a line with another label or next to an information line.
_LABEL_TABLE = """
索引号 index code 1 | 统一登记号 registration code 1 | 统一编号 registration code 1 | 统一编码 registration code 1 | 登记号 registration code 1
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
文章字号 widget widget 0 | 公开程序 disclosure short 1 | 编辑日期 published date 1 | 核心提示 summary summary 1
发布部门 publisher body 1 | 发布文号 doc_number docno 1 | 效力级别 topic short 1 | 法规类别 topic short 1 | 所属类别 topic short 1
文件来源 publisher body 1 | 添加日期 published date 1 | 添加时间 published date 1 | 录入时间 published date 1
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
    if value in ("", "-", "—", "无", "暂无") or re.fullmatch(r"[-—－_]{2,}", value):  # "-----------": a database's empty value
        return not alone
    if kind == "summary":
        return not alone  # "核心提示:…": the page's lede, as long as it likes, never a line of its own
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
    widgets: bool = False  # the page's font-size or print buttons after a value ("时间:2017-11-08 大 中 小")

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
    text = _BRACKETED_LABEL.sub(r"\1：", text)  # "【发文字号】 田政〔2005〕19号": a database's label in brackets
    text = _BRACKETED_FIELD.sub(r" \1 ", _WIDGET_BRACKETS.sub(" ", text))  # "【编辑日期:2018-03-13】 【来源:】 【关闭】"
    body = _PAGE_PREFIX.sub("", _strip_bullets(text))  # "< 返回 信息来源: …", "www.….gov.cn 发布时间: …"
    if not body:
        return None
    folded = fold(body)
    if ("|" in body or "｜" in body) and not _title_field(folded):
        return _parse_grid_row(body)
    return _parse_fields(body, folded, text)


# what a page prints before its information line: a back button ("< 返回"), the site's address ("www.….gov.cn")
_PAGE_PREFIX = re.compile(r"^(?:[<＜«‹]?\s*返回(?:列表|首页|上一页)?|(?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:cn|com|net|org))\s+")
_BRACKETED_LABEL = re.compile(rf"【\s*({_LABEL})\s*】")
_BRACKETED_FIELD = re.compile(rf"【\s*((?:{_LABEL}){_SEP}[:：][^【】]{{0,{T.INFO_SHORT_VALUE_MAX}}})】")


_WIDGET_TOKEN = re.compile(r"[【】\[\]（）()]*(?:大|中|小|默认|打印|关闭|打印本页|关闭窗口|收藏|分享)?[【】\[\]（）():：]*")
_WIDGET_BRACKETS = re.compile(r"【\s*(?:打印|关闭|打印本页|关闭窗口|收藏|返回顶部)\s*】")


def _without_widget_tail(value: str) -> str:
    """"2017-11-08       大    中    小", "【": a value with the page's font-size or print buttons after it."""
    tokens = value.split()
    while tokens and _WIDGET_TOKEN.fullmatch(tokens[-1]):
        tokens.pop()
    return " ".join(tokens) if len(tokens) < len(value.split()) else value


def _title_field(folded: str) -> bool:
    """"名 称: 2021盘龙两会进行时|区政协…": a title's label with its colon; the bars are the title's own."""
    match = _LABEL_AT.match(folded)
    return bool(match and match["colon"] and INFO_LABELS[_label_name(match["label"])][1] == "title")


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
    widgets = False
    for match, following in zip(matches, matches[1:] + [None]):
        end = following.start() if following else len(body)
        printed = clean(body[match.end():end]).strip(_BULLETS + " \u3000")
        value = _without_widget_tail(printed)
        widgets = widgets or value != printed
        fields.append((_label_name(match["label"]), value, bool(match["colon"])))
    return _Parsed(fields, bulleted=clean(text)[:1] in _BULLETS, widgets=widgets)


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
    if strong and (colon or len(labels) > 1) or parsed.bulleted and colon and not value or parsed.widgets and colon:
        return "sure"
    return "weak"


