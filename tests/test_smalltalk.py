"""Small talk is data (rag/answer/smalltalk.json); every example row there holds, and it gets no search."""
from __future__ import annotations

import json

import pytest

from rag.answer.understand.smalltalk import HELLO, RULES, kind

DATA = json.loads(RULES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, expected", DATA["examples"])
def test_small_talk_rows(text, expected):
    assert kind(text) == expected


def test_a_greeting_gets_what_the_assistant_can_do_not_a_search(assistant):
    answer = assistant.ask("你好")
    assert answer.text == HELLO and answer.abstained and not answer.citations and not answer.hits
