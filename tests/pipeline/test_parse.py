"""split.py + parse.py: each source construct, from small texts written for the test."""
from pipeline.model import (AttachmentList, AttachmentStart, Clause, Heading, MissingFigure,
                            Paragraph, Signature, Table, Unplaced)
from pipeline.parse import parse_chunk
from pipeline.read import split_lines
from pipeline.model import SourceText
from pipeline.split import split


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
    assert notice.title.startswith("未识别标题的文本")
    assert [p.text for p in blocks(notice, Paragraph)] == ["一段没有标题的文字。", "第二段。"]
    assert any("标题" in w.message for w in warnings)


def test_a_paragraph_cut_mid_sentence_joins_its_continuation():
    notice, _ = one("关于某事的通知\n某政办发〔2024〕5号\n各单位：\n突出教育、公用事业、工程建设、政府采购等重点领域，进一步强化公平竞争审查，及时清理和废除影响和妨碍公平竞争的政策文件，加\n\n强反垄断和反不正当竞争执法。\n")
    assert blocks(notice, Paragraph)[-1].text.endswith("加强反垄断和反不正当竞争执法。")
