"""patterns.py: one line at a time."""
import pytest

from reader.patterns import cn_number, date_line, doc_number_line, marker, registration_line, split_heading


@pytest.mark.parametrize("line, expected", [
    ("江政办发〔2024〕3号", "江政办发〔2024〕3号"),
    ("  江政办发[2024]3号  ", "江政办发〔2024〕3号"),
    ("江政办发﹝2024﹞3号", "江政办发〔2024〕3号"),
    ("江政办发（2024）3号", "江政办发〔2024〕3号"),
    ("（宁政办发﹝2023﹞12号）", "宁政办发〔2023〕12号"),
    ("江政办发〔2024〕第3号", "江政办发〔2024〕3号"),
    ("根据江委干〔2024〕13号文件通知", None),
    ("江政办发〔2024〕", None),
    ("絳政辦發(fā)〔2023〕14號", "絳政辦發(fā)〔2023〕14号"),  # traditional, with a mirror's pinyin gloss
])
def test_doc_numbers_in_every_bracket_style_normalise(line, expected):
    assert doc_number_line(line) == expected


def test_registration_number_is_a_whole_line():
    assert registration_line("JHDR-2024-01001") == "JHDR-2024-01001"
    assert registration_line("见JHDR-2024-01001") is None


@pytest.mark.parametrize("text, iso", [
    ("2024年3月12日", "2024-03-12"),
    ("                                  2024年3月12日", "2024-03-12"),
    ("二〇二四年三月十二日", "2024-03-12"),
    ("二○二三年十二月二十日", "2023-12-20"),
    ("二〇二四年十月三十一日", "2024-10-31"),
])
def test_dates_in_arabic_and_chinese_numerals(text, iso):
    assert date_line(text).iso == iso


def test_an_impossible_date_is_recognised_but_has_no_iso_value():
    assert date_line("2024年2月30日").iso is None


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("三十一", 31), ("一百零二", 102)])
def test_chinese_numbers(text, value):
    assert cn_number(text) == value


@pytest.mark.parametrize("line, kind, numbers, rest", [
    ("一、指导思想", "cn", (1,), "指导思想"),
    ("十三、规范房地产市场秩序。", "cn", (13,), "规范房地产市场秩序。"),
    ("（一）收费减免。乡镇", "paren_cn", (1,), "收费减免。乡镇"),
    (" 1.总则", "dec1", (1,), "总则"),
    ("1. 推进教育高质量发展。", "dec1", (1,), "推进教育高质量发展。"),
    ("1.1编制目的", "dec2", (1, 1), "编制目的"),
    ("2.1.1指挥部组成", "dec3", (2, 1, 1), "指挥部组成"),
    ("3.3 开展应急风险评估", "dec2", (3, 3), "开展应急风险评估"),
    ("8.1人力资源保障", "dec2", (8, 1), "人力资源保障"),
    ("（1）健康防护措施", "paren_ar", (1,), "健康防护措施"),
    ("①提醒儿童", "circled", (1,), "提醒儿童"),
    ("第十二条　为规范", "article", (12,), "为规范"),
    ("第一章　总　则", "chapter", (1,), "总　则"),
])
def test_clause_markers_of_both_styles(line, kind, numbers, rest):
    found = marker(line)
    assert (found.kind, found.numbers, found.rest) == (kind, numbers, rest)


@pytest.mark.parametrize("line", ["2024年3月12日", "1.5万元用于补助", "30%", "一是加强领导", "（修订版）", "10.5%的比例"])
def test_amounts_and_ordinary_text_are_not_clause_markers(line):
    assert marker(line) is None


@pytest.mark.parametrize("rest, heading, text", [
    ("指导思想", "指导思想", ""),
    ("收费减免。乡镇城镇开发建设项目，除省、市直管部门法定不能减免的收费外。", "收费减免。", "乡镇城镇开发建设项目，除省、市直管部门法定不能减免的收费外。"),
    ("因意外事故防贫综合保险：由于发生无法找到责任人的意外事故。", "因意外事故防贫综合保险：", "由于发生无法找到责任人的意外事故。"),
    ("提醒一般人群减少或避免户外活动，如不可避免，建议采取佩戴口罩、缩短户外工作时间等防护措施。", "", "提醒一般人群减少或避免户外活动，如不可避免，建议采取佩戴口罩、缩短户外工作时间等防护措施。"),
])
def test_a_heading_that_runs_into_its_text_is_split_off(rest, heading, text):
    assert split_heading(rest) == (heading, text)


