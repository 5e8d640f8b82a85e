"""Clause anchors come from numbering paths, so edits above a clause do not move its link."""
from reader.anchors import doc_number_slug
from reader.model import Clause, SourceText
from reader.parse import parse_chunk
from reader.sources import read_sources, split_lines
from reader.split import split

from ..conftest import CORPUS


def anchors_of(text: str) -> dict[str, str]:
    source = SourceText("x.txt", "utf-8", split_lines(text))
    result = {}
    for chunk in split(source):
        notice, _ = parse_chunk(chunk)
        for block in notice.blocks:
            if isinstance(block, Clause):
                result[f"{notice.slug}#{block.marker}{block.heading}{block.text[:12]}"] = block.anchor
    return result


def corpus_text() -> str:
    text, = read_sources(CORPUS)
    return "\n".join(line.text for line in text.lines)


def test_adding_paragraphs_above_a_clause_keeps_every_anchor():
    original = corpus_text()
    edited = original.replace("4.2预警分级", "县城新增一段说明文字，用于测试。\n\n另一段新增的说明。\n4.2预警分级")
    edited = edited.replace("一、实行购房契税补贴。", "为便于群众理解，特作如下说明。\n一、实行购房契税补贴。")
    edited = edited.replace("附件3\n", "附件3\n\n新增的说明段落。\n")
    before, after = anchors_of(original), anchors_of(edited)
    assert before == after
    assert before["jiangzhengbanfa-2024-1#4.2预警分级"] == "c4-2"


def test_adding_a_clause_elsewhere_does_not_move_other_sections():
    original = corpus_text()
    edited = original.replace("5.应急响应\n", "5.应急响应\n\n5.0说明\n\n说明文字。\n")
    before, after = anchors_of(original), anchors_of(edited)
    changed = {k for k in before if before[k] != after.get(k)}
    assert not changed


def test_well_known_clauses_have_the_anchors_the_calculators_cite(corpus):
    anchors = {(n.slug, b.anchor) for n in corpus.notices for b in n.blocks if isinstance(b, Clause)}
    for expected in [("jiangzhengbanfa-2024-1", "c4-2"), ("jiangzhengbanfa-2024-1", "c5-2-1"),
                     ("jiangzhengbanfa-2024-1", "c5-2-3-1-1"), ("jiangzhengbanfa-2024-2", "c1"),
                     ("jiangzhengbanfa-2024-2", "p2-c3-5"), ("jiangzhengbanfa-2024-3", "c4-1"),
                     ("jiangzhengbanfa-2024-3", "c5-2"), ("jiangzhengfa-2024-2", "c3-3"),
                     ("jiangzhengbanfa-2024-5", "a2-c2-1-1")]:
        assert expected in anchors


def test_page_addresses_are_short_readable_ascii():
    assert doc_number_slug("江政办发〔2024〕3号") == "jiangzhengbanfa-2024-3"
    assert doc_number_slug("江政人发〔2024〕12号") == "jiangzhengrenfa-2024-12"
    assert doc_number_slug("宁政办发〔2023〕12号").isascii()


def test_every_anchor_on_a_page_is_unique(built_site, corpus):
    import re
    for notice in corpus.notices:
        page = (built_site / notice.slug / "index.html").read_text(encoding="utf-8")
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), notice.slug


def test_plain_paragraphs_are_numbered_from_the_clause_before_them(corpus):
    from reader.model import Paragraph
    housing = next(n for n in corpus.notices if n.slug == "jiangzhengbanfa-2024-2")
    by_anchor = {b.anchor: b.text for b in housing.blocks if isinstance(b, Paragraph)}
    assert by_anchor["c13-p1"].startswith("本措施自公布之日起施行")
    assert by_anchor["c13-p2"].startswith("在建房地产开发项目")
    assert by_anchor["c13-p3"].startswith("第一、二项补贴政策申报截止时间")
    plan = next(n for n in corpus.notices if n.slug == "jiangzhengbanfa-2024-1")
    by_anchor = {b.anchor: b.text for b in plan.blocks if isinstance(b, Paragraph)}
    assert by_anchor["c4-2-p2"].startswith("黄色预警")
    assert by_anchor["c4-2-p5"].startswith("坚持预防为主的原则")
