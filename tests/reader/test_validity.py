"""Validity as of the build date: the text's own terms, repeals, and staff overrides."""
import datetime as dt

import pytest

from reader.sources import SourceError
from publisher.corpus import read_notices

from ..conftest import CORPUS

EXPECTED_2026_11_29 = {
    "jiangzhengfa-2024-2": ("有效", "2024-03-12", None),
    "jiangzhengbanfa-2024-1": ("有效", "2024-02-06", "2029-02-05"),
    "jiangzhengbanfa-2024-2": ("部分条款已到期", "2024-02-06", "2027-02-05"),
    "jiangzhengbanfa-2024-3": ("已失效", "2023-10-01", "2024-09-30"),
    "jiangzhengbanfa-2024-5": ("有效", "2024-03-15", None),
    "jiangzhengrenfa-2024-1": ("有效", "2023-12-20", None),
    "jiangzhengrenfa-2024-2": ("有效", "2023-12-20", None),
    "jiangzhengrenfa-2024-3": ("有效", "2024-02-28", None),
    "jiangzhengrenfa-2024-4": ("有效", "2024-02-28", None),
}


def status_on(day: str, slug: str):
    notice = next(n for n in read_notices(CORPUS, dt.date.fromisoformat(day)).notices if n.slug == slug)
    return notice.validity


@pytest.mark.parametrize("slug", sorted(EXPECTED_2026_11_29))
def test_each_notice_has_its_status_on_the_build_date(corpus, slug):
    notice = next(n for n in corpus.notices if n.slug == slug)
    v = notice.validity
    assert (v.status, v.valid_from, v.valid_until) == EXPECTED_2026_11_29[slug]


def test_the_housing_measures_say_which_items_have_expired(corpus):
    v = next(n for n in corpus.notices if n.slug == "jiangzhengbanfa-2024-2").validity
    assert any("其余政策" in note and "2025-02-05" in note and "已到期" in note for note in v.notes)
    assert any("第三项" in note and "2027-02-05" in note for note in v.notes)
    assert any("申报截止 2026-12-31" in note for note in v.notes)
    assert any("延长" in note for note in v.notes)


@pytest.mark.parametrize("day, status", [("2025-02-05", "有效"), ("2025-02-06", "部分条款已到期"),
                                         ("2027-02-05", "部分条款已到期"), ("2027-02-06", "已失效")])
def test_the_housing_measures_around_their_one_and_three_year_ends(day, status):
    assert status_on(day, "jiangzhengbanfa-2024-2").status == status


@pytest.mark.parametrize("day, status", [("2024-09-30", "有效"), ("2024-10-01", "已失效")])
def test_the_insurance_plan_ends_with_its_policy_period(day, status):
    assert status_on(day, "jiangzhengbanfa-2024-3").status == status


@pytest.mark.parametrize("day, status", [("2029-02-05", "有效"), ("2029-02-06", "已失效")])
def test_the_pollution_plan_is_valid_for_five_years(day, status):
    assert status_on(day, "jiangzhengbanfa-2024-1").status == status


def test_a_notice_is_not_yet_in_force_before_its_date():
    assert status_on("2024-02-05", "jiangzhengbanfa-2024-1").status == "尚未生效"


def test_the_repeal_the_plan_announces_is_recorded(corpus):
    v = next(n for n in corpus.notices if n.slug == "jiangzhengbanfa-2024-1").validity
    assert v.repeals == ("江政办发〔2021〕3号",)
    assert any("同时废止" in note for note in v.notes)


OLD_AND_NEW = """关于印发《某县应急预案》的通知
某政办发〔2021〕3号
各单位：
本预案自印发之日起实施。
某县人民政府办公室
2021年5月1日
关于印发《某县应急预案（修订版）》的通知
某政办发〔2024〕1号
各单位：
本预案自印发之日起实施，有效期为5年。《某县应急预案》（某政办发〔2021〕3号）同时废止。
某县人民政府办公室
2024年2月6日
"""


def test_a_notice_repealed_by_a_later_one_in_the_corpus_is_no_longer_in_force(tmp_path):
    (tmp_path / "a.txt").write_text(OLD_AND_NEW, encoding="utf-8")
    notices = {n.doc_number: n for n in read_notices(tmp_path, dt.date(2026, 1, 1)).notices}
    old = notices["某政办发〔2021〕3号"].validity
    assert old.status == "已失效" and any("某政办发〔2024〕1号" in note for note in old.notes)
    assert notices["某政办发〔2024〕1号"].validity.status == "有效"


def test_staff_can_record_a_repeal_the_text_does_not_mention(tmp_path):
    (tmp_path / "a.txt").write_text(OLD_AND_NEW, encoding="utf-8")
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "mouzhengbanfa-2024-1.toml").write_text(
        '[validity]\nrepealed_by = "某政办发〔2025〕9号"\nnotes = ["县政府常务会议决定"]\n', encoding="utf-8")
    notice = next(n for n in read_notices(tmp_path, dt.date(2026, 1, 1)).notices if n.doc_number == "某政办发〔2024〕1号")
    assert notice.validity.status == "已失效"
    assert "已被 某政办发〔2025〕9号 废止" in notice.validity.notes and "县政府常务会议决定" in notice.validity.notes


