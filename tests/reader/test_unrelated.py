"""unrelated.py: spam, another page's news and a site's title bar are set aside and named for review;
a notice's own lines, also those that speak of gambling or pornography to fight them, never are."""
import datetime as dt
from pathlib import Path

import pytest

from publisher.corpus import read_notices
from reader.page import chrome_kind
from reader.unrelated import UNRELATED, looks_unrelated


@pytest.mark.parametrize("line", [
    "澳门新葡京娱乐城 注册送58元彩金",  # gambling spam a mirror site injects
    "真人视讯百家乐在线 www.example.com",
    "免费注册 澳门官网 福利多多",  # suspect words, none of them fought
    "我县召开2024年春耕生产工作会议 浏览次数：1234",  # a news list's headline with its view count
    "全市开展安全生产大检查（阅读 56）",
    "江华瑶族自治县人民政府门户网站",  # a site's title bar
    "首页 - 青山县人民政府网",
])
def test_spam_news_and_title_bars_are_unrelated(line):
    assert looks_unrelated(line)
    assert chrome_kind(line) is not None  # furniture in any case; named UNRELATED where no other kind fits better


def test_spam_is_named_as_spam_even_where_it_looks_like_a_menu():
    assert chrome_kind("首页 | 真人视讯 | 百家乐 | 注册送彩金") == UNRELATED
    assert chrome_kind("首页 | 登录 | 注册 | 官网") == "导航"


@pytest.mark.parametrize("line", [
    "严厉打击赌博、色情等违法犯罪活动。",  # a notice that fights what it names
    "（三）依法查处网络赌博、淫秽色情信息。",
    "关于开展扫黄打非专项行动的通知",
    "体育彩票公益金使用管理办法",
    "关于做好春耕生产工作的通知 浏览次数：12",  # the notice's own title on a CMS line with its count
    "发布时间：2024-05-01 浏览次数：123",  # an information line
    "请登录县人民政府门户网站查询",
    "详见县政府网",
    "一、全县低保标准提高到每人每月500元",
    "申请人可通过县人民政府门户网站下载申请表。",
])
def test_a_notices_own_lines_are_not_unrelated(line):
    assert not looks_unrelated(line)


SPAM_ABOVE_TITLE = """澳门新葡京娱乐城 注册送58元彩金
青山县人民政府办公室关于做好春耕生产工作的通知
各乡镇人民政府，县直各单位：
现将有关事项通知如下。
一、抓好农资供应
各乡镇要保障种子化肥供应。
我县召开2024年春耕生产工作会议 浏览次数：1234
青山县人民政府办公室
2024年3月1日
"""


def test_spam_above_the_title_is_never_the_title_issuer_or_address_and_is_named_for_review(tmp_path):
    (tmp_path / "镜像.txt").write_text(SPAM_ABOVE_TITLE, encoding="utf-8")
    corpus = read_notices(tmp_path, dt.date(2026, 1, 1))
    notice, = corpus.notices
    assert notice.title == "青山县人民政府办公室关于做好春耕生产工作的通知"
    assert notice.issuers == ("青山县人民政府办公室",)
    assert "yu-le" not in notice.slug and "aomen" not in notice.slug
    assert [c.kind for c in notice.chrome] == [UNRELATED, UNRELATED]
    page_text = " ".join(getattr(b, "text", "") for b in notice.blocks)
    assert "娱乐城" not in page_text and "浏览次数" not in page_text
    problems = [w for w in corpus.warnings if w.kind == "problem" and UNRELATED in w.message]
    assert len(problems) == 2 and problems[0].line == 1 and "请对照原文核对" in problems[0].message


FIXTURES = Path(__file__).parents[1] / "fixtures" / "real_notices"


def test_a_title_that_names_no_kind_of_document_is_reported_as_a_guess(tmp_path):
    # a real web copy whose information block's label was taken for the title (held-out round p)
    (tmp_path / "p10.txt").write_bytes((FIXTURES / "p10_datian_law_site_info_block.txt").read_bytes())
    corpus = read_notices(tmp_path, dt.date(2026, 1, 1))
    guesses = [w for w in corpus.warnings if w.kind == "guess" and "不像公文标题" in w.message]
    assert len(guesses) == 1 and "【发文字号】" in guesses[0].message
    # …and the law site's advertisement below the text is named for review too
    assert any(w.kind == "problem" and "无需注册" in w.message for w in corpus.warnings)
    (tmp_path / "p10.txt").unlink()
    (tmp_path / "a.txt").write_text("关于春耕生产的通知\n各乡镇：\n请抓好春耕。\n青山县农业农村局\n2024年3月1日\n", encoding="utf-8")
    corpus = read_notices(tmp_path, dt.date(2026, 1, 1))
    assert not [w for w in corpus.warnings if "不像公文标题" in w.message]
