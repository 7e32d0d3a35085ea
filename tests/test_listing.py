"""Lists inside one paragraph: a lead that names a count, and the pieces that follow it."""
from __future__ import annotations

from rag.answer.extract.listing import counted_outline
from rag.answer.understand.query import analyze
from rag.search.tokens import searchable
from rag.types import Paragraph

TEXT = ("推进产业升级。建强3大主导产业。壮大汽车产业,引进整车项目;发展电子信息产业,布局芯片项目;"
        "培育生物医药产业,建设园区。做优2大特色产业。加快茶叶产业提质,建设加工基地。支持文旅产业转型,打造精品线路。"
        "稳定工业增长。其他工作照常推进。")


def paragraph(text: str = TEXT) -> Paragraph:
    return Paragraph("p001", "demo", ("二、2024年工作安排", "推进产业升级"), text, "body")


def test_counted_lead_gives_one_item_per_piece():
    outline = counted_outline(paragraph(), 3)
    assert outline is not None and outline.heading == "建强3大主导产业"
    assert [i.text for i in outline.items] == ["壮大汽车产业", "发展电子信息产业", "培育生物医药产业"]
    for item in outline.items:
        assert item.text in TEXT  # verbatim spans, so they cite like any answer
    assert TEXT[outline.lead_start:].startswith("建强3大主导产业")  # the citation will quote the lead too


def test_counted_lead_stops_at_the_next_lead_and_needs_the_right_count():
    two = counted_outline(paragraph(), 2)
    assert two is not None and [i.text for i in two.items] == ["加快茶叶产业提质", "支持文旅产业转型"]
    assert counted_outline(paragraph(), 5) is None
    assert counted_outline(paragraph(), 12) is None  # no Chinese numeral for it, and no crash


def test_a_count_makes_a_list_question():
    assert analyze("3大主导产业是什么？").kind == "list"
    assert analyze("3大主导产业是什么？").count == 3
    assert analyze("主导产业是什么？").kind == "fact"


def test_short_insertions_read_both_ways():
    text = searchable("新(扩)建学校6所,新(改、扩)建公路28公里")
    assert "扩建学校" in text and "扩建公路" in text and "新(扩)建" in text
    assert searchable("(一)全力落实") == "(一)全力落实"  # headings keep their brackets


NUMBERED = ("办好民生实事。今年将继续办好5件实事。一是新建学校3所,增加学位2000个。二是改造老旧小区30个。"
            "三是新增养老床位500张。五是这一句跳过了四。其他工作照常推进。")


def test_numbered_sentences_make_a_list_led_by_the_sentence_before_them():
    from rag.answer.extract.listing import ordinal_outline

    outline = ordinal_outline(paragraph(NUMBERED))
    assert outline is not None and outline.heading == "今年将继续办好5件实事"
    # stops at the gap
    assert [i.text for i in outline.items] == ["新建学校3所", "改造老旧小区30个", "新增养老床位500张"]
    assert ordinal_outline(paragraph("一是开头就编号。二是没有引导句。")) is None
    assert ordinal_outline(paragraph(TEXT)) is None


def test_a_paragraph_that_announces_a_list_is_answered_with_the_headings_under_it():
    """「今年要重点做好以下几方面工作。」 then (一)(二)(三) as headings of their own (a plain-text report)."""
    from rag.answer.extract.outline import choose

    root = ("三、2021年重点工作",)
    heads = ["（一）保持宏观政策连续性，促进经济运行。", "（二）深入推进重点领域改革，激发活力。",
             "（三）依靠创新推动实体经济发展。"]
    kids = [Paragraph(f"p{i + 2}", "demo", (*root, h), h, "heading") for i, h in enumerate(heads)]
    query = analyze("今年要重点做好哪几方面工作？")
    weights = {t: 1.0 for t in query.terms}
    intro = Paragraph("p1", "demo", root, "今年要重点做好以下几方面工作。", "body")
    found = choose(query, [intro], [intro, *kids], weights, 1.0)
    assert found is not None
    assert [i.text for i in found.items] == [h.split("，")[0].rstrip("。") for h in heads]
    plain = Paragraph("p1", "demo", root, "今年要重点做好各项工作。", "body")   # announces nothing
    assert choose(query, [plain], [plain, *kids], weights, 1.0) is None


def test_a_long_sentence_that_names_a_count_keeps_all_its_items():
    """「“六个严防”是哪六个」: the sentence is cut to the run that says the six, not to the name alone."""
    from rag.answer.extract.spans import _trim

    text = ("在今后工作中，我们将始终坚持底线思维、守土尽责，坚决做到“六个严防”，即严防发生新增政府隐性债务、"
            "严防发生新的工资拖欠、严防发生脱贫人员返贫、严防发生因群众生活困难而突破道德底线事件、"
            "严防发生重大安全事故、严防发生各类突发极端事件。")
    query = analyze("“六个严防”是哪六个？")
    start, end = _trim(query, text, 0, len(text), {t: 1.0 for t in query.terms})
    assert text[start:end].count("严防发生") == 6   # without the count, the shortest run naming 严防 won


def test_a_section_asked_about_by_its_number_is_read_with_its_subsections():
    """「第三个方面具体讲了什么？」: the section's opening, then what it is divided into, each one cited."""
    from rag.answer.extract.outline import section_named
    from rag.answer.write.reply import section

    root = ("二、2024年工作安排", "(三)全力推进制造业跨越发展,持续汇聚高质量发展势能")
    opening = Paragraph("p39", "demo", root, root[1] + "。坚持“实业为本、制造强区”不动摇,实施“三大行动”。", "body")
    subs = [Paragraph(f"p{40 + i}", "demo", (*root, h), h + "。聚焦集群体系。", "body")
            for i, h in enumerate(["实施产业集群迭代升级行动", "实施存量经济优化提升行动"])]
    fourth = ("二、2024年工作安排", "(四)全力提升文旅产业竞争力")
    other = Paragraph("p50", "demo", fourth, fourth[1] + "。", "body")
    found = section_named("(三)全力推进制造业跨越发展", [opening, *subs, other])
    assert found == [opening, *subs]
    answer = section("第三个方面具体讲了什么？", "第三个", found, which=False)
    assert "实施“三大行动”[1]" in answer.text and "实施产业集群迭代升级行动[2]" in answer.text
    assert [c.paragraph.id for c in answer.citations] == ["p39", "p40", "p41"]
    assert section("第三个是什么？", "第三个", found, which=True).text == \
        "第三个是：(三)全力推进制造业跨越发展,持续汇聚高质量发展势能[1]。"
    assert section_named("(九)没有这一节", [opening, *subs, other]) == []


def test_a_list_announced_inside_a_long_sentence_is_quoted_with_its_items():
    """「主要预期目标有哪些？」: a 112-character sentence is not cut down to 「…主要预期目标是：」."""
    from rag.answer.extract.spans import answer_span
    from rag.answer.rank.evidence import Candidate
    from rag.types import Sentence

    text = ("今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，规模以上工业增加值增长8%左右，"
            "固定资产投资增长5%左右，社会消费品零售总额增长5%左右，外贸进出口总额增长10%左右，"
            "一般公共预算收入同口径增长5.5%左右。")
    p = Paragraph("p080", "demo", ("二、今年工作",), text, "body")
    query = analyze("今年的主要预期目标有哪些？")
    cand = Candidate(0, Sentence("demo", "p080", 0, len(text), text), p, {})
    window = answer_span(query, cand, {t: 1.0 for t in query.terms})
    assert "固定资产投资增长5%左右" in window.text and len(text) > 110
