"""Shapes that once made the reader quadratic (issue 13): correct results at a size that runs in a moment.

Their timing against size is measured by `python -m bench.reader` (exponents), not here."""
from bench.reader import LINE, name_list, one_doc_number, repeated, web_copies, wrapped
from reader.model import Clause, Paragraph, SourceText
from reader.parse import parse_chunk
from reader.sources import split_lines
from reader.split import split

SIZE = 3000


def notices_of(text: str):
    return [parse_chunk(chunk)[0] for chunk in split(SourceText("x.txt", "utf-8", split_lines(text)))]


def test_a_paragraph_wrapped_over_thousands_of_lines_is_one_paragraph_with_every_character():
    notice, = notices_of(wrapped(SIZE))
    paragraph, = [b for b in notice.blocks if isinstance(b, Paragraph) and b.kind == "text"]
    assert len(paragraph.text) == SIZE * len(LINE) + 1


def test_thousands_of_repeated_markers_get_distinct_anchors():
    notice, = notices_of(repeated(SIZE))
    anchors = [b.anchor for b in notice.blocks if isinstance(b, Clause)]
    assert len(anchors) == SIZE and len(set(anchors)) == SIZE


def test_thousands_of_notices_with_one_doc_number_get_distinct_addresses(tmp_path):
    from publisher.corpus import read_notices
    (tmp_path / "a.txt").write_text(one_doc_number(SIZE), encoding="utf-8")
    corpus = read_notices(tmp_path / "a.txt")
    slugs = [n.slug for n in corpus.notices]
    assert len(slugs) == SIZE // 3 and len(set(slugs)) == len(slugs)


def test_a_long_list_laid_out_with_spaces_stays_paragraphs():
    notice, = notices_of(name_list(SIZE))
    assert sum(isinstance(b, Paragraph) and b.kind == "text" for b in notice.blocks) == SIZE


def test_many_web_copies_in_one_file_each_keep_their_information_block():
    notices = notices_of(web_copies(SIZE))
    assert len(notices) == SIZE // 13
    assert all(n.doc_number == f"某政办发〔2024〕{k}号" and n.info and n.chrome for k, n in enumerate(notices, start=1))
