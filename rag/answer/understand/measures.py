"""What a number question asks its figure to measure (a date, a rate of change, a level) and whether a sentence
gives it (patterns in measures.json): 「GDP总量是多少亿」 is not answered by 「增长3.5%」."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES = Path(__file__).with_name("measures.json")


@dataclass(frozen=True)
class Measure:
    name: str
    say: str                   # how a refusal names what is missing (「增长幅度」)
    asked: re.Pattern
    not_asked: re.Pattern | None
    given: re.Pattern


@lru_cache(maxsize=1)
def measures() -> tuple[Measure, ...]:
    data = json.loads(RULES.read_text(encoding="utf-8"))["measures"]
    return tuple(Measure(m["name"], m["say"], re.compile(m["asked"]),
                         re.compile(m["not_asked"]) if m.get("not_asked") else None, re.compile(m["given"]))
                 for m in data)


def asked(question: str) -> str:
    """The measure a question asks for ('' when any figure of its unit will do)."""
    return next((m.name for m in measures() if m.asked.search(question)
                 and not (m.not_asked and m.not_asked.search(question))), "")


def gives(text: str, measure: str) -> bool:
    m = next((m for m in measures() if m.name == measure), None)
    return m is None or bool(m.given.search(text))


def said(measure: str) -> str:
    return next((m.say for m in measures() if m.name == measure), "具体数字")
