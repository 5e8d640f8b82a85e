"""report.py and the notice page: what the reader set aside, guessed or could not place, for staff and citizens."""
import datetime as dt
import json
import re

from publisher.render import render_notice, render_policies_json
from publisher.report import render_report, report_lines
from publisher.corpus import read_notices

from ..reader.test_parse import WEB_COPY


def corpus_of(tmp_path, text: str):
    (tmp_path / "网页.txt").write_text(text, encoding="utf-8")
    return read_notices(tmp_path, dt.date(2026, 1, 1))


def test_the_report_lists_per_notice_what_was_set_aside_guessed_or_not_placed_with_file_and_line(tmp_path):
    corpus = corpus_of(tmp_path, "说明文字一段。\n" + WEB_COPY.replace("某县人民政府\n2024年4月6日", "某县人民政府\n2024046"))
    lines = report_lines(corpus.notices, corpus.warnings)
    assert lines[0].startswith("《某县人民政府关于印发某县工作规则的通知》（网页.txt 第 1–16 行）")
    body = "\n".join(lines)
    assert re.search(r"移出 网页\.txt:1：第 1–6 行（页眉、导航、网页标题、信息栏、页面按钮）", body)
    assert re.search(r"推测 网页\.txt:13：日期「2024046」丢了分隔符", body)
    assert "推测 网页.txt:1：" in body  # the stray line above the title of a web copy: furniture, as a guess
    page = render_report(corpus.notices, corpus.warnings)
    assert "生成报告" in page and "网页.txt:13" in page and "data-pagefind-body" not in page
    assert '"exclude": true' in page


def test_the_notice_page_shows_the_furniture_box_the_information_block_and_where_a_value_came_from(tmp_path):
    corpus = corpus_of(tmp_path, WEB_COPY.replace("某县人民政府\n2024年4月6日", "某县人民政府\n2024046"))
    notice, = corpus.notices
    page = render_notice(notice, None, "2026-01-01")
    box = page[page.index('<details class="page-chrome"'):]
    assert "网页附带文字（8 行，已从正文中移出）" in box and "版权所有：某县人民政府" in box and "data-pagefind-ignore" in box
    assert "<dt>索引号</dt><dd>0031/2024-00012</dd>" in page
    assert "原文日期“2024046”缺分隔符" in page
    assert "网页.txt" not in page.split("<footer")[0]  # citizens' text names no file


def test_policies_json_lists_every_issuer(tmp_path):
    corpus = corpus_of(tmp_path, "关于某事的通知\n某政发〔2024〕9号\n各单位：\n请遵照执行。\n某县农业农村局  某县财政局\n2020年9月10日\n")
    entry, = json.loads(render_policies_json(corpus.notices))
    assert entry["issuers"] == ["某县农业农村局", "某县财政局"] and entry["issuer"] == "某县农业农村局、某县财政局"



def test_the_terminal_checklist_shows_whole_notices_the_ones_to_review_first_and_says_what_it_left_out(tmp_path):
    from publisher.report import checklist
    from reader.model import BuildWarning
    text = "关于第{0}件事的通知\n某政发〔2024〕{0}号\n各单位：\n请遵照执行。\n某县人民政府\n2020年9月10日\n"
    for n in range(1, 9):
        (tmp_path / f"{n}.txt").write_text(text.format(n), encoding="utf-8")
    corpus = read_notices(tmp_path, dt.date(2026, 1, 1))
    first, second = corpus.notices[0], corpus.notices[1]
    warnings = [BuildWarning(first.source_path, first.first_line, "第 1 行（导航）是网页附带的文字", "set_aside")]
    warnings += [BuildWarning(n.source_path, n.first_line + 1, f"第{k}个问题", "problem")
                 for n in corpus.notices[1:] for k in (1, 2)]
    everything = report_lines(corpus.notices, warnings)
    headings = [line for line in everything if line.startswith("《")]
    assert len(headings) == 8 and headings[0].startswith("《关于第2件事的通知》")  # review first, reading order
    assert headings[-1].startswith("《关于第1件事的通知》")  # only set-aside lines: last
    shown, left_notices, left_items = checklist(corpus.notices, warnings, limit=len(everything))
    assert shown == everything and (left_notices, left_items) == (0, 0)
    # exactly enough room for two notices and part of a third: the third is left out whole, and counted
    shown, left_notices, left_items = checklist(corpus.notices, warnings, limit=8)
    assert shown == everything[:6] and shown[-1] == "  " + str(warnings[4])
    assert (left_notices, left_items) == (6, len(everything) - 6 - 6)


def test_notices_that_need_review_come_first_on_the_report_page_and_are_counted(tmp_path):
    from publisher.report import needing_review
    (tmp_path / "a.txt").write_text("某政办发〔2024〕1号\n关于开会的通知\n各单位：\n请按时参加。\n某县人民政府办公室\n2024年3月1日\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("澳门新葡京娱乐城 注册送58元彩金\n某农发〔2024〕2号\n关于春耕的通知\n各乡镇：\n请抓好春耕。\n某县农业农村局\n2024年3月1日\n",
                                    encoding="utf-8")
    corpus = read_notices(tmp_path, dt.date(2026, 1, 1))
    assert needing_review(corpus.notices, corpus.warnings) == 1
    page = render_report(corpus.notices, corpus.warnings)
    assert "1 份文件需要核对，列在最前" in page
    first = page.index('<section class="report-notice">')
    assert page.index("需要核对</span>", first) < page.index("关于春耕的通知")
    assert "关于开会的通知" not in page  # nothing to report of it
    assert "第 1 行（疑似无关内容）是网页附带的文字" in page
