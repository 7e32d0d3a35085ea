"""A yes/no question about a change is held to a sentence about what it asks (rag/answer/understand/changes.json)."""
from __future__ import annotations

import json

import pytest

from rag.answer.understand.changes import RULES, asks_change, names_subject

DATA = json.loads(RULES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("question, asks", DATA["asks_examples"])
def test_questions_that_ask_about_a_change(question, asks):
    assert asks_change(question) is asks


@pytest.mark.parametrize("passage, subjects, names", DATA["names_examples"])
def test_passages_that_name_what_is_asked_about(passage, subjects, names):
    assert names_subject(passage, tuple(subjects)) is names


def test_the_pension_question_is_not_answered_with_the_enrolment_rate(assistant):
    """Dazu's report never says whether pensions rise: say so, and quote what it says nearby."""
    answer = assistant.ask("今年养老金涨不涨？")
    assert answer.abstained and answer.text.startswith("报告没有说到养老金的调整")
    assert "95%" in answer.text and answer.citations


def test_a_change_the_report_states_is_answered(assistant):
    answer = assistant.ask("今年低保标准会提高吗？")
    assert not answer.abstained and "提标" in answer.text


@pytest.mark.parametrize("terms, weights, expected", [
    ({"养老金": ("养老金", "基本养老金"), "涨不涨": ("涨不涨", "增长")}, {"养老金": 0.0}, ("养老金", "基本养老金")),
    ({"最低工资": ("最低工资", "收入", "工资", "薪酬"), "标准": ("标准",), "上调": ("上调",)},
     {"最低工资": 2.4, "标准": 2.2}, ("最低工资",)),
    ({"老工人": ("老工人",), "退休金": ("退休金", "养老金", "基本养老金")}, {}, ("退休金", "养老金", "基本养老金")),
    ({"工资涨": ("工资涨", "居民人均可支配收入", "工资性收入")}, {}, ("工资", "工资性收入")),
])
def test_what_a_change_question_is_about(terms, weights, expected):
    """The term that says it best, and only the report's words for that same thing (not 收入 for 工资)."""
    from rag.answer.understand.changes import subject

    assert subject(terms, weights) == expected
