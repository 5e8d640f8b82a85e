"""Plain questions land on the answering clause, through the site's own search box (bench/search_answers.py):
the question set of tests/fixtures/search_questions.toml typed key by key in Chromium, at a phone's size.
The rates are held at what the search reaches; a change that makes citizens' questions land worse fails."""
import pytest

from bench.search_answers import load_questions, measure, rates, report

pytestmark = pytest.mark.browser

# reached on the bundled county (python -m bench.search_answers): 44 and 39 of the 46 questions
NOTICE_FIRST_AT_LEAST = 44 / 46
CLAUSE_FIRST_AT_LEAST = 39 / 46


def test_the_question_set_is_grown_from_real_questions_and_names_each_source():
    questions = load_questions()
    assert len(questions) >= 40
    assert all(q.source.startswith(("http://", "https://")) for q in questions)
    assert len({q.asked for q in questions}) == len(questions)
    assert {q.wants for q in questions} == {"payout", "eligibility", "measure", "procedure"}


def test_questions_find_the_notice_and_the_clause_that_answer_them(browser, site_server, capsys):
    answers = measure(browser, site_server, load_questions())
    notice, clause = rates(answers)
    with capsys.disabled():
        print("\n" + report(answers, misses_only=True))
    assert notice >= NOTICE_FIRST_AT_LEAST and clause >= CLAUSE_FIRST_AT_LEAST, report(answers, misses_only=True)
    # the three kinds the issue names
    by_question = {a.question.asked: a for a in answers}
    for asked in ("契税补贴什么时候退", "红色预警学校会停课吗", "谁能参加防贫保险", "防贫保险哪些人可以参加"):
        assert by_question[asked].right_clause, by_question[asked].first
