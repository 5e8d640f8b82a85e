"""split.py + parse.py: each source construct, from small texts written for the test."""
import pytest

from reader.model import (AttachmentList, AttachmentStart, Clause, Contents, Heading, MissingFigure,
                            Paragraph, Signature, Table, Unplaced)
from reader.parse import parse_chunk
from reader.sources import split_lines
from reader.model import SourceText
from reader.split import split


def parse(text: str):
    source = SourceText("测试.txt", "utf-8", split_lines(text))
    return [parse_chunk(chunk) for chunk in split(source)]


def one(text: str):
    (notice, warnings), = parse(text)
    return notice, warnings


def blocks(notice, kind):
    return [b for b in notice.blocks if isinstance(b, kind)]


DUMP = """关于印发《某某县城镇开发
建设暂行办法》的通知

某政发〔2024〕2号
各乡镇人民政府，县直各单位：
现将《某某县城镇开发建设暂行办法》印发给你们，请遵照执行。
 某某县人民政府

          2024年3月12日
某某县城镇开发建设暂行办法
一、指导思想
坚持稳中求进。
某某县人民政府办公室

关于印发《某某县应急预案

（修订版）》的通知

某政办发〔2024〕1号

JHDR-2024-01001

各乡镇人民政府：
预案已经县人民政府同意。
某某县人民政府办公室
二〇二四年二月六日
"""


def test_a_dump_splits_into_notices_and_the_office_line_goes_with_the_next_title():
    (first, _), (second, _) = parse(DUMP)
    assert first.title == "关于印发《某某县城镇开发建设暂行办法》的通知"
    assert second.title == "关于印发《某某县应急预案（修订版）》的通知"
    assert second.letterhead == "某某县人民政府办公室"
    assert first.last_line < second.first_line
    assert second.first_line == 13  # the office line above the title


def test_header_fields_of_a_notice():
    (first, _), (second, _) = parse(DUMP)
    assert (first.doc_number, first.issuer, first.date, first.registration_number) == (
        "某政发〔2024〕2号", "某某县人民政府", "2024-03-12", None)
    assert (second.doc_number, second.registration_number, second.date) == (
        "某政办发〔2024〕1号", "JHDR-2024-01001", "2024-02-06")
    assert first.addressees == "各乡镇人民政府，县直各单位"
    assert second.kind == "规范性文件"


def test_the_issued_document_title_follows_the_signature():
    (first, _), _ = parse(DUMP)
    assert [b.text for b in blocks(first, Heading)] == ["某某县城镇开发建设暂行办法"]
    assert blocks(first, Signature)[0].office == "某某县人民政府"


def test_chinese_style_heading_hierarchy_and_run_in_headings():
    notice, _ = one("""关于印发办法的通知
某政发〔2024〕2号
各单位：
一、奖补政策
（一）收费减免。县级行政事业性收费全免。
1.土地出让金返还。按60%返还。
（1）具体办法
①第一项内容，说明细节，内容较长，不是标题，而是一句完整的话，需要照录。
（二）资产盘活激励。按净收益的40%奖励。
二、工作职责
某县人民政府
2024年3月12日
""")
    clauses = blocks(notice, Clause)
    assert [c.anchor for c in clauses] == ["c1", "c1-1", "c1-1-1", "c1-1-1-1", "c1-1-1-1-1", "c1-2", "c2"]
    assert [c.depth for c in clauses] == [1, 2, 3, 4, 5, 2, 1]
    assert (clauses[1].heading, clauses[1].text) == ("收费减免。", "县级行政事业性收费全免。")
    assert clauses[4].heading == ""


def test_decimal_style_heading_hierarchy():
    notice, _ = one("""关于印发预案的通知
某政办发〔2024〕1号
各单位：
 1.总则
1.1编制目的
2.监测与预警
4.2预警分级
2.1.1指挥部组成
（1）综合协调组职责
①提醒儿童、孕妇、老年人和患有呼吸道疾病的易感人群尽量留在室内，避免户外活动。
某县人民政府办公室
2024年2月6日
""")
    assert [c.anchor for c in blocks(notice, Clause)] == ["c1", "c1-1", "c2", "c4-2", "c2-1-1", "c2-1-1-1", "c2-1-1-1-1"]


def test_tables_written_one_cell_a_line_become_tables_with_merged_cells():
    notice, _ = one("""关于印发方案的通知
某政办发〔2024〕3号
各单位：
（一）因病防贫综合保险。以自付医疗费用为基数赔偿。

\t自付医疗费用
\t赔偿比例
\t保险金额

\t2万元以下
\t30%
\t每人最高赔付3万元

\t2万元(含)-4万元
\t40%
\t


备注：免赔额为 500 元/人
某县人民政府办公室
2024年2月7日
""")
    table, = blocks(notice, Table)
    assert [c.text for c in table.rows[0]] == ["自付医疗费用", "赔偿比例", "保险金额"]
    assert all(c.header for c in table.rows[0])
    assert table.rows[1][2].rowspan == 2 and table.rows[2][2] is None
    assert blocks(notice, Paragraph)[-1].text == "备注：免赔额为 500 元/人"


def test_a_table_laid_out_sideways_keeps_its_row_labels_as_headers():
    rows = ["伤残等级", "一级", "二级", "", "赔付比例", "100%", "90%", "", "伤残等级", "三级", "四级", "", "赔付比例", "80%", "70%"]
    text = "关于某事的通知\n某政办发〔2024〕3号\n各单位：\n" + "\n".join("\t" + r if r else "" for r in rows) + "\n"
    notice, _ = one(text)
    table, = blocks(notice, Table)
    assert table.sideways
    assert [row[0].text for row in table.rows] == ["伤残等级", "赔付比例", "伤残等级", "赔付比例"]
    assert all(row[0].header and not row[1].header for row in table.rows)


def test_attachments_and_the_attachment_list():
    notice, _ = one("""关于印发总体方案的通知
某政办发〔2024〕5号
各单位：
一、组织实施
附件：1.工作专班名单

2.产业培塑行动实施方案
某县人民政府办公室
2024年3月15日
附件1

工作专班名单
一、总专班办公室。办公地点设在县政府办。
附件2

产业培塑行动实施方案
一、工作目标
""")
    listing, = blocks(notice, AttachmentList)
    assert listing.items == (("1", "工作专班名单"), ("2", "产业培塑行动实施方案"))
    assert [a.anchor for a in blocks(notice, AttachmentStart)] == ["a1", "a2"]
    assert [(a.number, a.title) for a in notice.attachments] == [("1", "工作专班名单"), ("2", "产业培塑行动实施方案")]
    assert [c.anchor for c in blocks(notice, Clause)] == ["c1", "a1-c1", "a2-c1"]


def test_short_appointment_notices():
    notice, _ = one("""江华瑶族自治县人民政府
关于雷彪等同志正式任职的通知
江政人发〔2024〕1号
各乡镇人民政府，县直各单位：
下列同志任职试用期已满，经县委提名，县人民政府决定：
雷彪同志任县发展和改革局总经济师;

免去王希明同志县医疗保障局副局长职务;
任职时间从试用之日起计算。
                            江华瑶族自治县人民政府
                            2023年12月20日
""")
    assert notice.kind == "人事任免"
    assert [p.text for p in blocks(notice, Paragraph) if p.kind == "appointment"] == [
        "雷彪同志任县发展和改革局总经济师;", "免去王希明同志县医疗保障局副局长职务;"]
    assert notice.date == "2023-12-20"


