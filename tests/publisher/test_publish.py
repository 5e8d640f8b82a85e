"""publish.py's help for `build.py correct`: which county, the list of notices with their keys, the template written."""
import pytest

from publisher.publish import correct, county_of
from reader.sources import SourceError

NOTICE = "关于做好春耕生产工作的通知\n{number}\n各乡镇人民政府：\n一、抓好春耕备耕。\n{office}\n2024年3月1日\n"


def province(tmp_path):
    for folder, name, number in (("qingshan", "青山县", "青政办发〔2024〕1号"), ("lishui", "丽水县", "丽政办发〔2024〕1号")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "county.toml").write_text(f'name = "{name}"\n', encoding="utf-8")
        (tmp_path / folder / "a.txt").write_text(NOTICE.format(number=number, office=f"{name}人民政府办公室"),
                                                 encoding="utf-8")
    return tmp_path


def test_a_province_of_several_counties_asks_which_one(tmp_path):
    with pytest.raises(SourceError, match="中有 2 个县，请加上 --county 县文件夹名.*有：lishui、qingshan"):
        county_of(province(tmp_path))
    assert county_of(tmp_path, "qingshan") == (tmp_path / "qingshan").resolve()
    with pytest.raises(SourceError, match="没有县文件夹 huaxian"):
        county_of(tmp_path, "huaxian")


def test_the_list_names_each_notice_by_its_key_and_the_template_goes_into_the_countys_meta(tmp_path):
    province(tmp_path)
    shown, notes = correct(tmp_path, None, "lishui")
    assert shown[0].startswith("丽水县：1 份通知") and shown[1] == "a.txt:1　丽政办发〔2024〕1号　关于做好春耕生产工作的通知"
    assert notes == []
    shown, _ = correct(tmp_path, "a.txt:1", "lishui")
    written = tmp_path / "lishui" / "meta" / "更正-lizhengbanfa-2024-1.toml"
    assert written.exists() and str(written) in shown[0]
    with pytest.raises(SourceError, match="已有更正文件 lishui/meta/更正-lizhengbanfa-2024-1.toml"):
        correct(tmp_path, "丽政办发〔2024〕1号", "lishui")


def test_a_broken_correction_does_not_stop_the_list_but_is_named(tmp_path):
    province(tmp_path)
    (tmp_path / "qingshan" / "meta").mkdir()
    (tmp_path / "qingshan" / "meta" / "x.toml").write_text('"原文号" = "青政办发〔2030〕1号"\n', encoding="utf-8")
    shown, _ = correct(tmp_path, None, "qingshan")
    assert shown[-1].startswith("注意：更正文件 qingshan/meta/x.toml 中的「原文号」青政办发〔2030〕1号 找不到")
