"""Every format a county has, read by `sources.FORMATS`: hints filled, damaged and hostile files refused in bounded
time and memory with a Chinese message naming the file, a file read by what its bytes are, not its name."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reader import thresholds as T
from reader.containers import Unreadable
from reader.legacy_format import INSTALL_HINT, office_converter
from reader.model import Table
from reader.notices import read_notices_of_file
from reader.parse import parse_chunk
from reader.pdf_format import ScannedPdf
from reader.sources import FORMATS, READABLE_SUFFIXES, format_of, read_file
from reader.split import split

from .test_real_notices import same_title

OFFICE = Path(__file__).resolve().parent.parent / "fixtures" / "office"
SAMPLE = "h02_guidong_straw_burning_ban_colophon"


def minimal_pdf(pages: int, text: bool = True, loop: bool = False) -> bytes:
    """A PDF written by hand: `pages` pages, each with a line of text (or, `text` False, only a drawn box, as a
    scan's page has no text layer); `loop`: the page tree's Kids lists the tree itself."""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * k} 0 R" for k in range(pages)) + (" 2 0 R" if loop else "")
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for k in range(pages):
        content = (f"BT /F1 12 Tf 72 720 Td (Page {k + 1} of the county notice text) Tj ET".encode() if text
                   else b"0 0 0 RG 72 72 400 600 re S")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {5 + 2 * k} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    start = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n".encode())
    return out.getvalue()


def docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A .docx whose word/document.xml is the given bytes (the rest taken from a real one)."""
    out = io.BytesIO()
    with zipfile.ZipFile(OFFICE / f"{SAMPLE}.docx") as real, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as made:
        for info in real.infolist():
            made.writestr(info.filename, document_xml if info.filename == "word/document.xml" else real.read(info))
        for name, data in (extra or {}).items():
            made.writestr(name, data)
    return out.getvalue()


def notices_of(path: Path):
    text = read_file(path, path.name)
    return text, [parse_chunk(chunk)[0] for chunk in split(text)]


# --- the formats and their hints -------------------------------------------------------------------------

def test_every_format_is_one_row_of_the_table_and_plain_text_comes_last():
    assert FORMATS[-1].name == "纯文本"
    assert {".txt", ".docx", ".pdf", ".ofd", ".doc", ".wps", ".html", ".htm", ".mhtml"} <= READABLE_SUFFIXES
    suffixes = [s for f in FORMATS for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes)), "a suffix belongs to one format"


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_a_county_file_reads_into_one_notice_with_hints(kind):
    text, notices = notices_of(OFFICE / f"{SAMPLE}.{kind}")
    assert text.format == kind and len(notices) == 1
    notice = notices[0]
    assert same_title("桂东县人民政府关于禁止露天焚烧秸秆的通告", notice.title)  # the issuer's line above 关于… either way
    assert notice.doc_number == "桂政通〔2017〕6号"
    assert notice.date == "2017-05-27"
    assert any(l.layout is not None and l.layout.centred for l in text.lines)


def test_plain_text_has_no_hints():
    text = read_file(Path(__file__).parent.parent / "fixtures" / "real_notices" / f"{SAMPLE}.txt")
    assert text.format == "text" and all(line.layout is None for line in text.lines)


def test_word_tables_keep_their_merged_cells():
    text, notices = notices_of(OFFICE / "d10_chaisang_one_cell_table.docx")
    tables = [b for b in notices[0].blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].form == "document"
    assert any(cell is not None and cell.rowspan > 1 for row in tables[0].rows for cell in row)
    assert any(cell is None for row in tables[0].rows for cell in row), "cells under a merged cell are covered"


def test_pdf_page_numbers_are_set_aside_never_lost():
    text, notices = notices_of(OFFICE / "d10_chaisang_one_cell_table.pdf")
    numbers = [l for l in text.lines if l.text.strip().startswith("—") and l.layout.chrome == "页码"]
    assert len(numbers) >= 2
    aside = {c.line for n in notices for c in n.chrome}
    assert {l.number for l in numbers} <= aside
    tables = [b for n in notices for b in n.blocks if isinstance(b, Table)]
    assert len(tables) == 1, "a ruled table broken over pages is one table"