def test_a_stray_line_after_the_last_signature_is_kept_and_flagged():
    notice, warnings = one("""关于某事的通知
某政发〔2024〕9号
各单位：
正文。
某县人民政府
2024年2月28日
指挥长：县人民政府分管副县长
""")
    stray, = blocks(notice, Unplaced)
    assert stray.text == "指挥长：县人民政府分管副县长" and stray.line == 7
    assert any(w.line == 7 for w in warnings)


def test_a_figure_reduced_to_its_caption_is_noted():
    notice, warnings = one("关于某预案的通知\n某政办发〔2024〕1号\n各单位：\n10.附则\n10.1组织架构图\n\n\n\n10.2应对流程图\n\n\n10.3职责分工\n县纪委监委：负责监督。\n")
    assert len(blocks(notice, MissingFigure)) == 2
    assert sum("图" in w.message for w in warnings) == 2


def test_a_repeated_number_gets_its_own_anchor_and_a_warning():
    notice, warnings = one("关于某事的通知\n某政办发〔2024〕3号\n各单位：\n五、支持政策\n（一）购买方式。统一购买。\n五、保障措施\n（一）加强组织领导。调整领导小组。\n")
    assert [c.anchor for c in blocks(notice, Clause)] == ["c5", "c5-1", "c5b", "c5b-1"]
    assert any("重复" in w.message for w in warnings)


def test_numbering_that_restarts_after_a_section_title_opens_a_new_part():
    notice, _ = one("关于某措施的通知\n某政办发〔2024〕2号\n各单位：\n一、实行补贴。补贴70%。\n二、支持需求。补贴1万元。\n购房补贴申报流程\n一、补贴申报流程\n（一）购房契税补贴申报\n")
    section, = [b for b in blocks(notice, Heading) if b.role == "section"]
    assert section.anchor == "p2"
    assert [c.anchor for c in blocks(notice, Clause)] == ["c1", "c2", "p2-c1", "p2-c1-1"]


def test_a_text_without_any_title_is_one_document_with_a_warning():
    notice, warnings = one("一段没有标题的文字。\n\n第二段。\n")
    assert notice.title == "（原文无标题）一段没有标题的文字。" and not notice.title_found
    assert "测试.txt" not in notice.title  # citizens never see a file name
    assert [p.text for p in blocks(notice, Paragraph)] == ["一段没有标题的文字。", "第二段。"]
    assert any("标题" in w.message for w in warnings)


def test_a_paragraph_cut_mid_sentence_joins_its_continuation():
    notice, _ = one("关于某事的通知\n某政办发〔2024〕5号\n各单位：\n突出教育、公用事业、工程建设、政府采购等重点领域，进一步强化公平竞争审查，及时清理和废除影响和妨碍公平竞争的政策文件，加\n\n强反垄断和反不正当竞争执法。\n")
    assert blocks(notice, Paragraph)[-1].text.endswith("加强反垄断和反不正当竞争执法。")


# --- web copies, metadata and structure (issue 9) --------------------------------------------

WEB_COPY = """首页 > 政务公开 > 政府文件
某县人民政府关于印发某县工作规则的通知
索引号: 0031/2024-00012 发布机构: 某县人民政府办公室
发文字号: 某政发〔2024〕7号 成文日期: 2024-04-06
【打印正文】 【关闭正文】

某县人民政府关于印发某县工作规则的通知
某政发〔2024〕7号
各乡镇人民政府，县直各单位：
现将《某县工作规则》印发给你们，请遵照执行。
某县人民政府
2024年4月6日
扫一扫在手机打开当前页
上一篇：关于做好春耕生产的通知
版权所有：某县人民政府 网站标识码：1234567890
"""


def test_a_web_copy_is_one_notice_with_its_furniture_set_aside_and_reported():
    (notice, warnings), = parse(WEB_COPY)
    assert notice.title == "某县人民政府关于印发某县工作规则的通知"
    assert [c.line for c in notice.chrome] == [1, 2, 3, 4, 5, 13, 14, 15]
    assert {c.kind for c in notice.chrome} >= {"导航", "网页标题", "信息栏", "页面按钮", "页脚"}
    assert not any(isinstance(b, Paragraph) and "版权" in b.text for b in notice.blocks)
    assert [(f.label, f.value) for f in notice.info][:2] == [("索引号", "0031/2024-00012"), ("发布机构", "某县人民政府办公室")]
    assert any(w.kind == "set_aside" and w.line == 1 for w in warnings)


def test_the_information_block_fills_what_the_text_lacks_and_says_so():
    text = "索引号: 0031/2024-00012 发布机构: 某县农业农村局\n发文字号: 某农发〔2024〕3号 成文日期: 2024-03-01\n" \
           "关于做好春耕生产的通知\n各乡镇：\n请做好春耕生产。\n"
    (notice, warnings), = parse(text)
    assert (notice.doc_number, notice.issuers, notice.date) == ("某农发〔2024〕3号", ("某县农业农村局",), "2024-03-01")
    guesses = [w.message for w in warnings if w.kind == "guess"]
    assert any("文号取自网页信息栏" in m for m in guesses) and any("成文日期取自网页信息栏" in m for m in guesses)
    assert dict(notice.field_notes)["issuer"].startswith("原文无落款")


def test_when_the_block_and_the_text_disagree_the_text_wins_with_a_warning():
    (notice, warnings), = parse(WEB_COPY.replace("成文日期: 2024-04-06", "成文日期: 2024-04-09"))
    assert notice.date == "2024-04-06" and notice.issuers == ("某县人民政府",)
    assert any("2024-04-09" in w.message and "以落款为准" in w.message for w in warnings)
    assert any("发布机构" in w.message and "以正文为准" in w.message for w in warnings)


@pytest.mark.parametrize("title_line, title, number", [
    ("盐政发〔2017〕40号盐池县人民政府工作规则", "盐池县人民政府工作规则", "盐政发〔2017〕40号"),
    ("某县人民政府关于印发某办法的通知（某政发〔2024〕2号）", "某县人民政府关于印发某办法的通知", "某政发〔2024〕2号"),
])
def test_a_doc_number_on_the_title_line_is_split_off(title_line, title, number):
    (notice, _), = parse(f"{title_line}\n各单位：\n请遵照执行。\n某县人民政府\n2024年3月1日\n")
    assert (notice.title, notice.doc_number) == (title, number)


@pytest.mark.parametrize("signature, issuers", [
    ("某县农业农村局  某县财政局\n2020年9月10日", ("某县农业农村局", "某县财政局")),
    ("中共某县委办公室\n\n某县人民政府办公室\n\n2017年1月10日", ("中共某县委办公室", "某县人民政府办公室")),
    ("某县农村经营服务站\n2023年11月6日", ("某县农村经营服务站",)),
    ("某县防汛抗旱指挥部\n（此件公开发布）\n2023年6月1日", ("某县防汛抗旱指挥部",)),
])
def test_joint_issuers_and_any_issuing_body(signature, issuers):
    (notice, _), = parse(f"关于某事的通知\n某政发〔2024〕9号\n各单位：\n请遵照执行。\n{signature}\n")
    assert notice.issuers == issuers and notice.issuer == "、".join(issuers)


