"""Build the Chinese search index with Pagefind (extended build, from the npm registry).

Runs on the built site: only notice articles (data-pagefind-body) are indexed, so a query
downloads a few hundred KB at most whatever the corpus size, and results can land on clauses
(every clause has an id, which Pagefind reports as an anchor with its word position).
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from bundle.wheel import BundleError

ROOT = Path(__file__).resolve().parent.parent


def pagefind_binary() -> Path:
    found = sorted(ROOT.glob("node_modules/@pagefind/*/bin/pagefind_extended"))
    if not found:
        raise BundleError("找不到 Pagefind 搜索索引程序（node_modules/@pagefind/…/pagefind_extended）。"
                          "请运行 python3 make.py serve（它会用 npm ci 安装锁定版本的 pagefind）。")
    return found[0]


def build_search_index(site: Path) -> None:
    result = subprocess.run([str(pagefind_binary()), "--site", str(site), "--output-subdir", "pagefind",
                             "--force-language", "zh", "--quiet"], capture_output=True, text=True)
    if result.returncode != 0:
        raise BundleError("生成搜索索引失败：\n" + (result.stderr or result.stdout)[-2000:])
