"""What one page feeds the search index is bounded, large counties are indexed in shards, and Pagefind
runs under a timeout with a Chinese message."""
import gzip
import json
import stat

import pytest

from bundle.wheel import BundleError
from publisher import search_index
from publisher.search_index import SHARD_LIST, capped, shards
from publisher.publish import build_all

from ..conftest import AS_OF, CORPUS


def fragments(bundle):
    for path in (bundle / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        yield json.loads(data[len(b"pagefind_dcd"):])


def test_capped_cuts_the_text_after_the_limit_and_keeps_every_tag():
    html = '<html><body><nav>菜单</nav><article data-pagefind-body><p id="c1">一二三四五</p><p id="c2">六七八九十</p></article></body></html>'
    cut, length = capped(html, limit=7)
    assert length == 10
    assert cut == '<html><body><nav>菜单</nav><article data-pagefind-body><p id="c1">一二三四五</p><p id="c2">六七</p></article></body></html>'
    assert capped(html, limit=100) == (html, 10)
    assert capped("<p>没有正文标记</p>", limit=1) == ("<p>没有正文标记</p>", 0)


def test_a_very_long_notice_is_whole_on_its_page_but_capped_in_the_index(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "INDEX_TEXT_LIMIT", 3000)
    lines = ["关于很长的通知的通知", "青政办发〔2024〕9号", "各单位："]
    lines += [f"{i}.第{i}项要求照此执行，不得有误，落款前的最后一条是尾巴标记。" for i in range(1, 400)]
    lines += ["最后一句独一无二的尾巴", "青山县人民政府办公室", "2024年3月1日"]
    (tmp_path / "long.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = build_all(tmp_path / "long.txt", tmp_path / "site", AS_OF, browser_bundle=False)
    page = (tmp_path / "site" / "qingzhengbanfa-2024-9" / "index.html").read_text(encoding="utf-8")
    assert "最后一句独一无二的尾巴" in page  # the page keeps everything
    assert any("搜索索引只收录前" in w.message for w in corpus.warnings)
    content, = [f["content"] for f in fragments(tmp_path / "site" / "pagefind")]
    text = content.replace("\u200b", "")
    assert "独一无二" not in text and len(text) < 3500


def test_shards_are_stable_when_a_notice_is_added():
    slugs = [f"qzbf-2024-{n}" for n in range(1, 1001)]
    before = shards(slugs, size=300)
    after = shards(slugs + ["qzbf-2024-1001"], size=300)
    assert len(before) == len(after) == 4 and sorted(sum(before, [])) == sorted(slugs)
    moved = sum(1 for a, b in zip(before, after) for s in a if s not in b)
    assert moved == 0
    assert shards(slugs[:5], size=300) == [sorted(slugs[:5])]


def test_a_county_over_the_shard_size_gets_several_bundles_listed_for_the_browser(tmp_path, monkeypatch):
    build_all(CORPUS, tmp_path / "site", AS_OF, browser_bundle=False)
    monkeypatch.setattr(search_index, "SHARD_PAGES", 4)
    build_all(CORPUS, tmp_path / "sharded", AS_OF, browser_bundle=False)
    bundles = json.loads((tmp_path / "sharded" / SHARD_LIST).read_text(encoding="utf-8"))
    assert bundles[0] == "pagefind/" and len(bundles) == 3
    counts = [json.loads((tmp_path / "sharded" / b / "pagefind-entry.json").read_text())["languages"]["zh"]["page_count"]
              for b in bundles]
    assert sum(counts) == 9 and all(counts)
    assert not (tmp_path / "site" / SHARD_LIST).exists()  # one bundle: nothing to merge


def test_pagefind_that_hangs_is_stopped_with_a_chinese_message(tmp_path, monkeypatch):
    hanging = tmp_path / "pagefind_extended"
    hanging.write_text("#!/bin/sh\nsleep 30\n")
    hanging.chmod(hanging.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(search_index, "pagefind_binary", lambda: hanging)
    monkeypatch.setattr(search_index, "TIMEOUT_BASE_S", 0.5)
    monkeypatch.setattr(search_index, "TIMEOUT_PER_PAGE_S", 0.0)
    with pytest.raises(BundleError, match="生成搜索索引超时：Pagefind 处理 9 份文件超过 0 秒仍未完成"):
        build_all(CORPUS, tmp_path / "site", AS_OF, browser_bundle=False)
    assert not (tmp_path / "site").exists()