@pytest.mark.parametrize("date_line, info, date, ambiguous, note", [
    ("20190610", "", "2019-06-10", False, None),
    ("2019610", "", "2019-06-10", True, "读作"),
    ("2019111", "发布日期: 2019-11-05\n", "2019-11-01", True, None),
    ("2019111", "", None, True, "无法确定"),
    ("2024228", "发布时间: 2024-02-28\n", "2024-02-28", True, "信息栏"),
    ("二OO六年二月二十日", "", "2006-02-20", False, None),
    ("{ 2017 6 23", "", "2017-06-23", False, None),
    # no year: the latest such day on or before the page's own date, as a guess
    ("10月14日", "发布时间: 2021-05-13\n", "2020-10-14", True, "没有年份"),
    ("3月2日", "发布日期: 2021-05-13\n", "2021-03-02", True, "没有年份"),
    ("10月14日", "", None, True, "没有年份"),
])
def test_dates_that_lost_their_separators(date_line, info, date, ambiguous, note):
    (notice, warnings), = parse(f"{info}关于某事的通知\n某政发〔2024〕9号\n各单位：\n请遵照执行。\n某县人民政府\n{date_line}\n")
    assert (notice.date, notice.date_ambiguous) == (date, ambiguous)
    if note:
        assert any(note in w.message for w in warnings)


def test_numbered_sections_with_spaces_and_regulations_with_every_level():
    notice, _ = one("关于印发预案的通知\n某政办发〔2024〕1号\n各单位：\n1 总则\n1.1 编制目的\n为了做好工作。\n2 组织指挥\n2.1 指挥部\n")
    assert [c.anchor for c in blocks(notice, Clause)] == ["c1", "c1-1", "c2", "c2-1"]
    notice, _ = one("某县管理办法\n某政发〔2024〕1号\n第一编 总则\n第一章 一般规定\n第一节 适用范围\n"
                    "第一条 本办法适用于本县。\n第二条 本办法由县政府解释。\n第二节 定义\n第三条 本办法所称…是指…。\n")
    clauses = blocks(notice, Clause)
    assert [c.anchor for c in clauses] == ["b1", "z1", "z1-j1", "t1", "t2", "z1-j2", "t3"]
    assert {c.role for c in clauses if c.marker.startswith("第一条")} == {"text"}


def test_siblings_of_one_numbering_kind_agree():
    notice, _ = one("关于某事的通知\n某政发〔2024〕1号\n各单位：\n一、工作内容\n（一）市容管理；\n（二）环境卫生。\n二、工作要求\n（一）加强领导。\n")
    first, second = [c for c in blocks(notice, Clause) if c.marker.startswith("（")][:2]
    assert first.role == second.role == "text"
    headings = [c for c in blocks(notice, Clause) if c.marker.endswith("、")]
    assert {c.role for c in headings} == {"heading"} and {c.level for c in headings} == {1}


def test_yishi_inside_a_paragraph_is_not_a_heading():
    notice, _ = one("关于某事的通知\n某政发〔2024〕1号\n各单位：\n一是加强领导。二是落实责任。\n三是强化督查\n")
    assert not blocks(notice, Clause) and not [h for h in blocks(notice, Heading) if h.role == "section"]


def test_a_list_of_names_is_a_list_even_where_a_number_lost_its_dot():
    notice, _ = one("关于公布示范社名单的通知\n某农发〔2023〕5号\n各乡镇：\n经评审，现将示范社名单公布如下：\n"
                    "1.某县隆康种养专业合作社\n2.某县红心猕猴桃专业合作社\n3某县创洋种养专业合作社\n4.某县玉桃生态种养专业合作社\n")
    entries = blocks(notice, Clause)
    assert len(entries) == 4 and {c.role for c in entries} == {"item"}


def test_a_table_of_contents_is_not_sections():
    notice, _ = one("关于印发预案的通知\n某政办发〔2024〕1号\n各单位：\n现印发。\n某县人民政府办公室\n2024年1月1日\n某县应急预案\n"
                    "目  录\n1 总则\n1.1 编制目的\n2 组织指挥体系\n3 预警、监测和信息报告\n1 总则\n1.1 编制目的\n为了做好工作。\n")
    contents, = [b for b in notice.blocks if type(b).__name__ == "Contents"]
    assert [text for text, _ in contents.entries][1:] == ["1 总则", "1.1 编制目的", "2 组织指挥体系", "3 预警、监测和信息报告"]
    assert [c.line for c in blocks(notice, Clause)] == [13, 14]


def test_fu_lists_and_links_only_to_attachments_on_the_page():
    notice, warnings = one("关于某事的通知\n某政发〔2024〕1号\n各单位：\n请遵照执行。\n附：1.申请表\n2.汇总表\n"
                           "某县人民政府\n2024年3月1日\n附件1\n申请表\n姓名\n")
    listing, = blocks(notice, AttachmentList)
    assert listing.anchors == ("a1", "")
    assert [(a.title, a.anchor) for a in notice.attachments] == [("申请表", "a1"), ("汇总表", "")]
    assert any("汇总表" in w.message and w.kind == "unplaced" for w in warnings)


def test_an_unrecognised_pre_title_line_of_a_plain_text_stays_and_is_flagged():
    notice, warnings = one("这是一段说明文字。\n关于某事的通知\n某政发〔2024〕1号\n各单位：\n正文。\n")
    assert [b.text for b in blocks(notice, Unplaced)] == ["这是一段说明文字。"] and not notice.chrome
    assert any(w.kind == "unplaced" and w.line == 1 for w in warnings)


# --- the reader never stops a build ------------------------------------------------------------


def test_a_chunk_the_reader_fails_on_is_a_notice_shown_in_full_and_flagged(monkeypatch):
    from reader import parse as parse_module

    def broken(self):
        raise IndexError("tuple index out of range")

    monkeypatch.setattr(parse_module.NoticeParser, "parse", broken)
    (notice, warnings), = parse("关于某事的通知\n某政发〔2024〕9号\n各单位：\n请遵照执行。\n某县人民政府\n2020年9月10日\n")
    assert [b.text for b in notice.blocks] == ["关于某事的通知", "某政发〔2024〕9号", "各单位：", "请遵照执行。",
                                               "某县人民政府", "2020年9月10日"]
    assert all(isinstance(b, Unplaced) for b in notice.blocks) and not notice.title_found
    warning, = warnings
    assert warning.kind == "unplaced" and warning.path == "测试.txt" and warning.line == 1
    assert "第 1–6 行读取时出错（IndexError）" in warning.message


def test_a_text_the_splitter_fails_on_is_one_notice_and_flagged(monkeypatch):
    from reader import split as split_module

    def broken(source, repeated=None):
        raise ValueError("boom")

    monkeypatch.setattr(split_module, "_split", broken)
    (notice, warnings), = parse("关于某事的通知\n某政发〔2024〕9号\n各单位：\n请遵照执行。\n")
    assert notice.first_line == 1 and notice.last_line == 4
    assert any(w.kind == "unplaced" and "分篇时出错（ValueError）" in w.message for w in warnings)


def test_a_page_title_above_its_repeated_copy_and_the_document_number_is_one_notice():
    text = ("某部关于某县调整行政区划的批复\n\n某某文库,自由的图书馆\n某部关于某县调整行政区划的批复\n某行批〔1992〕14号\n"
            "某省人民政府:\n  同意调整。\n某部\n一九九二年二月十日\n")
    (notice, _), = parse(text)
    assert notice.title == "某部关于某县调整行政区划的批复" and notice.doc_number == "某行批〔1992〕14号"
    assert notice.date == "1992-02-10"


def test_a_copy_without_a_title_still_opens_with_its_registration_number_and_document_number():
    notice, _ = one("\nHFGS—2017—9\n惠府〔2017〕46號\n各縣人民政府:\n現印發給你們,請遵照執行。\n某市人民政府\n2017年4月5日\n")
    assert notice.registration_number == "HFGS-2017-9" and notice.doc_number == "惠府〔2017〕46号"
    assert notice.kind == "规范性文件"


