"""Staff's corrections: one file per notice in `meta/` beside the source texts, for what the reader got wrong.

A correction file names its notice by what a correction does not change: the source file and the
notice's place in it (来源 + 第几份), checked against the 文号 the reader read (原文号); or by that
文号 alone. Correcting the title or the 文号 (in the file, or in the text) therefore never loses the
correction, and a file that matches nothing — or no longer the notice it was written for — stops the
build with a Chinese message naming the file and its key. It may set the title, 文号, issuers, date,
kind, status and validity; each corrected field is shown with a note saying so. The page address stays
the one made from the reader's values (shared links keep working) unless the file sets 页面地址.

    "来源" = "2024-notices.txt"
    "第几份" = 5
    "原文号" = "江政办发〔2024〕5号"
    "标题" = "关于印发《……》的通知"
    "发文机关" = ["江华瑶族自治县人民政府办公室"]
    "状态" = "已失效"

The old form, `meta/<page address>.toml` with `kind` and `[validity]` (validity.py's META_SCHEMA), is
still read; it matches by the page address, and one that matches nothing is an error too.
`template` writes a commented correction file with the reader's values filled in.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import Notice
from .patterns import doc_number_line
from .schema import Key, check, read_toml
from .sources import SourceError
from .validity import META_SCHEMA, STATUSES

WHAT = "更正文件"
OLD_WHAT = "更正文件（旧写法）"
KINDS = ("规范性文件", "人事任免", "其他公文")  # what the reader gives; staff may write another

# which notice (never changed by a correction)
WHICH = (
    Key("来源", "来源", "text", example='"2024-notices.txt"'),
    Key("第几份", "第几份", "count", example="3"),
    Key("原文号", "原文号", "text", example='"江政办发〔2024〕5号"'),
)
# what it corrects: (key, the Notice field its note is shown beside)
FIELDS = (
    Key("标题", "标题", "text", example='"关于印发《……》的通知"'),
    Key("文号", "文号", "text", example='"江政办发〔2024〕5号"'),
    Key("发文机关", "发文机关", "names", example='["某县人民政府办公室"]'),
    Key("成文日期", "成文日期", "date", example="2024-03-15"),
    Key("类别", "类别", "text", example='"规范性文件"'),
    Key("状态", "状态", "choice", example='"已失效"', choices=STATUSES),
    Key("施行日期", "施行日期", "date", example="2024-03-15"),
    Key("有效期至", "有效期至", "date", example="2024-12-31"),
    Key("废止它的文件", "废止它的文件", "text", example='"江政办发〔2025〕1号"'),
    Key("说明", "说明", "texts", example='["2024年度方案，年度结束后不再执行"]'),
    Key("页面地址", "页面地址", "address", example='"jiangzhengbanfa-2024-5"'),
)
SCHEMA = WHICH + FIELDS
# the validity keys of a correction, as validity.apply names them (the old form's [validity] table)
VALIDITY_KEYS = {"状态": "status", "施行日期": "valid_from", "有效期至": "valid_until", "废止它的文件": "repealed_by",
                 "说明": "notes"}


@dataclass(frozen=True)
class Correction:
    shown: str  # the file as named to staff: jianghua/meta/更正-jiangzhengbanfa-2024-5.toml
    key: str  # how it names its notice, for messages: 来源「2024-notices.txt」第 5 份
    fields: dict = field(default_factory=dict)  # title, doc_number, issuers, date, kind, slug
    validity: dict = field(default_factory=dict)  # status, valid_from, valid_until, repealed_by, notes


def positions(notices: list[Notice]) -> list[int]:
    """Each notice's place among the notices of its source file, counting from 1."""
    seen: dict[str, int] = {}
    result = []
    for notice in notices:
        seen[notice.source_path] = seen.get(notice.source_path, 0) + 1
        result.append(seen[notice.source_path])
    return result


def load(meta_dir: Path | None, notices: list[Notice], shown_dir: str = "meta") -> dict[int, Correction]:
    """Every correction file of the folder, matched to its notice (by index in `notices`); a SourceError in
    Chinese for a file that is wrong, matches nothing, or corrects a notice another file corrects."""
    if meta_dir is None:
        return {}
    found: dict[int, Correction] = {}
    for path in sorted(meta_dir.glob("*.toml")):
        shown = f"{shown_dir}/{path.name}"
        if path.is_dir() and not any(n.slug == path.stem for n in notices):
            continue  # reported by `stray_folders`; one named after a notice's address was meant for it: stop
        data = read_toml(path, WHAT, shown)
        if any(not re.fullmatch(r"[A-Za-z0-9_-]+", k) for k in data):
            index, correction = _new_form(data, shown, notices)
        else:
            index, correction = _old_form(path, data, shown, notices)
        if index in found:
            raise SourceError(f"{found[index].shown} 和 {shown} 更正的是同一份通知（{_named(notices[index])}），"
                              "请把两个文件合并成一个，删去另一个。")
        found[index] = correction
    return found


