"""render.py: a notice page shows staff's corrections as corrected, says so beside each field, and keeps the text as
read; a status tag printed with the title is shown as a tag."""
import datetime as dt
import html
import json
import re

from publisher.corpus import read_notices
from publisher.render import render_notice, render_policies_json

TEXT = """（已废止）关于印发《青山县农村危房改造补助办法》的通知
青政办发〔2019〕7号
各乡镇人民政府：
本办法自印发之日起实施。
青山县人民政府办公室
2019年3月1日
"""
CORRECTION = ('"来源" = "a.txt"\n"第几份" = 1\n"原文号" = "青政办发〔2019〕7号"\n"标题" = "关于印发《青山县农村危房改造资金补助办法》的通知"\n'
              '"发文机关" = ["青山县人民政府办公室", "青山县财政局"]\n"类别" = "规范性文件"\n')


def page_of(tmp_path, correction: str | None = CORRECTION):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    if correction:
        (tmp_path / "meta").mkdir(exist_ok=True)
        (tmp_path / "meta" / "fix.toml").write_text(correction, encoding="utf-8")
    notice, = read_notices(tmp_path, dt.date(2026, 1, 1)).notices
    return notice, render_notice(notice, None, "2026-01-01")


def visible(page: str) -> str:
    article = page[page.index('<article class="notice"'): page.index("</article>")]
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", article)))


def test_the_tag_is_shown_as_a_tag_beside_the_title_not_as_words_of_it(tmp_path):
    notice, page = page_of(tmp_path, None)
    h1 = page[page.index('<h1 id="title">'): page.index("</h1>")]
    assert '<span class="title-tag">（已废止）</span><span data-pagefind-meta="title">关于印发' in h1
    assert '<p class="header-line">（已废止）' not in page  # not repeated as a header line under the title
    assert "标题标有“（已废止）”" in page  # and the status says why
    assert '<span class="status-badge" data-status="已失效">已失效</span>' in page


def test_corrected_fields_show_the_clerks_values_with_a_note_and_the_text_as_read_is_kept(tmp_path):
    notice, page = page_of(tmp_path)
    assert '<span data-pagefind-meta="title">关于印发《青山县农村危房改造资金补助办法》的通知</span>' in page
    assert '<p class="field-note title-note">（经工作人员更正，系统原读作“关于印发《青山县农村危房改造补助办法》的通知”）</p>' in page
    assert "<dd>青山县人民政府办公室、青山县财政局 <small class=\"field-note\">（经工作人员更正，系统原读作“青山县人民政府办公室”）" in page
    assert "<dd>规范性文件 <small class=\"field-note\">（经工作人员更正，系统原定为“其他公文”）</small></dd>" in page
    shown = visible(page)
    for line in TEXT.splitlines():  # nothing lost: every line as written is still on the page
        assert re.sub(r"\s+", "", line) in shown or line.startswith("（已废止）")
    assert shown.count("关于印发《青山县农村危房改造补助办法》的通知") == 1  # once, in the note


def test_the_catalogue_data_carries_the_corrected_values(tmp_path):
    notice, _ = page_of(tmp_path)
    entry, = json.loads(render_policies_json([notice]))
    assert entry["title"] == "关于印发《青山县农村危房改造资金补助办法》的通知"
    assert entry["issuers"] == ["青山县人民政府办公室", "青山县财政局"]
