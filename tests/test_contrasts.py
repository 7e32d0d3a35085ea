"""Contrasting qualifiers are data (rag/answer/contrasts.json); every example row holds."""
from __future__ import annotations

import json

import pytest

from rag.answer.understand.contrasts import RULES, other_side

DATA = json.loads(RULES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("question, passage, other", DATA["examples"])
def test_contrast_rows(question, passage, other):
    assert other_side(question, passage) is other
