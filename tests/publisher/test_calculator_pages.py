"""Calculator pages (publisher/calculator_pages.py): generated from the parameters through
calculators.api, pinned to the build's date, and free of technical text in front of citizens."""
import datetime as dt
import json
import re
import shutil
import subprocess
import sys

import pytest

from ..conftest import CORPUS, ROOT, county_calculators

CATALOGUE = county_calculators()
IDS = CATALOGUE.ids()  # Jianghua's calculators: its rule files, then the national ones

BUILD_DAY = dt.date(2026, 11, 29)
RULE_FILES = {path.stem for path in (CORPUS / "calculators").glob("*.toml")}  # the others are national rules
RENDER = """
import datetime as dt, json, sys
from pathlib import Path
from publisher.calculator_pages import calculator_pages
from publisher.corpus import read_notices
day = dt.date.fromisoformat(sys.argv[1])
corpus = read_notices(Path(sys.argv[2]), day)  # the calculators bound to the county's notices
pages = calculator_pages(corpus.calculators, "https://example.org/", day)
print(json.dumps(pages, ensure_ascii=False))
"""


def render(calculators_root, day=BUILD_DAY, today=None, source=CORPUS) -> dict[str, str]:
    """The calculator pages as the build renders them, from the calculators package found first on
    the path (a changed copy, or the repository's), in a fresh interpreter; `today` fakes the clock."""
    script = RENDER
    if today:
        script = ("import datetime as _dt\nclass _Day(_dt.date):\n    @classmethod\n    def today(cls): return cls.fromisoformat("
                  f"{today!r})\n_dt.date = _Day\n" + RENDER)
    process = subprocess.run([sys.executable, "-c", script, day.isoformat(), str(source)], capture_output=True, text=True,
                             cwd=calculators_root,  # first on the path of `python -c`
                             env={"PYTHONPATH": f"{calculators_root}:{ROOT}", "PATH": "/usr/bin:/bin"})
    assert process.returncode == 0, process.stderr[-3000:]
    return json.loads(process.stdout)