def test_a_letterhead_with_its_own_wenjian_line_and_red_rule_names_the_issuer_above_a_page_header_title():
    text = ("来源:某某网 发布时间:2020年03月25日 11:31\n\n关于印发某某实施意见的通知\n\n某某自治区人民政府\n\n文件\n\n"
            "——————————\n\n某政发〔2020〕16号\n\n关于印发某某实施意见的通知\n\n各州人民政府:\n\n现印发你们,请认真贯彻执行。\n\n"
            "—1—\n\n2020年3月19日\n")
    notice, _ = one(text)
    assert notice.issuers == ("某某自治区人民政府",) and notice.doc_number == "某政发〔2020〕16号"
    assert [c.text for c in notice.chrome] == ["来源:某某网 发布时间:2020年03月25日 11:31", "关于印发某某实施意见的通知", "—1—"]
    assert notice.date == "2020-03-19"


DATABASE_RECORD = """您的位置: 首页 » 某某资料网 » 法律法规 »

某市文化市场管理规定

作者:某某资料网 时间:2024-07-22 18:21:41  浏览:9436   来源:某某资料网
下载地址: 点击此处下载

某市文化市场管理规定

某省某市人民政府


某市文化市场管理规定

 (1991年3月26日某市人民政府令19号发布)

【章名】 第一章 总则
第一条 为加强本市文化市场管理,制定本规定。
第二条 本规定自发布之日起施行。
"""


def test_a_legal_database_record_prints_the_title_three_times_and_is_one_notice():
    notice, _ = one(DATABASE_RECORD)
    assert notice.title == "某市文化市场管理规定"
    assert [c.text for c in notice.chrome][-3:] == ["下载地址: 点击此处下载", "某市文化市场管理规定", "某省某市人民政府"]
    assert [c.text for c in notice.chrome].count("某市文化市场管理规定") == 2
    assert notice.issuers == ("某省某市人民政府",)  # the record's issuing-body line: set aside, but it names the issuer
    assert notice.doc_number == "某市人民政府令19号" and notice.date == "1991-03-26"  # the promulgation line, not the crawl time
    chapter = next(b for b in notice.blocks if isinstance(b, Clause))
    assert chapter.depth == 1 and "总则" in chapter.heading


def test_a_record_block_with_promulgation_labels_gives_issuer_and_date():
    text = DATABASE_RECORD.replace(" (1991年3月26日某市人民政府令19号发布)",
                                   "颁布日期:2001-6-3\n实施日期:2001-8-1\n颁布单位:某市人民代表大会常务委员会")
    notice, _ = one(text)
    assert notice.issuers == ("某市人民代表大会常务委员会",) and notice.date == "2001-06-03"


def test_the_colophon_date_beats_a_repost_timestamp_and_related_links_after_the_body_are_furniture():
    text = ("2017年10月23日 09:24来源:某县人民政府点击量:0\n\n某政通〔2017〕6号\n\n某县人民政府\n\n关于禁止露天焚烧秸秆的通告\n\n"
            "为改善生态环境,现将有关事项通告如下:\n\n一、禁止露天焚烧秸秆。\n\n二、本通告自发布之日起施行。\n\n"
            "某县人民政府办公室2017年5月27日印发\n\n85%的人还看了\n你可能也爱看\n最新资讯\n查看更多资讯\n加载中...\n\n下载某某APP\n")
    notice, _ = one(text)
    assert notice.date == "2017-05-27"
    assert [c.text for c in notice.chrome][-5:] == ["你可能也爱看", "最新资讯", "查看更多资讯", "加载中...", "下载某某APP"]


def test_a_pages_source_line_names_the_website_not_the_issuer_when_the_title_names_the_body():
    text = ("发布时间:2018-09-04 00:00 来源:某县县政府\n\n某县人民政府办公室关于成立某某领导小组的通知\n\n各乡镇人民政府:\n\n"
            "县政府决定成立某某领导小组。现将有关事项通知如下:\n\n一、主要职责\n\n研究制定落实措施。\n")
    notice, warnings = one(text)
    assert notice.issuers == ("某县人民政府办公室",)
    assert any("发文机关取自标题" in w.message for w in warnings)


def test_a_title_line_naming_joint_issuers_and_ending_in_its_verb_goes_on_with_what_it_issues():
    text = ("某政发〔2025〕4号\n某市人民政府 某市中级人民法院印发\n关于完善某某机制的意见的通知\n各县人民政府:\n现印发给你们。\n"
            "某市人民政府 某市中级人民法院\n2025年4月30日\n")
    notice, _ = one(text)
    assert notice.title == "某市人民政府 某市中级人民法院印发关于完善某某机制的意见的通知"
    assert notice.doc_number == "某政发〔2025〕4号" and notice.issuers == ("某市人民政府", "某市中级人民法院")


def test_a_signature_at_the_start_of_a_line_that_runs_on_into_a_rule_and_more_text():
    text = ("为了提高立法质量,现将草案全文公布,征求社会各界意见。\n附件(点击下载):\n"
            "某州人民政府法制办公室 2016年12月1日 ------------------------------ 某某条例(草案) 第一章 总则\n")
    notice, _ = one(text)
    signature, = blocks(notice, Signature)
    assert signature.offices == ("某州人民政府法制办公室",) and notice.date == "2016-12-01"
    assert blocks(notice, Paragraph)[-1].text.startswith("------") and blocks(notice, Paragraph)[-1].text.endswith("第一章 总则")
    assert [c.text for c in notice.chrome] == ["附件(点击下载):"]


def test_a_field_block_with_each_value_on_the_line_after_its_label_and_a_date_banner_are_furniture():
    title = "某市防汛办公室关于征求《某市防汛应急预案(征求意见稿)》修改意见的函"
    text = (f"今天是:2025年12月06日\n某市水利局\n征集调查\n\n主题:\n\n{title}\n\n时限:\n\n截止:2019-06-18\n\n征集状态:\n\n"
            f"已结束 查看征集结果\n结果反馈日期:\n\n{title}\n\n市直有关部门: 请各单位结合实际提出修改意见。\n")
    notice, _ = one(text)
    assert notice.title == title and notice.date is None
    assert [c.text for c in notice.chrome] == ["今天是:2025年12月06日", "某市水利局", "征集调查", "主题:", title, "时限:",
                                               "截止:2019-06-18", "征集状态:", "已结束 查看征集结果", "结果反馈日期:"]


def test_contact_lines_of_the_text_are_not_a_field_block():
    notice, _ = one("关于某事的通知\n某政发〔2024〕9号\n各单位：\n请遵照执行。\n联系人：张三\n联系电话：1234567\n地址：某县某路1号\n"
                    "某县人民政府\n2020年9月10日\n")
    assert not notice.chrome


def test_a_forwarding_notice_without_its_title_keeps_its_own_signature_and_the_forwarded_title_is_the_documents():
    text = ("某县人民政府:\n现将自治区人民政府《关于同意某乡区划调整的批复》(新政函〔2009〕21号)转发你县,请遵照执行。\n"
            "某州人民政府\n二〇〇九年三月十八日\n关于同意某乡区划调整的批复\n新政函〔2009〕21号\n某州人民政府:\n"
            "你们的请示收悉。现批复如下:\n一、撤销某乡建制。\n二、设立某镇建制。\n此复。\n某自治区人民政府\n二〇〇九年二月六日\n")
    notice, _ = one(text)
    assert not notice.title_found and notice.doc_number is None
    assert notice.issuers == ("某州人民政府",) and notice.date == "2009-03-18"
    title, = [b for b in notice.blocks if isinstance(b, Heading) and b.role == "doc_title"]
    assert title.text == "关于同意某乡区划调整的批复"


