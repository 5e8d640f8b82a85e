"""build.py: the command line county staff use."""
import filecmp
import subprocess
import sys

from .conftest import ROOT


def run_build(*args):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True)


def test_bad_encoding_ends_with_a_chinese_message_and_no_traceback(tmp_path):
    bad = tmp_path / "乱码.txt"
    bad.write_bytes(b"\x81\xff\xfe\x80\x81\x82")
    result = run_build("--source", str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "乱码.txt" in result.stderr and "编码" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # nothing written before everything is read


def test_a_missing_source_and_a_bad_option_are_explained_in_chinese(tmp_path):
    result = run_build("--source", str(tmp_path / "无此文件夹"))
    assert result.returncode == 1 and "找不到输入" in result.stderr
    result = run_build("--date", "明天")
    assert result.returncode == 2 and "参数有误" in result.stderr and "Traceback" not in result.stderr


def test_a_folder_of_one_file_per_notice_builds(tmp_path):
    from .conftest import FIXTURES
    result = run_build("--source", str(FIXTURES / "other_counties"), "--out", str(tmp_path / "out"), "--date", "2026-11-29")
    assert result.returncode == 0, result.stderr
    assert "警告" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "out" / "ningzhengbanfa-2023-12" / "index.html").exists()


def test_two_builds_of_the_same_input_on_the_same_date_are_byte_identical(tmp_path):
    for name in ("one", "two"):
        result = run_build("--out", str(tmp_path / name), "--date", "2026-11-29")
        assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")

    def differences(c):
        found = c.diff_files + c.left_only + c.right_only
        for sub in c.subdirs.values():
            found += differences(sub)
        return found

    # dircmp compares shallowly by stat; compare contents of every file
    mismatched = []
    for path in (tmp_path / "one").rglob("*"):
        if path.is_file():
            other = tmp_path / "two" / path.relative_to(tmp_path / "one")
            if not other.exists() or other.read_bytes() != path.read_bytes():
                mismatched.append(str(path.relative_to(tmp_path / "one")))
    assert not differences(comparison) and not mismatched


CORRECTABLE = """关于做好春耕生产工作的通知
青政办发〔2024〕1号
各乡镇人民政府：
一、抓好春耕备耕。
青山县人民政府办公室
2024年3月1日
关于印发《青山县农村危房改造补助办法》的通知
各乡镇人民政府：
本办法自印发之日起实施。
青山县人民政府办公室
2024年3月5日
"""


def test_correct_lists_the_notices_and_writes_a_commented_template_with_the_readers_values(tmp_path):
    import tomllib
    county = tmp_path / "qingshan"
    county.mkdir()
    (county / "2024.txt").write_text(CORRECTABLE, encoding="utf-8")
    listed = run_build("correct", "--list", "--source", str(county))
    assert listed.returncode == 0, listed.stderr
    assert "2024.txt:1　青政办发〔2024〕1号　关于做好春耕生产工作的通知" in listed.stdout
    assert "2024.txt:2　（无文号）　关于印发《青山县农村危房改造补助办法》的通知" in listed.stdout
    written = run_build("correct", "2024.txt:2", "--source", str(county))
    assert written.returncode == 0, written.stderr
    template, = (county / "meta").glob("*.toml")
    text = template.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {"来源": "2024.txt", "第几份": 2}
    assert '# "标题" = "关于印发《青山县农村危房改造补助办法》的通知"' in text and '# "文号" = ""' in text
    assert "已写出更正文件" in written.stdout and template.name in written.stdout
    # the clerk fills in the 文号; the list then shows the file, and a second template is refused
    template.write_text(text.replace('# "文号" = ""', '"文号" = "青政办发〔2024〕2号"'), encoding="utf-8")
    assert f"〔已有更正文件 qingshan/meta/{template.name}〕" in run_build("correct", "--list", "--source", str(county)).stdout
    again = run_build("correct", "2024.txt:2", "--source", str(county))
    assert again.returncode == 1 and "已有更正文件" in again.stderr and "Traceback" not in again.stderr
    by_number = run_build("correct", "青政办发[2024]1号", "--source", str(county))
    assert by_number.returncode == 0 and len(list((county / "meta").glob("*.toml"))) == 2
    missing = run_build("correct", "2024.txt:5", "--source", str(county))
    assert missing.returncode == 1 and "「2024.txt」中只有 2 份通知" in missing.stderr


def test_a_correction_that_matches_nothing_stops_the_build_in_the_terminal(tmp_path):
    county = tmp_path / "qingshan"
    (county / "meta").mkdir(parents=True)
    (county / "2024.txt").write_text(CORRECTABLE, encoding="utf-8")
    (county / "meta" / "fix.toml").write_text('"来源" = "2023.txt"\n"第几份" = 1\n"状态" = "已失效"\n', encoding="utf-8")
    result = run_build("--source", str(county), "--out", str(tmp_path / "out"), "--no-calculators")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "生成失败：更正文件 qingshan/meta/fix.toml 中的「来源」「2023.txt」找不到" in result.stderr
    assert not (tmp_path / "out").exists()


def test_help_and_argument_errors_are_in_chinese():
    result = run_build("--help")
    assert result.returncode == 0 and result.stdout.startswith("用法：")
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in result.stdout
    for wrong, chinese in ((["--bogus"], "不认识的参数：--bogus"), (["frob"], "命令 不能是 'frob'"),
                           (["--port"], "--port 后面要写一个值"), (["--jobs", "二"], "--jobs 的值 '二' 格式不对")):
        result = run_build(*wrong)
        assert result.returncode == 2 and chinese in result.stderr, (wrong, result.stderr)


def test_a_plain_python3_outside_the_project_environment_runs_in_it(tmp_path):
    """`python3 build.py` as the hints say: the interpreter without the packages hands over to .venv."""
    import shutil
    plain = shutil.which("python3", path="/usr/bin:/bin")
    assert plain and subprocess.run([plain, "-c", "import pypinyin"], capture_output=True).returncode != 0
    result = subprocess.run([plain, str(ROOT / "build.py"), "new-county", "青山县", "--source", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "qingshanxian" / "county.toml").exists() and "python3 build.py --source" in result.stdout


def test_without_the_project_environment_a_plain_python3_is_told_which_command_installs_it(tmp_path):
    import shutil
    plain = shutil.which("python3", path="/usr/bin:/bin")
    shutil.copy(ROOT / "build.py", tmp_path / "build.py")  # a checkout where make.py has not run yet
    result = subprocess.run([plain, str(tmp_path / "build.py")], capture_output=True, text=True)
    assert result.returncode == 1 and "python3 make.py serve" in result.stderr
    assert "Traceback" not in result.stderr and "ModuleNotFoundError" not in result.stderr
