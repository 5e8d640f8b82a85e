"""A county folder as a clerk fills it: OA exports (.docx, .pdf, .ofd), a saved web page, a plain text, a scan and a
damaged file. The county builds; every character of each document is on its page or in the set-aside box; the
scan is published for download and listed first on the report page with the damaged file, both named."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from publisher.publish import build_all
from reader.sources import read_file

from ..conftest import AS_OF, FIXTURES
from ..reader.test_formats import minimal_pdf

OFFICE = FIXTURES / "office"
REAL = FIXTURES / "real_notices"
WHITESPACE = re.compile(r"[\s\u3000\ufeff]+")
FILES = {"公示.docx": "d07_yiyang_recommendation_notice.docx", "通告.pdf": "h02_guidong_straw_burning_ban_colophon.pdf",
         "意见.ofd": "k05_hegang_government_and_court_joint.ofd", "网页.html": "w12_hanyin_agri_funds_measures.html",
         "名单.pdf": "d10_chaisang_one_cell_table.pdf"}


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    folder = tmp_path_factory.mktemp("county")
    (folder / "county.toml").write_text('name = "示例县"\nsite_title = "示例县政策文件"\n', encoding="utf-8")
    for name, source in FILES.items():
        shutil.copyfile(OFFICE / source, folder / name)
    shutil.copyfile(REAL / "d06_hengshan_joint_signature_line.txt", folder / "文本.txt")
    (folder / "扫描件.pdf").write_bytes(minimal_pdf(2, text=False))
    (folder / "坏了.docx").write_bytes(b"PK\x03\x04 broken in the mail")
    out = tmp_path_factory.mktemp("site")
    corpus = build_all(folder, out, AS_OF, browser_bundle=False)
    return folder, out, corpus


def page_text(page: Path) -> str:
    document = page.read_text(encoding="utf-8")
    article = document[document.index('<article class="notice"'): document.index("</article>")]
    return WHITESPACE.sub("", html.unescape(re.sub(r"<[^>]+>", "", article)))


def test_every_readable_file_is_a_notice_and_the_rest_is_named(county):
    folder, out, corpus = county
    assert sorted(n.source_path for n in corpus.notices) == sorted(list(FILES) + ["文本.txt"])
    unread = [w for w in corpus.warnings if w.kind == "unread"]
    assert sorted(w.path for w in unread) == ["坏了.docx", "扫描件.pdf"]
    assert all(w.path in w.message for w in unread)


def test_every_character_of_every_document_is_on_its_page(county):
    folder, out, corpus = county
    for notice in corpus.notices:
        text = read_file(folder / notice.source_path, notice.source_path)
        shown = page_text(out / notice.slug / "index.html")
        for line in text.lines:
            if notice.first_line <= line.number <= notice.last_line:
                assert WHITESPACE.sub("", line.text) in shown, f"{notice.source_path}:{line.number} 未出现在页面上"


def test_the_scan_is_published_and_listed_first_on_the_report_page(county):
    folder, out, corpus = county
    assert (out / "files" / "扫描件.pdf").read_bytes() == (folder / "扫描件.pdf").read_bytes()
    report = (out / "report" / "index.html").read_text(encoding="utf-8")
    section = report[report.index("未能读取的文件"):]
    assert section.index("扫描件.pdf") < section.index("report-notice")
    assert 'href="../files/%E6%89%AB%E6%8F%8F%E4%BB%B6.pdf"' in report or 'href="../files/扫描件.pdf"' in report
    assert "坏了.docx" in section and "下载原文件（PDF" in section
    assert "未能读取：2 条" in report


def test_no_script_of_the_saved_page_reaches_the_site(county):
    folder, out, corpus = county
    notice = next(n for n in corpus.notices if n.source_path == "网页.html")
    page = (out / notice.slug / "index.html").read_text(encoding="utf-8")
    assert "_hmt" not in page and "onerror" not in page and "track(" not in page