def test_a_collections_record_of_author_and_date_above_a_signed_text_is_furniture_not_the_signature():
    text = ("某部关于某省调整某市行政区划的批复\n某行批〔1992〕14号\n中华人民共和国某部\n1992年2月10日\n"
            "本作品收录于《某某公报/1992年/第4号\n\n某省人民政府:\n  同意调整。\n某部\n一九九二年二月十日\n\n"
            "本作品是中华人民共和国的法律法规,根据《中华人民共和国著作权法》\n")
    notice, _ = one(text)
    assert notice.issuers == ("某部",) and notice.date == "1992-02-10"
    assert [c.text for c in notice.chrome] == ["中华人民共和国某部", "1992年2月10日", "本作品收录于《某某公报/1992年/第4号",
                                               "本作品是中华人民共和国的法律法规,根据《中华人民共和国著作权法》"]


def test_an_issuer_and_date_under_the_title_of_an_unsigned_text_stay_its_signature():
    notice, _ = one("关于禁止燃放烟花爆竹的通告\n某县人民政府\n2024年1月1日\n为了保障公共安全,现通告如下:\n一、全县禁止燃放。\n")
    assert notice.issuers == ("某县人民政府",) and notice.date == "2024-01-01" and not notice.chrome


def test_an_attachment_named_by_several_lists_links_from_each():
    text = ("关于公布某某名单的通知\n各乡镇：\n现将名单公布如下。\n附件:某某家庭农场名单\n附件:某某家庭农场名单\n"
            "某市农业农村局\n2022年11月07日\n附件\n序号 | 镇乡街道 | 家庭农场名称 |\n1 | 某镇 | 某某家庭农场 |\n2 | 某镇 | 某某二家庭农场 |\n")
    notice, _ = one(text)
    assert [a.title for a in notice.attachments] == ["某某家庭农场名单"]
    assert [b.anchors for b in blocks(notice, AttachmentList)] == [("a1",), ("a1",)]


def test_short_link_lines_after_the_signature_to_the_end_of_the_copy_are_the_pages_footer():
    text = ("关于某事的通知\n某政发〔2024〕9号\n各单位：\n请遵照执行。\n某县人民政府\n2020年9月10日\n\n"
            "关于做好秋冬季森林防火工作的通知\n某县召开防汛工作会议\n2020-09-01 某县开展安全检查\n")
    notice, warnings = one(text)
    assert [c.text for c in notice.chrome] == ["关于做好秋冬季森林防火工作的通知", "某县召开防汛工作会议", "2020-09-01 某县开展安全检查"]
    assert any(w.kind == "guess" and "页脚" in w.message for w in warnings)
    issued, _ = one(text.replace("某县开展安全检查\n", "某县开展安全检查\n一、为了做好工作,制定本办法。\n"))
    assert not issued.chrome  # text with a structure follows: not a list of links


def test_a_lone_bar_line_away_from_any_table_is_furniture():
    notice, _ = one("关于某事的通知\n某政发〔2024〕9号\n各单位：\n请遵照执行。\n|\n某县人民政府\n2020年9月10日\n")
    assert [c.text for c in notice.chrome] == ["|"] and notice.issuers == ("某县人民政府",)


def test_a_blank_forms_fields_each_alone_with_a_colon_are_not_a_field_block():
    from reader.page import read_page
    lines = split_lines("附件2：\n某某申报单\n宣传报道内容：\n配合协助事项：\n某局意见：\n某局办公室\n   年   月   日\n")
    assert not read_page(lines).chrome


@pytest.mark.parametrize("line, number, date", [
    ("(1991年3月26日某市人民政府令19号发布)", "某市人民政府令19号", "1991-03-26"),
    ("（2019年5月20日某省人民政府令第37号公布，自2019年7月1日起施行）", "某省人民政府令第37号", "2019-05-20"),
    ("（2019年5月20日公布）", None, "2019-05-20"),
])
def test_a_promulgation_line_under_the_title_numbers_and_dates_an_unsigned_rule(line, number, date):
    notice, _ = one(f"某市文化市场管理规定\n{line}\n第一条 为加强管理,制定本规定。\n第二条 本规定自发布之日起施行。\n")
    assert (notice.doc_number, notice.date) == (number, date)


def test_rows_of_figures_after_the_signature_are_not_a_list_of_links():
    text = ("关于某事的通知\n各单位：\n现将补贴情况公示如下。\n某县农业农村局  某县财政局\n2023年6月30日\n\n2023年耕地地力保护补贴汇总表\n"
            "行政区划总人数补贴标准(元/亩)\n湍东镇(41132501)1382786.958104\n大桥乡(41132502)811386.921389\n")
    notice, _ = one(text)
    assert not notice.chrome


def test_twelve_joint_issuers_signing_in_six_pairs():
    offices = ["某省乡村振兴局", "中共某省委组织部", "某省发展和改革委员会", "某省教育厅", "某省财政厅", "某省人力资源和社会保障厅",
               "某省自然资源厅", "某省住房和城乡建设厅", "某省交通运输厅", "某省农业农村厅", "某省卫生健康委员会", "中国人民银行某某分行"]
    pairs = "\n".join(f"{a} {b}" for a, b in zip(offices[0::2], offices[1::2]))
    notice, _ = one(f"关于某事的通知\n某政发〔2021〕1号\n各设区市人民政府:\n现印发给你们。\n{pairs}\n2021年9月17日\n")
    assert notice.issuers == tuple(offices) and notice.date == "2021-09-17"


def test_a_colophon_on_two_lines_dates_an_unsigned_text_before_the_pages_timestamp():
    notice, _ = one("发布时间：2024-01-06 来源：某县人民政府网\n关于做好春节期间安全工作的通知\n各乡镇：\n请做好安全工作。\n"
                    "一、加强领导。\n二、落实责任。\n某县应急管理局办公室\n2024年1月5日印发\n")
    assert notice.date == "2024-01-05"


def test_a_sites_headline_over_a_text_that_names_itself_otherwise_is_set_aside_not_the_title():
    notice, warnings = one("欢迎光临某某网\n\n行业动态\n\n某省殡葬管理条例\n\n第一章 总则\n\n"
                           "第一条 为深化殡葬改革，结合某县实际情况，特制定本实施细则。\n\n第二条 本细则适用于本县。\n")
    assert not notice.title_found and notice.title.startswith("（原文无标题）")
    assert [(c.text, c.kind) for c in notice.chrome][-1] == ("某省殡葬管理条例", "网页标题")
    assert "欢迎光临某某网" in [c.text for c in notice.chrome]
    assert any("「某省殡葬管理条例」" in w.message and "细则" in w.message and w.line == 5 for w in warnings)


def test_a_headline_whose_kind_the_text_names_stays_the_title():
    notice, _ = one("某县殡葬管理实施细则\n\n第一条 为深化殡葬改革，特制定本实施细则。\n\n第二条 本细则适用于本县。\n")
    assert notice.title_found and notice.title == "某县殡葬管理实施细则"


