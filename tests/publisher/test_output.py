"""--out never eats data: refusals in Chinese, a marker file, and a swap that only happens after success."""
import subprocess
import sys

import pytest

from publisher.output import MARKER, check_output, staged_output
from reader.sources import SourceError
from publisher.publish import build_all

from ..conftest import AS_OF, ROOT

NOTICE = "关于开会的通知\n青政办发〔2024〕1号\n各单位：\n一、请按时参加。\n青山县人民政府办公室\n2024年3月1日\n"


def run_build(*args):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--no-calculators", "--date", "2026-11-29"],
                          capture_output=True, text=True)


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a.txt").write_text(NOTICE, encoding="utf-8")
    return folder


def test_a_folder_of_notes_is_refused_and_left_alone(tmp_path, source):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "要紧的笔记.txt").write_text("别删", encoding="utf-8")
    result = run_build("--source", str(source), "--out", str(notes))
    assert result.returncode == 1 and "不是本程序以前生成的网站" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in notes.iterdir()] == ["要紧的笔记.txt"]


@pytest.mark.parametrize("where", ["source", "source_parent", "repository", "repository_docs_parent", "inside_source"])
def test_the_source_the_repository_and_their_parents_are_always_refused(tmp_path, source, where):
    out = {"source": source, "source_parent": tmp_path, "repository": ROOT, "repository_docs_parent": ROOT.parent,
           "inside_source": source / "site"}[where]
    with pytest.raises(SourceError, match="不能把网站生成到"):
        check_output(out, [source], ROOT)
    before = sorted(p.name for p in source.iterdir())
    result = run_build("--source", str(source), "--out", str(out))
    assert result.returncode == 1 and "不能把网站生成到" in result.stderr
    assert sorted(p.name for p in source.iterdir()) == before


def test_the_repositorys_docs_folder_is_refused(source):
    with pytest.raises(SourceError, match="不是本程序以前生成的网站"):
        check_output(ROOT / "docs", [source], ROOT)


def test_a_built_site_has_the_marker_and_is_replaced_by_the_next_build(tmp_path, source):
    out = tmp_path / "site"
    build_all(source, out, AS_OF, browser_bundle=False)
    assert (out / MARKER).is_file()
    (out / "stale.html").write_text("old", encoding="utf-8")
    build_all(source, out, AS_OF, browser_bundle=False)
    assert not (out / "stale.html").exists() and (out / "index.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]  # no staging left behind


def test_an_empty_folder_is_accepted(tmp_path, source):
    (tmp_path / "empty").mkdir()
    build_all(source, tmp_path / "empty", AS_OF, browser_bundle=False)
    assert (tmp_path / "empty" / "index.html").exists()


def test_a_failed_build_leaves_the_previous_site_whole(tmp_path, source, monkeypatch):
    out = tmp_path / "site"
    build_all(source, out, AS_OF, browser_bundle=False)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise SourceError("模拟：压缩时出错")
    monkeypatch.setattr("publisher.county.precompress", broken)  # fails after mkdocs and the index were written
    (source / "b.txt").write_text(NOTICE.replace("1号", "2号"), encoding="utf-8")
    with pytest.raises(SourceError):
        build_all(source, out, AS_OF, browser_bundle=False)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_staging_is_beside_the_output_and_swapped_in(tmp_path):
    out = tmp_path / "site"
    with staged_output(out) as staging:
        assert staging.parent == tmp_path and not out.exists()
        (staging / "index.html").write_text("新", encoding="utf-8")
    assert (out / "index.html").read_text(encoding="utf-8") == "新" and (out / MARKER).exists()