def visible(page: str) -> str:
    """The text a citizen reads: without the staff section, the form's machine data and tags."""
    page = re.sub(r'<details class="calc-staff".*?</details>', "", page, flags=re.S)
    page = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    page = re.sub(r"<svg.*?</svg>", lambda m: " ".join(re.findall(r">([^<]+)<", m.group(0))), page, flags=re.S)
    page = re.sub(r"^---.*?---", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


@pytest.fixture(scope="module")
def pages():
    return render(ROOT)


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    """The county's rule files renewed as staff write them: housing's first-home rate, cap and deadline, and
    insurance's deductible, each with its worked examples' expected results renewed (the build checks them)."""
    root = ROOT
    source = tmp_path_factory.mktemp("county") / "jianghua"
    shutil.copytree(CORPUS, source)
    housing = source / "calculators" / "housing.toml"
    text = housing.read_text(encoding="utf-8")
    for name, before, after in (("首套每平方米补贴", "value = 100 }", "value = 120 }"),
                                ("首套补贴上限", "value = 10000 }", "value = 15000 }"),
                                ("申报截止日", "value = 2026-12-31 }", "value = 2027-12-31 }")):
        head, found, tail = text.partition(f'[[parameter]]\nname = "{name}"')
        assert found, name
        text = head + found + tail.replace(before, after, 1)
    # the first example: 100 m² × 120 = 12,000 (under the new cap of 15,000), total 5,250 + 12,000
    text = text.replace("expect = { deed_tax_yuan = 7500, total_yuan = 15250, items = { deed_tax_subsidy = 5250, first_home = 10000,",
                        "expect = { deed_tax_yuan = 7500, total_yuan = 17250, items = { deed_tax_subsidy = 5250, first_home = 12000,")
    text = text.replace("expect = { deed_tax_yuan = 5000, total_yuan = 13500, items = { deed_tax_subsidy = 3500, first_home = 10000 } }",
                        "expect = { deed_tax_yuan = 5000, total_yuan = 15500, items = { deed_tax_subsidy = 3500, first_home = 12000 } }")
    housing.write_text(text, encoding="utf-8")
    insurance = source / "calculators" / "insurance.toml"
    text = insurance.read_text(encoding="utf-8")
    head, deductible, tail = text.partition('name = "因病免赔额"')
    text = head + deductible + tail.replace("value = 500 }", "value = 800 }", 1)
    for before, after in (("2850, insurer_shares_yuan = { picc = 1425, pingan = 1140, cic = 285 }",
                           "2760, insurer_shares_yuan = { picc = 1380, pingan = 1104, cic = 276 }"),
                          ("18750, insurer_shares_yuan = { picc = 9375, pingan = 7500, cic = 1875 }",
                           "18600, insurer_shares_yuan = { picc = 9300, pingan = 7440, cic = 1860 }"),
                          ("24750, insurer_shares_yuan = { picc = 12375, pingan = 9900, cic = 2475 }",
                           "24600, insurer_shares_yuan = { picc = 12300, pingan = 9840, cic = 2460 }")):
        text = text.replace(before, after)
    insurance.write_text(text, encoding="utf-8")
    return render(root, source=source)


def test_a_changed_parameter_shows_in_the_working_the_rules_table_and_the_examples(pages, changed):
    before, after = pages["calculators/housing.md"], changed["calculators/housing.md"]
    # the working of the first example, and its result
    assert "100 平方米 × 100 元/平方米 = 10,000.00 元" in before and "15,250.00 元" in before
    assert "100 平方米 × 120 元/平方米 = 12,000.00 元" in after and "17,250.00 元" in after
    # the rules table
    assert re.search(r"第二项 首次购房补贴：每平方米</td><td>120</td>", after)
    assert re.search(r"第二项 首次购房补贴：最高</td><td>15000</td>", after)
    # help, interpretations and the rules picture, all generated from the parameters
    assert "每平方米120元" in after and "申报截止2027年12月31日" in after and "2027年12月31日的申报截止日" in after
    # the worked examples' timelines mark the renewed deadline (the rules picture of a rule file draws its rates)
    assert 'data-mark="date" data-key="申报截止" data-value="2027-12-31"' in after and "第一、二项申报截止 2027-12-31" in after
    assert "2026年12月31日" not in visible(after)
    before, after = pages["calculators/insurance.md"], changed["calculators/insurance.md"]
    assert "先扣免赔额 500.00 元" in before and "2,850.00 元" in before
    assert "先扣免赔额 800.00 元" in after and "2,760.00 元" in after
    assert re.search(r"因病：免赔额（每人）</td><td>800</td>", after)


def test_two_builds_with_the_same_date_on_different_days_are_identical():
    assert render(ROOT, today="2026-12-20") == render(ROOT, today="2031-05-01")


def test_worked_examples_are_computed_for_the_builds_date(pages):
    assert "计算日期为 2026-11-29" in pages["calculators/housing.md"]
    later = render(ROOT, day=dt.date(2027, 3, 1))["calculators/insurance.md"]
    assert "计算日期为 2027-03-01" in later


def test_an_example_outside_the_policy_period_leads_with_that(pages):
    page = pages["calculators/insurance.md"]
    example = page[page.index("<h3>保险期限过后住院"):]
    note = example.index('class="calc-out-of-period"')
    assert note < example.index('class="example-inputs"') and note < example.index("<svg")
    assert "不在保险期限（2023-10-01 至 2024-09-30）内，以下金额按原方案试算，仅供参考。" in example[:example.index("<svg")]


NATIONAL_FILES = {path.stem for path in (ROOT / "calculators" / "national").glob("*.toml")}


@pytest.mark.parametrize("calculator", IDS)
def test_citizens_see_no_parameter_file_no_true_and_no_field_codes(pages, calculator):
    page = pages[f"calculators/{calculator}.md"]
    shown = visible(page)
    assert "parameters/" not in shown and ".json" not in shown
    assert not re.search(r"\bTrue\b|\bFalse\b", shown)
    assert "网址参数" not in shown
    codes = re.findall(r'name="([a-z0-9_]+)"', page)
    leaked = [code for code in set(codes) if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", shown)]
    assert not leaked, leaked
    assert re.search(r'<details class="calc-staff"[^>]*>\s*<summary>供工作人员：网址参数与规则文件</summary>', page)
    staff = page[page.index('<details class="calc-staff"'):]
    assert (f"sources/jianghua/calculators/{calculator}.toml" if calculator in RULE_FILES
            else f"calculators/national/{calculator}.toml") in staff  # for staff, in the collapsed section
    assert ("--county sources/jianghua " if calculator in RULE_FILES else "python -m calculators ") + calculator in staff


@pytest.mark.parametrize("calculator", IDS)
def test_each_page_shows_its_rules_picture_and_each_examples_picture(pages, calculator):
    page = pages[f"calculators/{calculator}.md"]
    rules = page[page.index('id="rules"'):page.index('id="examples"')]
    assert rules.count("<svg") == 1 and 'data-picture="' in rules and "<figcaption>图：" in rules
    examples = page[page.index('id="examples"'):page.index('id="interpretations"')]
    drawn = bool(CATALOGUE.rules[calculator].pictures)  # a rule file without [[picture]] (the deed tax) draws none
    assert examples.count("<svg") == (examples.count('class="calc-example"') if drawn else 0)


def test_the_page_says_how_to_apply_with_the_notices_offices_and_the_examples_what_they_grant(pages):
    page = pages["calculators/housing.md"]
    section = page[page.index('<h2 id="apply">怎么申请</h2>'):page.index("</ul>", page.index('<h2 id="apply">'))]
    assert "<strong>园区购房补贴</strong>：江华高新区；联系人 谢国成 13787679818" in section
    assert "申报截止 2026年12月31日" in section and 'href="../../jiangzhengbanfa-2024-2/#p2-c2-1"' in section
    first = page[page.index('id="example-1"'):page.index("</section>", page.index('id="example-1"'))]
    assert "购房契税补贴：向县住建局申请" in first and "首次购房补贴：向县住建局申请" in first
    assert "园区购房补贴：向江华高新区申请" not in first  # not granted in this example
    assert 'data-apply' in page  # the result panel's place for the calculation's own list