def test_the_information_blocks_name_picks_the_title_over_a_columns_link_lines():
    notice, _ = one("某区人民政府 www.example.gov.cn\n\n政府信息公开\n\n政府信息公开指南\n政府信息公开制度\n\n"
                    "索引号: 015119151-202103-373904 主题分类: 其他会议\n名 称: 2021两会进行时|区政协召开提案审查会\n\n"
                    "2021两会进行时|区政协召开提案审查会\n\n发布时间:2021-01-21 21:08\n\n1月21日下午，提案审查会议在区行政中心举行。\n")
    assert notice.title == "2021两会进行时|区政协召开提案审查会"
    assert {"政府信息公开指南", "政府信息公开制度"} <= {c.text for c in notice.chrome}


def test_a_cited_basis_with_its_number_is_not_a_title():
    notice, _ = one("某区突发性地质灾害应急预案\n\n1.总则\n\n1.2编制依据\n\n"
                    "《国家突发事件总体应急预案》(国发〔2015〕11号)\n\n1.3适用范围\n\n本预案适用于本区。\n")
    assert notice.title == "某区突发性地质灾害应急预案" and notice.doc_number is None


def test_a_category_tag_is_shown_as_a_tag_and_does_not_repeal():
    import datetime as dt
    from reader.validity import derive
    notice, _ = one("应急预案—某市突发公共事件总体应急预案\n\n1.总则\n\n本预案适用于本市。\n")
    assert (notice.title_tag, notice.title) == ("应急预案—", "某市突发公共事件总体应急预案")
    assert derive(notice, dt.date(2026, 1, 1))[0].status != "已失效"
    repealed, _ = one("（已废止）某县人民政府关于做好森林防火工作的通告\n\n一、全县禁止野外用火。\n")
    assert derive(repealed, dt.date(2026, 1, 1))[0].status == "已失效"


@pytest.mark.parametrize("contents", [
    "目 录\n1、总则………………1\n1.1编制目的………………1\n2、组织指挥体系及职责……3\n3、预测、预警………8\n",  # leaders, copy ends here
    "某县突发地质灾害应急预案目录\n\n1    总则\n\n1.1   编制目的\n\n2    分级\n\n3    组织指挥体系\n\n总则\n\n1.1  编制目的\n\n为做好应急处置，制定本预案。\n",
    "目    錄\n\n1   總則\n\n1.1編制目的\n\n2   組織指揮體系\n\n3   監測預警\n",  # traditional label
])
def test_a_table_of_contents_is_not_the_documents_headings(contents):
    notice, _ = one("某县人民政府关于印发某县应急预案的通知\n\n各乡镇人民政府：\n\n现印发给你们。\n\n某县人民政府\n2014年8月27日\n\n"
                    "某县应急预案\n\n" + contents)
    (table,) = blocks(notice, Contents)
    listed = {line for _, line in table.entries}
    assert len(listed) >= 4 and not [c for c in blocks(notice, Clause) if c.line in listed]


def test_a_contents_list_ends_where_its_first_number_recurs_alone():
    notice, _ = one("某县应急预案\n\n第一章 总则\n第二章 组织体系\n第三章 预防和预警\n第四章 应急响应\n第五章 附则\n\n"
                    "第一章\n\n第一条 为做好应急处置，制定本预案。\n")
    (contents,) = blocks(notice, Contents)
    assert [text for text, _ in contents.entries][-1] == "第五章 附则"


def test_a_law_databases_bracketed_record_block_is_furniture_not_a_notice():
    parsed = parse("找律师咨询\n您现在的位置:首页 >> 法律法规 >> 法律文章\n某县人民政府关于印发某县殡葬管理规定的通知\n"
                   "【发布部门】 某省人民政府\n【发文字号】 某政〔2005〕19号\n【发布日期】 2005-09-21\n【时效性】 现行有效\n"
                   "【效力级别】 地方司法\n【法规类别】\n某县人民政府关于印发某县殡葬管理规定的通知\n\n各乡(镇)人民政府:\n\n"
                   "现印发给你们，请认真贯彻执行。\n\n某县人民政府\n二○○五年九月二十一日\n")
    ((notice, _),) = parsed
    assert notice.doc_number == "某政〔2005〕19号"
    assert {"【发文字号】 某政〔2005〕19号", "【法规类别】"} <= {c.text for c in notice.chrome}


def test_a_note_of_date_and_number_run_into_the_first_paragraph_gives_both():
    notice, warnings = one("[Home] [Databases] [WorldLII] [Search]\n\n某省人民政府关于任免国家机关工作人员问题的通知\n\n"
                           "(1985年5月4日某政〔1985〕38号)  根据国务院关于干部任免的规定精神，现将有关问题通知如下：\n\n一、任免权限\n")
    assert (notice.doc_number, notice.date) == ("某政〔1985〕38号", "1985-05-04")
    assert "[Home] [Databases] [WorldLII] [Search]" in {c.text for c in notice.chrome}
    assert any("题注" in w.message for w in warnings)


@pytest.mark.parametrize("text, issuers", [
    ("市政府關(guān)于調(diào)整港閘區(qū)部分鄉(xiāng)鎮(zhèn)行政區(qū)劃的通知\n港閘區(qū)人民政府:\n一、同意撤銷幸福鄉(xiāng)。\n", ()),
    ("某市某区某某镇2023年突发事件总体应急预案(暂行)\n\n1总则\n\n1.1制定目的\n\n规范应对突发事件行为。\n", ()),
    ("某州州级储备菜籽油管理办法(试行)\n\n第一章 总则\n\n第一条 为加强管理，制定本办法。\n", ()),
    ("某县人民政府关于做好森林防火工作的通告\n\n一、全县禁止野外用火。\n", ("某县人民政府",)),
])
def test_the_body_a_title_names_is_an_issuer_only_when_it_names_one(text, issuers):
    notice, _ = one(text)
    assert notice.issuers == issuers


def test_a_short_form_in_the_information_block_gives_way_to_the_full_name_in_the_title():
    notice, _ = one("发布机构 自治区人民政府 文  号 某政发〔2013〕62号\n成文日期 2013-07-02\n"
                    "某某自治区人民政府关于印发《某某自治区人民政府工作规则》的通知\n\n各盟行政公署：\n\n现予印发。\n\n2013年7月2日\n")
    assert notice.issuers == ("某某自治区人民政府",)


def test_a_database_records_issuer_line_and_a_bulletins_bare_number_under_its_head():
    notice, _ = one("某州储备菜籽油管理办法(试行)\n\n作者:法律资料网 时间:2024-07-07 00:08:29  浏览:8435   来源:法律资料网\n\n"
                    "某州储备菜籽油管理办法(试行)\n\n某省某州人民政府办公室\n\n某州人民政府办公室公告\n\n第8号\n\n"
                    "现公布《某州储备菜籽油管理办法(试行)》,自2008年10月1日起施行。\n")
    assert (notice.doc_number, notice.issuers) == ("第8号", ("某省某州人民政府办公室",))
    assert ("某省某州人民政府办公室", "信息栏") in {(c.text, c.kind) for c in notice.chrome}


def test_a_signature_inside_a_notice_run_onto_one_line_gives_the_issuer_date_and_attachment():
    body = ("各科室,各站所,各村: 为提高政府保障公共安全和处置突发公共事件的能力,最大程度地预防和减少突发公共事件及其造成的损害,"
            "保障公众的生命财产安全,维护社会稳定。经研究,制定《某镇突发公共事件总体应急预案(修订)》,现印发给你们,"
            "请根据本预案的要求制定切实可行的专项应急预案。 附件:某镇突发公共事件总体应急预案(修订) 某市某区某镇人民政府 2020年10月22日 "
            "某镇突发公共事件总体应急预案(修订) 1.总则 1.1目的依据 提高政府保障公共安全和处置突发公共事件的能力。\n")
    notice, warnings = one(body)
    assert (notice.issuers, notice.date) == (("某市某区某镇人民政府",), "2020-10-22")
    assert [a.title for a in notice.attachments] == ["某镇突发公共事件总体应急预案(修订)"]
    assert any("同一行" in w.message for w in warnings)


