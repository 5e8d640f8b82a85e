"""The bundled corpus: all nine notices with the metadata a clerk would read off them."""
import json

import pytest

EXPECTED = {
    # slug: (文号, 登记号, 发文机关, 成文日期, 类别, title)
    "jiangzhengfa-2024-2": ("江政发〔2024〕2号", None, "江华瑶族自治县人民政府", "2024-03-12", "其他公文",
                            "关于印发《江华瑶族自治县城镇开发建设暂行办法》的通知"),
    "jiangzhengbanfa-2024-1": ("江政办发〔2024〕1号", "JHDR-2024-01001", "江华瑶族自治县人民政府办公室", "2024-02-06", "规范性文件",
                               "关于印发《江华瑶族自治县重污染天气应急预案（修订版）》的通知"),
    "jiangzhengbanfa-2024-2": ("江政办发〔2024〕2号", "JHDR-2024-01002", "江华瑶族自治县人民政府办公室", "2024-02-06", "规范性文件",
                               "关于印发《江华瑶族自治县进一步促进房地产市场平稳健康发展的若干措施》的通知"),
    "jiangzhengbanfa-2024-3": ("江政办发〔2024〕3号", None, "江华瑶族自治县人民政府办公室", "2024-02-07", "其他公文",
                               "关于印发《江华瑶族自治县2024年防贫综合保险实施方案》的通知"),
    "jiangzhengbanfa-2024-5": ("江政办发〔2024〕5号", None, "江华瑶族自治县人民政府办公室", "2024-03-15", "其他公文",
                               "关于印发《江华瑶族自治县实施“八大行动”总体方案》的通知"),
    "jiangzhengrenfa-2024-1": ("江政人发〔2024〕1号", None, "江华瑶族自治县人民政府", "2023-12-20", "人事任免",
                               "关于雷彪等同志正式任职的通知"),
    "jiangzhengrenfa-2024-2": ("江政人发〔2024〕2号", None, "江华瑶族自治县人民政府", "2023-12-20", "人事任免",
                               "关于黄明柒等同志职务任免的通知"),
    "jiangzhengrenfa-2024-3": ("江政人发〔2024〕3号", None, "江华瑶族自治县人民政府", "2024-02-28", "人事任免",
                               "关于奉开武同志职务任免的通知"),
    "jiangzhengrenfa-2024-4": ("江政人发〔2024〕4号", None, "江华瑶族自治县人民政府", "2024-02-28", "人事任免",
                               "关于李青青等同志正式任职的通知"),
}


def test_the_corpus_holds_exactly_the_nine_notices(corpus):
    assert sorted(n.slug for n in corpus.notices) == sorted(EXPECTED)


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_notice_has_its_metadata(corpus, slug):
    notice = next(n for n in corpus.notices if n.slug == slug)
    assert (notice.doc_number, notice.registration_number, notice.issuer, notice.date, notice.kind,
            notice.title) == EXPECTED[slug]


def test_every_source_line_belongs_to_exactly_one_notice(corpus):
    spans = sorted((n.first_line, n.last_line) for n in corpus.notices)
    assert spans[0][0] == 1
    assert all(b[0] == a[1] + 1 for a, b in zip(spans, spans[1:]))
    assert spans[-1][1] == 1499


def test_the_insurance_plan_has_its_five_tables_and_the_sideways_one(corpus):
    from reader.model import Table
    notice = next(n for n in corpus.notices if n.slug == "jiangzhengbanfa-2024-3")
    tables = [b for b in notice.blocks if isinstance(b, Table)]
    assert len(tables) == 6
    assert [t.sideways for t in tables] == [False, False, False, True, False, False]


def test_the_eight_actions_plan_has_nine_attachments(corpus):
    notice = next(n for n in corpus.notices if n.slug == "jiangzhengbanfa-2024-5")
    assert [a.anchor for a in notice.attachments] == [f"a{i}" for i in range(1, 10)]
    assert notice.attachments[0].title == "江华瑶族自治县实施“八大行动”工作专班名单"


def test_the_known_oddities_of_the_dump_are_reported_not_hidden(corpus):
    messages = [(w.line, w.message) for w in corpus.warnings]
    lines = {line for line, _ in messages}
    assert {363, 367, 778, 1498} <= lines


def test_policies_json_lists_every_notice_with_the_catalogue_fields(built_site):
    entries = json.loads((built_site / "policies.json").read_text(encoding="utf-8"))
    assert len(entries) == 9
    keys = {"id", "title", "doc_number", "issuer", "date", "registration_number", "url", "status",
            "valid_from", "valid_until"}
    assert all(keys <= set(e) for e in entries)
    by_id = {e["id"]: e for e in entries}
    for slug, (number, registration, issuer, date, _, title) in EXPECTED.items():
        entry = by_id[slug]
        assert (entry["doc_number"], entry["registration_number"], entry["issuer"], entry["date"], entry["title"]) == (
            number, registration, issuer, date, title)
        assert entry["url"] == f"{slug}/" and (built_site / slug / "index.html").exists()
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)


# --- staff's corrections, applied before validity is judged (issue 23) --------------------------------------

REPEALER = """关于印发《某县应急预案》的通知
某政办发〔2021〕8号
各单位：
本预案自印发之日起实施。
某县人民政府办公室
2021年5月1日
关于印发《某县应急预案（修订版）》的通知
某政办发〔2024〕1号
各单位：
本预案自印发之日起实施。《某县应急预案》（某政办发〔2021〕3号）同时废止。
某县人民政府办公室
2024年2月6日
"""


def test_a_corrected_doc_number_is_the_one_repeals_and_calculators_see(tmp_path):
    import datetime as dt
    from publisher.corpus import read_notices
    (tmp_path / "a.txt").write_text(REPEALER, encoding="utf-8")
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "fix.toml").write_text('"原文号" = "某政办发〔2021〕8号"\n"文号" = "某政办发〔2021〕3号"\n',
                                                encoding="utf-8")
    old, new = read_notices(tmp_path, dt.date(2026, 1, 1)).notices
    assert old.doc_number == "某政办发〔2021〕3号" and old.validity.status == "已失效"
    assert "已被 某政办发〔2024〕1号 废止" in old.validity.notes


def test_without_corrections_the_readers_own_values_are_given(tmp_path):
    import datetime as dt
    from publisher.corpus import read_notices
    (tmp_path / "a.txt").write_text(REPEALER, encoding="utf-8")
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "fix.toml").write_text('"原文号" = "某政办发〔2021〕8号"\n"标题" = "另一个标题"\n', encoding="utf-8")
    assert read_notices(tmp_path, dt.date(2026, 1, 1)).notices[0].title == "另一个标题"
    as_read = read_notices(tmp_path, dt.date(2026, 1, 1), with_corrections=False).notices[0]
    assert as_read.title == "关于印发《某县应急预案》的通知" and not as_read.field_notes
