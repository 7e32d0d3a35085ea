"""「Why」 questions: whether a question asks for a reason, and whether a passage states one (reasons.json)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

RULES = Path(__file__).with_name("reasons.json")
NO_REASON = "报告没有说明原因；它提到："


@lru_cache(maxsize=1)
def _rules() -> dict:
    return json.loads(RULES.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _why() -> re.Pattern:
    return re.compile(_rules()["why"])


@lru_cache(maxsize=1)
def _because() -> re.Pattern:
    return re.compile(_rules()["because"])


def asks_why(question: str) -> bool:
    return bool(_why().search(question))


def states_reason(passage: str) -> bool:
    return bool(_because().search(passage))