def test_an_office_named_inside_an_ordinary_sentence_is_no_run_in_signature():
    notice, _ = one("某县人民政府关于做好森林防火工作的通知\n\n各乡镇人民政府：\n\n"
                    + "经研究，现将有关事项通知如下，请各地认真贯彻执行，切实加强领导，落实责任，确保森林资源安全。" * 3
                    + "县应急管理局 2020年1月1日前报送情况。\n")
    assert notice.issuers == ("某县人民政府",)


def test_a_note_of_adoption_and_approval_dates_the_text_by_its_last_event():
    notice, _ = one("某市公路路政管理办法\n\n"
                    "(1996年8月23日某市第十一届人民代表大会常务委员会第二十六次会议通过 "
                    "1996年9月28日某省第八届人民代表大会常务委员会第二十三次会议批准)\n\n第一条 为加强公路路政管理，制定本办法。\n")
    assert notice.date == "1996-09-28"
    adopted, _ = one("某市关于罚款限额的规定\n\n(1996年9月26日某市第十届人民代表大会常务委员会第三十次会议通过 1996年10月1日起施行)\n\n"
                     "一、本规定适用于本市。\n")
    assert adopted.date == "1996-09-26"


def test_a_law_sites_upload_time_is_not_the_documents_date():
    notice, _ = one("某部关于救济款发放使用问题的通知\n\n作者:法律资料网 时间:2024-07-13 13:07:23  浏览:8660   来源:法律资料网\n\n"
                    "某部关于救济款发放使用问题的通知\n\n某省民政局:\n\n现就有关问题通知如下。\n")
    assert notice.date is None


def test_a_head_line_with_the_registration_number_and_the_number_is_the_documents():
    notice, _ = one("关于印发《某区防汛应急预案》的通知\n发布时间:2014-08-27 00:00 信息来源:某区管委办\n统一登记号:HQDR-2014-00003\n"
                    "HQDR-2014-00003 某管函〔2014〕32号\n某市某区管理委员会\n关于印发《某区防汛应急预案》的通知\n"
                    "各乡人民政府、街道办事处:\n现印发给你们,请遵照执行。\n2014年8月26日\n")
    assert (notice.registration_number, notice.doc_number) == ("HQDR-2014-00003", "某管函〔2014〕32号")
    assert "某市某区管理委员会" not in {c.text for c in notice.chrome}


# --- a signed document ends at its date: what follows, bar its notes, 附件 and 版记, is the page's ------------

SIGNED = "关于禁止野外用火的通告\n各乡镇：\n一、禁止野外用火。\n特此通告。\n\n某县人民政府\n\n2019年1月16日\n\n"


@pytest.mark.parametrize("after", [
    ["打赏捐赠", "0", "!我要举报这篇文章", "声明 本文由注册会员上传并发布,本站仅提供信息发布平台。文章仅代表作者个人观点"],
    ["来源:某县人民政府", "本内容不代表本网观点和政治立场,如有侵犯你的权益请联系我们处理。", "网友评论"],
    ["您访问的链接即将离开“某县人民政府”门户网站,是否"],
    ["(来源:某县人民政府网)", "暂无评论!", "发表评论", "姓名:", "评论:", "(字数不能超过300个)", "剩余字数:"],
    ["了解某县", "您可以从这里", "您好", "某县人民政府", "分享到:"],  # a profile box naming the signer again
])
def test_lines_of_new_words_after_a_signed_date_are_the_pages(after):
    notice, _ = one(SIGNED + "\n".join(after) + "\n")
    assert [c.text for c in notice.chrome] == after
    assert notice.date == "2019-01-16" and notice.issuers == ("某县人民政府",)


@pytest.mark.parametrize("after", [
    ["（此件公开发布）"],
    ["联系人：张三，联系电话：0746-1234567"],
    ["抄送：县委办，县人大办。"],
    ["附件：申请表"],
    ["2024年度补贴汇总表", "乡镇户数补贴金额", "湍东镇1382786.95"],
    ["某县公安局", "2019年1月16日"],  # another body's signature: a joint document, the document's
    ["某县公安局", "网友评论"],  # an office line other than the signer's: not known to be the page's
])
def test_a_documents_own_afterword_stays_the_documents(after):
    notice, _ = one(SIGNED + "\n".join(after) + "\n")
    assert not notice.chrome


def test_an_unsigned_date_does_not_end_the_document():
    notice, _ = one("关于禁止野外用火的通告\n各乡镇：\n一、禁止野外用火。\n2019年1月16日\n网友评论\n")
    assert not notice.chrome


def test_a_menu_entry_with_a_bullet_is_never_part_of_the_title():
    notice, _ = one("某县广播电视台\n  • 客户端下载\n\n禁止跨地区流动的通告\n\n为减少流动，禁止本县人员跨地区流动。\n\n某县领导小组\n\n2022年3月14日\n")
    assert notice.title == "禁止跨地区流动的通告"


def test_a_breadcrumb_ending_in_the_title_is_the_pages_and_a_category_in_corner_brackets_a_tag():
    notice, _ = one("范文网 > 「通告」某县人民政府关于严禁露天焚烧秸秆的通告\n\n「通告」某县人民政府关于严禁露天焚烧秸秆的通告\n\n"
                    "为保护环境，严禁露天焚烧秸秆。\n特此通告。\n\n某县人民政府\n\n2020年10月14日\n")
    assert notice.title == "某县人民政府关于严禁露天焚烧秸秆的通告"
    assert notice.title_tag == "「通告」"
    assert notice.chrome and notice.chrome[0].text.startswith("范文网 >")


# --- an issuing body's long name wrapped over two signature lines is one issuer ------------------------

def test_a_long_issuing_bodys_name_wrapped_over_two_signature_lines_is_one_issuer():
    notice, _ = one("关于暂停某某活动的通告\n全县群众：\n自即日起暂停活动。\n特此通告。\n"
                    "某某县新冠肺炎疫情防控\n\n工作领导小组办公室\n2022年4月14日\n")
    assert notice.issuers == ("某某县新冠肺炎疫情防控工作领导小组办公室",)
    assert notice.date == "2022-04-14"


def test_two_bodies_signing_one_a_line_stay_two_and_a_last_sentence_is_not_a_name():
    notice, _ = one("关于某某的通告\n全县群众：\n自即日起禁止燃放。\n某某县林业局\n某某县公安局\n2024年2月8日\n")
    assert notice.issuers == ("某某县林业局", "某某县公安局")
    notice, _ = one("关于某某的通告\n全县群众：\n自即日起禁止燃放。\n请全县群众相互转告\n某某县人民政府\n2024年2月8日\n")
    assert notice.issuers == ("某某县人民政府",)


# --- a repost's headline over the document's typeset title: the lines between are the page's ------------

def test_a_reposts_headline_account_and_upload_time_are_the_pages_and_the_typeset_title_is_the_documents():
    notice, _ = one("某某县关于禁止燃放孔明灯的通告\n某某发布\n2024-06-20 22:57:16\n0\n点击蓝字 关注我们\n"
                    "某某县林业局\n关于禁止燃放\n孔明灯的通告\n为防范火灾，特通告如下：\n一、自即日起禁止燃放。\n"
                    "某某县林业局\n2024年2月8日\n")
    assert notice.title == "关于禁止燃放孔明灯的通告"
    assert notice.issuers == ("某某县林业局",)
    assert [c.text for c in notice.chrome][:5] == [
        "某某县关于禁止燃放孔明灯的通告", "某某发布", "2024-06-20 22:57:16", "0", "点击蓝字 关注我们"]


