"""Several years of one place: the words are data (rag/answer/years.json), and each question reaches the report
that holds what it asks (a year's plan in its own report, its results in the next one's review)."""
from __future__ import annotations

import json

import pytest

from rag.answer.route.years import RULES, asks, pick
from rag.types import Report

DATA = json.loads(RULES.read_text(encoding="utf-8"))
REPORTS = [Report("n22", "2022年国务院政府工作报告", "全国", "全国", 2022),
           Report("n23", "2023年国务院政府工作报告", "全国", "全国", 2023)]


@pytest.mark.parametrize("question, kind, matches", DATA["examples"])
def test_year_words(question, kind, matches):
    assert asks(kind, question) is matches


@pytest.mark.parametrize("question, mode, docs", [
    ("今年GDP增长目标是多少？", "latest", ("n23",)),
    ("2022年GDP增长目标是多少？", "year", ("n22",)),
    ("2022年实际增长了多少？", "year", ("n23",)),           # the review of 2022 is in 2023's report
    ("2023年政府工作报告提出的就业目标？", "year", ("n23",)),
    ("2022年城镇新增就业多少？", "year", ("n23", "n22")),   # either: the evidence decides
    ("2022年和2023年GDP目标分别是多少？", "years", ("n22", "n23")),
    ("2019年GDP增长多少？", "missing", ()),
])
def test_which_report_a_question_means(question, mode, docs):
    p = pick(question, REPORTS, frozenset())
    assert (p.mode, p.docs) == (mode, docs)
    if mode == "missing":
        assert p.missing == (2019,)


def test_a_promise_pairs_the_plan_with_the_next_years_review():
    p = pick("去年定的就业目标完成了吗？", REPORTS, frozenset({"past"}))
    assert (p.mode, p.plan, p.result, p.year) == ("promise", "n22", "n23", 2022)
    p = pick("今年的目标能完成吗？2023年的目标完成了吗", REPORTS, frozenset({"present"}))
    assert (p.plan, p.result) == ("n23", "")                # 2024's report is not in the library


def test_a_province_and_a_city_of_one_name_are_two_places_and_years_of_one_place_are_one():
    from rag.answer.route.route import by_place, route
    from rag.types import Report

    reports = [Report("jl-sheng-2025", "2025年吉林省政府工作报告", "吉林省", "省", 2025),
               Report("jl-shi-2025", "2025年吉林市政府工作报告", "吉林省吉林市", "市", 2025),
               Report("jl-shi-2024", "2024年吉林市政府工作报告", "吉林省吉林市", "市", 2024)]
    assert sorted(len(g) for g in by_place(reports).values()) == [1, 2]
    texts = {r.id: "" for r in reports}
    assert route("吉林省和吉林市今年经济增长目标分别是多少？", reports, texts).docs == ("jl-sheng-2025", "jl-shi-2025")


@pytest.mark.parametrize("question, mode", [
    ("北京今年经济增长目标是多少？", "missing"),            # asks about Beijing: no report of it
    ("北京的GDP增长多少？", "missing"),
    ("包银高铁通了以后，银川坐车到北京要多久？", "missing"),   # where one goes: still Beijing's
    ("那个北京冬奥会，报告里是怎么说的？", "one"),          # a name the report uses
])
def test_a_place_inside_a_name_the_report_uses_is_not_a_place_asked_about(question, mode):
    from rag.answer.route.route import route

    reports = [Report("nx", "2025年宁夏回族自治区政府工作报告", "宁夏回族自治区", "省", 2025)]
    texts = {"nx": "实现包银高铁全线通车,银川经包头至北京时间由18小时缩短到5小时。精心筹办北京冬奥会。"}
    assert route(question, reports, texts).mode == mode


def test_a_refusal_never_says_the_report_does_not_mention_a_place_it_mentions():
    from rag.answer.route.plan import make_plan

    reports = [Report("n19", "2019年国务院政府工作报告", "全国", "全国", 2019)]
    texts = {"n19": "粤港澳大湾区规划建设迈出实质性步伐,港珠澳大桥建成通车。我们坚信,香港、澳门一定能同发展。"}
    said = make_plan("香港今年经济增长多少？", reports, texts, None, frozenset()).parts[0].reason
    assert said == "报告没有讲到香港的这方面情况"
    said = make_plan("广东今年经济增长多少？", reports, texts, None, frozenset()).parts[0].reason
    assert said == "报告没有提到广东"
