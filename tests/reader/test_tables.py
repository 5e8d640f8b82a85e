"""tables.py: every written form of a table, read to the same rows."""
import pytest

from reader.model import SourceText, Table
from reader.parse import parse_chunk
from reader.sources import split_lines
from reader.split import split
from reader.tables import table_at

HEAD = "关于下达补贴标准的通知\n某政办发〔2024〕3号\n各单位：\n"
ROWS = [["类别", "标准（元）", "备注"], ["一级", "3000", "按年发放"], ["二级", "2000", "按年发放"]]


def tables_of(text: str):
    notice, warnings = parse_chunk(split(SourceText("表.txt", "utf-8", split_lines(text)))[0])
    return [b for b in notice.blocks if isinstance(b, Table)], notice, warnings


def cells(table: Table):
    return [[c.text for c in row if c is not None] for row in table.rows]


@pytest.mark.parametrize("form, body", [
    ("tabs", "\n".join("\t".join(r) for r in ROWS)),
    ("pipes", "\n".join("| " + " | ".join(r) + " |" for r in ROWS[:1]) + "\n|---|---|---|\n"
     + "\n".join("| " + " | ".join(r) + " |" for r in ROWS[1:])),
    ("spaces", "\n".join("    ".join(r) for r in ROWS)),
    ("box-drawing", "┌──┬──┬──┐\n" + "\n├──┼──┼──┤\n".join("│" + "│".join(r) + "│" for r in ROWS) + "\n└──┴──┴──┘"),
    ("one-cell-a-line", "\n\n".join("\n".join("\t" + c for c in r) for r in ROWS)),
])
def test_each_form_gives_the_same_rows_and_keeps_its_caption(form, body):
    found, notice, _ = tables_of(HEAD + "表1 补贴标准\n" + body + "\n\n以上标准自印发之日起执行。\n")
    table, = found
    assert table.form == form
    assert cells(table) == ROWS
    caption = notice.blocks[notice.blocks.index(table) - 1]
    assert caption.text == "表1 补贴标准" and caption.role == "caption"


def test_layout_characters_that_are_not_spaces_are_kept_for_the_page():
    table, = tables_of(HEAD + "| 类别 | 标准 |\n|---|---|\n| 一级 | 3000 |\n")[0]
    assert table.source == ("| 类别 | 标准 |", "|---|---|", "| 一级 | 3000 |")


def test_uneven_rows_are_padded_with_a_warning():
    found, _, warnings = tables_of(HEAD + "类别 | 标准 | 备注 |\n一级 | 3000 | 按年 |\n二级 | 2000 |\n")
    assert cells(found[0])[-1] == ["二级", "2000", ""]
    assert any("不一致" in w.message and w.line == 4 for w in warnings)


def test_cells_closed_by_bars_without_row_marks_take_the_header_width():
    values = ["地区", "面积", "规模", "甲市", "1.27", "3.5", "乙市", "0.30", "0.4", "合计", "1.57", "3.9"]
    found, _, _ = tables_of(HEAD + "\n".join(f"{v}\n|" for v in values) + "\n")
    assert cells(found[0]) == [values[k:k + 3] for k in range(0, 12, 3)]


def test_numbered_rows_one_cell_a_line_with_merged_cells():
    lines = ["序号", "事项", "部门", "1", "开办企业", "市监局", "公安局", "2", "开办药店", "市监局", "卫健局", "医保局"]
    found, _, _ = tables_of(HEAD + "\n\n".join(lines) + "\n")
    table, = found
    assert len(table.rows) == 6 and len(table.rows[0]) == 3
    assert table.rows[1][0].rowspan == 2 and table.rows[2][0] is None


def test_two_names_padded_to_three_are_a_list_not_a_table():
    lines = split_lines("刘  斌   县政府办主任\n张  劲   县财政局局长\n李少军   县城管局局长\n")
    assert table_at(lines, 0) is None


def test_joint_issuers_side_by_side_are_a_signature_not_a_table():
    found, notice, _ = tables_of(HEAD + "请遵照执行。\n某县农业农村局    某县财政局\n2024年3月1日\n")
    assert not found and notice.issuers == ("某县农业农村局", "某县财政局")
