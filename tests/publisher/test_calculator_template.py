"""`build.py new-calculator 名称` (publisher/calculator_template.py): a commented template in the county's
calculators folder that the build refuses, naming each blank, until it is filled; filled, it loads, its
worked example is checked and the county's site has the calculator."""
import shutil
import subprocess
import sys

import pytest

from calculators import api
from publisher.corpus import read_notices
from reader.sources import SourceError

from ..conftest import AS_OF, CORPUS, ROOT

FILLED = [  # each blank in the order it appears (texts are already in quotes), as a clerk fills it from a notice
    "按《江华瑶族自治县2024年防贫综合保险实施方案》计算每月补助。", "申请补助的家庭。",
    "江政办发〔2024〕3号", "江华瑶族自治县2024年防贫综合保险实施方案", "jiangzhengbanfa-2024-3/",
    "c4-1", "四（一）", "c4-1", "2023-10-01", "享受补助的人数", "c4-1", "每人每月补助标准", "c4-1",
    "2023-10-01", "650", "c4-1", "三人享受补助", "3", "1950",
]


def county(tmp_path):
    folder = tmp_path / "sources" / "jianghua"
    shutil.copytree(CORPUS, folder)
    return folder


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, cwd=ROOT)


def test_the_command_writes_the_template_into_the_countys_calculators_folder(tmp_path):
    folder = county(tmp_path)
    done = run("new-calculator", "高龄津贴计算器", "--source", str(folder))
    assert done.returncode == 0, done.stderr
    path = folder / "calculators" / "gaolingjintiejisuanqi.toml"
    text = path.read_text(encoding="utf-8")
    assert 'title = "高龄津贴计算器"' in text and 'county = "江华瑶族自治县"' in text and 'id = "gaolingjintiejisuanqi"' in text
    assert "已写出计算器样板" in done.stdout and "____" in done.stdout
    comments = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line and line.split("#", 1)[1].strip()]
    assert len(comments) > 20 and sum(any("\u4e00" <= c <= "\u9fff" for c in line) for line in comments) == len(comments)
    again = run("new-calculator", "高龄津贴计算器", "--source", str(folder))
    assert again.returncode == 1 and "已经存在" in again.stderr and path.read_text(encoding="utf-8") == text


def test_an_unfilled_blank_stops_the_build_at_its_line_and_column(tmp_path):
    folder = county(tmp_path)
    assert run("new-calculator", "高龄津贴计算器", "--source", str(folder)).returncode == 0
    text = (folder / "calculators" / "gaolingjintiejisuanqi.toml").read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), 1) if "____" in row.split("#")[0])
    with pytest.raises(SourceError) as caught:
        read_notices(folder, AS_OF)
    column = text.split("\n")[line - 1].index("____") + 1
    assert f"jianghua/calculators/gaolingjintiejisuanqi.toml 第 {line} 行第 {column} 列：这里还没有填写" in str(caught.value)


def test_the_filled_template_loads_checks_its_example_and_is_on_the_site(tmp_path):
    folder = county(tmp_path)
    assert run("new-calculator", "低保补助计算器", "--source", str(folder)).returncode == 0
    path = folder / "calculators" / "dibaobuzhujisuanqi.toml"
    text = path.read_text(encoding="utf-8")
    values, lines = iter(FILLED), []
    for line in text.split("\n"):
        code, mark, comment = line.partition("#")
        while "____" in code:
            code = code.replace("____", next(values), 1)
        lines.append(code + mark + comment)
    assert next(values, None) is None
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    corpus = read_notices(folder, AS_OF)
    assert corpus.catalogue.runs_from_file("dibaobuzhujisuanqi")
    assert "dibaobuzhujisuanqi" in {b.described["id"] for b in corpus.calculators}  # its notice is in the corpus
    result = corpus.catalogue.run("dibaobuzhujisuanqi", {"people": "3", "as_of": "2024-01-01"})
    assert result["monthly_yuan"] == 1950 and not result["errors"]
    path.write_text(text.replace("expect = { monthly_yuan = 1950 }", "expect = { monthly_yuan = 1900 }"), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_notices(folder, AS_OF)
    assert "例子写的是 1900，按本文件算得 1950" in str(caught.value)


def test_a_county_without_a_profile_is_told_what_to_do_first(tmp_path):
    (tmp_path / "empty").mkdir()
    done = run("new-calculator", "高龄津贴计算器", "--source", str(tmp_path / "empty"))
    assert done.returncode == 1 and "new-county" in done.stderr


def test_the_template_holds_no_facts_of_a_county():
    from publisher.calculator_template import TEMPLATE
    text = TEMPLATE.read_text(encoding="utf-8")
    assert "江华" not in text and api.county_rule_files(CORPUS)  # the county comes from its profile
