"""A chat that listens: follow-ups, traditional characters and English, with the real model on the bundled report."""
from __future__ import annotations

import pytest

from rag.answer.understand.anaphora import rules
from rag.answer.understand.dialogue import Turn, enumerated, items_of, read
from rag.types import Answer

GDP = "去年全区地区生产总值增长多少？"


def turns(assistant, *questions):
    history = []
    for q in questions:
        answer = assistant.ask(q, history=history)
        history.append(Turn(q, answer.read_as or q, answer))
    return history


def test_the_year_carries_over(assistant):
    answer = assistant.ask("那今年呢？", history=turns(assistant, GDP))
    assert not answer.abstained and "7%" in answer.text and "6.5%" not in answer.text
    assert answer.read_as.startswith("今年") and "生产总值" in answer.read_as


def test_the_indicator_changes(assistant):
    answer = assistant.ask("规上工业增加值呢？", history=turns(assistant, "去年固定资产投资增长多少？"))
    assert not answer.abstained and "9%" in answer.text and "规上工业增加值" in answer.read_as


def test_a_pronoun_takes_the_subject(assistant):
    answer = assistant.ask("它今年的目标是多少？", history=turns(assistant, GDP))
    assert not answer.abstained and "7%" in answer.text


def test_the_third_item_of_a_list(assistant):
    history = turns(assistant, "2024年要抓好哪十个方面的重点工作？")
    assert len(items_of(history[-1].answer)) == 10
    answer = assistant.ask("第三个方面具体讲了什么？", history=history)
    assert not answer.abstained and answer.citations
    assert answer.citations[0].paragraph.section[1].startswith("(三)")


def test_more_detail_reads_on_in_the_same_passage(assistant):
    history = turns(assistant, "今年怎么稳房地产？")
    more = assistant.ask("再具体一点", history=history)
    first = history[-1].answer
    assert more.citations[0].paragraph.id == first.citations[0].paragraph.id
    assert len(more.text) > len(first.text)


def test_a_new_topic_starts_fresh(assistant):
    answer = assistant.ask("营商环境在报告哪一部分？", history=turns(assistant, GDP))
    assert answer.read_as == "" and "营商环境" in answer.text


def test_an_ordinal_past_the_end_of_the_list_is_said_so(assistant):
    answer = assistant.ask("第二十个方面具体讲了什么？", history=turns(assistant, "2024年要抓好哪十个方面的重点工作？"))
    assert answer.abstained and "只列了10项" in answer.text


def test_a_year_the_report_does_not_cover_is_refused_in_a_follow_up(assistant):
    answer = assistant.ask("那前年呢？", history=turns(assistant, GDP))
    assert answer.read_as.startswith("前年") and answer.abstained


def test_traditional_characters_read_as_simplified(assistant):
    answer = assistant.ask("去年全區地區生產總值增長多少？")
    assert not answer.abstained and "6.5%" in answer.text
    assert answer.read_as == GDP and answer.question == "去年全區地區生產總值增長多少？"


def test_an_english_question_gets_the_figure_and_the_chinese_sentence(assistant):
    answer = assistant.ask("How much did Dazu's GDP grow last year?")
    assert not answer.abstained and "6.5%" in answer.text and answer.text.startswith("The report gives")
    assert answer.read_as and "去年" in answer.read_as
    refusal = assistant.ask("How many people live in Dazu in 2022?")
    assert refusal.abstained and refusal.text.startswith("The report does not say")


def test_converse_answers_the_context_first(assistant):
    answer = assistant.converse("那今年呢？", [GDP])
    assert "7%" in answer.text and answer.read_as


@pytest.mark.parametrize("question, earlier, expected", rules()["examples"])
def test_every_example_row_of_the_dialogue_rules_reads_as_written(question, earlier, expected):
    """dialogue.json's rows: a follow-up is read with the earlier question, a new topic exactly as asked."""
    reading = read(question, [Turn(earlier, earlier, Answer(earlier, "", False))])
    assert reading.question == (expected or question) and reading.changed == (expected is not None)


