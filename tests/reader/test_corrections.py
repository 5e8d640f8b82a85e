"""corrections.py: staff's correction files in meta/ — every field correctable, matched by what a correction does not
change, and a file that matches nothing stops the build naming the file and its key."""
import datetime as dt
import tomllib

import pytest

from publisher.corpus import read_notices
from reader.corrections import find, positions, template
from reader.sources import SourceError

DAY = dt.date(2026, 1, 1)
# three notices in one file, as a county's yearly file holds them; the second's title was typed wrong
THREE = """关于做好春耕生产工作的通知
某政办发〔2024〕1号
各乡镇人民政府：
一、抓好春耕备耕。
某县人民政府办公室
2024年3月1日
关于印发《某县农村危房改造补助办法》的通知
某政办发〔2024〕2号
各乡镇人民政府：
本办法自印发之日起实施，有效期为1年。
某县人民政府办公室
2024年3月5日
关于调整城乡居民最低生活保障标准的通知
某政发〔2024〕3号
各乡镇人民政府：
本通知自印发之日起实施。
某县人民政府
2024年4月1日
"""
SECOND = '"来源" = "a.txt"\n"第几份" = 2\n"原文号" = "某政办发〔2024〕2号"\n'


def county(tmp_path, text=THREE, **files):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "meta").mkdir(exist_ok=True)
    for name, content in files.items():
        (tmp_path / "meta" / f"{name}.toml").write_text(content, encoding="utf-8")
    return tmp_path


def notices(folder, day=DAY):
    return read_notices(folder, day).notices


def test_every_field_can_be_corrected_and_each_says_so_on_the_page(tmp_path):
    county(tmp_path, fix=SECOND + '"标题" = "关于印发《某县农村危房改造补助办法（修订）》的通知"\n"文号" = "某政办发[2024]12号"\n'
                          '"发文机关" = "某县人民政府"\n"成文日期" = 2024-03-06\n"类别" = "规范性文件"\n')
    first, second, third = notices(tmp_path)
    assert (second.title, second.doc_number, second.issuers, second.issuer, second.date, second.kind) == (
        "关于印发《某县农村危房改造补助办法（修订）》的通知", "某政办发〔2024〕12号", ("某县人民政府",), "某县人民政府",
        "2024-03-06", "规范性文件")
    notes = dict(second.field_notes)
    assert notes["title"] == "经工作人员更正，系统原读作“关于印发《某县农村危房改造补助办法》的通知”"
    assert notes["doc_number"] == "经工作人员更正，系统原读作“某政办发〔2024〕2号”"
    assert notes["issuer"].startswith("经工作人员更正") and notes["date"].endswith("“2024-03-05”")
    assert notes["kind"] == "经工作人员更正，系统原定为“其他公文”"
    assert dict(second.corrected)["title"] == "关于印发《某县农村危房改造补助办法》的通知"
    assert second.slug == "mouzhengbanfa-2024-2"  # the address stays: links already shared keep working
    assert (first.title, third.title) == ("关于做好春耕生产工作的通知", "关于调整城乡居民最低生活保障标准的通知")
    assert not first.field_notes and not third.field_notes


def test_a_corrected_date_moves_the_term_the_text_counts_from_it(tmp_path):
    county(tmp_path, fix=SECOND + '"成文日期" = 2024-06-05\n')
    second = notices(tmp_path, dt.date(2025, 4, 1))[1]
    assert (second.validity.valid_from, second.validity.valid_until, second.validity.status) == (
        "2024-06-05", "2025-06-04", "有效")


def test_status_and_validity_are_corrected_with_a_note(tmp_path):
    county(tmp_path, fix='"原文号" = "某政发〔2024〕3号"\n"状态" = "已失效"\n"废止它的文件" = "某政办发〔2025〕9号"\n'
                          '"说明" = ["县政府常务会议决定"]\n')
    third = notices(tmp_path)[2]
    v = third.validity
    assert v.status == "已失效" and "已被 某政办发〔2025〕9号 废止" in v.notes and "县政府常务会议决定" in v.notes
    assert dict(third.field_notes)["status"] == "经工作人员更正，系统按原文判断为“有效”"


def test_a_valid_until_in_the_past_makes_it_expired(tmp_path):
    county(tmp_path, fix='"原文号" = "某政发〔2024〕3号"\n"有效期至" = 2024-12-31\n')
    third = notices(tmp_path)[2]
    assert (third.validity.status, third.validity.valid_until) == ("已失效", "2024-12-31")