def test_saved_page_keeps_no_script_and_sets_the_site_aside():
    data = (OFFICE / f"{SAMPLE}.html").read_bytes()
    assert b"<script" in data and b"onerror" in data and b"onclick" in data  # the page as saved carries them
    text, notices = notices_of(OFFICE / f"{SAMPLE}.html")
    every = "\n".join(l.text for l in text.lines)
    assert "_hmt" not in every and "alert" not in every and "innerText" not in every
    aside = {text.lines[c.line - 1].text for n in notices for c in n.chrome}
    assert any("ICP备" in line for line in aside) and any("当前位置" in line for line in aside)
    assert any(f.label == "索引号" for f in notices[0].info)


def test_mhtml_archive_is_read_as_its_page():
    page = (OFFICE / f"{SAMPLE}.html").read_bytes()
    archive = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
               b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + page + b"\r\n--b--\r\n")
    chosen, note = format_of(archive, ".mhtml")
    assert chosen.name.startswith("网页存档") and not note
    text = chosen.read(archive, "page.mhtml")
    assert any("禁止露天焚烧秸秆" in l.text for l in text.lines)


# --- nothing lost, everything flagged ------------------------------------------------------------------------

def test_a_scan_is_named_and_refused(tmp_path):
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(minimal_pdf(3, text=False))
    with pytest.raises(ScannedPdf, match="扫描件.pdf.*扫描件"):
        read_file(scan, scan.name)
    reading, notices, _ = read_notices_of_file(scan, scan.name)
    assert notices == [] and reading[0].kind == "unread" and "扫描件.pdf" in reading[0].message


