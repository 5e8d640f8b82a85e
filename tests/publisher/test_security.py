"""Source texts are data: markup inside them is shown as text, never executed."""
import re

from publisher.publish import build_all

from ..conftest import AS_OF

HOSTILE = """关于<script>alert("标题")</script>的通知
江政办发〔2024〕9号
各单位<img src=x onerror=alert(1)>：
一、<b>加粗</b>与 *星号* 和 [链接](javascript:alert(1)) 以及 {{ 模板 }} 和 &amp;
（一）"引号"与\\反斜杠。--- 分隔
\t<td>单元格</td>
\t<iframe src="http://evil.example/">

某县人民政府
2024年3月1日
"""


def test_markup_in_a_source_text_is_escaped_everywhere(tmp_path):
    source = tmp_path / "恶意.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    corpus = build_all(source, tmp_path / "site", AS_OF)
    notice, = corpus.notices
    page = (tmp_path / "site" / notice.slug / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<iframe" not in page and "<b>加粗" not in page and "<td>单元格" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "*星号*" in page and "{{ 模板 }}" in page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in index
    assert not re.search(r"<title>[^<]*<script", page)