def test_the_correction_sticks_when_the_title_is_then_corrected_in_the_text(tmp_path):
    # issue 23: a meta file keyed by the address stopped applying once the title was corrected in the text
    county(tmp_path, fix=SECOND + '"状态" = "已失效"\n')
    county(tmp_path, THREE.replace("《某县农村危房改造补助办法》", "《某县农村危房改造资金补助办法》"))
    second = notices(tmp_path)[1]
    assert "资金补助办法" in second.title and second.validity.status == "已失效"


def test_the_correction_sticks_when_notices_are_appended_to_the_file(tmp_path):
    county(tmp_path, fix=SECOND + '"状态" = "已失效"\n')
    county(tmp_path, THREE + "关于某事的通知\n某政办发〔2024〕9号\n各单位：\n请遵照执行。\n某县人民政府办公室\n2024年5月1日\n")
    assert [n.validity.status for n in notices(tmp_path)] == ["有效", "已失效", "有效", "有效"]


def test_the_doc_number_as_read_alone_names_the_notice(tmp_path):
    county(tmp_path, fix='"原文号" = "某政办发[2024]1号"\n"类别" = "规范性文件"\n')
    assert notices(tmp_path)[0].kind == "规范性文件"


def test_a_place_written_in_quotes_is_read_as_a_number(tmp_path):
    county(tmp_path, fix='"来源" = "a.txt"\n"第几份" = "2"\n"类别" = "规范性文件"\n')
    assert notices(tmp_path)[1].kind == "规范性文件"


def test_a_file_of_one_notice_needs_no_place(tmp_path):
    county(tmp_path, THREE.split("关于印发")[0], fix='"来源" = "a.txt"\n"标题" = "关于做好2024年春耕生产工作的通知"\n')
    assert notices(tmp_path)[0].title == "关于做好2024年春耕生产工作的通知"


def test_an_address_can_be_set_explicitly_but_not_to_one_taken(tmp_path):
    county(tmp_path, fix=SECOND + '"页面地址" = "mouzhengbanfa-2024-12"\n')
    assert notices(tmp_path)[1].slug == "mouzhengbanfa-2024-12"
    county(tmp_path, fix=SECOND + '"页面地址" = "mouzhengbanfa-2024-1"\n')
    with pytest.raises(SourceError, match="meta/fix.toml 中的「页面地址」mouzhengbanfa-2024-1 已是《关于做好春耕生产工作的通知》"):
        notices(tmp_path)


@pytest.mark.parametrize("content, words", [
    ('"来源" = "b.txt"\n"第几份" = 1\n', r"「来源」「b.txt」找不到：读入的文本文件中没有它（有：a.txt）"),
    ('"来源" = "a.txt"\n"第几份" = 7\n', "「第几份」是 7，但「a.txt」中只有 3 份通知"),
    ('"来源" = "a.txt"\n', "没有写「第几份」，而「a.txt」中有 3 份通知"),
    ('"原文号" = "某政办发〔2024〕8号"\n', "「原文号」某政办发〔2024〕8号 找不到"),
    ('"标题" = "关于某事的通知"\n', "没有写明更正哪一份通知：请写「来源」（文本文件名）和「第几份」，或写「原文号」"),
    # a notice inserted before it: the place now names another notice, and the message says where it went
    ('"来源" = "a.txt"\n"第几份" = 1\n"原文号" = "某政办发〔2024〕2号"\n',
     "来源「a.txt」第 1 份现在是《关于做好春耕生产工作的通知》，文号 某政办发〔2024〕1号，不是「原文号」写的 某政办发〔2024〕2号。"
     "文号为 某政办发〔2024〕2号 的通知现在是第 2 份，请把「第几份」改为 2"),
])
def test_a_correction_that_matches_nothing_stops_the_build_naming_the_file_and_its_key(tmp_path, content, words):
    county(tmp_path, fix=content)
    with pytest.raises(SourceError) as error:
        notices(tmp_path)
    assert f"{tmp_path.name}/meta/fix.toml" in str(error.value) and words in str(error.value)


def test_a_doc_number_shared_by_two_notices_asks_for_the_place(tmp_path):
    county(tmp_path, THREE.replace("某政发〔2024〕3号", "某政办发〔2024〕2号"), fix='"原文号" = "某政办发〔2024〕2号"\n')
    with pytest.raises(SourceError, match="对应 2 份通知（a.txt 第 2 份、a.txt 第 3 份），请改用「来源」和「第几份」"):
        notices(tmp_path)


def test_two_files_correcting_one_notice_are_an_error(tmp_path):
    county(tmp_path, a=SECOND + '"类别" = "规范性文件"\n', b='"原文号" = "某政办发〔2024〕2号"\n"状态" = "已失效"\n')
    with pytest.raises(SourceError, match="meta/a.toml 和 .*meta/b.toml 更正的是同一份通知"):
        notices(tmp_path)