@pytest.mark.parametrize("question, history, expected", [
    ("那今年呢？", ["去年全区地区生产总值增长多少？"], "今年全区地区生产总值增长多少？"),
    ("今年要新建几所学校？", ["去年全区地区生产总值增长多少？"], "今年要新建几所学校？"),
    ("去年实际增长了多少？", ["今年固定资产投资的预期目标是多少？"], "去年固定资产投资实际增长了多少？"),
])
def test_reading_without_the_model(question, history, expected):
    reading = read(question, [Turn(h, h, Answer(h, "", False)) for h in history])
    assert reading.question == expected and reading.changed == (expected != question)


def test_regional_words_become_the_reports_words_only_where_the_reports_use_them():
    from rag.answer.understand.language import simplified

    known = "推进信息化建设,新增就业岗位,建设城市网络"
    assert simplified("推進資訊化建設", known) == "推进信息化建设"      # Taiwan 資訊 → the report's 信息
    assert simplified("新增多少就業崗位", known) == "新增多少就业岗位"    # not the Taiwan table's 添加
    assert simplified("網路", known) == "网络"
    assert simplified("推進資訊化建設") == "推进资讯化建设"               # without the reports: characters only


def test_an_english_question_is_searched_with_its_own_vector_too(assistant):
    """The dense query of an English question mixes the English and its Chinese reading (e5 is multilingual)."""
    from rag.model.blend import Blended

    question = "How much did Dazu's GDP grow last year?"
    reading = assistant.ask(question).read_as
    blended = Blended(assistant.embedder, question).embed_queries([reading])[0]
    alone = assistant.embedder.embed_queries([reading])[0]
    english = assistant.embedder.embed_queries([question])[0]
    assert abs(float(blended @ blended) - 1.0) < 1e-4
    assert float(blended @ english) > float(alone @ english)
    assert float(blended @ alone) > 0.8


def test_the_list_under_discussion_outlives_one_item_turn():
    listed = Answer("今年的实事有哪些？", "「今年办好3件实事」包括：新建学校[1]；改造老旧小区[1]；新增养老床位[1]。",
                    False, items=("新建学校", "改造老旧小区", "新增养老床位"))   # the items the answer carries
    first = Answer("第一件是什么？", "一是新建学校3所[1]。", False)
    history = [Turn("今年的实事有哪些？", "今年的实事有哪些？", listed),
               Turn("第一件是什么？", "“新建学校”是什么？", first)]
    reading = read("最后一件呢？", history)
    assert reading.question.startswith("“新增养老床位”") and reading.changed


@pytest.mark.parametrize("question, expected", [
    ("去年新建运营了几个海外仓？", "新建运营海外仓"), ("盛泰光电去年获得了哪些荣誉？", "盛泰光电"),
    ("去年GDP增长多少？", "GDP")])
def test_what_is_counted_belongs_to_the_subject(question, expected):
    from rag.answer.understand.compound import subject

    assert subject(question) == expected


def test_an_english_word_is_read_in_its_main_sense_not_the_reports_most_frequent_word():
    from rag.answer.understand.language import english_question

    known = "发展发展发展发展推动高质量发展,地区生产总值增长6.5%,发展目标"
    reading = english_question("What was the GDP growth last year?", known)
    assert "增长" in reading and "发展" not in reading and reading.startswith("去年")


@pytest.mark.parametrize("earlier, question", [
    ("今年看病报销有什么新政策？", "今年要修哪些路？"),
    ("去年全区地区生产总值增长多少？", "今年新增就业目标多少？"),
    ("大足石刻去年接待了多少游客？", "那个“渝采通”平台是干什么的？"),
    ("去年农村公路改造了多少公里？", "今年的主要预期目标有哪些？"),
])
def test_a_new_topic_after_an_unrelated_question_is_answered_as_if_asked_alone(assistant, earlier, question):
    """The issue's judgement in small: nothing of the earlier turn is pasted into a question that stands alone."""
    after = assistant.ask(question, history=turns(assistant, earlier))
    alone = assistant.ask(question)
    assert after.read_as == "" and after.text == alone.text and after.abstained == alone.abstained


