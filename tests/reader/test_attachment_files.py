"""附件 kept as files of their own: matched to their notice's list by name, number or folder, read for the
notice's page (a table as a table, a document line by line), and never dropped when they match nothing."""
import zipfile
from pathlib import Path

from publisher.corpus import read_notices
from reader.attachment_files import loose_files
from reader.containers import Unreadable
from reader.xlsx_format import read_xlsx

from ..conftest import AS_OF

NOTICE = """青山县人民政府办公室
关于开展2025年农机购置补贴申报工作的通知
青政办发〔2025〕7号
各乡镇人民政府，县直各单位：
一、申报对象。本县从事农业生产的个人和组织。
二、申报材料。填写申请表，附身份证复印件。
附件：1.农机购置补贴申请表
2.补贴机具目录
青山县人民政府办公室
2025年3月1日
"""


def workbook(path: Path, rows: list[list], extra: dict[str, str] | None = None) -> Path:
    """A minimal .xlsx as office suites write it: shared strings, one sheet, numbers as values."""
    strings: list[str] = []
    cells = []
    for r, row in enumerate(rows, start=1):
        parts = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(value, (int, float)):
                parts.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                strings.append(value)
                parts.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        cells.append(f'<row r="{r}">{"".join(parts)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{relations}"><sheets>'
                   f'<sheet name="申请表" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><sheetData>{"".join(cells)}</sheetData></worksheet>')
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
        for name, text in (extra or {}).items():
            z.writestr(name, text)
    return path


def county(tmp_path: Path) -> Path:
    source = tmp_path / "qingshan"
    source.mkdir()
    (source / "notice.txt").write_text(NOTICE, encoding="utf-8")
    return source


def test_a_workbook_reads_as_rows_of_its_cells(tmp_path):
    path = workbook(tmp_path / "a.xlsx", [["农机购置补贴申请表"], ["姓名", "补贴金额（元）"], ["张三", 12000]])
    sheet, = read_xlsx(path.read_bytes(), "a.xlsx")
    assert sheet.name == "申请表"
    assert sheet.rows == (("农机购置补贴申请表", ""), ("姓名", "补贴金额（元）"), ("张三", "12000"))


def test_a_very_long_workbook_is_cut_and_says_so(tmp_path, monkeypatch):
    from reader import thresholds
    monkeypatch.setattr(thresholds, "XLSX_MAX_ROWS", 2)
    path = workbook(tmp_path / "long.xlsx", [["姓名"], ["张三"], ["李四"]])
    sheet, = read_xlsx(path.read_bytes(), "long.xlsx")
    assert sheet.rows == (("姓名",), ("张三",)) and sheet.cut


def test_a_workbook_with_an_entity_declaration_is_refused_naming_the_file(tmp_path):
    path = workbook(tmp_path / "bomb.xlsx", [["甲"]])
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(hostile, "w") as z:
        for name in original.namelist():
            data = original.read(name)
            if name == "xl/sharedStrings.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            z.writestr(name, data)
    try:
        read_xlsx(hostile.read_bytes(), "附件/hostile.xlsx")
    except Unreadable as refusal:
        assert "附件/hostile.xlsx" in str(refusal)
    else:
        raise AssertionError("an XML entity declaration was read")


def test_files_are_matched_by_the_title_and_by_the_number_the_list_gives(tmp_path):
    source = county(tmp_path)
    workbook(source / "附件1 农机购置补贴申请表.xlsx", [["姓名", "身份证号"]])
    workbook(source / "附件2.xlsx", [["机具", "补贴"], ["插秧机", 3000]])
    corpus = read_notices(source, AS_OF)
    notice, = corpus.notices
    assert [(f.label, f.title, f.entry) for f in notice.files] == [("附件1", "农机购置补贴申请表", 0),
                                                                   ("附件2", "补贴机具目录", 1)]
    assert notice.files[1].sheets[0].rows[1] == ("插秧机", "3000")
    assert set(corpus.files) == {f"{notice.slug}/files/附件1_农机购置补贴申请表.xlsx", f"{notice.slug}/files/附件2.xlsx"}
    assert not [w for w in corpus.warnings if "正文中没有它的内容" in w.message]  # the files supply both


def test_a_file_in_a_folder_named_after_the_notice_is_its_own(tmp_path):
    source = county(tmp_path)
    folder = source / "关于开展2025年农机购置补贴申报工作的通知"
    folder.mkdir()
    workbook(folder / "汇总表.xlsx", [["乡镇", "户数"]])
    notice, = read_notices(source, AS_OF).notices
    assert [(f.title, f.entry, f.label) for f in notice.files] == [("汇总表", None, "附件")]


def test_a_document_that_is_an_attachment_is_on_its_notices_page_not_a_notice_of_its_own(tmp_path):
    import docx
    source = county(tmp_path)
    document = docx.Document()
    for text in ("补贴机具目录", "一、耕整地机械：旋耕机、微耕机。", "二、种植施肥机械：插秧机。"):
        document.add_paragraph(text)
    document.save(source / "附件2 补贴机具目录.docx")
    corpus = read_notices(source, AS_OF)
    notice, = corpus.notices
    attached, = notice.files
    assert attached.entry == 1 and attached.format_name.startswith("Word")
    assert "二、种植施肥机械：插秧机。" in attached.lines
    assert not [w for w in corpus.warnings if w.path == "附件2 补贴机具目录.docx"]


def test_a_file_that_matches_nothing_is_published_and_reported(tmp_path):
    source = county(tmp_path)
    workbook(source / "统计表.xlsx", [["甲"]])
    corpus = read_notices(source, AS_OF)
    assert not corpus.notices[0].files
    assert corpus.files == {"files/统计表.xlsx": source / "统计表.xlsx"}
    warning, = [w for w in corpus.warnings if w.path == "统计表.xlsx"]
    assert "没有对应到任何通知的附件" in warning.message and warning.kind == "problem"


def test_a_number_two_notices_of_a_folder_list_is_ambiguous_and_said_so(tmp_path):
    source = county(tmp_path)
    (source / "other.txt").write_text(NOTICE.replace("7号", "8号").replace("农机购置", "家电下乡"), encoding="utf-8")
    workbook(source / "附件2.xlsx", [["甲"]])
    corpus = read_notices(source, AS_OF)
    assert not any(n.files for n in corpus.notices)
    warning, = [w for w in corpus.warnings if w.path == "附件2.xlsx"]
    assert "无法确定是哪一份" in warning.message


def test_links_and_hidden_files_are_not_attachments(tmp_path):
    source = county(tmp_path)
    workbook(tmp_path / "outside.xlsx", [["甲"]])
    (source / "附件1.xlsx").symlink_to(tmp_path / "outside.xlsx")
    workbook(source / ".附件2.xlsx", [["甲"]])
    assert loose_files(source) == []


def test_a_notice_named_after_what_it_issues_stays_a_notice(tmp_path):
    source = tmp_path / "qingshan"
    source.mkdir()
    (source / "关于印发农机购置补贴申请表的通知.txt").write_text(
        NOTICE.replace("关于开展2025年农机购置补贴申报工作的通知", "关于印发农机购置补贴申请表的通知")
        .replace("青政办发〔2025〕7号\n", ""), encoding="utf-8")
    (source / "other.txt").write_text(NOTICE.replace("7号", "9号"), encoding="utf-8")
    corpus = read_notices(source, AS_OF)
    assert len(corpus.notices) == 2 and not any(n.files for n in corpus.notices)
