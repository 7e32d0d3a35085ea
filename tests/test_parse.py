"""Parser golden tests: the bundled report, a Markdown report, GB18030 text, several documents."""
from __future__ import annotations

import re

import pytest
from conftest import FIXTURES

from rag import config
from rag.ingest.parse import parse_file, parse_files, parse_text

SOURCE = config.DEFAULT_CORPUS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bundled():
    return parse_file(config.DEFAULT_CORPUS)


def by_start(paragraphs, prefix):
    return next(p for p in paragraphs if p.text.startswith(prefix))


def test_bundled_heading_counts(bundled):
    level1 = [p for p in bundled if p.kind == "heading" and len(p.section) == 1]
    assert [p.text for p in level1] == ["一、2023年工作回顾", "二、2024年工作安排", "三、政府自身建设"]
    level2 = {p.section[1] for p in bundled
              if len(p.section) >= 2 and re.match(r"\(([一二三四五六七八九十]+)\)", p.section[1])}
    assert len(level2) == 8 + 10 + 4
    leads = {p.section[1] for p in bundled if len(p.section) >= 2 and p.section[1].startswith("——这一年")}
    assert len(leads) == 5


def test_bundled_ids_in_order_and_verbatim(bundled):
    assert [p.id for p in bundled] == [f"p{i:03d}" for i in range(1, len(bundled) + 1)]
    for p in bundled:
        assert p.text in SOURCE
        assert p.doc == "dazu-2024-government-work-report"
    # the stray "|" at the end of the file is not a paragraph
    assert bundled[-1].text.startswith("各位代表!新大足因拼搏而美丽")


def test_bundled_known_heading_paths(bundled):
    assert bundled[0].kind == "title" and bundled[0].text == "2024年重庆市大足区政府工作报告"
    gdp = by_start(bundled, "——这一年,我们聚力稳进增效")
    assert gdp.id == "p009"
    assert gdp.section_path == ("一、2023年工作回顾 > ——这一年,我们聚力稳进增效、争先创优,在承压前行中推动经济回升向好")
    traffic = by_start(bundled, "推进交通互联互通。")
    assert traffic.section == ("二、2024年工作安排", "(一)全力落实和服务国家战略,持续拓展高质量发展空间",
                               "推进交通互联互通")
    education = by_start(bundled, "办好人民满意教育。")
    assert education.section[-1] == "办好人民满意教育" and education.section[1].startswith("(十)全力保障和改善民生")
    assert by_start(bundled, "一年来,主要做了以下工作").section == ("一、2023年工作回顾",)
    assert by_start(bundled, "各位代表!解决老百姓").section == ("二、2024年工作安排",)
    assert by_start(bundled, "(二)将高效政府建设").section == ("三、政府自身建设", "(二)将高效政府建设抓紧抓实")
    assert by_start(bundled, "重庆市大足区人民政府区长").text == "重庆市大足区人民政府区长 徐晓勇"


def test_line_broken_full_width_text():
    text = ("示例市政府工作报告\n\n一、过去一年的工作\n\n　　全市经济增长6%。\n（一）稳住工业\n"
            "　　推进技术改造。新增企业10家。\n二、今年的安排\n（一）抓好就业\n　　稳定就业。新增就业1万人。\n")
    ps = parse_text(text, "demo")
    assert ps[0].kind == "title"
    assert [p.section for p in ps if p.text.startswith("全市经济增长")] == [("一、过去一年的工作",)]
    assert [p.section for p in ps if p.text.startswith("推进技术改造")] == [
        ("一、过去一年的工作", "（一）稳住工业", "推进技术改造")]
    jobs = next(p for p in ps if p.text.startswith("稳定就业"))
    assert jobs.section == ("二、今年的安排", "（一）抓好就业", "稳定就业")


def test_hard_wrapped_lines_are_joined():
    text = ("一、工作回顾\n\n全年地区生产总值增长百分之六，规模以上工业增加值增长百分之八，固定资\n"
            "产投资增长百分之十，社会消费品零售总额增长百分之七。\n")
    ps = parse_text(text, "wrap")
    assert any("固定资产投资增长百分之十" in p.text for p in ps)


def test_a_line_broken_inside_brackets_stays_one_paragraph():
    """A plain-text report that broke a line at a subscript: 「（PM」「2.5」「）浓度继续下降」 is one sentence."""
    text = ("一、政府工作任务\n持续推进污染防治。今年二氧化硫排放量要下降3%，重点地区细颗粒物（PM\n2.5\n"
            "）浓度继续下降。持续开展大气污染治理攻坚。\n\n二、加强政府自身建设\n依法履职。\n")
    paragraphs = parse_text(text, "t")
    body = [p for p in paragraphs if "浓度继续下降" in p.text]
    assert len(body) == 1 and "细颗粒物（PM 2.5）浓度继续下降" in body[0].text
    assert not any(p.kind == "heading" and p.text.startswith("）") for p in paragraphs)


def test_markdown_fixture():
    ps = parse_file(FIXTURES / "mini-report.md")
    assert ps[0].kind == "title" and ps[0].text == "2024年示例县政府工作报告"
    bullet = next(p for p in ps if "新增学位900个" in p.text)
    assert bullet.text == "新建幼儿园3所，新增学位900个。" and bullet.section == ("一、2023年工作回顾",)
    grain = next(p for p in ps if "粮食播种面积" in p.text)
    assert grain.text.startswith("稳定粮食生产。") and "**" not in grain.text
    assert grain.section == ("一、2023年工作回顾", "（一）抓好农业生产", "稳定粮食生产")
    hospital = next(p for p in ps if "床位" in p.text)
    assert hospital.text == "加快建设健康示例。建成县医院新院区，新增床位200张。"
    assert hospital.section[-1] == "加快建设健康示例"


def test_gb18030_and_bom(tmp_path):
    text = "2024年示例区政府工作报告\n一、2023年工作回顾\n全区生产总值增长5%，新建学校2所。\n"
    gbk = tmp_path / "gbk-report.txt"
    gbk.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "bom-report.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    for path in (gbk, bom):
        ps = parse_file(path)
        assert ps[0].text == "2024年示例区政府工作报告"
        assert ps[-1].text == "全区生产总值增长5%，新建学校2所。"
        assert ps[-1].section == ("一、2023年工作回顾",)


def test_several_documents_get_distinct_doc_ids(tmp_path):
    a = tmp_path / "a" / "report.txt"
    b = tmp_path / "b" / "report.txt"
    for path, year in ((a, 2023), (b, 2024)):
        path.parent.mkdir()
        path.write_text(f"{year}年示例区政府工作报告\n一、工作回顾\n经济增长5%。\n", encoding="utf-8")
    ps = parse_files([a, b, FIXTURES / "mini-report.md"])
    assert {p.doc for p in ps} == {"report", "report-2", "mini-report"}
    assert [p.id for p in ps if p.doc == "report-2"] == ["p001", "p002", "p003"]