def test_staff_can_set_a_validity_window(tmp_path):
    (tmp_path / "a.txt").write_text(OLD_AND_NEW, encoding="utf-8")
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "mouzhengbanfa-2021-3.toml").write_text(
        'kind = "规范性文件"\n[validity]\nvalid_until = 2022-12-31\n', encoding="utf-8")
    notice = next(n for n in read_notices(tmp_path, dt.date(2026, 1, 1)).notices if n.doc_number == "某政办发〔2021〕3号")
    assert (notice.validity.status, notice.validity.valid_until, notice.kind) == ("已失效", "2022-12-31", "规范性文件")


@pytest.mark.parametrize("content, message", [("[validity\nstatus=1", "格式有误"), ('[validity]\nstatus = "作废"', "不可用"),
                                              ('[validity]\nexpires = "2024-01-01"', "不认识"),
                                              ('[validity]\nvalid_until = "明年"', "YYYY-MM-DD")])
def test_a_bad_metadata_file_stops_the_build_with_a_chinese_message_naming_it(tmp_path, content, message):
    (tmp_path / "a.txt").write_text(OLD_AND_NEW, encoding="utf-8")
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "mouzhengbanfa-2021-3.toml").write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=f"mouzhengbanfa-2021-3.toml.*{message}"):
        read_notices(tmp_path, dt.date(2026, 1, 1))


def test_a_metadata_file_without_its_notice_stops_the_build_saying_how_to_fix_it(tmp_path):
    # it used to be a quiet warning, and a correction (已失效) stopped applying without a word (issue 23)
    (tmp_path / "a.txt").write_text(OLD_AND_NEW, encoding="utf-8")
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "no-such-notice.toml").write_text("[validity]\n", encoding="utf-8")
    with pytest.raises(SourceError, match="meta/no-such-notice.toml 没有对应的通知：找不到页面地址为 no-such-notice.*build.py correct"):
        read_notices(tmp_path, dt.date(2026, 1, 1))


def _one_notice(tmp_path, body: str, day: str = "2027-06-01", head: str = ""):
    text = f"{head}关于某事的通知\n某政办发〔2024〕7号\n各单位：\n{body}\n某县人民政府办公室\n2024年3月1日\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    corpus = read_notices(tmp_path, dt.date.fromisoformat(day))
    notice, = corpus.notices
    return notice.validity, corpus.warnings


@pytest.mark.parametrize("body, until", [
    ("保险期限为一年，自2024年3月1日起至2025年3月31日。", "2025-03-31"),
    ("本通知有效期至2025年12月31日。", "2025-12-31"),
    ("本办法自2024年4月1日起施行，至2026年3月31日止。", "2026-03-31"),
    ("本办法自2012年2月1日至2017年1月31日施行。", "2017-01-31"),
    ("本措施于2024年9月18日12时自动终止。", "2024-09-18"),
    ("临时管控措施9月18日12时自动终止。", "2024-09-18"),
    ("本办法自印发之日起试行2年。", "2026-02-28"),
    ("本公告期限自2024年3月1日至2024年3月10日（不少于五个工作日）。", "2024-03-10"),
    ("现予公示，公示时间：2024年3月1日—2024年3月7日。", "2024-03-07"),
])
def test_each_time_limiting_wording_gives_an_end(tmp_path, body, until):
    validity, warnings = _one_notice(tmp_path, body)
    assert validity.valid_until == until
    assert validity.status == "已失效"
    assert not any("限定时间" in w.message for w in warnings)


def test_a_notice_period_says_it_has_ended(tmp_path):
    validity, _ = _one_notice(tmp_path, "本公告期限自2024年3月1日至2024年3月10日。")
    assert validity.notes[0] == "公告期至 2024-03-10，已结束"


def test_a_time_limit_that_is_not_understood_is_a_warning_naming_the_line(tmp_path):
    validity, warnings = _one_notice(tmp_path, "公示时间为2024301日至2024307日。")
    assert validity.valid_until is None
    warning, = [w for w in warnings if "限定时间" in w.message]
    assert warning.line == 4 and "公示时间" in warning.message


def test_with_no_term_in_the_text_the_information_block_gives_one_and_says_so(tmp_path):
    validity, _ = _one_notice(tmp_path, "请遵照执行。", head="索引号: 0031/2024-001 废止时间: 2025-01-31\n")
    assert (validity.status, validity.valid_until) == ("已失效", "2025-01-31")
    assert any("网页信息栏" in note for note in validity.notes)


# --- every sign the text gives (issue 23 §3) -----------------------------------------------------------

