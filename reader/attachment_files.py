"""附件 files beside their notice: a county keeps a notice's forms and lists as files of their own (附件1 申请表.xlsx
beside the notice, or in a folder named after it). Each is matched to the entry of the notice's 附件 list it
is (by title, else by number), published for download with its notice and shown on the notice's page: a
table as a table, a document's text line by line. A file that matches no notice is reported, never dropped.

Matching order, the first that gives exactly one (notice, entry) wins:
1. a folder named after a notice (its title, 文号, page address or source file's name) holds that notice's files;
2. beside a notice (same folder): the entry whose title the file's name contains (or that contains it);
3. beside a notice: "附件2.xlsx" names entry 2 when one notice of the folder has an entry 2.
A document that a reader read as a notice of its own (附件2 实施方案.docx) is an attachment when rule 1
or 2 matches it to another notice; its text then appears in that notice's page instead.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from . import thresholds as T
from .containers import Unreadable
from .model import BuildWarning, Notice
from .patterns import cn_number
from .siblings import NOT_IN_TEXT
from .sources import SourceError, format_of
from .xlsx_format import Sheet, read_xlsx

# Files no reader reads as a notice, kept only as 附件: what a person downloads them as
DOWNLOAD_FORMATS = {".xlsx": "Excel 表格", ".xls": "Excel 表格（旧版）", ".et": "WPS 表格", ".csv": "表格（CSV）",
                    ".zip": "压缩包", ".rar": "压缩包", ".7z": "压缩包", ".jpg": "图片", ".jpeg": "图片", ".png": "图片"}
_PUNCTUATION = re.compile(r"[\s\u3000《》〈〉“”\"'‘’、，,。.:：;；()（）\[\]【】_\-—–·]+")
_NUMBERED = re.compile(r"^附(?:件|表)?\s*([0-9０-９]+|[一二三四五六七八九十]+)")


@dataclass(frozen=True)
class AttachedFile:
    entry: int | None  # index into the notice's attachments; None: in the notice's folder, not in its list
    title: str  # the entry's title, or the file's name
    label: str  # 附件2, or 附件 for a file the list does not name
    address: str  # where it is published, relative to the notice's page: files/<name>
    format_name: str
    size: int
    sheets: tuple[Sheet, ...] = ()
    lines: tuple[str, ...] = ()  # a document's text, line by line
    note: str = ""  # why its content is not shown (a format no reader reads, a damaged file)
    anchor: str = ""  # its section on the notice's page: file1, file2 …


def _plain(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def _stem(path: Path) -> str:
    return _plain(path.stem)


def _without_label(stem: str) -> str:
    return _NUMBERED.sub("", stem)


def _number(stem: str) -> str | None:
    found = _NUMBERED.match(stem)
    if not found:
        return None
    digits = found[1].translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return digits if digits.isdigit() else str(cn_number(digits) or "")


def loose_files(source: Path) -> list[Path]:
    """Files under the county's folder that only an 附件 can be (tables, archives, pictures), in a stable order;
    links are not followed (the site publishes what is inside the folder only)."""
    if not source.is_dir():
        return []
    found = []
    for folder, dirnames, filenames in os.walk(source, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("meta", "calculators"))
        for name in sorted(filenames):
            path = Path(folder) / name
            if not name.startswith(".") and path.suffix.lower() in DOWNLOAD_FORMATS and not path.is_symlink():
                found.append(path)
    return found


def _owners(path: Path, base: Path, notices: list[Notice]) -> list[int]:
    """Notices a folder above the file is named after (rule 1)."""
    folders = {_plain(part) for part in path.relative_to(base).parent.parts}
    if not folders:
        return []
    return [i for i, n in enumerate(notices) if folders & {_plain(n.title), _plain(n.doc_number or ""), _plain(n.slug),
                                                           _stem(Path(n.source_path))} - {""}]


def _entries_named(stem: str, notice: Notice, strict: bool = False) -> list[int]:
    """Entries whose title the file's name holds (or that hold it). `strict`, for a document read as a notice:
    its name is the title itself, or labelled 附件N — "关于印发某办法的通知.docx" holds 某办法 and is the notice."""
    wanted = _without_label(stem)
    if len(wanted) < T.ATTACHMENT_NAME_MIN_CHARS:
        return []
    if strict and _number(stem) is None:
        return [k for k, a in enumerate(notice.attachments) if _plain(a.title) == wanted]
    return [k for k, a in enumerate(notice.attachments) if len(_plain(a.title)) >= T.ATTACHMENT_NAME_MIN_CHARS
            and (_plain(a.title) in wanted or wanted in _plain(a.title))]


def _entries_numbered(stem: str, notice: Notice) -> list[int]:
    number = _number(stem)
    return [k for k, a in enumerate(notice.attachments) if number and a.number == number]


def _match(path: Path, base: Path, notices: list[Notice], beside: list[int], own: set[int]
           ) -> tuple[int, int | None] | None | str:
    """(notice, entry or None), None when nothing matches, or the Chinese reason it is ambiguous. A file with
    notices of its own (`own`) is matched strictly by its name."""
    stem = _stem(path)
    strict = bool(own)
    owners = [i for i in _owners(path, base, notices) if i not in own]
    if len(owners) == 1:
        named = _entries_named(stem, notices[owners[0]], strict) or _entries_numbered(stem, notices[owners[0]])
        return owners[0], named[0] if len(named) == 1 else None
    candidates = [i for i in beside if i not in own]
    for rule in (lambda st, n: _entries_named(st, n, strict), _entries_numbered):
        hits = [(i, k) for i in candidates for k in rule(stem, notices[i])]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return "、".join(f"《{notices[i].title}》的{notices[i].attachments[k].label or '附件'}" for i, k in hits[:3])
    return None


def _content(path: Path, shown: str) -> tuple[tuple[Sheet, ...], tuple[str, ...], str, str]:
    """(sheets, lines, format name, note) of a file as its notice's page shows it."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return read_xlsx(path.read_bytes(), shown), (), DOWNLOAD_FORMATS[suffix], ""
        if suffix in DOWNLOAD_FORMATS:
            return (), (), DOWNLOAD_FORMATS[suffix], "这种文件无法在网页上显示，请下载后查看。"
        data = path.read_bytes()
        chosen, _ = format_of(data, suffix)
        text = chosen.read(data, shown)  # what read_file does, without reading the file a second time
        return (), tuple(line.text for line in text.lines if line.text.strip()), chosen.name, ""
    except (Unreadable, SourceError, OSError) as refusal:
        return (), (), DOWNLOAD_FORMATS.get(suffix, suffix.lstrip(".").upper() + " 文件"), \
            f"文件内容无法读取（{refusal}），请下载后查看。"


