"""Each calculator is bound to the notice it implements (county and 文号): shown only where that notice is,
with that notice's status at the top, and 试算 links only on it."""
import re
import shutil
from dataclasses import replace

from calculators import IDS, api
from publisher.calculator_pages import bind, calculator_links
from publisher.corpus import read_notices
from publisher.county import navigation, render_pages

from ..conftest import AS_OF, CORPUS

COUNTY = "江华瑶族自治县"


def test_every_calculator_declares_its_notice():
    for calculator_id in IDS:
        notice = api.describe(calculator_id)["notice"]
        assert notice["county"] and re.fullmatch(r".+〔\d{4}〕\d+号", notice["doc_number"])


def test_all_five_are_bound_in_jianghua(corpus):
    bound, warnings = bind(corpus.notices, COUNTY)
    assert sorted(b.described["id"] for b in bound) == sorted(IDS) and not warnings
    assert {b.described["id"]: b.notice.doc_number for b in bound}["housing"] == "江政办发〔2024〕2号"


def test_a_calculator_whose_notice_is_missing_is_not_shown(corpus):
    notices = [n for n in corpus.notices if n.doc_number != "江政办发〔2024〕2号"]
    bound, _ = bind(notices, COUNTY)
    assert "housing" not in {b.described["id"] for b in bound} and len(bound) == len(IDS) - 1
    links = calculator_links(bound)
    assert "jiangzhengbanfa-2024-2" not in links


def test_the_same_number_in_another_county_binds_nothing(corpus):
    assert bind(corpus.notices, "青山县") == ([], [])


def test_a_notice_at_another_address_is_reported_not_linked_wrongly(corpus):
    moved = [replace(n, slug=n.slug + "-2") if n.doc_number == "江政办发〔2024〕3号" else n for n in corpus.notices]
    bound, warnings = bind(moved, COUNTY)
    assert "insurance" not in {b.described["id"] for b in bound}
    assert any("jiangzhengbanfa-2024-3" in w.message and "未收入" in w.message for w in warnings)


def test_try_links_appear_only_on_the_bound_notices(corpus):
    pages = render_pages(corpus, "https://example.org/", AS_OF)
    with_links = {name for name, text in pages.items() if name.endswith(".md") and 'class="calc-link"' in text}
    assert with_links == {f"{b.notice.slug}.md" for b in corpus.calculators}


def _status(page: str) -> str:
    return re.search(r'class="status-badge" data-status="([^"]+)"', page).group(1)


def test_the_calculator_page_shows_the_notices_status_as_the_notice_page_does(corpus):
    pages = render_pages(corpus, "https://example.org/", AS_OF)
    for bound in corpus.calculators:
        calculator = pages[f"calculators/{bound.described['id']}.md"]
        assert _status(calculator) == _status(pages[f"{bound.notice.slug}.md"]) == bound.notice.validity.status
        assert bound.notice.doc_number in calculator and COUNTY in calculator


def test_a_calculator_of_an_expired_notice_says_so_at_the_top(tmp_path):
    shutil.copytree(CORPUS, tmp_path / "src")
    (tmp_path / "src" / "meta").mkdir(exist_ok=True)
    (tmp_path / "src" / "meta" / "jiangzhengbanfa-2024-3.toml").write_text(
        '[validity]\nstatus = "已失效"\nvalid_until = 2024-12-31\n', encoding="utf-8")
    corpus = read_notices(tmp_path / "src", AS_OF)
    page = render_pages(corpus, "https://example.org/", AS_OF)["calculators/insurance.md"]
    body = page.split("---", 2)[2]
    assert body.index("本计算器依据的文件已失效") < body.index("calc-summary")  # above everything else
    assert "2024年12月31日" in page and _status(page) == "已失效"


def test_no_calculator_menu_without_calculators(corpus):
    assert any("政策计算器" in item for item in navigation(corpus))
    none = replace(corpus, calculators=[])
    assert not any("政策计算器" in item for item in navigation(none))
    assert not any(name.startswith("calculators/") for name in render_pages(none, "https://example.org/", AS_OF))