def test_an_information_line_in_traditional_characters_with_pinyin_glosses_is_page_furniture():
    from reader.page import chrome_kind, parse_info_line
    line = "發(fā)布日期:2023-09-01 10:51 來源: 某縣人民政府 【字體:大 中 小】 打印本頁"
    fields = parse_info_line(line).fields
    assert [label for label, _, _ in fields] == ["发布日期", "来源", "字体"]
    assert fields[0][1] == "2023-09-01 10:51"
    assert chrome_kind("【字體:大 中 小】 打印本頁 關閉") == "页面按钮"


@pytest.mark.parametrize("line", ["HFGS—2017—9", "HFGS－2017－9", "HFGS-2017-9"])
def test_registration_numbers_with_any_dash_and_a_short_serial(line):
    assert registration_line(line) == "HFGS-2017-9"


def test_a_space_before_the_enumeration_comma_is_still_the_same_numbering():
    found = marker("四 、违反本通告规定的,依法追究法律责任。")
    assert (found.kind, found.numbers, found.rest) == ("cn", (4,), "违反本通告规定的,依法追究法律责任。")


def test_every_row_of_a_pipe_grid_information_block_is_read_whatever_its_labels():
    from reader.page import parse_info_line
    fields = parse_info_line("公文时效: | 有效 | 发布机构: | 市政府办公室 (市金融办) |").fields
    assert [(label, value) for label, value, _ in fields] == [("公文时效", "有效"), ("发布机构", "市政府办公室 (市金融办)")]
    fields = parse_info_line("信息类别: | 通知公告 | 发布机构: | 某县人民政府 |").fields
    assert [label for label, _, _ in fields] == ["信息类别", "发布机构"]
    assert parse_info_line("姓名: | 张三 | 年龄: | 40 |") is None  # a table of the text, not the page's block


@pytest.mark.parametrize("line, kind", [
    ("【打印本頁】【關閉窗口】", "页面按钮"), ("【字號：大 中 小】 【打印】 【關閉】", "页面按钮"), ("返回頂部", "页面按钮"),
    ("當前位置：首頁 > 政務公開", "导航"), ("- 2 -", "页码"), ("－3－", "页码"), ("第 3 页 共 5 页", "页码"),
    ("下载某某APP", "页面按钮"), ("相关推荐", "相关链接"), ("你可能感兴趣的", "相关链接"), ("85%的人还看了", "相关链接"),
    ("附件(点击下载):", "页面按钮"), ("今天是:2025年12月06日 星期六", "导航"),
])
def test_page_furniture_in_either_script(line, kind):
    from reader.page import chrome_kind
    assert chrome_kind(line) == kind


def test_a_traditional_document_number_in_an_information_block():
    from reader.page import read_page
    from reader.sources import split_lines
    layer = read_page(split_lines("發文字號：某政發〔2023〕1號\n主題分類：其他\n"))
    assert [(f.key, f.value) for f in layer.info] == [("doc_number", "某政發〔2023〕1號"), ("topic", "其他")]


@pytest.mark.parametrize("line, kind, number", [
    ("第 1 章 总则", "chapter", 1), ("（ 一 ）总体要求", "paren_cn", 1), ("3 、加强领导", "dec1", 3), ("（ 2 ）工作要求", "paren_ar", 2),
])
def test_a_space_a_pdf_copy_puts_inside_a_marker(line, kind, number):
    found = marker(line)
    assert (found.kind, found.numbers) == (kind, (number,))


def test_a_tag_line_and_a_label_after_a_stray_quote_are_information_lines():
    from reader.page import read_page
    from reader.sources import split_lines
    layer = read_page(split_lines("浏览:7456次'时间:2020年2月7日\n\n正文。\n\n标签: 疫情  防控  指挥部\n"))
    assert set(layer.chrome) == {1, 5}
    assert [(f.label, f.value) for f in layer.info] == [("浏览", "7456次'"), ("时间", "2020年2月7日"), ("标签", "疫情  防控  指挥部")]


def test_an_office_name_with_a_mirrors_pinyin_glosses_is_an_office():
    from reader.patterns import is_office_line, offices_in
    assert is_office_line("鶴山市農(nóng)業(yè)農(nóng)村局")
    assert offices_in("某縣農(nóng)業(yè)農(nóng)村局  某縣財政局") == ["某縣農(nóng)業(yè)農(nóng)村局", "某縣財政局"]