def stray_folders(meta_dir: Path | None) -> list[Path]:
    """Folders named like correction files (x.toml): reported and left alone."""
    return sorted(p for p in meta_dir.glob("*.toml") if p.is_dir()) if meta_dir else []


def _named(notice: Notice) -> str:
    return f"《{notice.title}》" + (f"，{notice.doc_number}" if notice.doc_number else "")


def _new_form(data: dict, shown: str, notices: list[Notice]) -> tuple[int, Correction]:
    values = check(data, SCHEMA, WHAT, shown)
    index, key = _match(values, shown, notices)
    fields = {name: values[label] for label, name in (("标题", "title"), ("发文机关", "issuers"), ("成文日期", "date"),
                                                      ("类别", "kind"), ("页面地址", "slug")) if label in values}
    if "文号" in values:
        fields["doc_number"] = doc_number_line(values["文号"]) or values["文号"]
    validity = {VALIDITY_KEYS[label]: values[label] for label in VALIDITY_KEYS if label in values}
    return index, Correction(shown, key, fields, validity)


def _old_form(path: Path, data: dict, shown: str, notices: list[Notice]) -> tuple[int, Correction]:
    values = check(data, META_SCHEMA, OLD_WHAT, shown)
    index = next((i for i, n in enumerate(notices) if n.slug == path.stem), None)
    if index is None:
        raise SourceError(f"{OLD_WHAT} {shown} 没有对应的通知：找不到页面地址为 {path.stem} 的通知。这是按页面地址对应的旧写法，"
                          "改过原文的标题或文号后地址会变，就对不上了。请运行 python3 build.py correct --list 找到这份通知，"
                          "用 python3 build.py correct 写一个新的更正文件（按文本文件和第几份对应，改标题、文号都不受影响），"
                          "把这个文件里的内容抄过去，再删去这个文件。")
    fields = {"kind": values["kind"]} if "kind" in values else {}
    return index, Correction(shown, f"页面地址 {path.stem}", fields, values.get("validity", {}))


def _match(values: dict, shown: str, notices: list[Notice]) -> tuple[int, str]:
    """The index of the notice a new-form file names, or a SourceError saying why none fits."""
    source, place, number = values.get("来源"), values.get("第几份"), values.get("原文号")
    number = doc_number_line(number) or number if number else None
    places = positions(notices)
    if source is None:
        if number is None:
            raise SourceError(f"{WHAT} {shown} 没有写明更正哪一份通知：请写「来源」（文本文件名）和「第几份」，或写「原文号」。"
                              "运行 python3 build.py correct --list 可看到每份通知的写法。")
        if place is not None:
            raise SourceError(f"{WHAT} {shown} 写了「第几份」却没写「来源」：请写上是哪个文本文件。")
        hits = [i for i, n in enumerate(notices) if n.doc_number == number]
        if not hits:
            raise SourceError(f"{WHAT} {shown} 中的「原文号」{number} 找不到：没有哪份通知读出的文号是它。"
                              "运行 python3 build.py correct --list 可看到每份通知读出的文号。")
        if len(hits) > 1:
            where = "、".join(f"{notices[i].source_path} 第 {places[i]} 份" for i in hits)
            raise SourceError(f"{WHAT} {shown} 中的「原文号」{number} 对应 {len(hits)} 份通知（{where}），"
                              "请改用「来源」和「第几份」指明是哪一份。")
        return hits[0], f"原文号 {number}"
    in_file = [i for i, n in enumerate(notices) if n.source_path == source]
    if not in_file:
        files = sorted({n.source_path for n in notices})
        listed = "、".join(files[:8]) + ("等" if len(files) > 8 else "")
        raise SourceError(f"{WHAT} {shown} 中的「来源」「{source}」找不到：读入的文本文件中没有它（有：{listed}）。"
                          "文件改了名或移动过时，请把「来源」改成新的名称。")
    if place is None:
        by_number = [i for i in in_file if number and notices[i].doc_number == number]
        if len(in_file) == 1 or len(by_number) == 1:
            index = in_file[0] if len(in_file) == 1 else by_number[0]
        else:
            raise SourceError(f"{WHAT} {shown} 没有写「第几份」，而「{source}」中有 {len(in_file)} 份通知，"
                              "请写上是第几份（运行 python3 build.py correct --list 可以看到）。")
    elif place > len(in_file):
        raise SourceError(f"{WHAT} {shown} 中的「第几份」是 {place}，但「{source}」中只有 {len(in_file)} 份通知。"
                          "运行 python3 build.py correct --list 可以看到每份通知是第几份。")
    else:
        index = in_file[place - 1]
    key = f"来源「{source}」第 {places[index]} 份"
    if number and notices[index].doc_number != number:
        now = notices[index].doc_number or "（没有文号）"
        moved = [i for i in in_file if notices[i].doc_number == number]
        hint = (f"文号为 {number} 的通知现在是第 {places[moved[0]]} 份，请把「第几份」改为 {places[moved[0]]}。" if moved else
                "可能在它前面插入或删除了通知，或改过原文中的文号。请核对：是这一份就把「原文号」改为现在的文号，"
                "不是就改正「第几份」。")
        raise SourceError(f"{WHAT} {shown}：{key}现在是《{notices[index].title}》，文号 {now}，"
                          f"不是「原文号」写的 {number}。{hint}")
    return index, key


