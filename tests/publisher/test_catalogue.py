"""The catalogue stays light as the corpus grows: newest notices on the home page, a page per year."""
import datetime as dt
import re

from bench.synthetic import generate
from publisher.render import HOME_LIMIT
from publisher.corpus import read_notices
from publisher.county import render_pages

from ..conftest import CORPUS


def test_a_small_corpus_is_listed_whole_on_the_home_page(corpus):
    pages = render_pages(corpus, "https://example.org/", dt.date(2026, 11, 29))
    assert len(re.findall(r'<li data-issuer=', pages["index.md"])) == 9
    assert not any(re.fullmatch(r"catalogue/\d{4}\.md", name) for name in pages)  # no page per year


def test_each_filter_value_has_a_pre_built_page_for_browsers_without_javascript(corpus):
    pages = render_pages(corpus, "https://example.org/", dt.date(2026, 11, 29))
    kinds = {n.kind for n in corpus.notices}
    for key, values in (("kind", kinds), ("issuer", {n.issuer for n in corpus.notices if n.issuer}),
                        ("year", {n.year for n in corpus.notices if n.year})):
        made = sorted(name for name in pages if name.startswith(f"catalogue/{key}/"))
        assert len(made) == len(values), key
        for name in made:
            page = pages[name]
            listed = re.findall(rf'<li data-issuer="[^"]*" data-year="([^"]*)" data-kind="([^"]*)"', page)
            assert listed and 'class="catalogue-filters"' not in page  # the page is the filter
            # the home page links it, without JavaScript
            assert f'href="{name[:-3]}/"' in pages["index.md"].split("<noscript>")[1].split("</noscript>")[0]
    personnel = pages["catalogue/kind/renshirenmian.md"]
    assert len(re.findall(r'data-kind="人事任免"', personnel)) == 4 and "data-kind=\"规范性文件\"" not in personnel


def test_a_large_corpus_lists_the_newest_and_links_a_page_per_year(tmp_path):
    generate(CORPUS, tmp_path / "src", HOME_LIMIT + 20)
    corpus = read_notices(tmp_path / "src", dt.date(2026, 11, 29))
    pages = render_pages(corpus, "https://example.org/", dt.date(2026, 11, 29))
    assert len(re.findall(r'<li data-issuer=', pages["index.md"])) == HOME_LIMIT
    years = sorted(name for name in pages if re.fullmatch(r"catalogue/\d{4}\.md", name))
    assert years and all(f'href="catalogue/{name[10:14]}/"' in pages["index.md"] for name in years)
    listed = sum(len(re.findall(r'<li data-issuer=', pages[name])) for name in years)
    dated = sum(1 for n in corpus.notices if n.year)
    assert listed == dated
    assert 'href="../../' in pages[years[0]]  # links from catalogue/<year>/ back to the notices
