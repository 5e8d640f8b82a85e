"""page.py: page furniture and information blocks, one form at a time."""
import pytest

from reader.page import chrome_kind, parse_info_line, read_page
from reader.sources import split_lines


def layer_of(text: str):
    lines = split_lines(text)
    return lines, read_page(lines)


@pytest.mark.parametrize("line, kind", [
    ("当前位置: 首页 > 政务公开 > 政府文件", "导航"),
    ("您当前位置:首页  >> 政务公开  >> 通知公告", "导航"),
    (">> ... >> 其他政策文件", "导航"),
    ("首頁 > 信息公開 > 政府文件", "导航"),  # a mirror in traditional characters
    ("网站支持IPV6 | 无障碍阅读 | 适老化模式", "导航"),
    ("首     页 政 务 公 开 网 上 办 事", "导航"),
    ("【打印正文】 【关闭正文】 【返回顶部】", "页面按钮"),
    ("字号：大 中 小", "页面按钮"),
    ("已阅 6  打印   关闭", "页面按钮"),
    ("扫一扫在手机打开当前页", "页面按钮"),
    ("上一篇：关于做好春耕生产的通知", "导航"),
    ("冀ICP备07026536号   冀公网安备 13068202000060号", "页脚"),
    ("网站标识码:1306820002", "页脚"),
    ("【法宝引证码】 CLI.12.748997", "数据库标注"),
    ("相关阅读:", "相关链接"),
])
def test_furniture_is_recognised_wherever_it_stands(line, kind):
    assert chrome_kind(line) == kind


@pytest.mark.parametrize("line", [
    "联系电话：0737-4225390", "一、总体要求", "各乡镇人民政府：", "请各单位于3月10日前报送。",
    "地址：县政务中心507室", "（此件公开发布）",
])
def test_lines_of_a_notice_are_not_furniture(line):
    assert chrome_kind(line) is None
    assert parse_info_line(line) is None or len(parse_info_line(line).fields) == 1


@pytest.mark.parametrize("line, fields", [
    ("索引号: 003129766/201901-00336 组配分类: 规范性文件发布",
     [("索引号", "003129766/201901-00336"), ("组配分类", "规范性文件发布")]),
    ("文 号 : 嘉政发〔2024〕1号", [("文号", "嘉政发〔2024〕1号")]),
    ("索   引   号 20191202-189769 分        类 其他", [("索引号", "20191202-189769"), ("分类", "其他")]),
    ("索引号 620722087/2020-00915 发文字号 民政发〔2020〕110号",
     [("索引号", "620722087/2020-00915"), ("发文字号", "民政发〔2020〕110号")]),
    ("索引号 | 620702069/2023-00096 | 发文字号 | 号 |", [("索引号", "620702069/2023-00096"), ("发文字号", "号")]),
    ("2018-07-06 15:49 湖北省农民合作社办公室", [("发布时间", "2018-07-06"), ("来源", "湖北省农民合作社办公室")]),
])
def test_information_lines_in_every_layout(line, fields):
    assert [(label, value) for label, value, _ in parse_info_line(line).fields] == fields


def test_a_bulleted_block_with_values_on_the_next_lines():
    lines, layer = layer_of("  • 索引号:\n\n    6107280000/2024-001005\n  • 发文字号:\n\n    镇政发〔2024〕7号\n"
                            "  • 发文日期:\n\n    2024年04月06日 16:40\n  • 内容概述:\n\n镇巴县人民政府工作规则\n")
    assert [(f.label, f.value) for f in layer.info] == [
        ("索引号", "6107280000/2024-001005"), ("发文字号", "镇政发〔2024〕7号"),
        ("发文日期", "2024年04月06日 16:40"), ("内容概述", "")]
    assert 12 not in layer.chrome  # the title under an empty 内容概述 is not its value


def test_a_block_copied_one_cell_a_line_with_a_label_glued_to_a_value():
    lines, layer = layer_of("标题\n某县人民政府关于印发某办法的通知发文机关\n某县人民政府办公室\n发文字号\n某政发〔2021〕1号\n"
                            "成文日期\n2021-03-26\n某县人民政府关于印发某办法的通知\n")
    assert [(f.label, f.value) for f in layer.info] == [
        ("标题", "某县人民政府关于印发某办法的通知"), ("发文机关", "某县人民政府办公室"),
        ("发文字号", "某政发〔2021〕1号"), ("成文日期", "2021-03-26")]
    assert set(layer.chrome) == set(range(1, 8))


def test_a_weak_label_counts_only_beside_furniture():
    _, alone = layer_of("关于某事的通知\n来源：县财政局\n各单位：\n")
    assert not alone.chrome
    _, beside = layer_of("首页 > 通知公告\n来源：县财政局\n关于某事的通知\n")
    assert set(beside.chrome) == {1, 2}


def test_a_lone_bullet_is_furniture_only_beside_furniture_and_a_lone_bar_away_from_table_rows():
    _, layer = layer_of("• 分享到\n• -\n正文一段。\n•\n正文二段。\n|\n正文三段。\n")
    assert set(layer.chrome) == {1, 2, 6}  # a stray cell wall between paragraphs is no text (issue 9, h03)
    _, layer = layer_of("序号 | 名称\n|\n1 | 某某\n")
    assert not layer.chrome  # beside a table's rows it may be one of its cells
