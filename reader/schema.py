"""Declared schemas of the small TOML files staff write, and their checking.

`meta/*.toml` (staff's corrections, and the old validity overrides), `county.toml` (a county's profile) and `province.toml`
are read here, never with a bare `tomllib.loads`: a wrong type, an unknown key, a value outside
its choices, a bad date, a syntax error, a file that is not UTF-8 or a folder named `x.toml`
all end in one Chinese message naming the file and the key, never in a traceback.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .sources import SourceError

KIND_WORDS = {"text": "一段文字（用英文双引号括起来）", "texts": "一组文字，例如 [\"甲\", \"乙\"]",
              "date": "日期，格式 YYYY-MM-DD", "choice": "下列之一", "url": "以 http:// 或 https:// 开头的网址",
              "table": "一个表（[名称] 开头的一段）", "count": "一个正整数，例如 3",
              "names": "一段文字或一组文字，例如 [\"甲\", \"乙\"]",
              "address": "页面地址：小写英文字母、数字和连字符 -，例如 \"jiangzhengbanfa-2024-5\"",
              "bool": "true（是）或 false（否）",
              "secret": "一串 16 到 128 个英文字母、数字、- 或 _ 组成的文字（用英文双引号括起来）"}


@dataclass(frozen=True)
class Key:
    """One key a file may hold: its name in the file, what staff call it, and what it must be."""

    name: str
    label: str
    kind: str  # text | texts | names (one text or several) | date | choice | url | count | address | table | bool | secret
    example: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    keys: tuple["Key", ...] = ()  # the keys of a table


def _what(value: Any) -> str:
    """How a value that came out of TOML reads to staff."""
    if isinstance(value, bool):
        return f"真假值 {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文字「{value[:40]}」"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return f"日期时间 {value}"
    if isinstance(value, list):
        return "一组值"
    if isinstance(value, dict):
        return "一个表"
    return "无法识别的值"


def read_toml(path: Path, what: str, display: str | None = None) -> dict:
    """The parsed file, or a SourceError in Chinese that names it (`what` says what kind of file it is)."""
    shown = display or str(path)
    if path.is_dir():
        raise SourceError(f"{what} {shown} 是一个文件夹，不是文件。请改名或移走它。")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise SourceError(f"无法读取{what} {shown}：{error.strerror}") from None
    except UnicodeDecodeError:
        raise SourceError(f"{what} {shown} 不是 UTF-8 编码，请用文本编辑器另存为 UTF-8。") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+), column (\d+)", str(error))
        place = f"第 {where[1]} 行第 {where[2]} 列附近" if where else "某处"
        line = text.splitlines()[int(where[1]) - 1] if where and int(where[1]) <= len(text.splitlines()) else ""
        hint = ""
        if re.search(r"[“”‘’＝]", line):
            hint = "这一行用了中文引号或全角等号，请改用英文的双引号 \" 和等号 =。"
        elif re.match(r"\s*[^\x00-\x7f\"'#\[][^=]*=", line):
            hint = "汉字名称要用英文双引号括起来，例如 \"标题\" = \"……\"。"
        raise SourceError(f"{what} {shown} 格式有误（{place}）：{hint or ''}应为 TOML 格式，每行写成 名称 = 值，"
                          "文字用英文双引号括起来，表名写在方括号里，例如 [validity]。") from None


def written(name: str) -> str:
    """A key as it is written in the file: a Chinese key needs quotes in TOML ("标题" = …)."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'


def _called(key: Key, dotted: str) -> str:
    """「状态」（validity.status）, or just 「标题」 when the key is its own Chinese name."""
    return f"「{key.label}」" if key.label == key.name else f"「{key.label}」（{dotted}）"


def check(data: dict, keys: tuple[Key, ...], what: str, shown: str, table: str = "") -> dict:
    """The data with dates converted, or a SourceError naming the file and the first bad key."""
    known = {k.name: k for k in keys}
    unknown = sorted(set(data) - set(known))
    if unknown:
        names = "、".join(f"{table}{name}" for name in unknown)
        usable = "、".join(k.name if k.name == k.label else f"{table}{k.name}（{k.label}）" for k in keys)
        raise SourceError(f"{what} {shown} 中有不认识的项：{names}。可用：{usable}")
    result: dict = {}
    for key in keys:
        dotted = f"{table}{key.name}"
        named = f"{what} {shown} 中的{_called(key, dotted)}"
        if key.name not in data:
            if key.required:
                raise SourceError(f"{what} {shown} 缺少{_called(key, dotted)}，例如 {written(key.name)} = {key.example}")
            continue
        result[key.name] = _value(data[key.name], key, named, what, shown, dotted)
    return result


def _value(value: Any, key: Key, named: str, what: str, shown: str, dotted: str) -> Any:
    wrong = f"{named}应为{KIND_WORDS[key.kind]}" + (f"，例如 {written(key.name)} = {key.example}" if key.example else "") + \
        f"，现在是{_what(value)}。"
    if key.kind == "count":
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())  # "3" in quotes, as staff may write every value
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SourceError(wrong)
        return value
    if key.kind == "names" and isinstance(value, str):
        value = [value]
    if key.kind == "table":
        if not isinstance(value, dict):
            raise SourceError(wrong)
        return check(value, key.keys, what, shown, table=f"{dotted}.")
    if key.kind == "bool":
        if not isinstance(value, bool):
            raise SourceError(wrong)
        return value
    if key.kind in ("texts", "names"):
        if not (isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)):
            raise SourceError(wrong)
        return [v.strip() for v in value]
    if key.kind == "date":
        if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
            raise SourceError(wrong)
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise SourceError(f"{named}应为日期，格式 YYYY-MM-DD，收到「{value}」。") from None
        return value
    if not isinstance(value, str) or not value.strip():
        raise SourceError(wrong if not isinstance(value, str) else f"{named}不能是空的。")
    value = value.strip()
    if key.kind == "choice" and value not in key.choices:
        raise SourceError(f"{named}的值「{value}」不可用；可用：{'、'.join(key.choices)}。")
    if key.kind == "url" and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        raise SourceError(wrong)
    if key.kind == "address" and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        raise SourceError(wrong)
    if key.kind == "secret" and not re.fullmatch(r"[A-Za-z0-9_-]{16,128}", value):
        # goes into a start URL as it is: no character that needs escaping; long enough not to be guessed
        raise SourceError(f"{named}应为{KIND_WORDS['secret']}，例如 {key.name} = {key.example}；"
                          f"现在的值有 {len(value)} 个字符" + ("，其中有字母、数字、- 和 _ 以外的字符。"
                                                          if re.search(r"[^A-Za-z0-9_-]", value) else "。"))
    return value


def read_checked(path: Path, keys: tuple[Key, ...], what: str, display: str | None = None) -> dict:
    """Read and check one file against its schema."""
    shown = display or str(path)
    return check(read_toml(path, what, shown), keys, what, shown)


__all__ = ["Key", "check", "read_checked", "read_toml", "written"]
