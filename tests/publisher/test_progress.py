"""A long build says what it is doing: on a terminal the stage, n/total, time spent and still expected; in a
log one line per stage with its time; at the end a one-line summary pointing to the warnings."""
import io
import subprocess
import sys

from publisher.progress import Progress, duration

from ..conftest import ROOT


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_on_a_terminal_the_line_shows_stage_count_elapsed_and_eta(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr("publisher.progress.time.monotonic", clock)
    stream = io.StringIO()
    progress = Progress(stream, interactive=True)
    with progress.stage("排版页面", total=4) as stage:
        clock.now += 10
        stage.advance()
        assert stage.line() == "排版页面 · 1/4 · 已用 10.0 秒 · 预计还需 30.0 秒"
        clock.now += 65
        stage.advance()
    out = stream.getvalue()
    assert "\r" in out and "预计还需" in out
    assert out.rstrip().endswith("排版页面（2/4）：1 分 15 秒")


def test_in_a_log_one_line_per_stage_and_nothing_redrawn(monkeypatch):
    stream = io.StringIO()
    progress = Progress(stream, interactive=False)
    with progress.stage("读取文件", total=3) as stage:
        for _ in range(3):
            stage.advance()
    with progress.stage("建搜索索引"):
        pass
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith("读取文件（3/3）：") and lines[1].startswith("建搜索索引：")
    assert "\r" not in stream.getvalue()


def test_silent_progress_prints_nothing():
    with Progress.silent().stage("x", total=1) as stage:
        stage.advance()


def test_durations_read_in_chinese():
    assert [duration(s) for s in (3.21, 75, 3725)] == ["3.2 秒", "1 分 15 秒", "1 小时 02 分"]


def test_a_build_logs_its_stages_and_ends_with_a_summary_and_a_pointer(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("关于开会的通知\n各单位：\n请按时参加。\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--source", str(tmp_path / "src"), "--out",
                             str(tmp_path / "site"), "--no-calculators", "--date", "2026-11-29"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for stage in ("读取文件（1/1）：", "排版页面（1/1）：", "生成网页", "建搜索索引", "压缩："):
        assert stage in result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("完成：1 份文件") and "条警告" in summary and "用时" in summary
    assert "（其中 1 份需要核对，已列在清单最前）" in summary  # a title the reader could not find
    listing = tmp_path / "site.warnings.txt"
    assert f"警告清单：{listing}" in summary and "没有找到县情文件" in listing.read_text(encoding="utf-8")
