"""Reading a question: its kind, unit and period, also when it is asked in spoken or 重庆 Mandarin."""
from __future__ import annotations

import pytest

from rag.answer.understand.query import analyze


@pytest.mark.parametrize("question, kind, unit", [
    ("一张门票要好多钱？", "number", "元"),            # 好多 = 多少
    ("咱区里现在一共住了好多人？", "number", "人"),
    ("研发人员打算凑到几多？", "number", ""),
    ("荷棠小学啥时候能修好？", "number", "年"),
    ("那个老石洞打算咋个整？", "plan", ""),
    ("好多企业搬来了吗", "fact", ""),                 # 好多 = many, not a question
    ("今年要修几处公墓？", "number", "处"),
    ("失业的人占的比例不超过几成？", "number", "%"),   # a share is a percentage
])
def test_spoken_question_words(question, kind, unit):
    query = analyze(question)
    assert (query.kind, query.unit) == (kind, unit)


def test_a_long_wait_is_not_a_when_question():
    assert analyze("等了好久都拿不到钥匙的业主，去年有好多人搬进新家了？").unit == "人"
    assert analyze("荷棠小学好久能修好？").unit == "年"


def test_many_years_is_not_a_question():
    query = analyze("房子买了好多年还没交，有好多人住进去了？")
    assert query.unit == "人" and "好多年" in query.norm


def test_growth_over_the_year_before_is_last_year():
    assert not analyze("去年规上工业增加值比前年涨了多少？").out_of_range
    assert analyze("前年规上工业增加值涨了多少？").out_of_range


@pytest.mark.parametrize("question, count", [
    ("2024年要抓好哪十个方面的重点工作？", 10),
    ("哪十二项任务？", 12),
    ("是哪二十个项目？", 20),
    ("“246”体系里的4大特色产业是什么？", 4),
    ("工作要求是哪十二个字？", 0),   # a phrase twelve characters long, not twelve items
])
def test_list_counts(question, count):
    assert analyze(question).count == count


@pytest.mark.parametrize("question", [
    "报告里讲“631”偿债机制的是哪个板块？",
    "“以案四说”警示教育放在政府自身建设的哪一条下面？",
    "报告在哪里提到“枫桥经验”?",
])
def test_where_questions(question):
    assert analyze(question).kind == "where"


def test_chinese_numerals_read_and_write_back():
    from rag.ingest import numerals
    for n in (1, 2, 4, 10, 12, 20, 35, 99):
        assert numerals.read(numerals.write(n)) == n
    assert numerals.read("两") == 2 and numerals.read("百") == 0
    assert numerals.write(120) == "120"


@pytest.mark.parametrize("question", ["今年全省地区生产总值增长多少？", "去年全市城镇新增就业多少人？",
                                      "我区今年要新建几所学校？"])
def test_the_whole_place_is_not_a_topic(question):
    """全省/全市/我区 say which place, like 全区 in Dazu's report; no sentence has to repeat them."""
    terms = analyze(question).terms
    assert not {"全省", "全市", "我区"} & set(terms)
