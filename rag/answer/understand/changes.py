"""Yes/no questions about a change (「养老金涨不涨？」): whether one is asked, what it is about, and whether a
passage states a change of that (changes.json)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

RULES = Path(__file__).with_name("changes.json")
CLAUSE = re.compile(r"[，,；;。！？!?：:]")


def no_change(subject: str) -> str:
    return f"报告没有说到{subject}的调整；它提到："


@lru_cache(maxsize=1)
def _rules() -> dict:
    return json.loads(RULES.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _pattern(key: str) -> re.Pattern:
    return re.compile(_rules()[key])


def asks_change(question: str) -> bool:
    return bool(_pattern("asks").search(question)) and not _pattern("not_asks").search(question)


def subject(terms: dict[str, tuple[str, ...]], weights: dict[str, float]) -> tuple[str, ...]:
    """What the change is asked about: the weightiest term with its change words dropped (「工资涨」 → 工资), then
    the report's words for it."""
    about = {t: bare for t in terms if (bare := _pattern("change").sub("", t).strip("不没了吗"))}
    best = max(about, key=lambda t: (weights.get(t, 0.0), len(about[t])), default="")
    return (about[best], *terms[best][1:]) if best else ()


def states_change(passage: str, subjects: tuple[str, ...]) -> bool:
    """A clause of `passage` names one of `subjects` and a change."""
    return any(any(s in c for s in subjects) and _pattern("change").search(c) for c in CLAUSE.split(passage))
