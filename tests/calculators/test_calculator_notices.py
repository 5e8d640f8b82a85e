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


# ---------- the rule files written for these notices (issue 18 §7) ----------
from decimal import Decimal  # noqa: E402

from calculators import api  # noqa: E402

BUILT = [folder for folder in FOLDERS if (folder / "calculators").is_dir()]
UNDECIDED = "未定"


def county_day(folder: Path) -> dt.date:
    """The day the folder's site is built for (county.toml's as_of)."""
    with (folder / "county.toml").open("rb") as handle:
        return tomllib.load(handle)["as_of"]


def county_catalogue(folder: Path) -> tuple[api.Catalogue, str]:
    """The folder's catalogue and the id of its one county calculator."""
    catalogue = api.catalogue(api.county_rule_files(folder))
    own = [i for i in catalogue.ids() if folder.name in (catalogue.describe(i)["rule_file"] or "")]
    assert len(own) == 1, f"{folder.name}: one county calculator expected, found {own}"
    return catalogue, own[0]


def as_json(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return value + "-01"  # a month ("2020-10") is entered as its first day: the rule files have no month input
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    return value


TIERS = {"常补": "changbu", "B": "tier_b", "C": "tier_c", "D": "tier_d"}


def huichang(inputs: dict) -> dict | None:
    """会昌's examples list each member's 档; the rule file asks how many members are in each 档.
    The case computed by the national 补差 rule (R3) is not published for 会昌: None."""
    if "reading" in inputs:
        return None
    members = inputs.pop("members", [])
    for tier in members:
        inputs[TIERS[tier]] = inputs.get(TIERS[tier], 0) + 1
    return inputs


def on_the_day(key: str):
    """The day an example is computed for is the calculator's day of calculation (as_of), not an input of its own."""
    def adapt(inputs: dict) -> dict:
        if key in inputs:
            inputs["as_of"] = inputs.pop(key)
        return inputs
    return adapt


# examples.toml names its inputs descriptively; where a rule file asks differently, this maps them
ADAPT = {"huichang_minimum_living": huichang, "guichi_elderly_allowance": on_the_day("on_date"),
         "xiangshan_minimum_living": on_the_day("date")}


def same(got, want) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(want, (int, str)) and isinstance(got, (int, float, str, Decimal)):
        try:
            return Decimal(str(got)) == Decimal(str(want))
        except ArithmeticError:
            return str(got) == str(want)
    return got == want


def test_some_folders_have_rule_files():
    assert len(BUILT) == len(FOLDERS)


@pytest.mark.parametrize("folder", BUILT, ids=lambda p: p.name)
def test_the_rule_file_loads_and_its_worked_examples_hold(folder):
    catalogue, _ = county_catalogue(folder)
    assert catalogue.check_examples(county_day(folder)) == []


@pytest.mark.parametrize("folder", BUILT, ids=lambda p: p.name)
def test_every_hand_computed_case_is_what_the_rule_file_computes(folder):
    """examples.toml's keys are the rule file's input and output keys; "未定" must not give a number silently."""
    catalogue, identifier = county_catalogue(folder)
    wrong = []
    for example in examples_of(folder)["examples"]:
        inputs = ADAPT.get(folder.name, dict)({"as_of": county_day(folder).isoformat(), **as_json(example["inputs"])})
        if inputs is None:  # a reading the README rejects: the rule file does not compute it
            continue
        result = catalogue.run(identifier, inputs)
        for key, want in example["expected"].items():
            if want == UNDECIDED:
                if not (result["errors"] or result["warnings"] or result.get(key) is None):
                    wrong.append(f"{example['name']}: {key} is 未定 by hand, the rule file gives {result.get(key)}")
                continue
            if result["errors"]:
                wrong.append(f"{example['name']}: refused: {result['errors']}")
                break
            if not same(result.get(key), want):
                wrong.append(f"{example['name']}: {key} = {result.get(key)!r}, by hand {want!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("folder", BUILT, ids=lambda p: p.name)
def test_the_calculator_is_bound_to_its_notice_printed_without_a_number(folder):
    """None of these notices prints a 文号: the rule file leaves doc_number empty and the site binds the
    calculator to the notice by its page address (a wrong address would leave the calculator off the site)."""
    from publisher.corpus import read_notices

    corpus = read_notices(folder)
    _, identifier = county_catalogue(folder)
    bound = {b.described["id"]: b for b in corpus.calculators if not b.described["national"]}
    assert list(bound) == [identifier], f"{folder.name}: bound {list(bound)}"
    notice = bound[identifier].notice
    assert notice.doc_number is None and bound[identifier].described["page"] == f"{notice.slug}/"
