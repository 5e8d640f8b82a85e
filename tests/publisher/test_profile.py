"""A county's facts come from its profile (county.toml), never from code; a folder without one still builds,
named after its own issuing bodies, with a warning that says how to add one."""
import ast
import subprocess
import sys

from publisher.profile import derived_profile, load_profile, new_county, short_name, url_path
from publisher.corpus import read_notices
from publisher.publish import build_all

from ..conftest import AS_OF, CORPUS, ROOT

QINGSHAN = """青山县人民政府办公室
关于做好春耕生产工作的通知
青政办发〔2024〕1号
各乡镇人民政府，县直各单位：
一、抓好春耕备耕。各乡镇要组织农户做好准备。
二、做好农资供应。
青山县人民政府办公室
2024年3月1日
"""


def test_jianghua_reads_its_facts_from_its_profile():
    profile = load_profile(CORPUS)
    assert (profile.name, profile.short_name, profile.site_title) == ("江华瑶族自治县", "江华", "江华瑶族自治县政策文件")
    assert profile.site_url == "https://policies.jianghua.example/" and profile.from_file


def test_no_county_name_or_address_in_code_or_theme_settings():
    """String values in code (docstrings and comments may give examples) and the theme's settings."""
    words = ("江华", "jianghua")
    found = []
    for path in sorted([*(p for room in ("reader", "publisher", "server") for p in (ROOT / room).rglob("*.py")), ROOT / "build.py", ROOT / "make.py",
                        *(ROOT / "bench").glob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        found += [f"{path.name}:{node.lineno}" for node in ast.walk(tree) if isinstance(node, ast.Constant)
                  and isinstance(node.value, str) and id(node) not in docstrings and any(w in node.value for w in words)]
    for path in [ROOT / "mkdocs.yml", *(ROOT / "site_templates").rglob("*.html"), *(ROOT / "publisher" / "templates").glob("*"),
                 *(ROOT / "docs" / "assets").glob("*.js")]:
        found += [path.name for w in words if w in path.read_text(encoding="utf-8")]
    assert not found


def test_a_folder_without_a_profile_is_named_after_its_issuers_with_a_warning(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(QINGSHAN, encoding="utf-8")
    corpus = read_notices(tmp_path / "src", AS_OF)
    assert corpus.profile.site_title == "青山县政策文件" and corpus.profile.short_name == "青山"
    warning = corpus.warnings[0]
    assert "county.toml" in warning.message and "new-county" in warning.message


def test_a_folder_without_a_profile_never_gets_another_countys_name_or_calculators(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(QINGSHAN, encoding="utf-8")
    build_all(tmp_path / "src", tmp_path / "site", AS_OF, browser_bundle=True)
    site = tmp_path / "site"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "江华" not in text and "jianghua" not in text, page
    assert "<title>青山县政策文件" in (site / "index.html").read_text(encoding="utf-8")
    assert not (site / "calculators").exists() and not (site / "assets" / "pyodide").exists()
    assert not (site / "assets" / "calc").exists()
    assert "政策计算器" not in (site / "index.html").read_text(encoding="utf-8")
    assert "试算" not in (site / "qingzhengbanfa-2024-1" / "index.html").read_text(encoding="utf-8")
    assert (site / "sw.js").exists()  # offline reading still works on a kiosk


def test_notices_that_name_no_place_give_a_plain_title_not_a_county(tmp_path):
    (tmp_path / "a.txt").write_text("关于开会的通知\n各单位：\n请按时参加。\n办公室\n2024年3月1日\n", encoding="utf-8")
    profile, warning = derived_profile(tmp_path, read_notices(tmp_path, AS_OF).notices)
    assert profile.site_title == "政策文件" and "找不到县名" in warning.message


def test_a_place_is_found_past_page_chrome_before_a_title(tmp_path):
    (tmp_path / "a.txt").write_text("返回顶部镇巴县人民政府工作规则\n第一章 总则\n一、为规范工作制定本规则。\n", encoding="utf-8")
    assert read_notices(tmp_path, AS_OF).profile.site_title == "镇巴县政策文件"


def test_short_names_and_paths():
    assert [short_name(n) for n in ("江华瑶族自治县", "青山县", "道县", "永州市")] == ["江华", "青山", "道县", "永州"]
    assert url_path(ROOT / "sources" / "jianghua") == "jianghua"
    assert url_path(ROOT / "青山县") == "qingshanxian"


def test_new_county_writes_a_profile_and_a_readme_and_then_builds(tmp_path):
    folder = new_county("青山县", tmp_path / "sources")
    assert folder == tmp_path / "sources" / "qingshanxian"
    profile = load_profile(folder)
    assert (profile.name, profile.short_name, profile.site_title) == ("青山县", "青山", "青山县政策文件")
    assert profile.site_url is None  # written commented out: a placeholder address would be wrong
    assert "青山县" in (folder / "README.md").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(QINGSHAN, encoding="utf-8")
    corpus = read_notices(folder, AS_OF)
    assert corpus.profile.from_file and not any("county.toml" in w.message for w in corpus.warnings)


def test_new_county_from_the_command_line_refuses_to_overwrite(tmp_path):
    command = [sys.executable, str(ROOT / "build.py"), "new-county", "青山县", "--source", str(tmp_path)]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0 and "county.toml" in first.stdout
    second = subprocess.run(command, capture_output=True, text=True)
    assert second.returncode == 1 and "已经存在" in second.stderr and "Traceback" not in second.stderr
    bad = subprocess.run([*command[:3], "Qingshan", *command[4:]], capture_output=True, text=True)
    assert bad.returncode == 1 and "汉字" in bad.stderr


def test_the_contact_line_and_description_come_from_the_profile_escaped(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text(QINGSHAN, encoding="utf-8")
    (tmp_path / "src" / "county.toml").write_text(
        'name = "青山县"\nsite_url = "https://zcwj.qingshan.example/"\ncontact = "县政府办 <b>电话</b> 0000-1234567"\n'
        'description = "青山县的政策"\nas_of = 2024-06-01\n', encoding="utf-8")
    corpus = build_all(tmp_path / "src", tmp_path / "site", browser_bundle=False)
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "县政府办 &lt;b&gt;电话&lt;/b&gt; 0000-1234567" in html and "<b>电话" not in html
    assert 'content="青山县的政策"' in (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    assert "https://zcwj.qingshan.example/" in html
    assert corpus.as_of.isoformat() == "2024-06-01"  # the profile's day, when no --date is given
