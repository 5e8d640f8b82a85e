"""A whole notice copied onto one line is broken back into its title, body and signature lines."""
from reader.model import SourceLine
from reader.parse import parse_chunk
from reader.sources import read_text
from reader.split import split
from reader.unfold import unfolded

BODY = ("据气象台预报，未来一周内无有效降雨，森林火险已达到五级预警级别。为有效防范遏制森林火灾，保障人民群众生命财产和森林资源安全，"
        "根据有关条例的规定，特发布本通告。现将有关事项通告如下： 一、2023年3月6日至3月15日为森林防火戒严期。 "
        "二、本县行政区域内的所有林区为森林防火禁火区范围。 三、戒严期间内，所有林区禁止一切野外用火，违者依法追究责任。")


def read(text: str):
    source = read_text(text.encode("utf-8"), "测试.txt")
    return source, [parse_chunk(chunk) for chunk in split(source)]


def test_a_notice_run_onto_one_line_is_read_with_its_title_issuer_and_date():
    source, ((notice, warnings),) = read(f"某某县森林防灭火指挥部 关于禁止野外用火的通告 {BODY} 某某县森林防灭火指挥部 2023年3月6日\n"
                                         "来源:今日某某\n")
    assert [line.number for line in source.lines] == [1, 1, 1, 1, 2]  # the pieces keep the file's line number
    assert notice.title == "某某县森林防灭火指挥部 关于禁止野外用火的通告"
    assert notice.issuers == ("某某县森林防灭火指挥部",)
    assert notice.date == "2023-03-06"
    assert any("连成一行" in w.message and w.line == 1 for w in source.warnings)


def test_its_number_and_addressees_after_the_title_are_lines_of_their_own():
    lines, _ = unfolded((SourceLine(1, f"关于禁止野外用火的通告 某政发〔2023〕3号 各乡镇人民政府： {BODY}"),), "测试.txt")
    assert [line.text for line in lines][:3] == ["关于禁止野外用火的通告", "某政发〔2023〕3号", "各乡镇人民政府："]


def test_the_closing_and_what_the_page_printed_after_the_date_are_lines_of_their_own():
    lines, _ = unfolded((SourceLine(1, f"关于禁止野外用火的通告 {BODY} 特此通告。 某某县人民政府 2021年9月18日 |"),), "测试.txt")
    assert [line.text for line in lines][-4:] == ["特此通告。", "某某县人民政府", "2021年9月18日", "|"]


def test_a_run_without_a_title_of_its_own_stays_one_line():
    # read as one paragraph whose signature is inside it (the metadata's run-in rule)
    lines, notes = unfolded((SourceLine(1, f"{BODY} 2022年6月17日"),), "测试.txt")
    assert len(lines) == 1 and not notes


def test_a_long_paragraph_with_one_numbered_head_is_not_a_run_together_notice():
    text = "关于禁止野外用火的通告 " + "为有效防范森林火灾，" * 30 + " 一、即日起禁止野外用火。"
    lines, _ = unfolded((SourceLine(1, text),), "测试.txt")
    assert len(lines) == 1


def test_a_typeset_line_is_never_broken():
    from reader.model import Layout
    line = SourceLine(1, f"关于禁止野外用火的通告 {BODY}", Layout(centred=True))
    assert unfolded((line,), "测试.docx")[0] == (line,)


def test_a_titled_run_with_a_signature_but_no_numbered_heads_is_broken_too():
    text = ("某某区人民政府关于发布森林禁火令的通告 " + "为有效预防和控制森林火灾，全区林区禁止一切野外用火，" * 8
            + "违令者依法严惩。 特此通告。 某某区人民政府 2025年3月20日 来源:某某区融媒体中心、区自然资源局 |")
    lines, _ = unfolded((SourceLine(1, text),), "测试.txt")
    assert [line.text for line in lines][0] == "某某区人民政府关于发布森林禁火令的通告"
    assert [line.text for line in lines][-3:] == ["某某区人民政府", "2025年3月20日", "来源:某某区融媒体中心、区自然资源局 |"]


def test_a_number_after_the_runs_title_is_its_own_line_not_part_of_the_title():
    lines, _ = unfolded((SourceLine(1, f"某某区人民政府森林防火禁火令 (2025年第2号) {BODY}"),), "测试.txt")
    assert [line.text for line in lines][:2] == ["某某区人民政府森林防火禁火令", "(2025年第2号)"]
