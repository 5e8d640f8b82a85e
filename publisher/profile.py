"""A county's profile: the facts of the county that the site shows, kept beside its texts.

`sources/<county>/county.toml` holds the county's name, short name, site title, public address,
contact line, the day its notices are judged by and the kiosk key (only its SHA-256 is published).
No county's facts live in code or in mkdocs.yml. A folder without a profile still builds: the name
comes from the issuing bodies of its notices (青山县人民政府 -> 青山县政策文件), with a warning saying how to add one, and
never from another county. `province.toml` at the top of a folder of counties names the
province's home page the same way.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reader.anchors import _ascii
from reader.model import BuildWarning, Notice
from reader.schema import Key, read_checked
from reader.sources import SourceError

PROFILE = "county.toml"
PROVINCE_PROFILE = "province.toml"

COMMON_KEYS = (
    Key("site_title", "网站标题", "text", example='"青山县政策文件"'),
    Key("site_url", "公开网址", "url", example='"https://zcwj.example.gov.cn/"'),
    Key("description", "网站简介", "text", example='"青山县人民政府公布的政策文件。"'),
    Key("contact", "联系方式", "text", example='"青山县人民政府办公室　电话 0000-0000000"'),
    Key("as_of", "判断有效性的日期", "date", example="2025-01-01"),
    Key("kiosk_key", "自助终端密钥", "secret", example='"k7Q2-mZp9-Xw4r-Tn8v"'),
)
COUNTY_SCHEMA = (Key("name", "名称", "text", example='"青山县"', required=True),
                 Key("short_name", "简称", "text", example='"青山"'),
                 Key("sample", "示例县", "bool", example="true")) + COMMON_KEYS
PROVINCE_SCHEMA = (Key("name", "名称", "text", example='"某某市"', required=True),) + COMMON_KEYS

# the place an issuing body names: 江华瑶族自治县人民政府办公室 -> 江华瑶族自治县
_PLACE = re.compile(r"^(?:中共)?(?:[\u4e00-\u9fff]{2,4}省)?(?:[\u4e00-\u9fff]{2,6}市(?=[\u4e00-\u9fff]{2,8}(?:县|旗|区)))?"
                    r"([\u4e00-\u9fff]{1,10}?(?:自治县|自治旗|县|旗|区|市))")
# the same inside a title that may carry page chrome before it (返回顶部镇巴县人民政府工作规则): two-character
# names only, so that the chrome is never taken for part of the name
_PLACE_IN_TITLE = re.compile(r"([\u4e00-\u9fff]{2}(?:[\u4e00-\u9fff]{1,2}族)*(?:自治县|自治旗|县|旗|区|市))"
                             r"(?:人民政府|委员会|办公室|[\u4e00-\u9fff]{1,6}局)")
SHORT = re.compile(r"([\u4e00-\u9fff]{2,}?)(?:[\u4e00-\u9fff]{1,2}族)*(?:自治)?(?:县|旗|区|市)")


@dataclass(frozen=True)
class Profile:
    """The facts of one county (or of the province's home page)."""

    name: str
    short_name: str
    site_title: str
    site_url: str | None = None
    description: str = ""
    contact: str | None = None
    as_of: dt.date | None = None
    kiosk_key: str | None = None  # turns kiosk mode on from the kiosk's start URL; never published
    path: str = ""  # the county's folder in a province build: /<path>/
    from_file: bool = True
    sample: bool = False  # the bundled example county: left out when real counties sit beside it

    def judged_on(self, date: dt.date | None) -> dt.date:
        """The day notices are judged by: the command line's --date, else the profile's, else today."""
        return date or self.as_of or dt.date.today()


def url_path(folder: Path) -> str:
    """A county's path in the province: its folder name, in pinyin when it is not plain ASCII."""
    name = folder.name
    return name if re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) else (_ascii(name) or "county")


def short_name(name: str) -> str:
    """江华瑶族自治县 -> 江华, 青山县 -> 青山; a one-character name keeps its suffix (南县)."""
    match = SHORT.fullmatch(name)
    return match[1] if match else name


def _profile(data: dict, folder: Path, from_file: bool = True) -> Profile:
    name = data["name"]
    return Profile(name=name, short_name=data.get("short_name") or short_name(name),
                   site_title=data.get("site_title") or f"{name}政策文件",
                   site_url=_with_slash(data.get("site_url")),
                   description=data.get("description") or f"{name}公布的政策文件，可按条款引用。",
                   contact=data.get("contact"), as_of=data.get("as_of"),
                   kiosk_key=data.get("kiosk_key"), path=url_path(folder), from_file=from_file,
                   sample=bool(data.get("sample")))


def _with_slash(url: str | None) -> str | None:
    return url if not url or url.endswith("/") else url + "/"