def test_an_old_form_file_and_a_new_one_for_the_same_notice_are_an_error_too(tmp_path):
    county(tmp_path, **{"mouzhengbanfa-2024-2": 'kind = "规范性文件"\n', "new": SECOND + '"状态" = "已失效"\n'})
    with pytest.raises(SourceError, match="更正的是同一份通知"):
        notices(tmp_path)


def test_the_old_form_keyed_by_address_still_works(tmp_path):
    county(tmp_path, **{"mouzhengbanfa-2024-2": 'kind = "规范性文件"\n[validity]\nstatus = "已失效"\n'})
    second = notices(tmp_path)[1]
    assert (second.kind, second.validity.status) == ("规范性文件", "已失效")


@pytest.mark.parametrize("content, words", [
    (SECOND + '"有效期" = 2024-12-31\n', "不认识的项：有效期。可用：来源、第几份、原文号、标题"),
    (SECOND + '"成文日期" = "明年"\n', "中的「成文日期」应为日期，格式 YYYY-MM-DD，收到「明年」"),
    (SECOND + '"状态" = "作废"\n', "中的「状态」的值「作废」不可用；可用：有效、已失效"),
    ('"来源" = "a.txt"\n"第几份" = "二"\n', "中的「第几份」应为一个正整数"),
    (SECOND + '"发文机关" = []\n', "中的「发文机关」应为一段文字或一组文字"),
    (SECOND + '"页面地址" = "某政办发2024-2"\n', "中的「页面地址」应为页面地址：小写英文字母"),
    (SECOND + '标题 = "关于某事的通知"\n', '格式有误（第 4 行第 1 列附近）：汉字名称要用英文双引号括起来'),
    (SECOND + '"标题" = “关于某事的通知”\n', "这一行用了中文引号或全角等号"),
])
def test_a_bad_value_names_the_file_and_the_field_in_chinese(tmp_path, content, words):
    county(tmp_path, fix=content)
    with pytest.raises(SourceError) as error:
        notices(tmp_path)
    assert "meta/fix.toml" in str(error.value) and words in str(error.value)


def test_the_template_is_valid_toml_with_the_readers_values_and_applies_once_uncommented(tmp_path):
    county(tmp_path)
    read = notices(tmp_path)
    text = template(read[1], positions(read)[1], 3)
    assert tomllib.loads(text) == {"来源": "a.txt", "第几份": 2, "原文号": "某政办发〔2024〕2号"}  # all else commented
    assert '# "标题" = "关于印发《某县农村危房改造补助办法》的通知"' in text and '# "成文日期" = 2024-03-05' in text
    assert '# "发文机关" = ["某县人民政府办公室"]' in text and '# "页面地址" = "mouzhengbanfa-2024-2"' in text
    assert "系统按原文判断为：已失效，2024-03-05 起施行，有效期至 2025-03-04（有效期至 2025-03-04，已过期）" in text
    (tmp_path / "meta" / "fix.toml").write_text(text.replace('# "状态" = "已失效"', '"状态" = "有效"'), encoding="utf-8")
    assert notices(tmp_path)[1].validity.status == "有效"


def test_the_template_of_a_notice_without_a_doc_number_matches_by_place(tmp_path):
    county(tmp_path, THREE.replace("某政发〔2024〕3号\n", ""))
    read = notices(tmp_path)
    text = template(read[2], 3, 3)
    assert tomllib.loads(text) == {"来源": "a.txt", "第几份": 3} and '# "文号" = ""' in text
    (tmp_path / "meta" / "fix.toml").write_text(text.replace('# "文号" = ""', '"文号" = "某政发〔2024〕3号"'), encoding="utf-8")
    assert notices(tmp_path)[2].doc_number == "某政发〔2024〕3号"


@pytest.mark.parametrize("wanted, index", [("a.txt:2", 1), ("a.txt：3", 2), ("某政办发[2024]1号", 0),
                                           ("mouzhengfa-2024-3", 2)])
def test_a_notice_is_found_by_place_doc_number_or_address(tmp_path, wanted, index):
    assert find(notices(county(tmp_path)), wanted) == (index, "")


def test_a_notice_not_found_says_why(tmp_path):
    read = notices(county(tmp_path))
    assert find(read, "a.txt:5") == (None, "「a.txt」中只有 3 份通知")
    assert find(read, "某政办发〔2030〕1号")[1].startswith("找不到「某政办发〔2030〕1号」")