def test_a_serial_number_line_that_lost_one_bracket():
    from reader.patterns import serial_number_line
    assert serial_number_line("2026年第1号)") == "2026年第1号"
    assert serial_number_line("（2026年第1号）") == "2026年第1号"


@pytest.mark.parametrize("title, expected", [
    ("（已废止）关于印发《某办法》的通知", ("（已废止）", "关于印发《某办法》的通知", True)),
    ("[已失效] 某县人民政府关于做好森林防火工作的通告", ("[已失效]", "某县人民政府关于做好森林防火工作的通告", True)),
    ("关于印发《某办法》的通知(失效)", ("(失效)", "关于印发《某办法》的通知", False)),
    ("关于印发《某办法（试行）》的通知", ("", "关于印发《某办法（试行）》的通知", True)),
    ("关于废止《某办法》的决定", ("", "关于废止《某办法》的决定", True)),  # a repealing notice is itself in force
    ("（已废止）", ("", "（已废止）", True)),  # nothing but the tag: not a tag on a title
])
def test_a_status_tag_printed_with_a_title_is_told_apart_from_the_title(title, expected):
    from reader.patterns import status_tag
    assert status_tag(title) == expected


def test_the_colon_of_a_clock_time_does_not_end_a_clause_heading():
    # the fire ban: "至2022年4月15日24:00止" was shown as the heading "…24:" and the text "00止…"
    assert split_heading("自2022年2月1日起至2022年4月15日24:00止，全县禁止野外用火。") == (
        "", "自2022年2月1日起至2022年4月15日24:00止，全县禁止野外用火。")
    assert split_heading("收费减免：乡镇城镇开发建设，按规定减免。") == ("收费减免：", "乡镇城镇开发建设，按规定减免。")


@pytest.mark.parametrize("title, expected", [
    ("应急预案—某市突发公共事件总体应急预案", ("应急预案—", "某市突发公共事件总体应急预案", True)),
    ("[规范性文件] 某县人民政府关于印发某办法的通知", ("[规范性文件]", "某县人民政府关于印发某办法的通知", True)),
    ("【通知公告】某县人民政府关于做好森林防火工作的通告", ("【通知公告】", "某县人民政府关于做好森林防火工作的通告", True)),
    ("某县—某市合作框架协议", ("", "某县—某市合作框架协议", True)),  # a place before the dash is no column's name
    ("【发布部门】某省人民政府", ("", "【发布部门】某省人民政府", True)),  # a record's label: what follows is no title
])
def test_a_sites_category_before_a_title_is_a_tag_not_a_status(title, expected):
    from reader.patterns import status_tag, tag_repeals
    assert status_tag(title) == expected
    assert not tag_repeals(expected[0])
    assert tag_repeals("（已废止）") and tag_repeals("[失效]")


def test_an_information_grids_empty_cells_after_a_title_are_not_part_of_it():
    from reader.patterns import title_text, without_empty_cells
    assert title_text(["解读《某县人民政府2021年度森林草原防火命令》 | |"]) == "解读《某县人民政府2021年度森林草原防火命令》"
    assert without_empty_cells("| |") == "| |"  # nothing but walls: left as printed


@pytest.mark.parametrize("line, kind", [
    ("第一条 为加强殡葬管理，结合本县实际情况，特制定本实施细则。", "细则"),
    ("第二条 本办法适用于本县行政区域内的殡葬活动。", "办法"),
    ("一、为做好森林防火工作，现将有关事项通告如下：", ""),
])
def test_the_kind_a_text_calls_itself_in_its_opening(line, kind):
    from reader.patterns import self_named_kind
    assert self_named_kind(line) == kind


def test_a_chinese_numeral_with_a_doubled_comma_is_still_a_heading_marker_kept_as_written():
    found = marker("四,、对县城区狂犬一律捕杀或收容。")
    assert (found.kind, found.numbers, found.text) == ("cn", (4,), "四,、")


def test_a_year_and_serial_number_in_brackets_after_a_title_is_its_number():
    from reader.patterns import split_doc_number
    assert split_doc_number("关于在全县实行静态管理的通告(2022年第76号通告)") == ("关于在全县实行静态管理的通告", "2022年第76号")
    assert split_doc_number("关于禁止燃放烟花爆竹的通告 2022(20)号") == ("关于禁止燃放烟花爆竹的通告", "2022(20)号")
    assert split_doc_number("关于2022年第一季度工作的通知") == ("关于2022年第一季度工作的通知", None)