def profile_folder(source: Path) -> Path:
    return source if source.is_dir() else source.parent


def load_profile(source: Path) -> Profile | None:
    """The county's profile beside its texts, or None when there is none."""
    path = profile_folder(source) / PROFILE
    if not path.exists():
        return None
    return _profile(read_checked(path, COUNTY_SCHEMA, "县情文件"), profile_folder(source))


def load_province(folder: Path) -> Profile | None:
    path = folder / PROVINCE_PROFILE
    if not path.exists():
        return None
    return _profile(read_checked(path, PROVINCE_SCHEMA, "全省设置文件"), folder)


def place_of(issuer: str | None) -> str | None:
    match = _PLACE.match(issuer or "")
    if not match:
        return None
    name = match[1]
    base = SHORT.fullmatch(name)
    if base and len(base[1]) > 4 and "族" not in name:  # page chrome read as part of the name (返回顶部镇巴县)
        inner = _PLACE_IN_TITLE.search(issuer)
        return inner[1] if inner else name
    return name


def derived_profile(source: Path, notices: list[Notice]) -> tuple[Profile, BuildWarning]:
    """A profile for a folder without one: named after the place its notices' issuers name most often."""
    places = Counter(place for place in (place_of(n.issuer) for n in notices) if place)
    if not places:  # no issuing body recognised: the place that titles or letterheads begin with
        places = Counter(match[1] for n in notices for text in (n.letterhead, n.title) if text
                         for match in [_PLACE_IN_TITLE.search(text)] if match)
    folder = profile_folder(source)
    if places:
        name = sorted(places.items(), key=lambda item: (-item[1], item[0]))[0][0]
        how = f"网站名称按通知的发文机关取为「{name}政策文件」"
    else:
        name = ""
        how = "发文机关中也找不到县名，网站名称暂用「政策文件」"
    profile = Profile(name=name, short_name=short_name(name) if name else folder.name,
                      site_title=f"{name}政策文件", description=f"{name}公布的政策文件，可按条款引用。",
                      path=url_path(folder), from_file=False)
    warning = BuildWarning(str(folder), None, f"没有找到县情文件 {PROFILE}，{how}。"
                           f"要写明县名、网站标题和公开网址，请运行 python3 build.py new-county 县名，"
                           f"或在 {folder} 中新建 {PROFILE}（写法见 README）。")
    return profile, warning


PROFILE_TEMPLATE = """\
# {name}的县情设置：网站上显示的县名、标题和网址都从这里来。改完后运行
#   python3 build.py --source {source}
# 文字用英文双引号括起来；行首的 # 表示这一行不起作用，去掉 # 即启用。

name = "{name}"                  # 名称（全称），与通知中的发文机关一致
short_name = "{short}"             # 简称
site_title = "{name}政策文件"     # 网站标题
# site_url = "https://zcwj.example.gov.cn/"   # 公开网址：二维码和分享链接使用，部署前填写
# contact = "{name}人民政府办公室　电话 0000-0000000"   # 联系方式，显示在每页底部
# description = "{name}人民政府及其办公室公布的政策文件。"   # 网站简介
# as_of = 2025-01-01              # 按哪一天判断文件是否有效（不写则按生成网站当天）
# kiosk_key = "一串只有管理员知道的字母和数字"   # 自助终端密钥：终端的开机网址带上它才进入终端模式（见 README）
"""

README_LINE = "把{name}的政策文件纯文本（.txt，UTF-8 或 GB18030 编码）放进这个文件夹，一份一个文件或多份放在一个文件里均可。\n"


def new_county(name: str, sources: Path) -> Path:
    """Write sources/<pinyin>/county.toml and a README line; refuses an existing profile."""
    name = name.strip()
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,20}", name):
        raise SourceError(f"县名「{name}」应为 2 到 20 个汉字，例如 python3 build.py new-county 青山县")
    folder = sources / (_ascii(name) or "county")
    if (folder / PROFILE).exists():
        raise SourceError(f"{folder / PROFILE} 已经存在，未改动。要修改县情，请直接编辑这个文件。")
    folder.mkdir(parents=True, exist_ok=True)
    shown = folder.relative_to(sources.parent) if folder.is_relative_to(sources.parent) else folder
    (folder / PROFILE).write_text(PROFILE_TEMPLATE.format(name=name, short=short_name(name), source=shown),
                                  encoding="utf-8")
    readme = folder / "README.md"
    if not readme.exists():
        readme.write_text(README_LINE.format(name=name), encoding="utf-8")
    return folder


__all__ = ["Profile", "load_profile", "load_province", "derived_profile", "new_county", "short_name", "url_path",
           "PROFILE", "PROVINCE_PROFILE"]
