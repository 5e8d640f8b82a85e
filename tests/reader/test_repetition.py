"""repetition.py: a site's furniture learned from the lines its pages repeat at their head and foot."""
import datetime as dt

from publisher.corpus import read_notices
from reader.model import Attachment, AttachmentStart, Paragraph
from reader.repetition import could_be_furniture, repeated_lines
from reader.sources import split_lines

PAGE = """青山云政务服务平台
智慧青山 幸福家园 | 无障碍浏览
关于做好第{0}项工作的通知
青政办发〔2024〕{0}号
各乡镇人民政府，县直各单位：
现将有关事项通知如下，请认真贯彻执行第{0}项要求。
附件：第{0}项工作安排表
特此通知。
青山县人民政府办公室
2024年3月{0}日
（此件公开发布）
附件
第{0}项工作安排表
本站由青山云中心维护 建议使用1920分辨率
"""


def folder(tmp_path, count, page=PAGE):
    for n in range(1, count + 1):
        (tmp_path / f"{n}.txt").write_text(page.format(n), encoding="utf-8")
    return read_notices(tmp_path, dt.date(2026, 1, 1))


def test_lines_a_site_repeats_at_head_and_foot_are_set_aside_with_how_often_they_recur(tmp_path):
    corpus = folder(tmp_path, 4)
    for notice in corpus.notices:
        kinds = {c.text: c.kind for c in notice.chrome}
        assert kinds.get("青山云政务服务平台") == "各页重复的网页文字"  # words the reader does not know
        assert "智慧青山 幸福家园 | 无障碍浏览" in kinds  # known furniture keeps its own kind
        assert "本站由青山云中心维护 建议使用1920分辨率" in kinds
        assert notice.title.startswith("关于做好第") and notice.issuers == ("青山县人民政府办公室",)
    assert any(w.path == "1.txt" and "在 4 份文本中重复出现，按网页附带文字处理" in w.message and w.kind == "set_aside"
               for w in corpus.warnings)


def test_the_documents_own_repeated_lines_stay_the_documents(tmp_path):
    corpus = folder(tmp_path, 5)
    for notice in corpus.notices:
        chrome = {c.text for c in notice.chrome}
        for own in ("各乡镇人民政府，县直各单位：", "特此通知。", "青山县人民政府办公室", "（此件公开发布）", "附件"):
            assert own not in chrome, own
        assert any(isinstance(b, Paragraph) and b.kind == "addressee" for b in notice.blocks)
        assert any(isinstance(b, AttachmentStart) for b in notice.blocks)
        assert any(isinstance(a, Attachment) and a.anchor for a in notice.attachments)


def test_one_text_teaches_nothing_and_two_do(tmp_path):
    (tmp_path / "one").mkdir()
    corpus = folder(tmp_path / "one", 1)
    assert all(c.kind != "各页重复的网页文字" for n in corpus.notices for c in n.chrome)
    (tmp_path / "two").mkdir()
    corpus = folder(tmp_path / "two", 2)
    assert all("青山云政务服务平台" in {c.text for c in n.chrome} for n in corpus.notices)


def test_only_lines_near_the_head_or_foot_are_learned_and_no_structure_is_a_candidate():
    def filler(i):
        return "\n".join(f"第{i}份第{k}段正文，说明有关事项" for k in range(80))
    texts = [split_lines(f"青山政务服务网 欢迎您\n{filler(i)}\n中间重复的一个短行\n{filler(i)}\n本站维护：青山云中心\n") for i in range(3)]
    assert set(repeated_lines(list(texts))) == {"青山政务服务网欢迎您", "本站维护：青山云中心"}
    for own in ("各单位：", "第一条 总则", "2024年3月1日", "某政发〔2024〕1号", "某县人民政府", "附件1：名单",
                "（此件主动公开）", "抄送：县委办", "特此通知"):
        assert not could_be_furniture(own), own
    assert could_be_furniture("智慧青山 幸福家园")
