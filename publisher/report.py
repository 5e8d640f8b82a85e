"""The build report for staff: per notice, what was set aside, guessed or could not be placed.

The same lines go to stderr at the end of a build and to a page outside the citizens' menu
(`/report/`), each with its file and line, so that staff can open the source and check.
"""
from __future__ import annotations

import bisect
import json
from collections import defaultdict

from markupsafe import escape

from reader.model import REPORT_KINDS, BuildWarning, Notice

ORDER = ("unplaced", "guess", "problem", "set_aside")  # what needs a look first


def by_notice(notices: list[Notice], warnings: list[BuildWarning]) -> tuple[list[tuple[Notice, list[BuildWarning]]],
                                                                             list[BuildWarning]]:
    """Each notice with the warnings about its lines, and the warnings about no notice (links, meta files)."""
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for index, notice in enumerate(notices):
        spans[notice.source_path].append((notice.first_line, notice.last_line, index))
    for found in spans.values():
        found.sort()
    starts = {path: [s[0] for s in found] for path, found in spans.items()}
    grouped: dict[int, list[BuildWarning]] = defaultdict(list)
    other: list[BuildWarning] = []
    for warning in warnings:
        found = spans.get(warning.path)
        if found and warning.line is not None:
            k = bisect.bisect_right(starts[warning.path], warning.line) - 1
            if k >= 0 and found[k][0] <= warning.line <= found[k][1]:
                grouped[found[k][2]].append(warning)
                continue
        other.append(warning)
    result = []
    for index, notice in enumerate(notices):
        items = sorted(grouped.get(index, []), key=lambda w: (ORDER.index(w.kind) if w.kind in ORDER else 9, w.line or 0))
        result.append((notice, items))
    return result, other


NEEDS_REVIEW = ("unplaced", "guess", "problem")  # a notice with any of these is listed before those only set aside


def _groups(notices: list[Notice], warnings: list[BuildWarning]) -> list[list[str]]:
    """The checklist's groups of lines: a heading line and its items per notice with anything to report, the
    notices that need review first (in reading order), then those with only set-aside lines, then the rest."""
    grouped, other = by_notice(notices, warnings)
    review, set_aside_only = [], []
    for notice, items in grouped:
        if not items:
            continue
        lines = [f"《{notice.title}》（{notice.source_path} 第 {notice.first_line}–{notice.last_line} 行）"]
        lines.extend(f"  {item}" for item in items)
        (review if any(item.kind in NEEDS_REVIEW for item in items) else set_aside_only).append(lines)
    groups = review + set_aside_only
    if other:
        groups.append(["其他"] + [f"  {item}" for item in other])
    return groups


def needing_review(notices: list[Notice], warnings: list[BuildWarning]) -> int:
    """How many notices have something staff must check (a guess, a problem, text that could not be placed)."""
    grouped, _ = by_notice(notices, warnings)
    return sum(1 for _, items in grouped if any(item.kind in NEEDS_REVIEW for item in items))


def report_lines(notices: list[Notice], warnings: list[BuildWarning]) -> list[str]:
    """The report as plain lines for stderr: a heading line per notice that has anything to report, the notices
    that need review first."""
    return [line for group in _groups(notices, warnings) for line in group]


def checklist(notices: list[Notice], warnings: list[BuildWarning], limit: int) -> tuple[list[str], int, int]:
    """The terminal's checklist within about `limit` lines: whole groups only, so that no notice is cut short.
    Returns the lines shown, and how many notices (groups) and items were left out; a first group longer than
    the limit is shown whole rather than nothing."""
    shown: list[str] = []
    left_groups = left_items = 0
    for group in _groups(notices, warnings):
        if left_groups or (shown and len(shown) + len(group) > limit):
            left_groups += 1
            left_items += len(group) - 1
            continue
        shown.extend(group)
    return shown, left_groups, left_items


def render_report(notices: list[Notice], warnings: list[BuildWarning]) -> str:
    """/report/: a staff page (not in the menu, not searched) with the build's report."""
    grouped, other = by_notice(notices, warnings)
    counts = defaultdict(int)
    for warning in warnings:
        counts[warning.kind] += 1
    parts = ['<div class="build-report">', '<h1 id="title">生成报告（工作人员用）</h1>',
             '<p>本页列出生成网站时系统移出、推测和无法归入的内容，每条注明文件和行号，供核对原文。本页不在网站菜单中，也不参与搜索。</p>',
             '<ul class="report-summary">' + "".join(
                 f"<li>{escape(REPORT_KINDS[k])}：{counts.get(k, 0)} 条</li>" for k in ORDER) + "</ul>"]
    listed = [(any(item.kind in NEEDS_REVIEW for item in items), notice, items) for notice, items in grouped if items]
    review = sum(1 for needs, _, _ in listed if needs)
    if review:
        parts.append(f'<p class="report-review-count">{review} 份文件需要核对，列在最前。</p>')
    for needs, notice, items in sorted(listed, key=lambda entry: not entry[0]):  # stable: reading order within each
        mark = '<span class="report-review">需要核对</span>' if needs else ""
        parts.append(f'<section class="report-notice"><h2>{mark}<a href="../{escape(notice.slug)}/">{escape(notice.title)}</a></h2>'
                     f'<p class="report-where">{escape(notice.source_path)} 第 {notice.first_line}–{notice.last_line} 行</p><ul>')
        for item in items:
            where = f"{item.path}:{item.line}" if item.line else item.path
            parts.append(f'<li data-kind="{escape(item.kind)}"><span class="report-kind">{escape(REPORT_KINDS.get(item.kind, "警告"))}</span>'
                         f'<code>{escape(where)}</code> {escape(item.message)}</li>')
        parts.append("</ul></section>")
    if other:
        parts.append('<section class="report-notice"><h2>其他</h2><ul>')
        for item in other:
            where = f"{item.path}:{item.line}" if item.line else item.path
            parts.append(f'<li data-kind="{escape(item.kind)}"><span class="report-kind">{escape(REPORT_KINDS.get(item.kind, "警告"))}</span>'
                         f'<code>{escape(where)}</code> {escape(item.message)}</li>')
        parts.append("</ul></section>")
    if not warnings:
        parts.append("<p>本次生成没有需要核对的内容。</p>")
    parts.append("</div>")
    fields = {"title": "生成报告", "description": "生成网站时的核对清单（工作人员用）。", "hide": ["toc"],
              "search": {"exclude": True}}
    front = "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()) + "\n---\n\n"
    return front + "".join(parts) + "\n"
