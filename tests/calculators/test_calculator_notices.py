"""The real notices gathered to prove the rule-file engine on other counties stay complete.

Each folder under tests/fixtures/calculator_notices/ holds one county's notice as keyed from its
source (notice.txt), the source address and the readings chosen (README.md), and worked examples
computed by hand (examples.toml). These checks keep the set from rotting silently: a folder that
loses a file, an example that loses its working or its clause, a README that loses its source, or
an index that forgets a folder fails here.
"""
import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

NOTICES = Path(__file__).resolve().parents[1] / "fixtures" / "calculator_notices"
FOLDERS = sorted(p for p in NOTICES.iterdir() if p.is_dir())
KINDS = {"购房补贴", "低保补差", "防贫保险", "重污染天气预警", "高龄津贴"}
NOTICE_KEYS = {"folder", "county", "province", "kind", "source", "fetched"}
EXAMPLE_KEYS = {"name", "clause", "inputs", "expected", "working"}
MIN_EXAMPLES = 4
URL = re.compile(r"https?://[^\s)>\]`]+")


def examples_of(folder: Path) -> dict:
    with (folder / "examples.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_the_set_covers_every_kind_in_at_least_six_places():
    kinds = {examples_of(folder)["notice"]["kind"] for folder in FOLDERS}
    assert kinds == KINDS
    places = {examples_of(folder)["notice"]["county"] for folder in FOLDERS}
    assert len(places) >= 6


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_folder_has_its_three_files(folder):
    for name in ("notice.txt", "README.md", "examples.toml"):
        path = folder / name
        assert path.is_file(), f"{folder.name}: {name} is missing"
        assert path.read_text(encoding="utf-8").strip(), f"{folder.name}: {name} is empty"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_examples_parse_and_carry_the_required_keys(folder):
    data = examples_of(folder)
    notice = data["notice"]
    assert NOTICE_KEYS <= notice.keys(), f"{folder.name}: [notice] lacks {NOTICE_KEYS - notice.keys()}"
    assert notice["folder"] == folder.name
    assert notice["kind"] in KINDS, f"{folder.name}: unknown kind {notice['kind']!r}"
    assert URL.fullmatch(notice["source"]), f"{folder.name}: source is not an address"
    assert isinstance(notice["fetched"], dt.date)
    examples = data["examples"]
    assert len(examples) >= MIN_EXAMPLES, f"{folder.name}: {len(examples)} examples, want {MIN_EXAMPLES}"
    names = [example["name"] for example in examples]
    assert len(names) == len(set(names)), f"{folder.name}: two examples share a name"
    for example in examples:
        missing = EXAMPLE_KEYS - example.keys()
        assert not missing, f"{folder.name}: example {example.get('name')!r} lacks {missing}"
        assert example["inputs"] and example["expected"], f"{folder.name}: {example['name']} is empty"
        assert example["clause"].strip() and example["working"].strip()
    assert any(example.get("boundary") for example in examples), f"{folder.name}: no boundary case"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_example_cites_a_clause_found_in_the_notice(folder):
    """The clause an example rests on is quoted from notice.txt, so a reader can find it."""
    text = normalised((folder / "notice.txt").read_text(encoding="utf-8"))
    for example in examples_of(folder)["examples"]:
        quote = example.get("quote")
        assert quote, f"{folder.name}: {example['name']} quotes no words of the notice"
        assert normalised(quote) in text, f"{folder.name}: {example['name']}: {quote!r} not in notice.txt"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_the_readme_names_the_source_address(folder):
    readme = (folder / "README.md").read_text(encoding="utf-8")
    source = examples_of(folder)["notice"]["source"]
    assert source in URL.findall(readme), f"{folder.name}: README does not name {source}"
    for heading in ("## 来源", "## 可计算的条款", "## 文本未定之处"):
        assert heading in readme, f"{folder.name}: README lacks the section {heading}"


def test_the_index_lists_every_folder_with_its_source():
    index = (NOTICES / "README.md").read_text(encoding="utf-8")
    for folder in FOLDERS:
        row = next((line for line in index.splitlines() if f"`{folder.name}`" in line), None)
        assert row, f"index lacks {folder.name}"
        assert examples_of(folder)["notice"]["source"] in row, f"index row of {folder.name} lacks its source"


def normalised(text: str) -> str:
    """Whitespace differs between a keyed text and a quote of it; nothing else may."""
    return re.sub(r"\s+", "", text)
