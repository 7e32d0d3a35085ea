"""How a question is read is data (rag/answer/question.json); every example row holds."""
from __future__ import annotations

import pytest

from rag.answer.understand.query import PATTERNS, RULES, analyze


@pytest.mark.parametrize("name, question", [(n, q) for n, qs in RULES["examples"].items() for q in qs])
def test_every_pattern_matches_its_examples(name, question):
    assert PATTERNS[name].search(analyze(question).norm)


def test_no_place_name_of_one_report_in_the_generic_question_words():
    assert not {"大足", "大足区", "安徽", "浙江"} & set(RULES["question_words"])
