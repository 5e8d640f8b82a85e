"""A notice on a phone: readable, clause links work, nothing leaves 127.0.0.1."""
import pytest

from .conftest import foreign_requests

pytestmark = pytest.mark.browser


def test_a_notice_reads_on_a_phone_and_fits_its_width(phone, site_server):
    phone.goto(site_server + "jiangzhengbanfa-2024-3/")
    assert phone.locator("h1#title").inner_text().startswith("关于印发《江华瑶族自治县2024年防贫综合保险")
    meta = phone.locator(".notice-meta").inner_text()
    assert "江政办发〔2024〕3号" in meta and "2024年2月7日" in meta
    # no horizontal scrolling of the page itself; wide tables scroll in their own box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator("table").count() == 6
    assert foreign_requests(phone.requested) == []


def test_following_a_clause_link_lands_on_the_clause(phone, site_server):
    phone.goto(site_server + "jiangzhengbanfa-2024-1/#c4-2")
    target = phone.locator("#c4-2")
    assert "预警分级" in target.inner_text()
    assert phone.evaluate("location.hash") == "#c4-2"
    top = target.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 844
    # the copy-link control on a clause leads to that clause
    phone.goto(site_server + "jiangzhengbanfa-2024-2/")
    phone.locator("#c2 a.clause-link").click()
    assert phone.evaluate("location.hash") == "#c2"
    assert foreign_requests(phone.requested) == []


def test_the_catalogue_filters_by_kind_from_the_url(phone, site_server):
    phone.goto(site_server + "?kind=人事任免")
    visible = phone.locator(".catalogue-list > li:visible")
    assert visible.count() == 4
    assert phone.locator("[data-count]").inner_text() == "4"
    phone.select_option("select[name=kind]", "")
    assert phone.locator(".catalogue-list > li:visible").count() == 9
    assert foreign_requests(phone.requested) == []
