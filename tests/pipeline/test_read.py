"""read.py: encodings, line endings, and clear errors that name the file."""
import pytest

from pipeline.read import SourceError, decode, read_file, split_lines

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
    from pipeline.read import read_sources
    with pytest.raises(SourceError, match="找不到输入"):
        read_sources(tmp_path / "nothing")