def test_the_nth_thing_a_quoted_sentence_lists():
    """「第二个」 after an answer that quotes a list in one sentence counts in that list, not in the report's parts."""
    from rag.types import Citation, Paragraph

    quote = "实施战略帅才、领军将才、产业英才、青年俊才“十百千万”行动"
    cited = Answer("人才行动是啥？", quote + "[1]。", False,
                   citations=(Citation(1, Paragraph("p001", "d", ("二、重点任务",), quote), quote),))
    assert enumerated(cited)[1] == "领军将才"
    reading = read("第二个具体是什么？", [Turn("人才行动是啥？", "人才行动是啥？", cited)], enumerated(cited))
    assert reading.question.startswith("“领军将才”") and reading.changed


@pytest.mark.parametrize("name, question", [(n, q) for n, qs in rules()["pattern_examples"].items() for q in qs])
def test_every_dialogue_pattern_matches_its_examples(name, question):
    from rag.answer.understand.dialogue import PATTERNS

    assert PATTERNS[name].search(question)


def test_a_subject_jieba_does_not_tag_is_found_in_the_reports_words():
    """「北方清洁取暖率」 is cut into a place, an adjective and verbs; the report's 「清洁取暖」 names it all the same,
    so the question stands alone. Without the report's words it would take the chat's subject."""
    earlier = [Turn("企业养老保险省级统收统支实现了吗？", "企业养老保险省级统收统支实现了吗？")]
    question = "北方清洁取暖率今年要到多少呢？"
    assert read(question, earlier, known="北方地区清洁取暖率达到70%").changed is False
    assert read(question, earlier).changed is True
    # a verb the reports use is no subject: 「什么时候建成投运？」 still asks about the chat's project
    assert read("能按时建成吗？", [Turn("今年要开工哪条铁路？", "今年要开工哪条铁路？")], known="按时建成投运").changed


def test_an_item_asked_by_its_number_is_the_item_the_list_numbered_so():
    """A list whose first entry is no item (a heading, an opening) is counted by the items' own numbers."""
    from rag.answer.write.reply import item
    from rag.types import Citation, Paragraph

    listed = ["总体要求", "一是稳增长", "二是促改革", "三是惠民生", "四是防风险"]
    quote = "四是防风险，守住不发生系统性风险的底线。"
    cited = Citation(1, Paragraph("p9", "demo", ("二、今年工作",), quote, "body"), quote)
    answer = Answer("今年要打哪几场攻坚战？", "…", False, (cited,), items=tuple(listed))
    earlier = [Turn(answer.question, answer.question, answer)]
    reading = read("第四个是什么？", earlier)
    assert reading.item == "四是防风险" and "四是防风险" in reading.question
    said = item("第四个是什么？", reading.ordinal, reading.item, [answer])
    assert said is not None and said.text == "第四个是：四是防风险[1]。"
    assert said.citations[0].quote == quote   # the sentence that says it, one tap away
    # asking more than which one is answered from the report, not by repeating the item
    detail = read("第四个具体要干啥？", earlier)
    assert detail.item == "四是防风险" and not detail.which
    assert read("第二个是什么？", earlier).item == "二是促改革"


def test_the_items_a_quote_lists_after_its_lead_are_counted_without_the_lead():
    from rag.types import Citation, Paragraph

    quote = ("今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，规模以上工业增加值增长8%左右，"
             "固定资产投资增长5%左右。")

    answer = Answer("今年的主要预期目标有哪些？", quote, False, (Citation(1, Paragraph("p1", "d", (), quote), quote),))
    assert enumerated(answer) == ["地区生产总值增长5.5%左右", "规模以上工业增加值增长8%左右", "固定资产投资增长5%左右"]
    plain = quote.replace("是：", "是")   # no lead: commas part clauses, not items
    assert enumerated(Answer("", plain, False, (Citation(1, Paragraph("p1", "d", (), plain), plain),))) == []
