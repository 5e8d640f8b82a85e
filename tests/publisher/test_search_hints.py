"""The search box's vocabulary as data: synonyms, ways of asking, and the traditional -> simplified table."""
import json

import pytest

from publisher.search_hints import character_fold, fold_text, question_words, search_hints_json
from publisher.search_index import fold_for_index
from reader.sources import SourceError


def test_the_ways_of_asking_say_which_clauses_answer_and_the_fillers_are_dropped():
    words = question_words()
    kinds = {kind["name"]: kind for kind in words["kinds"]}
    assert "哪些人" in kinds["对象和条件"]["asks"] and "对象" in kinds["对象和条件"]["headings"]
    assert "怎么申请" in kinds["怎么办理"]["asks"] and "申报" in kinds["怎么办理"]["headings"]
    assert "吗" in words["fillers"] and "请问" in words["fillers"]


def test_a_malformed_table_names_the_file_and_the_entry(tmp_path):
    bad = tmp_path / "question-words.toml"
    bad.write_text('["金额"]\n"问法" = "多少"\n', encoding="utf-8")
    with pytest.raises(SourceError, match=r"question-words.toml.*\[金额\].*问法"):
        question_words(bad)
    bad.write_text('["金额"]\n问法 = ["多少"]\n', encoding="utf-8")  # a bare Chinese key is not TOML
    with pytest.raises(SourceError, match="无法读取或格式有误"):
        question_words(bad)


def test_the_character_table_folds_traditional_to_simplified_and_leaves_the_rest():
    assert fold_text("購房補貼、醫療救助") == "购房补贴、医疗救助"
    assert fold_text("购房补贴 ABC 123") == "购房补贴 ABC 123"
    assert len(character_fold()) > 2000  # OpenCC's table, not a hand list


def test_the_hints_carry_the_table_and_fold_the_vocabulary_but_not_calculator_titles(tmp_path):
    synonyms = tmp_path / "synonyms.toml"
    synonyms.write_text('"買房" = ["購房"]\n', encoding="utf-8")
    hints = json.loads(search_hints_json({"x": [{"title": "乾坤計算器"}]}, synonyms_path=synonyms))
    assert hints["synonyms"] == {"买房": ["购房"]}
    assert hints["calculators"]["x"][0]["title"] == "乾坤計算器"
    source, target = hints["fold"]
    assert len(source) == len(target) and source[source.index("補")] == "補" and target[source.index("補")] == "补"


def test_the_index_reads_the_page_folded_with_its_title_as_written():
    page = ('<head><title>關於</title></head><article data-pagefind-body><h1 id="title">'
            '<span data-pagefind-meta="title">關於購房補貼的通知</span></h1><p id="c1">醫療救助</p></article>')
    folded = fold_for_index(page)
    assert 'data-pagefind-meta="title:關於購房補貼的通知">关于购房补贴的通知</span>' in folded
    assert "<p id=\"c1\">医疗救助</p>" in folded and "<title>關於</title>" in folded  # outside the body: untouched
    simplified = page.replace("關於購房補貼", "关于购房补贴").replace("醫療", "医疗")
    assert fold_for_index(simplified) == simplified  # nothing to fold: the page itself is linked, not copied
