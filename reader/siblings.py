"""Passes over the blocks once the body is read: decisions that need all siblings together.

Siblings of one numbering kind agree on their role (all headings, all text, or a list); attachment
lists are linked to the attachments the text opens; set-aside lines are reported one run at a time.
"""
from __future__ import annotations

import dataclasses

from . import thresholds as T
from .body import attachment_title
from .model import Attachment, AttachmentList, ChromeLine, Clause, Paragraph
from .unrelated import UNRELATED

NOT_IN_TEXT = "正文中没有它的内容"  # an 附件 the list names and the text lacks; a file of its own may supply it


class SiblingDecisions:
    def _sibling_roles(self) -> None:
        """Siblings of one numbering kind agree: all headings, all text, or (short and adjacent) a list."""
        groups: dict[tuple, list[int]] = {}
        levels: dict[tuple, int] = {}
        for index, (placement, part) in self.placements.items():
            groups.setdefault((part, placement.parent, placement.kind), []).append(index)
            levels.setdefault((part, placement.kind), placement.depth)  # a kind's level: where it first appears
        for (_, parent, kind), members in groups.items():
            clauses = [self.blocks[k] for k in members]
            if kind in ("article", "item"):
                role = "text"  # provisions are text, however short
            elif all(c.heading and not c.text and not c.heading.endswith(("；", ";", "，", ",")) for c in clauses):
                role = "heading"
            else:
                role = "text"
            # one of them over clauses of its own ("三、禁止类型：" over 1. 2. 3.): they are the heads of the text, not a list
            items = set() if any(_has_children(self.blocks, k) for k in members) else _list_runs(self.blocks, members)
            for k in members:
                placement, part = self.placements[k]
                own = "item" if k in items else role
                self.blocks[k] = dataclasses.replace(self.blocks[k], role=own, level=levels[(part, placement.kind)])

    def _resolve_attachment_lists(self) -> None:
        """Link each listed attachment to its content on the page, or name it as missing (never a dead link)."""
        opened = {a.number: a for a in self.attachments if a.anchor}
        named_only: list[Attachment] = []
        for index, block in enumerate(self.blocks):
            if not isinstance(block, AttachmentList):
                continue
            single = len(block.items) == 1
            anchors = []
            for (number, title), line in zip(block.items, block.lines or (block.line,) * len(block.items)):
                found = opened.get(number or "1") if (number or single) else None
                anchors.append(found.anchor if found else "")
                if found and found.title in (found.label, "") or (found and found.title.rstrip("：: ") == found.label):
                    # the attachment opens without a title of its own: the list's title names it
                    named = dataclasses.replace(found, title=attachment_title(title))
                    self.attachments[self.attachments.index(found)] = named
                    opened[number or "1"] = named  # a second list naming it finds it as it is now
                if not found:
                    label = f"附件{number}" if number else "附件"
                    named_only.append(Attachment(number, attachment_title(title), "", label))
                    self.warn(line, f"{label}「{title}」{NOT_IN_TEXT}（网页上多为另附文件），列表中不加链接",
                              "unplaced")
            self.blocks[index] = dataclasses.replace(block, anchors=tuple(anchors))
        known = {(a.number, a.title) for a in self.attachments}
        self.attachments.extend(a for a in named_only if (a.number, a.title) not in known)
        self.attachments.sort(key=lambda a: (not a.number, int(a.number) if a.number.isdigit() else 0))

    def _report_set_aside(self) -> None:
        """One report line per run of set-aside lines: which lines, and what they were."""
        run: list[ChromeLine] = []
        for chrome in sorted(self.chrome, key=lambda c: c.line) + [None]:
            if run and (chrome is None or chrome.line - run[-1].line > T.REPORT_RUN_GAP):
                kinds = "、".join(dict.fromkeys(c.kind for c in run))
                where = f"第 {run[0].line}–{run[-1].line} 行" if len(run) > 1 else f"第 {run[0].line} 行"
                self.warn(run[0].line, f"{where}（{kinds}）是网页附带的文字，已移入「网页附带文字」，不作标题、小标题或正文",
                          "set_aside")
                placed = [c for c in run if c.kind in ("页眉", "页脚")]
                if placed:
                    spot = "标题之前" if placed[0].kind == "页眉" else "落款之后的网页页脚中"
                    self.warn(placed[0].line, f"{where}中有 {len(placed)} 行（如「{placed[0].text[:16]}」）位于{spot}、"
                                              "不像公文文字，推测为网页附带文字", "guess")
                unrelated = [c for c in run if c.kind == UNRELATED]
                if unrelated:  # spam or another page's news: worth a look, it may hide a line of the notice
                    self.warn(unrelated[0].line, f"{where}中有 {len(unrelated)} 行{UNRELATED}（如「{unrelated[0].text[:24]}」："
                                                 "广告或赌博色情词语、带浏览次数的新闻标题或网站标题栏），已移出，"
                                                 "不作标题、发文机关或正文，请对照原文核对", "problem")
                learned = [c for c in run if c.line in self.page.repeated]
                if learned:
                    most = max(self.page.repeated[c.line] for c in learned)
                    self.warn(learned[0].line, f"{where}中有 {len(learned)} 行（如「{learned[0].text[:16]}」）在 {most} 份"
                                               "文本中重复出现，按网页附带文字处理", "set_aside")
                run = []
            if chrome is not None:
                run.append(chrome)


def _list_runs(blocks: list, members: list[int]) -> set[int]:
    """Members that stand in runs of adjacent short siblings with nothing between them: list items.

    Three make a list; two do when the sentence before them announces it (ends with a colon)."""
    found: set[int] = set()
    run: list[int] = []
    for k in members + [None]:
        clause = blocks[k] if k is not None else None
        # an entry names something (a body, a person, a farm): short, and not a sentence ending in 。
        short = clause is not None and len(clause.heading + clause.text) <= T.LIST_ITEM_MAX_CHARS and not any(
            ch in "。！？!?" for ch in (clause.heading + clause.text))
        if clause is not None and short and run and k == run[-1] + 1:
            run.append(k)
            continue
        if len(run) >= T.LIST_MIN_ITEMS or (len(run) >= 2 and _announces_list(blocks[run[0] - 1] if run[0] else None)):
            found.update(run)
        run = [k] if short else []
    return found


def _has_children(blocks: list, k: int) -> bool:
    """A clause whose next block is a clause below it ("三、禁止类型：" over 1. 2. 3.): a head, not a list's entry."""
    following = blocks[k + 1] if k + 1 < len(blocks) else None
    return isinstance(following, Clause) and following.depth > blocks[k].depth


def _announces_list(block) -> bool:
    text = block.text if isinstance(block, (Paragraph, Clause)) else ""
    return text.rstrip().endswith(("：", ":"))
