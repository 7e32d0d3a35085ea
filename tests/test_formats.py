"""Reports in every format: Word, PDF, saved web pages, and the 26 provincial reports; hostile files refused."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES

from rag import config
from rag.ingest.chars import ordinary
from rag.ingest.decode import MAX_BYTES, ReportError
from rag.ingest.parse import parse_file, parse_report, report_id

PROVINCES = sorted((config.ROOT / "data" / "provinces-2025").glob("*.docx"))
squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731


def parsed(path: Path):
    return parse_report(path.read_bytes(), path.name)


def test_docx_styles_bold_leads_and_tables():
    report, ps = parsed(FIXTURES / "mini-report.docx")
    assert (report.title, report.place, report.level, report.year, report.format) == (
        "2025年示例省政府工作报告", "示例省", "省", 2025, "docx")
    def by(start: str):
        return next(p for p in ps if p.text.startswith(start))

    assert by("2024年工作回顾").kind == "heading" and by("2024年工作回顾").period == "past"
    assert by("科技创新实现").section == ("2024年工作回顾", "科技创新实现新突破")    # a bold lead
    assert by("一是聚力稳增").section == ("2024年工作回顾", "一是聚力稳增长，经济运行持续向好")
    assert by("今年经济社会").period == "present" and by("——2025").section == (report.title,)
    assert any(p.text == "城镇新增就业 | 70万人以上" for p in ps)                  # a table row
    assert by("1.“两新”").section == ("名词解释",) and by("1.“两新”").period == ""  # an appendix


def test_pdf_paragraphs_match_the_text_report_and_keep_pages():
    report, ps = parsed(FIXTURES / "dazu-excerpt.pdf")
    text = parse_file(config.DEFAULT_CORPUS)
    assert report.title == "2024年重庆市大足区政府工作报告" and report.year == 2024 and report.format == "pdf"
    assert [squash(p.text) for p in ps] == [squash(p.text) for p in text[:len(ps)]] and len(ps) >= 35
    assert [p.section for p in ps] == [p.section for p in text[:len(ps)]]
    pages = [p.page for p in ps]
    assert pages[0] == 1 and pages == sorted(pages) and pages[-1] > 10
    assert not any("—" in p.text and re.search(r"— \d+ —", p.text) for p in ps)  # page numbers are dropped


def test_pdf_radicals_and_compatibility_characters_become_ordinary():
    assert ordinary("⼀、2024年⼯作回顾，⾼质量发展，⻓江经济带") == "一、2024年工作回顾，高质量发展，长江经济带"
    assert ordinary("全角，标点（保留）：１２３") == "全角，标点（保留）：１２３"


def test_web_page_main_text_only():
    report, ps = parsed(FIXTURES / "report-page.html")
    text = "".join(p.text for p in ps)
    assert report.title == "2025年示例省政府工作报告" and report.year == 2025 and report.format == "html"
    for junk in ("首页", "网站地图", "版权所有", "相关新闻", "alert", "steal", "脚本注入", "当前位置", "打印"):
        assert junk not in text, junk
    assert [p.text for p in ps if p.kind == "heading"] == ["一、2024年工作回顾", "二、2025年工作安排"]
    assert [p.period for p in ps if "5.5%左右" in p.text] == ["present"]
    assert any(p.text == "城乡居民基本养老保险基础养老金月人均提高20元。" for p in ps)  # a <br> splits paragraphs


@pytest.mark.parametrize("name, message", [
    ("zip-bomb.docx", "解压后过大"), ("encrypted.pdf", "已加密"), ("broken.pdf", "已损坏"),
    ("scanned.pdf", "没有可提取的文字"), ("aes-password.pdf", "需要密码"),
])
def test_hostile_and_broken_files_get_a_chinese_message(name, message):
    with pytest.raises(ReportError, match=message):
        parsed(FIXTURES / name)


def test_oversized_old_word_and_empty_files_are_refused(tmp_path):
    with pytest.raises(ReportError, match="上限"):
        parse_report(b"x" * (MAX_BYTES + 1), "big.txt")
    with pytest.raises(ReportError, match=r"\.docx"):
        parse_report(b"\xd0\xcf\x11\xe0" + b"\0" * 600, "old.doc")
    with pytest.raises(ReportError, match="空的"):
        parse_report(b"  \n ", "empty.txt")


def test_report_ids_from_hostile_names_are_safe():
    for name in ["../../etc/passwd", "..\\..\\x.docx", "a/b/c d?.pdf", "报告 2025（终稿）.docx", "...."]:
        rid = report_id(name)
        assert rid and re.fullmatch(r"[\w-]+", rid) and ".." not in rid, (name, rid)


@pytest.mark.parametrize("path", PROVINCES, ids=[p.stem for p in PROVINCES])
def test_every_provincial_report_parses_with_its_parts_and_year(path):
    report, ps = parsed(path)
    assert report.year == 2025 and report.level == "省" and report.place and report.title.startswith("2025年")
    parts = {p.section[0]: p.period for p in ps if p.section and p.kind != "title"}
    assert "past" in parts.values() and "present" in parts.values()
    review = [s for s, period in parts.items() if period == "past"]
    assert len(review) == 1 and review[0].startswith("一、"), review
    assert all(p.kind != "heading" or len(p.text) <= 80 for p in ps)
    assert sum(p.kind == "body" for p in ps) >= 30
    front = [p for p in ps if len(p.section) == 1 and p.section[0] == report.title]
    assert all(not re.match(r"^[一二三四五六七八九十]+、", p.text) for p in front)


@pytest.mark.parametrize("name, part, sections", [
    ("gansu-2025", "一、2024年工作回顾", 6),          # 一是 … 六是, leads inside paragraphs
    ("gansu-2025", "三、2025年重点工作", 8),          # 一是 … 八是, standing alone
    ("hubei-2025", "一、2024年工作回顾", 13),         # five —— leads and （一）…（八） inside paragraphs
    ("yunnan-2025", "三、2025年重点任务", 9),          # （一）…（九）
    ("yunnan-2025", "2025年10件惠民实事", 10),         # the appendix keeps its own 一、…十、
    ("heilongjiang-2025", "一、2024年工作回顾", 7),    # 一是 … 七是
])
def test_heading_counts_checked_by_hand(name, part, sections):
    _, ps = parsed(config.ROOT / "data" / "provinces-2025" / f"{name}.docx")
    found = {p.section[1] for p in ps if len(p.section) >= 2 and p.section[0] == part}
    assert len(found) == sections, sorted(found)


def test_an_aes_encrypted_pdf_that_opens_without_a_password_is_read():
    report, ps = parsed(FIXTURES / "aes-open.pdf")      # an owner password only: the common published kind
    plain = parsed(FIXTURES / "dazu-excerpt.pdf")[1]
    assert report.title == "2024年重庆市大足区政府工作报告" and [p.text for p in ps] == [p.text for p in plain]


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return bytearray(buf.getvalue())


def test_a_docx_whose_directory_lies_about_sizes_is_refused_without_inflating_it():
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>" + b"0" * (80 * 2**20)})
    at = data.rfind(b"PK\x01\x02")                     # the central directory entry of the big member
    data[at + 24:at + 28] = (1000).to_bytes(4, "little")  # claims 1000 bytes uncompressed
    with pytest.raises(ReportError, match="损坏|过大"):
        parse_report(bytes(data), "lying.docx")


def test_a_docx_with_a_compression_word_never_uses_is_refused():
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}, zipfile.ZIP_BZIP2)
    with pytest.raises(ReportError, match="压缩方式"):
        parse_report(bytes(data), "bz2.docx")


def test_a_site_page_saved_or_printed_reads_as_the_report_not_its_furniture():
    """A government site's page (navigation, breadcrumb, 发布时间/来源/浏览次数, footer), saved as .html and printed to
    PDF by Chromium (running header and footer on all 8 pages, radicals for 人 and 民): the same report."""
    page, html_ps = parsed(FIXTURES / "site-page.html")
    printed, pdf_ps = parsed(FIXTURES / "site-page.pdf")
    for report in (page, printed):
        assert (report.title, report.place, report.level, report.year) == (
            "2024年重庆市大足区政府工作报告", "重庆市大足区", "区县", 2024)
    assert len(pdf_ps) == len(html_ps) and [p.section for p in pdf_ps] == [p.section for p in html_ps]
    text, saved = "".join(squash(p.text) for p in pdf_ps), "".join(squash(p.text) for p in html_ps)
    # the printed text layer names a glyph by its first code point: 戶 for 户 (Noto CJK shares the glyph)
    assert len(text) == len(saved) and sum(a != b for a, b in zip(text, saved)) <= len(text) // 1000
    for junk in ("首页", "当前位置", "发布时间", "浏览次数", "网站标识码", "版权所有", "file://", "PM", "⺠", "⼈"):
        assert junk not in text, junk
    assert pdf_ps[-1].text.endswith("努力为全市发展大局作出更大贡献。")


def test_utf16_text_is_read(tmp_path):
    text = (config.ROOT / "data" / "counties" / "shunping-2024.txt").read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-le"):
        report, ps = parse_report(text.encode(encoding), "顺平.txt")
        assert report.title == "2024年顺平县政府工作报告" and len(ps) > 50


def test_the_state_councils_report_is_national():
    report, _ = parse_report((config.ROOT / "data" / "national" / "national-2023.txt").read_bytes(), "n.txt")
    assert (report.place, report.level, report.year) == ("全国", "全国", 2023)


def test_files_that_are_not_reports_are_refused_unless_insisted():
    recipe = "红烧肉的做法\n五花肉500克，冰糖30克。\n先焯水，再炒糖色，小火炖一小时。".encode()
    with pytest.raises(ReportError, match="不是政府工作报告"):
        parse_report(recipe, "recipe.txt")
    assert parse_report(recipe, "recipe.txt", require_report=False)[1]
    with pytest.raises(ReportError, match="没有找到正文"):
        parse_report("- 1 -\n第 1 页 共 3 页\n- 2 -\n— 3 —".encode(), "pages.txt")