@pytest.mark.parametrize("name, data, words", [
    ("坏.docx", b"PK\x03\x04 this is not really a zip", "损坏"),
    ("坏.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "PDF"),
    ("坏.ofd", b"PK\x05\x06" + b"\x00" * 18, "OFD"),
    ("旧.xlsx.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, ""),
])
def test_damaged_files_get_a_chinese_message_naming_them(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    try:
        read_file(path, name)
    except Unreadable as refusal:
        assert name in str(refusal) and words in str(refusal)
    else:
        pytest.fail("a damaged file must be refused")


def test_an_encrypted_pdf_is_named(tmp_path):
    path = tmp_path / "加密的通知.pdf"
    path.write_bytes((OFFICE / "refused" / "encrypted.pdf").read_bytes())
    with pytest.raises(Unreadable, match="加密的通知.pdf 是加密的 PDF"):
        read_file(path, path.name)


def test_an_encrypted_word_file_is_named(tmp_path):
    data = bytearray(docx_with(zipfile.ZipFile(OFFICE / f"{SAMPLE}.docx").read("word/document.xml")))
    # set the "encrypted" flag of the first local header and its central directory entry
    data[6] |= 0x1
    central = data.rfind(b"PK\x01\x02", 0, len(data))
    first_central = data.find(b"PK\x01\x02")
    data[first_central + 8] |= 0x1
    path = tmp_path / "加密.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(Unreadable, match="加密.docx.*加密"):
        read_file(path, path.name)
    assert central >= first_central


@pytest.mark.skipif(office_converter() is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed here")
def test_old_word_and_wps_files_are_converted_by_libreoffice(tmp_path):
    import subprocess
    subprocess.run([office_converter(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "doc", "--outdir", str(tmp_path), str(OFFICE / f"{SAMPLE}.docx")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    old = tmp_path / "旧版通知.wps"  # WPS writes the same compound-file format
    (tmp_path / f"{SAMPLE}.doc").rename(old)
    text, notices = notices_of(old)
    assert text.format == "doc" and len(notices) == 1 and notices[0].doc_number == "桂政通〔2017〕6号"
    assert any(l.layout is not None and l.layout.centred for l in text.lines)


def test_old_word_without_libreoffice_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr("reader.legacy_format.office_converter", lambda: None)
    path = tmp_path / "旧文件.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    with pytest.raises(Unreadable) as refusal:
        read_file(path, path.name)
    assert "旧文件.doc" in str(refusal.value) and INSTALL_HINT in str(refusal.value)


# --- hostile files ----------------------------------------------------------------------------------------------

def test_a_docx_zip_bomb_is_refused_without_unpacking_it(tmp_path):
    path = tmp_path / "炸弹.docx"
    body = zipfile.ZipFile(OFFICE / f"{SAMPLE}.docx").read("word/document.xml")
    path.write_bytes(docx_with(body, {"word/media/huge.xml": b"\x00" * (16 * 1024 * 1024)}))
    assert path.stat().st_size < 200_000
    with pytest.raises(Unreadable, match="炸弹.docx.*压缩炸弹"):
        read_file(path, path.name)


def test_a_bomb_in_a_part_that_is_not_xml_is_refused_before_python_docx_opens_the_file(tmp_path):
    body = zipfile.ZipFile(OFFICE / f"{SAMPLE}.docx").read("word/document.xml")
    path = tmp_path / "图片炸弹.docx"
    path.write_bytes(docx_with(body, {"word/media/image1.png": b"\x00" * (64 * 1024 * 1024)}))
    with pytest.raises(Unreadable, match="图片炸弹.docx.*压缩炸弹"):
        read_file(path, path.name)


def test_an_ofd_zip_bomb_is_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as made:
        made.writestr("OFD.xml", b"<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'><ofd:DocBody>"
                                 b"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        made.writestr("Doc_0/Document.xml", b"<a>" + b" " * (32 * 1024 * 1024) + b"</a>")
    path = tmp_path / "炸弹.ofd"
    path.write_bytes(out.getvalue())
    with pytest.raises(Unreadable, match="炸弹.ofd.*压缩炸弹"):
        read_file(path, path.name)


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>',
    b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
])
def test_xml_with_entities_is_refused(tmp_path, doctype):
    body = (b'<?xml version="1.0"?>' + doctype + b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&c;&x;</w:t></w:r></w:p></w:body></w:document>')
    path = tmp_path / "实体.docx"
    path.write_bytes(docx_with(body))
    with pytest.raises(Unreadable, match="实体.docx.*DTD"):
        read_file(path, path.name)


def test_a_pdf_with_thousands_of_pages_is_read_only_to_the_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(T, "PDF_MAX_PAGES", 40)
    path = tmp_path / "很长.pdf"
    path.write_bytes(minimal_pdf(2000))
    text = read_file(path, path.name)
    assert sum(l.text.count("Page") for l in text.lines) == 40
    assert any("只读取了前 40 页" in w.message for w in text.warnings)


def test_a_loop_in_the_page_tree_ends(tmp_path):
    path = tmp_path / "循环.pdf"
    path.write_bytes(minimal_pdf(3, loop=True))
    text = read_file(path, path.name)  # PDFium ends the walk: each page once
    assert sum(l.text.count("Page") for l in text.lines) == 3


def test_a_file_lying_about_its_extension_is_read_by_its_bytes(tmp_path):
    pdf_named_docx = tmp_path / "通知.docx"
    pdf_named_docx.write_bytes((OFFICE / f"{SAMPLE}.pdf").read_bytes())
    text = read_file(pdf_named_docx, pdf_named_docx.name)
    assert text.format == "pdf" and "内容其实是PDF" in text.warnings[0].message
    docx_named_txt = tmp_path / "通知.txt"
    docx_named_txt.write_bytes((OFFICE / f"{SAMPLE}.docx").read_bytes())
    assert read_file(docx_named_txt, docx_named_txt.name).format == "docx"
    html_named_txt = tmp_path / "网页.txt"
    html_named_txt.write_bytes((OFFICE / f"{SAMPLE}.html").read_bytes())
    assert read_file(html_named_txt, html_named_txt.name).format == "text", "HTML pasted into a .txt stays text"
    text_named_pdf = tmp_path / "文字.pdf"
    text_named_pdf.write_text("关于开展春季植树活动的通知\n各乡镇：\n请做好准备。\n", encoding="utf-8")
    with pytest.raises(Unreadable, match="文字.pdf"):
        read_file(text_named_pdf, text_named_pdf.name)