def attach_files(base: Path, notices: list[Notice], documents: dict[str, Path], loose: list[Path],
                 shown_of) -> tuple[list[Notice], dict[str, Path], list[BuildWarning], set[str]]:
    """Notices with their files, the files to publish (site address -> file), warnings, and the source files
    (as shown) that turned out to be attachments: their notices are gone, their text is on the owner's page.
    `documents`: source files read as notices (as shown -> path); `loose`: files only an 附件 can be."""
    by_folder: dict[Path, list[int]] = {}
    for i, notice in enumerate(notices):
        path = documents.get(notice.source_path)
        if path is not None:
            by_folder.setdefault(path.parent, []).append(i)
    found: dict[int, list[tuple[int | None, Path, str]]] = {}
    warnings: list[BuildWarning] = []
    consumed: set[str] = set()
    published: dict[str, Path] = {}
    single_notice_files = {shown for shown in documents if sum(n.source_path == shown for n in notices) == 1}
    for shown, path in sorted(documents.items()):
        if shown not in single_notice_files:
            continue  # a file holding several notices is a collection, never one notice's attachment
        own = {i for i, n in enumerate(notices) if n.source_path == shown}
        if any(notices[i].doc_number for i in own):
            continue  # a text with a 文号 of its own is a notice, whatever its name
        match = _match(path, base, notices, by_folder.get(path.parent, []), own)
        if isinstance(match, tuple) and (match[1] is not None or _owners(path, base, notices)):
            found.setdefault(match[0], []).append((match[1], path, shown))
            consumed.add(shown)
    for path in loose:
        shown = shown_of(path)
        match = _match(path, base, notices, by_folder.get(path.parent, []), set())
        if isinstance(match, tuple):
            found.setdefault(match[0], []).append((match[1], path, shown))
            continue
        address = "files/" + re.sub(r"[\\/]+", "-", shown)
        published[address] = path
        why = f"可能属于{match}，无法确定是哪一份" if isinstance(match, str) else "没有对应到任何通知的附件（名称或编号）"
        warnings.append(BuildWarning(shown, None, f"附件文件 {shown} {why}，未放到通知页面上；已放在网站上供下载"
                                     f"（{address}）。请把文件名改为附件清单中的名称，或放进以通知标题命名的文件夹", "problem"))
    result = []
    for i, notice in enumerate(notices):
        if notice.source_path in consumed:
            continue
        files = []
        taken: set[str] = set()
        for entry, path, shown in sorted(found.get(i, []), key=lambda f: (f[0] is None, f[0] or 0, f[2])):
            name = _site_name(path.name, taken)
            sheets, lines, format_name, note = _content(path, shown)
            listed = notice.attachments[entry] if entry is not None else None
            files.append(AttachedFile(entry, listed.title if listed else path.stem,
                                      (listed.label or f"附件{listed.number}") if listed else "附件",
                                      f"files/{name}", format_name, _size(path), sheets, lines, note,
                                      f"file{len(files) + 1}"))
            published[f"{notice.slug}/files/{name}"] = path
            if note:
                warnings.append(BuildWarning(shown, None, f"附件文件 {shown}：{note}", "problem"))
        result.append(replace(notice, files=tuple(files)) if files else notice)
    return result, published, warnings, consumed


def supplied(warning: BuildWarning, notices: list[Notice]) -> bool:
    """The reader's note that a listed 附件 is not in the text, where a file of its own now supplies it."""
    return warning.kind == "unplaced" and NOT_IN_TEXT in warning.message and any(
        n.source_path == warning.path and f"「{n.attachments[f.entry].title}」" in warning.message
        for n in notices for f in n.files if f.entry is not None)


def _site_name(name: str, taken: set[str]) -> str:
    """The file's own name (people recognise it when they download it), made unique within the notice."""
    clean = re.sub(r"[\\/:*?\"<>|#%\s]+", "_", name).strip("._") or "file"
    stem, dot, suffix = clean.rpartition(".")
    candidate, n = clean, 2
    while candidate in taken:
        candidate = f"{stem}-{n}.{suffix}" if dot else f"{clean}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
