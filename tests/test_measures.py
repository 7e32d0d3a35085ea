"""The measures a number question asks for are data (rag/answer/measures.json); every example row holds."""
from __future__ import annotations

import json

import pytest

from rag.answer.understand.measures import RULES, asked, gives

DATA = json.loads(RULES.read_text(encoding="utf-8"))
ASKED = ([(q, m["name"]) for m in DATA["measures"] for q in m["asked_examples"]]
         + [(q, "") for q in DATA["none_examples"]])
GIVEN = [(t, m["name"], ok) for m in DATA["measures"] for t, ok in m["given_examples"]]


@pytest.mark.parametrize("question, measure", ASKED)
def test_what_a_question_asks_for(question, measure):
    assert asked(question) == measure


@pytest.mark.parametrize("text, measure, ok", GIVEN)
def test_what_a_sentence_gives(text, measure, ok):
    assert gives(text, measure) is ok
