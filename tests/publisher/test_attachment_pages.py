"""A notice's 附件 files on the built site: downloadable beside its page (name, format and size said), shown
on the page (a table as a table), its list entries linked to them, and the catalogue saying it has files."""
import re

from publisher.publish import build_all

from ..conftest import AS_OF
from ..reader.test_attachment_files import county, workbook


def test_the_file_is_published_shown_and_listed(tmp_path):
    source = county(tmp_path)
    workbook(source / "附件1 农机购置补贴申请表.xlsx", [["姓名", "补贴金额（元）"], ["张三", 12000]])
    corpus = build_all(source, tmp_path / "site", AS_OF, browser_bundle=False)
    notice, = corpus.notices
    folder = tmp_path / "site" / notice.slug
    assert (folder / "files" / "附件1_农机购置补贴申请表.xlsx").read_bytes() == (source / "附件1 农机购置补贴申请表.xlsx").read_bytes()
    page = (folder / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="file1"'):page.index("</section>", page.index('id="file1"'))]
    assert re.search(r'<a href="files/%E9%99%84[^"]*\.xlsx" download>下载 附件1_农机购置补贴申请表\.xlsx</a>（Excel 表格，\d+ (?:字节|KB)）', section)
    assert "<td>张三</td><td>12000</td>" in section
    assert '<a href="#file1">附件1　农机购置补贴申请表</a> <small class="field-note">（另附文件，可下载）</small>' in page
    assert "（原文未附内容）" in page  # 附件2 has no file: still said
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "附表可下载（1 个文件）" in home