@pytest.mark.parametrize("tag", ["（已废止）", "(失效)", "[已失效]", "【已废止】"])
def test_a_status_tag_before_the_title_makes_the_notice_repealed_and_is_not_part_of_the_title(tmp_path, tag):
    (tmp_path / "a.txt").write_text(f"{tag}关于印发《某县农村危房改造补助办法》的通知\n某政办发〔2019〕7号\n各乡镇人民政府：\n"
                                    "本办法自印发之日起实施。\n某县人民政府办公室\n2019年3月1日\n", encoding="utf-8")
    notice, = read_notices(tmp_path, dt.date(2026, 1, 1)).notices
    assert notice.title == "关于印发《某县农村危房改造补助办法》的通知"
    assert (notice.title_tag, notice.title_tag_leading) == (tag, True)
    assert notice.validity.status == "已失效" and notice.validity.notes[0] == f"标题标有“{tag}”"


def test_a_status_tag_after_the_title_counts_too_and_an_untitled_address_does_not_carry_it(tmp_path):
    (tmp_path / "a.txt").write_text("某县人民政府关于禁止燃放烟花爆竹的通告（已废止）\n一、全县禁止燃放烟花爆竹。\n"
                                    "某县人民政府\n2019年3月1日\n", encoding="utf-8")
    tagged, = read_notices(tmp_path, dt.date(2026, 1, 1)).notices
    (tmp_path / "a.txt").write_text("某县人民政府关于禁止燃放烟花爆竹的通告\n一、全县禁止燃放烟花爆竹。\n"
                                    "某县人民政府\n2019年3月1日\n", encoding="utf-8")
    plain, = read_notices(tmp_path, dt.date(2026, 1, 1)).notices
    assert (tagged.title_tag, tagged.title_tag_leading, tagged.validity.status) == ("（已废止）", False, "已失效")
    assert tagged.title == plain.title and tagged.slug == plain.slug  # marking it repealed keeps its address
    assert plain.validity.status == "有效"


def test_a_bracket_that_is_not_a_status_stays_in_the_title(tmp_path):
    (tmp_path / "a.txt").write_text("关于印发《某县农村危房改造补助办法（试行）》的通知\n某政办发〔2019〕7号\n各乡镇人民政府：\n"
                                    "请遵照执行。\n某县人民政府办公室\n2019年3月1日\n", encoding="utf-8")
    notice, = read_notices(tmp_path, dt.date(2026, 1, 1)).notices
    assert notice.title.endswith("（试行）》的通知") and not notice.title_tag and notice.validity.status == "有效"


@pytest.mark.parametrize("body, start, until", [
    # as the issue found it: a fire ban's period written with a clock time
    ("一、自2022年2月1日起至2022年4月15日24:00止，全县禁止野外用火。", "2022-02-01", "2022-04-15"),
    ("全县禁止野外用火，至2022年4月15日24时止。", None, "2022-04-15"),
    ("管控措施自2022年3月1日零时起至2022年3月16日0时止。", "2022-03-01", "2022-03-15"),  # ends as the 16th begins
    # real phrasings: h09 (五华县, a section's own line) and g11 (光泽县)
    ("2023年2月6日起至2023年4月30日止。", "2023-02-06", "2023-04-30"),
    ("县政府决定从2026年1月9日至2026年1月16日止,在全县范围内严禁一切林区野外用火,请各单位遵照执行。",
     "2026-01-09", "2026-01-16"),
])
def test_until_stop_wording_ends_the_validity_on_that_day(tmp_path, body, start, until):
    validity, warnings = _one_notice(tmp_path, body, day="2026-11-29")
    assert validity.valid_until == until and validity.status == "已失效"
    assert validity.valid_from == (start or "2024-03-01")
    assert not any("限定时间" in w.message for w in warnings)


def test_the_last_day_of_an_until_stop_term_is_still_in_force(tmp_path):
    validity, _ = _one_notice(tmp_path, "全县禁止野外用火，至2024年4月15日24:00止。", day="2024-04-15")
    assert validity.status == "有效"
    validity, _ = _one_notice(tmp_path, "全县禁止野外用火，至2024年4月15日24:00止。", day="2024-04-16")
    assert validity.status == "已失效"


def test_an_application_window_is_noted_but_does_not_end_the_notice(tmp_path):
    validity, warnings = _one_notice(tmp_path, "申报时间自2024年3月1日起至2024年3月31日止。", day="2026-11-29")
    assert validity.status == "有效" and validity.valid_until is None
    assert "申报时间至 2024-03-31（已截止）" in validity.notes
    assert not any("限定时间" in w.message for w in warnings)


def test_until_stop_wording_that_is_not_understood_is_a_warning_naming_the_line(tmp_path):
    # real phrasing (g10, 垫江县): the date lost its separators and the end is an event
    validity, warnings = _one_notice(tmp_path, "继续执行时间从202491日零时起,直至森林火险红色预警解除为止。其他要求不变。")
    assert validity.valid_until is None
    warning, = [w for w in warnings if "限定时间" in w.message]
    assert warning.line == 4 and "解除为止" in warning.message


def test_words_that_merely_contain_zhi_are_not_time_limits(tmp_path):
    _, warnings = _one_notice(tmp_path, "各地至少每月检查一次，发现违规燃放的及时制止并依法禁止。")
    assert not any("限定时间" in w.message for w in warnings)
