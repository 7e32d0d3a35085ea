"""Answers with the real model: cited, verbatim, year-aware, and honest about what the report lacks."""
from __future__ import annotations

import re

import pytest

from rag.answer.assistant import QuestionError

NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


def check_citations(answer):
    """Every [n] maps to a citation; every quote is verbatim; every number is in a cited quote."""
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations}
    for c in answer.citations:
        assert c.quote and c.quote in c.paragraph.text
    # markers, the year labels of a comparison, and the year a refusal says its quote is about
    body = re.sub(r"\[\d+\]|\d{4}年：|讲到的是\d{4}年的情况", "", answer.text)
    for c in answer.citations:
        body = body.replace(c.paragraph.section_path, "").replace(c.paragraph.section[0], "")
    quotes = "".join(c.quote for c in answer.citations)
    for number in NUMBER.findall(body):
        assert number in quotes, number


def test_figure_last_year(assistant):
    answer = assistant.ask("去年全区地区生产总值增长多少？")
    assert not answer.abstained and "6.5%" in answer.text
    check_citations(answer)
    assert answer.citations[0].paragraph.id == "p009"
    assert answer.citations[0].paragraph.section[0] == "一、2023年工作回顾"


def test_year_decides_which_figure(assistant):
    plan = assistant.ask("2024年地区生产总值预期增长多少？")
    assert "7%" in plan.text and "6.5%" not in plan.text
    assert plan.citations[0].paragraph.section[0] == "二、2024年工作安排"
    check_citations(plan)


def test_comparison_gives_both_years(assistant):
    answer = assistant.ask("固定资产投资去年增长多少，今年目标是多少？")
    assert "12.1%" in answer.text and "10%" in answer.text
    assert {c.paragraph.section[0] for c in answer.citations} == {"一、2023年工作回顾", "二、2024年工作安排"}
    check_citations(answer)


def test_list_of_sections(assistant):
    answer = assistant.ask("2024年要抓好哪十个方面的重点工作？")
    assert len(answer.citations) == 10
    for words in ("落实和服务国家战略", "新型城镇化", "保障和改善民生"):
        assert words in answer.text
    check_citations(answer)


def test_list_named_by_its_count_inside_a_paragraph(assistant):
    answer = assistant.ask("“246”体系里的4大特色产业是什么？")
    for name in ("现代五金", "智能电梯", "锶盐", "光电"):
        assert name in answer.text
    assert {c.paragraph.section[-1] for c in answer.citations} == {"实施产业集群迭代升级行动"}
    check_citations(answer)


def test_list_of_parallel_sentences_beats_a_list_inside_one(assistant):
    answer = assistant.ask("今年政府工作要把准把牢哪四个导向？")
    for name in ("稳进增效导向", "除险固安导向", "改革突破导向", "惠民强企导向"):
        assert name in answer.text
    check_citations(answer)


def test_everyday_words_find_the_official_ones(assistant):
    answer = assistant.ask("公家欠老板们的钱，去年还上了多少？")
    assert not answer.abstained and "19.2亿元" in answer.text
    check_citations(answer)
    school = assistant.ask("2023年新建扩建学校一共新增了多少个学位？")  # the report writes 新(扩)建
    assert not school.abstained and "9340个" in school.text
    burial = assistant.ask("今年要修几处给老百姓安葬先人的地方？")
    assert not burial.abstained and "公墓3个" in burial.text


def test_where_in_report(assistant):
    answer = assistant.ask("营商环境在报告哪一部分？")
    assert "加快打造一流营商环境" in answer.text and "(五)全力深化重点领域改革" in answer.text
    check_citations(answer)


def test_plan_question(assistant):
    answer = assistant.ask("今年怎么稳房地产？")
    assert not answer.abstained and "房地产" in answer.text
    assert len(answer.text) < 250
    check_citations(answer)


@pytest.mark.parametrize("question", [
    "2023年大足人均可支配收入是多少元？",   # a figure the report never gives
    "2022年大足区GDP增长了多少？",          # a year it does not cover
    "永川区2023年地区生产总值增长了多少？",   # a place it does not cover
    "大足区目前的政府债务余额是多少？",
])
def test_abstains_when_the_report_does_not_say(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained and answer.text.startswith("报告中没有找到")
    # the refusal still quotes the closest sentence, in the answer itself, and cites it
    assert [c.n for c in answer.citations] == [1]
    assert "最接近的内容是" in answer.text or "报告讲到的是" in answer.text
    quote = answer.citations[0].quote
    assert quote[:20] in answer.text and quote in answer.citations[0].paragraph.text
    assert len(answer.hits) >= 5  # the nearest passages are still offered
    assert answer.confidence is not None and 0.0 <= answer.confidence <= 1.0


def test_refusal_says_the_report_only_gives_the_other_year(assistant):
    # the report gives last year's water mains (110公里) and no figure for this year
    answer = assistant.ask("今年要新建多少公里农村供水管网？")
    assert answer.abstained and "报告讲到的是2023年的情况" in answer.text
    assert answer.citations[0].paragraph.period == "past" and "110公里" in answer.citations[0].quote
    check_citations(answer)


def test_two_asks_are_answered_each(assistant):
    answer = assistant.ask("去年全区地区生产总值增长多少？今年的预期目标是多少？")
    assert not answer.abstained and "6.5%" in answer.text and "7%" in answer.text
    check_citations(answer)
    half = assistant.ask("去年全区地区生产总值增长多少？常住人口有多少人？")
    assert not half.abstained and "6.5%" in half.text and "报告没有给出" in half.text


def test_partial_answer_says_what_is_missing(assistant):
    answer = assistant.ask("今年要新建几所学校？")
    assert answer.citations and answer.citations[0].paragraph.period == "present"
    if answer.text.startswith("报告没有给出具体数字"):
        assert answer.abstained     # a related figure is no answer: it is a refusal that says what is there


@pytest.mark.parametrize("question, message", [("", "请输入"), ("   ", "请输入"), ("问" * 201, "太长")])
def test_bad_questions_get_a_message(assistant, question, message):
    with pytest.raises(QuestionError, match=message):
        assistant.ask(question)


def test_full_width_and_ascii_punctuation_are_equal(assistant):
    a = assistant.ask("去年全区地区生产总值增长多少？")
    b = assistant.ask("去年全区地区生产总值增长多少?")
    assert a.text == b.text
