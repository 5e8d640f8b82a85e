"""Calculator pages (publisher/calculator_pages.py): generated from the parameters through
calculators.api, pinned to the build's date, and free of technical text in front of citizens."""
import datetime as dt
import json
import re
import shutil
import subprocess
import sys

import pytest

from calculators import IDS

from ..conftest import CORPUS, ROOT

BUILD_DAY = dt.date(2026, 11, 29)
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


def render(calculators_root, day=BUILD_DAY, today=None) -> dict[str, str]:
    """The calculator pages as the build renders them, from the calculators package found first on
    the path (a changed copy, or the repository's), in a fresh interpreter; `today` fakes the clock."""
    script = RENDER
    if today:
        script = ("import datetime as _dt\nclass _Day(_dt.date):\n    @classmethod\n    def today(cls): return cls.fromisoformat("
                  f"{today!r})\n_dt.date = _Day\n" + RENDER)
    process = subprocess.run([sys.executable, "-c", script, day.isoformat(), str(CORPUS)], capture_output=True, text=True,
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
    """A copy of the calculators with renewed rules: housing's first-home rate, cap and deadline,
    insurance's deductible, as staff would write them in the parameter files."""
    root = tmp_path_factory.mktemp("renewed")
    shutil.copytree(ROOT / "calculators", root / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
    housing = root / "calculators" / "parameters" / "housing.json"
    data = json.loads(housing.read_text(encoding="utf-8"))
    data["parameters"]["first_home.per_m2"]["values"][0]["value"] = "120"
    data["parameters"]["first_home.cap"]["values"][0]["value"] = "15000"
    data["parameters"]["application_deadline"]["values"][0]["value"] = "2027-12-31"
    housing.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    insurance = root / "calculators" / "parameters" / "insurance.json"
    data = json.loads(insurance.read_text(encoding="utf-8"))
    data["parameters"]["illness.deductible"]["values"][0]["value"] = "800"
    insurance.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return render(root)


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
    assert 'data-mark="deadline" data-value="2027-12-31"' in after and "第一、二项申报截止 2027-12-31" in after
    assert "2026年12月31日" not in visible(after)
    before, after = pages["calculators/insurance.md"], changed["calculators/insurance.md"]
    assert "先扣免赔额 500.00 元" in before and "2,850.00 元" in before
    assert "先扣免赔额 800.00 元" in after and "2,760.00 元" in after and "因病先扣免赔额 800元" in after
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
    assert re.search(r'<details class="calc-staff"[^>]*>\s*<summary>供工作人员：网址参数与参数文件</summary>', page)
    assert f"calculators/parameters/{calculator}.json" in page  # for staff, in the collapsed section


@pytest.mark.parametrize("calculator", IDS)
def test_each_page_shows_its_rules_picture_and_each_examples_picture(pages, calculator):
    page = pages[f"calculators/{calculator}.md"]
    rules = page[page.index('id="rules"'):page.index('id="examples"')]
    assert rules.count("<svg") == 1 and 'data-picture="' in rules and "<figcaption>图：" in rules
    examples = page[page.index('id="examples"'):page.index('id="interpretations"')]
    assert examples.count("<svg") == examples.count('class="calc-example"')
