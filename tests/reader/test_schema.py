"""Staff's small TOML files (meta/*.toml, county.toml, province.toml) are checked against declared schemas:
every mistake is one Chinese message naming the file and the key, never a traceback."""
import datetime as dt
import subprocess
import sys

import pytest

from publisher.profile import COUNTY_SCHEMA, load_profile
from reader.sources import SourceError
from reader.schema import read_checked
from publisher.corpus import read_notices
from reader.validity import META_SCHEMA

from ..conftest import ROOT

NOTICE = """关于做好春耕生产工作的通知
青政办发〔2024〕1号
各乡镇人民政府：
一、抓好春耕备耕。
青山县人民政府办公室
2024年3月1日
"""


@pytest.mark.parametrize("content, key, words", [
    ("kind = 5", "kind", "应为一段文字"),                       # was shown as 类别 5
    ('[validity]\nnotes = "abc"', "validity.notes", "应为一组文字"),  # was split into a/b/c
    ("validity = 3", "validity", "应为一个表"),                  # was a TypeError
    ('[validity]\nstatus = 1', "validity.status", "数字 1"),
    ('[validity]\nvalid_from = true', "validity.valid_from", "应为日期"),
    ('[validity]\nvalid_until = 2024-01-01T08:00:00', "validity.valid_until", "应为日期"),
    ('[validity]\nrepealed_by = ""', "validity.repealed_by", "不能是空的"),
    ('[validity]\nnotes = ["甲", 2]', "validity.notes", "应为一组文字"),
    ('title = "x"', "title", "不认识"),
])
def test_a_wrong_value_in_a_meta_file_names_the_file_and_the_key(tmp_path, content, key, words):
    path = tmp_path / "qingzhengbanfa-2024-1.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as error:
        read_checked(path, META_SCHEMA, "元数据文件")
    message = str(error.value)
    assert "qingzhengbanfa-2024-1.toml" in message and key in message and words in message


def test_the_messages_name_the_key_in_chinese_too(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('[validity]\nstatus = "作废"', encoding="utf-8")
    with pytest.raises(SourceError, match="「状态」（validity.status）的值「作废」不可用；可用：有效、已失效"):
        read_checked(path, META_SCHEMA, "元数据文件")


def test_good_values_come_back_typed(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('kind = "规范性文件"\n[validity]\nvalid_from = "2024-03-15"\nvalid_until = 2024-12-31\n'
                    'notes = ["甲"]\n', encoding="utf-8")
    data = read_checked(path, META_SCHEMA, "元数据文件")
    assert data == {"kind": "规范性文件", "validity": {"valid_from": dt.date(2024, 3, 15),
                                                   "valid_until": dt.date(2024, 12, 31), "notes": ["甲"]}}


def test_a_folder_named_like_a_meta_file_is_explained_not_a_traceback(tmp_path):
    (tmp_path / "a.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "meta" / "qingzhengbanfa-2024-1.toml").mkdir(parents=True)
    with pytest.raises(SourceError, match="qingzhengbanfa-2024-1.toml 是一个文件夹"):
        read_notices(tmp_path, dt.date(2026, 1, 1))


def test_a_stray_folder_named_x_toml_is_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "meta" / "x.toml").mkdir(parents=True)
    warnings = read_notices(tmp_path, dt.date(2026, 1, 1)).warnings
    assert any("x.toml" in w.path and "文件夹" in w.message for w in warnings)


def test_a_meta_file_that_is_not_utf8_or_not_toml_is_named(tmp_path):
    path = tmp_path / "x.toml"
    path.write_bytes('kind = "规范性文件"'.encode("gb18030"))
    with pytest.raises(SourceError, match="x.toml 不是 UTF-8 编码"):
        read_checked(path, META_SCHEMA, "元数据文件")
    path.write_text('[validity\nstatus = "有效"', encoding="utf-8")
    with pytest.raises(SourceError, match=r"x.toml 格式有误（第 1 行第 \d+ 列附近）"):
        read_checked(path, META_SCHEMA, "元数据文件")


@pytest.mark.parametrize("content, words", [
    ("", "缺少「名称」（name）"),
    ("name = 5", "「名称」（name）应为一段文字"),
    ('name = "青山县"\nsite_url = "zcwj.example.gov.cn"', "「公开网址」（site_url）应为以 http:// 或 https:// 开头的网址"),
    ('name = "青山县"\nas_of = "明天"', "「判断有效性的日期」（as_of）应为日期"),
    ('name = "青山县"\naddress = "x"', "不认识的项：address"),
])
def test_a_wrong_county_profile_names_the_file_and_the_key(tmp_path, content, words):
    (tmp_path / "county.toml").write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as error:
        load_profile(tmp_path)
    assert "county.toml" in str(error.value) and words in str(error.value)


def test_a_wrong_profile_stops_the_command_line_with_a_chinese_message(tmp_path):
    (tmp_path / "a.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "county.toml").write_text("name = 5\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--source", str(tmp_path), "--out",
                             str(tmp_path.parent / "out"), "--no-calculators"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "county.toml" in result.stderr and "名称" in result.stderr and "Traceback" not in result.stderr


def test_every_schema_key_has_a_chinese_label_and_an_example():
    for key in META_SCHEMA[1].keys + META_SCHEMA[:1] + COUNTY_SCHEMA:
        assert key.label and all("\u4e00" <= c <= "\u9fff" for c in key.label) and key.example
