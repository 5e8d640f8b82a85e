"""read.py: encodings, line endings, and clear errors that name the file."""
import pytest

from reader.sources import SourceError, decode, read_file, split_lines

TEXT = "关于印发《办法》的通知\n江政办发〔2024〕3号\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
    (TEXT.encode("utf-16"), "utf-16"),
])
def test_every_supported_encoding_decodes_to_the_same_text(data, encoding):
    text, found = decode(data, "a.txt")
    assert text == TEXT
    assert found == encoding


def test_crlf_and_lone_cr_become_plain_lines():
    lines = split_lines("甲\r\n乙\r丙\n")
    assert [line.text for line in lines] == ["甲", "乙", "丙"]
    assert [line.number for line in lines] == [1, 2, 3]


def test_undecodable_bytes_stop_with_a_chinese_message_naming_the_file():
    with pytest.raises(SourceError, match="坏文件.txt.*编码"):
        decode(b"\x81\xff\xfe\x80\x81", "坏文件.txt")


def test_binary_file_is_refused_by_name(tmp_path):
    path = tmp_path / "图片.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(SourceError, match="图片.txt"):
        read_file(path)


def test_missing_source_says_so_in_chinese(tmp_path):
    from reader.sources import read_sources
    with pytest.raises(SourceError, match="找不到输入"):
        read_sources(tmp_path / "nothing")


def _mixed(utf8_text: str, gb_line: str) -> bytes:
    return utf8_text.encode("utf-8").replace(gb_line.encode("utf-8"), gb_line.encode("gb18030"))


@pytest.mark.parametrize("gb_line", [
    "补助标准为250元/亩",  # GB18030 bytes that are not valid UTF-8
    "250元/亩",  # GB18030 bytes that happen to be valid UTF-8 ("250Ԫ/Ķ")
])
def test_a_gb18030_line_inside_a_utf8_file_is_decoded_and_named(gb_line):
    from reader.sources import decode_lines
    text = f"关于补助的通知\n{gb_line}\n第三行。\n"
    decoded = decode_lines(_mixed(text, gb_line), "混合.txt")
    assert decoded.text == text and decoded.encoding == "utf-8"
    (line, note), = decoded.notes
    assert line == 2 and "GB18030" in note


def test_foreign_letters_and_units_in_utf8_are_left_alone():
    from reader.sources import decode_lines
    text = "中国政府网 English Русская версия\n浓度 35µg/m³，气温 °C，α 系数\n"
    decoded = decode_lines(text.encode("utf-8"), "a.txt")
    assert decoded.text == text and not decoded.notes


def test_the_warning_names_file_and_line(tmp_path):
    from reader.sources import read_sources
    (tmp_path / "甲.txt").write_bytes(_mixed("关于某事的通知\n250元/亩\n", "250元/亩"))
    warnings = []
    text, = read_sources(tmp_path, warnings)
    assert text.lines[1].text == "250元/亩"
    assert [(w.path, w.line) for w in warnings] == [("甲.txt", 2)]


def test_links_that_leave_the_source_folder_loop_or_dangle_are_skipped_with_warnings(tmp_path):
    from reader.sources import read_sources
    source = tmp_path / "src"
    (source / "sub").mkdir(parents=True)
    (source / "通知.txt").write_text("关于某事的通知\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside\n", encoding="utf-8")
    (source / "外部.txt").symlink_to(tmp_path / "secret.txt")
    (source / "etc").symlink_to("/etc")
    (source / "环1.txt").symlink_to(source / "环2.txt")
    (source / "环2.txt").symlink_to(source / "环1.txt")
    (source / "sub" / "上级").symlink_to(source)
    (source / "空.txt").symlink_to(source / "不存在.txt")
    (source / "重复.txt").symlink_to(source / "通知.txt")
    warnings = []
    texts = read_sources(source, warnings)
    assert [t.path for t in texts] == ["通知.txt"]
    reasons = {w.path: w.message for w in warnings}
    assert set(reasons) == {"外部.txt", "etc", "环1.txt", "环2.txt", "sub/上级", "空.txt", "重复.txt"}
    assert "之外" in reasons["外部.txt"] and "之外" in reasons["etc"]
    assert "循环" in reasons["环1.txt"] and "循环" in reasons["sub/上级"]
    assert "不存在" in reasons["空.txt"]


def test_a_link_to_a_file_inside_the_folder_that_is_not_read_otherwise_is_read(tmp_path):
    from reader.sources import read_sources
    source = tmp_path / "src"
    (source / ".archive").mkdir(parents=True)
    (source / ".archive" / "old.txt").write_text("关于某事的通知\n", encoding="utf-8")
    (source / "现行.txt").symlink_to(source / ".archive" / "old.txt")
    assert [t.path for t in read_sources(source, [])] == ["现行.txt"]
