"""The 「why」 rules are data (rag/answer/reasons.json); every example row there holds."""
from __future__ import annotations

import json

import pytest

from rag.answer.understand.reasons import RULES, asks_why, states_reason

DATA = json.loads(RULES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("question, why", DATA["why_examples"])
def test_why_questions(question, why):
    assert asks_why(question) is why


@pytest.mark.parametrize("passage, reason", DATA["because_examples"])
def test_stated_reasons(passage, reason):
    assert states_reason(passage) is reason