def _note(was: str | None) -> str:
    return f"经工作人员更正，系统原读作“{was}”" if was else "经工作人员更正（系统未能从原文读出）"


def apply(notices: list[Notice], found: dict[int, Correction]) -> list[Notice]:
    """The notices with each correction's fields set (title, 文号, issuers, date, kind, address), each with
    its note; validity is applied later, by validity.apply, from `validity_overrides`."""
    result = list(notices)
    final = [found[i].fields.get("slug", n.slug) if i in found else n.slug for i, n in enumerate(notices)]
    for index, correction in found.items():
        notice = notices[index]
        fields, notes, was = correction.fields, dict(notice.field_notes), []
        changes: dict = {}
        if "title" in fields and fields["title"] != notice.title:
            was.append(("title", notice.title))
            notes["title"] = _note(notice.title if notice.title_found else None)
            changes.update(title=fields["title"], title_found=True)
        if "doc_number" in fields and fields["doc_number"] != notice.doc_number:
            was.append(("doc_number", notice.doc_number or ""))
            notes["doc_number"] = _note(notice.doc_number)
            changes["doc_number"] = fields["doc_number"]
        if "issuers" in fields and tuple(fields["issuers"]) != notice.issuers:
            was.append(("issuer", notice.issuer or ""))
            notes["issuer"] = _note(notice.issuer)
            changes.update(issuers=tuple(fields["issuers"]), issuer="、".join(fields["issuers"]))
        if "date" in fields and fields["date"].isoformat() != notice.date:
            was.append(("date", notice.date or ""))
            notes["date"] = _note(notice.date)
            changes.update(date=fields["date"].isoformat(), date_ambiguous=False)
        if "kind" in fields and fields["kind"] != notice.kind:
            was.append(("kind", notice.kind))
            notes["kind"] = f"经工作人员更正，系统原定为“{notice.kind}”"
            changes["kind"] = fields["kind"]
        if "slug" in fields and fields["slug"] != notice.slug:
            taken = next((n for i, n in enumerate(notices) if i != index and final[i] == fields["slug"]), None)
            if taken is not None:
                raise SourceError(f"{WHAT} {correction.shown} 中的「页面地址」{fields['slug']} 已是{_named(taken)}的地址，"
                                  "请换一个。")
            changes["slug"] = fields["slug"]
        if changes:
            result[index] = replace(notice, **changes, field_notes=tuple(notes.items()),
                                    corrected=notice.corrected + tuple(was))
    return result


def validity_overrides(notices: list[Notice], found: dict[int, Correction]) -> dict[str, dict]:
    """Per page address (after `apply`), the validity a correction sets."""
    return {notices[i].slug: c.validity for i, c in found.items() if c.validity}