def test_a_title_with_its_number_below_is_the_documents_even_when_its_name_comes_again_lower():
    notice, _ = one("某某省某某管理规定\n\n政府令〔2010〕第15号\n\n《某某省某某管理规定》已经省政府常务会议通过，现予公布。\n\n"
                    "省长\n\n二○一○年十二月二十五日\n\n某某省某某管理规定\n\n第一章总则\n\n第一条为加强管理，制定本规定。\n")
    assert notice.title == "某某省某某管理规定"
    assert notice.doc_number == "政府令〔2010〕15号"  # the reader's normal form of 〔2010〕第15号
    assert notice.date == "2010-12-25"


def test_a_headline_cut_short_over_the_title_it_copies_is_the_pages():
    notice, _ = one("某某重要公告关于在全县范围内开展麻风\n关于在全县范围内开展麻风疫苗\n集中查漏补种的公告\n"
                    "为消除免疫空白，现将有关事宜通知如下：\n一、开展范围：全县28个乡镇。\n二、接种时间：1月10日至15日。\n"
                    "某某县疾病预防控制中心\n2024年12月21日\n")
    assert notice.title == "关于在全县范围内开展麻风疫苗集中查漏补种的公告"
    assert [c.text for c in notice.chrome] == ["某某重要公告关于在全县范围内开展麻风"]


def test_a_signature_date_whose_year_was_lost_still_closes_the_signature():
    notice, warnings = one("关于开展疫苗查漏补种的公告\n为消除免疫空白，现公告如下：\n一、开展范围：全县。\n二、接种时间：1月。\n特此公告\n"
                           "某某县卫生和计划生育局\n某某县疾病预防控制中心\n年12月21日\n赞赏\n")
    assert notice.issuers == ("某某县卫生和计划生育局", "某某县疾病预防控制中心")
    assert notice.date is None  # no year anywhere: left empty, and said
    assert any("没有年份" in w.message for w in warnings)
    assert [c.text for c in notice.chrome] == ["赞赏"]


def test_a_bare_number_line_right_under_a_title_is_its_number():
    notice, _ = one("某某县人民政府森林禁火令\n第3号\n为防控森林火灾，特发布本禁火令。\n一、禁火时间\n即日起。\n二、禁火区域\n全县林地。\n")
    assert notice.doc_number == "第3号"


def test_a_numbered_head_or_a_signed_date_between_two_copies_of_a_title_makes_the_lower_one_the_pages():
    notice, _ = one("某某指挥部关于禁止野外用火的通告\n为防范火灾，现通告如下：一、即日起禁止野外用火。二、违者依法处理。\n"
                    "某某指挥部\n2023年3月6日\n某某指挥部关于禁止野外用火的通告\n来源:今日某某\n")
    assert notice.title == "某某指挥部关于禁止野外用火的通告"
    assert notice.date == "2023-03-06"
    assert "为防范火灾，现通告如下：一、即日起禁止野外用火。二、违者依法处理。" not in [c.text for c in notice.chrome]


def test_a_source_line_naming_only_a_place_is_never_the_issuer():
    notice, _ = one("关于实施封闭管理的紧急通告\n来源:洪湖 作者:某某 发布时间:2020-02-15\n为阻断疫情传播，现通告如下：\n"
                    "一、一律实行全封闭管理。\n二、所有车辆一律从严管控。\n")
    assert notice.issuers == ()


def test_an_information_line_after_the_pages_back_button_is_read():
    notice, _ = one("某某县人民政府关于禁止燃烧散煤的通告\n< 返回 信息来源: 发布日期:2020-08-03 浏览次数:11733\n"
                    "为改善空气质量，现通告如下：\n一、禁止燃烧散煤。\n二、违者依法处理。\n特此通告。\n某某县人民政府\n")
    assert notice.date == "2020-08-03"  # the signature has no date: the page's, as a guess


def test_a_short_numbered_line_over_sub_items_is_a_head_not_a_lists_entry():
    notice, _ = one("关于春季禁渔的通告\n现将有关事宜通告如下：\n一、禁渔区：全市天然水域\n二、禁渔期：2月1日至6月30日\n三、禁止类型：\n"
                    "1.禁止一切捕捞行为。\n2.严禁收购渔获物。\n四、违者依法处罚。\n")
    tops = [b for b in blocks(notice, Clause) if b.depth == 1]
    assert len(tops) == 4 and all(b.role != "item" for b in tops)


def test_a_head_whose_numeral_a_copy_lost_numbers_the_next_of_its_level_and_is_said():
    notice, warnings = one("关于秸秆禁烧的实施方案\n为加强秸秆禁烧工作，制定本方案。\n一、工作目标\n全面禁止露天焚烧。\n"
                           "、禁烧区的划定\n全镇行政区域。\n三、工作要求\n各村落实责任。\n")
    tops = [b for b in blocks(notice, Clause) if b.depth == 1]
    assert [(b.marker, b.heading) for b in tops][1] == ("、", "禁烧区的划定")
    assert [b.anchor for b in tops] == ["c1", "c2", "c3"]
    assert any("缺了序号" in w.message and "第 2 项" in w.message for w in warnings)


def test_a_letterhead_wrapped_after_its_place_is_one_issuing_body():
    notice, _ = one("柳城县马山镇\n\n人民政府文件\n\n马政发〔2025〕17号\n\n马山镇秸秆禁烧工作实施方案\n\n"
                    "为加强秸秆禁烧工作，制定本方案。\n一、工作目标\n全面禁止露天焚烧。\n")
    assert notice.issuers == ("柳城县马山镇人民政府",)


def test_an_information_line_printing_an_added_date_or_the_sites_address_first_is_read():
    notice, _ = one("首页 > 信息公开 > 政策文件\n标     题: 某县人民政府办公室关于印发应急预案的通知 添加日期: 2018-05-28\n"
                    "www.example.gov.cn 发布时间:2018-05-28 来源:县应急局 阅读次数:\n"
                    "各乡镇人民政府：\n现将应急预案印发给你们，请认真组织实施。\n某县人民政府办公室\n2018年5月7日\n")
    assert notice.title == "某县人民政府办公室关于印发应急预案的通知"
    assert "www.example.gov.cn 发布时间:2018-05-28 来源:县应急局 阅读次数:" in [c.text for c in notice.chrome]


def test_a_forum_title_naming_its_issuer_before_a_colon_is_the_title_and_names_the_issuer():
    notice, _ = one("admin 发表于 2016-10-20 00:55:56\n\n某某县交通运输局:关于新开通环城公交线路的公告\n\n"
                    "  [导读]:为解决群众出行难的问题，我县新开通2条环城公交线路。\n"
                    "  为解决群众出行难的问题，我县新开通2条环城公交线路。\n  一、运营方式\n  由公交公司负责运营。\n"
                    "  二、运营方案\n  环线一全程8公里。\n")
    assert notice.title == "某某县交通运输局:关于新开通环城公交线路的公告"
    assert notice.issuers == ("某某县交通运输局",)
    assert [c.text for c in notice.chrome] == ["admin 发表于 2016-10-20 00:55:56",
                                               "[导读]:为解决群众出行难的问题，我县新开通2条环城公交线路。"]
