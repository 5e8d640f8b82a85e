"""Reading one line of a web page's information block (reader/info.py)."""
import pytest

from reader.info import _confidence, parse_info_line


@pytest.mark.parametrize("line", [
    "时间:2017-11-08       大    中    小",  # a weak label, made sure by the font-size buttons after its value
    "作者:政府办   来源:  发布日期:2018-05-16 04:09:35  浏览次数: 文章字号:",
    "公开程序 门编制,经办公室审核后公开 公开时限 长期公开",
    "【编辑日期:2018-03-13】 【来源:】 【关闭】",
    "核心提示:1.总则1.1 编制目的以邓小平理论为指导，建立统一、规范、科学、高效的突发公共事件应急处置体系，充分动员行政资源和社会资源，"
    "增强全社会快速反应能力，提高政府保障公共安全和处置突发公共事件的能力，最大程度地预防和减少突发公共事件造成的损失",
    "【发文字号】 田政〔2005〕19号",
    "【发布文号】-----------",
])
def test_information_lines_with_widgets_brackets_and_long_ledes_are_furniture(line):
    parsed = parse_info_line(line)
    assert parsed is not None and _confidence(parsed) == "sure"


def test_a_date_with_the_font_buttons_after_it_keeps_only_the_date():
    assert parse_info_line("时间:2017-11-08       大    中    小").fields == [("时间", "2017-11-08", True)]
