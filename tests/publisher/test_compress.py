"""compress.py: precompressed copies, the same bytes whether made now or taken from the cache."""
import gzip
import os
import time

import brotli
import pytest

from publisher import compress


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(compress, "CACHE", tmp_path / "compressed")
    return tmp_path / "compressed"


def test_copies_are_the_settings_compression_and_a_rebuild_takes_them_from_the_cache(cache, monkeypatch):
    page = "<p>第一条　为了规范县级政策文件的发布，制定本办法。</p>\n".encode() * 200
    engine = os.urandom(64) + page * 80  # a megabyte file: the larger window, gzip level 6
    first = {raw: compress.compressed_copies(raw) for raw in (page, engine)}
    assert first[page][".br"] == brotli.compress(page, quality=11, lgwin=22)
    assert first[page][".gz"] == gzip.compress(page, compresslevel=9, mtime=0)
    assert first[engine][".br"] == brotli.compress(engine, quality=11, lgwin=24)
    assert first[engine][".gz"] == gzip.compress(engine, compresslevel=6, mtime=0)

    def no_compression(*args, **kwargs):
        raise AssertionError("compressed again")

    monkeypatch.setattr(compress.brotli, "compress", no_compression)
    monkeypatch.setattr(compress.gzip, "compress", no_compression)
    assert {raw: compress.compressed_copies(raw) for raw in (page, engine)} == first


def test_a_site_rebuilt_with_one_page_changed_compresses_that_page_only(cache, tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    for n in range(3):
        (site / f"{n}.html").write_text(f"<h1>第{n}份</h1>" + "正文。" * 800, encoding="utf-8")
    compress.precompress(site)
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    (site / "1.html").write_text("<h1>改过的</h1>" + "正文。" * 800, encoding="utf-8")
    calls = []
    real = compress.brotli.compress
    monkeypatch.setattr(compress.brotli, "compress", lambda raw, **kw: calls.append(raw) or real(raw, **kw))
    compress.precompress(site)
    assert calls == [(site / "1.html").read_bytes()]
    assert all((site / name).read_bytes() == data for name, data in before.items() if not name.startswith("1."))


def test_copies_no_build_used_for_a_month_are_forgotten(cache):
    compress.compressed_copies(b"x" * 4096)
    old, = [p for p in cache.iterdir() if p.suffix == ".br"]
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    compress.prune_cache()
    assert not old.exists() and [p.suffix for p in cache.iterdir()] == [".gz"]


def test_the_rule_files_a_site_ships_are_compressed_too(cache, tmp_path):
    """The engine fetches every rule file before its first result: sent raw, they were a tenth of a megabyte."""
    rules = tmp_path / "site" / "assets" / "calc" / "rules" / "county"
    rules.mkdir(parents=True)
    (rules / "housing.toml").write_text('[[parameter]]\nname = "首套每平方米补贴"\n' * 400, encoding="utf-8")
    compress.precompress(tmp_path / "site")
    assert brotli.decompress((rules / "housing.toml.br").read_bytes()) == (rules / "housing.toml").read_bytes()
    assert (rules / "housing.toml.gz").exists()
