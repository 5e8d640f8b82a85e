"""Every anchor the nine Jianghua pages had before the reader was rewritten is still there.

`data/seed_anchors.json` was generated once from `main` (commit ba4e010) before any reader change:
per page, every `id` of the notice body and the source line of the block it names. Calculators cite
these anchors and people have shared links to them, so none may disappear or move to another line.
Never regenerate the file to make this test pass.
"""
import json
import re
from pathlib import Path

import pytest

from reader.model import Heading
from publisher.render import render_notice

SEED = json.loads((Path(__file__).parent / "data" / "seed_anchors.json").read_text(encoding="utf-8"))


def block_lines(notice) -> dict[str, int]:
    lines = {}
    for block in notice.blocks:
        if isinstance(block, Heading) and block.role == "doc_title":
            lines.setdefault("doc", block.line)
        elif getattr(block, "anchor", "") and not (isinstance(block, Heading) and block.role == "attachment_title"):
            lines.setdefault(block.anchor, block.line)
    return lines


def test_the_seed_list_covers_the_nine_notices():
    assert len(SEED) == 9 and sum(len(ids) for ids in SEED.values()) == 690


@pytest.mark.parametrize("slug", sorted(SEED))
def test_every_seed_anchor_is_still_on_its_page_at_the_same_line(corpus, slug):
    notice = next((n for n in corpus.notices if n.slug == slug), None)
    assert notice is not None, f"页面 {slug} 不见了"
    ids = set(re.findall(r'\sid="([^"]+)"', render_notice(notice, None, "2026-11-29")))
    missing = [anchor for anchor in SEED[slug] if anchor not in ids]
    assert not missing, f"{slug} 丢失锚点：{missing[:20]}"
    lines = block_lines(notice)
    moved = {anchor: (line, lines.get(anchor)) for anchor, line in SEED[slug].items()
             if line is not None and lines.get(anchor) != line}
    assert not moved, f"{slug} 锚点指向了别的行（原行, 现行）：{dict(list(moved.items())[:20])}"