def _toml(value) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def template(notice: Notice, place: int, others_in_file: int) -> str:
    """A correction file for one notice, commented in Chinese, the reader's values filled in (commented out)."""
    v = notice.validity
    lines = [
        f"# 更正文件：{_named(notice)}",
        "# 更正系统从原文读错或没有读出的项。生成网站时按这个文件显示，页面上注明“经工作人员更正”。",
        "#",
        "# 下面几行指明更正的是哪一份通知，请不要改：「来源」是文本文件，「第几份」是它在这个文件里是第几份通知"
        + ("，「原文号」是系统从原文读出的文号，用来核对。" if notice.doc_number else "。"),
        "# 改原文的标题、在文件末尾追加通知都不影响对应；改了原文的文号，或在它前面插入、删除了通知，生成时会停下并指出。",
        f'"来源" = {_toml(notice.source_path)}',
        f'"第几份" = {place}' + (f"                       # 这个文件里共有 {others_in_file} 份通知" if others_in_file > 1 else ""),
    ]
    if notice.doc_number:
        lines.append(f'"原文号" = {_toml(notice.doc_number)}')
    else:
        lines.append("# （这份通知原文中没有读出文号）")
    issuers = list(notice.issuers) or ([notice.issuer] if notice.issuer else [])
    lines += [
        "",
        "# 要更正哪一项，就删去那一行开头的 # 并改成正确的值；仍以 # 开头的项照系统读出的值显示。",
        "# 文字用英文双引号括起来，日期写成 2024-03-15 的格式。",
        f'# "标题" = {_toml(notice.title if notice.title_found else "")}' + ("" if notice.title_found else "   # 系统没有读出标题"),
        f'# "文号" = {_toml(notice.doc_number or "")}' + ("" if notice.doc_number else "   # 系统没有读出文号"),
        f'# "发文机关" = {_toml(issuers or [""])}' + ("   # 几个机关联合发文时逐个写" if issuers else "   # 系统没有读出发文机关"),
        f'# "成文日期" = {notice.date or "2024-01-01"}' + ("" if notice.date else "   # 系统没有读出成文日期，这是示例日期"),
        f'# "类别" = {_toml(notice.kind)}   # {"、".join(KINDS)}',
        "",
        f"# 文件是否有效。系统按原文判断为：{v.status}"
        + (f"，{v.valid_from} 起施行" if v.valid_from else "") + (f"，有效期至 {v.valid_until}" if v.valid_until else "")
        + (f"（{'；'.join(v.notes)}）" if v.notes else ""),
        f'# "状态" = {_toml(v.status if v.status in STATUSES else "有效")}   # {"、".join(STATUSES)}；写了就以此为准',
        f'# "施行日期" = {v.valid_from or "2024-01-01"}' + ("" if v.valid_from else "   # 示例日期，请改"),
        f'# "有效期至" = {v.valid_until or "2024-12-31"}   # ' + ("" if v.valid_until else "示例日期，请改；")
        + "过了这一天就显示已失效",
        '# "废止它的文件" = "某政办发〔2025〕1号"   # 原文没有提到的废止；写了就显示已失效',
        '# "说明" = ["……"]   # 显示在状态下面的说明，可写几条',
        "",
        "# 页面地址不随更正改变，已经分享出去的链接照样能打开。只有网站还没有上传过、又想让地址跟更正后的文号一致时才写",
        "# （写了之后原来的地址就打不开了）：",
        f'# "页面地址" = {_toml(notice.slug)}',
        "",
    ]
    return "\n".join(lines)


def key_text(notice: Notice, place: int) -> str:
    """How `build.py correct` names a notice: 2024-notices.txt:5."""
    return f"{notice.source_path}:{place}"


def find(notices: list[Notice], wanted: str) -> tuple[int | None, str]:
    """The index of the notice `wanted` names (来源:第几份, a 文号, a page address or a file of one notice), or
    (None, the reason in Chinese)."""
    places = positions(notices)
    wanted = wanted.strip()
    match = re.fullmatch(r"(.+?)[:：](\d+)", wanted)
    if match:
        for i, n in enumerate(notices):
            if n.source_path == match[1] and places[i] == int(match[2]):
                return i, ""
        count = sum(1 for n in notices if n.source_path == match[1])
        return None, (f"「{match[1]}」中只有 {count} 份通知" if count else f"没有名为「{match[1]}」的文本文件")
    number = doc_number_line(wanted) or wanted
    hits = [i for i, n in enumerate(notices) if n.doc_number == number or n.slug == wanted or n.source_path == wanted]
    if len(hits) == 1:
        return hits[0], ""
    if hits:
        return None, f"「{wanted}」对应 {len(hits)} 份通知，请改用 文本文件名:第几份，例如 {key_text(notices[hits[0]], places[hits[0]])}"
    return None, f"找不到「{wanted}」：它不是哪份通知的文号、页面地址或 文本文件名:第几份"


__all__ = ["Correction", "apply", "find", "key_text", "load", "positions", "stray_folders", "template",
           "validity_overrides"]
