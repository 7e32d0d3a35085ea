"""Qualifiers that exclude each other (城镇/农村, 新增/累计, 门诊/住院…, contrasts.json): a sentence that speaks only
of the other side does not answer the question."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

RULES = Path(__file__).with_name("contrasts.json")


@lru_cache(maxsize=1)
def pairs() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    return tuple((tuple(a), tuple(b)) for a, b in json.loads(RULES.read_text(encoding="utf-8"))["pairs"])


def other_side(question: str, passage: str) -> bool:
    """The question asks about one side only, and the passage speaks of the other side only."""
    for side, other in pairs():
        asks = any(w in question for w in side) and not any(w in question for w in other)
        if asks and any(w in passage for w in other) and not any(w in passage for w in side):
            return True
    return False
