"""Yes/no questions about a change (「养老金涨不涨？」): whether one is asked, what it is about, and whether a
passage names that at all (changes.json)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

RULES = Path(__file__).with_name("changes.json")
ASKING_CHARS = "会能要还是否不没了吗呢"   # what is left of 「会不会增加」「还涨吗」 once the change word is gone


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


def _rank(term: str, terms: dict[str, tuple[str, ...]], weights: dict[str, float]) -> float:
    """How much a term says what is asked about: a term the report never uses but the thesaurus knows (养老金,
    最低工资) most, as no sentence can name it; then its weight in the report; chatter it never uses (老工人) least."""
    weight = weights.get(term, 0.0)
    return weight if weight else float("inf") if len(terms[term]) > 1 else -1.0


def _same_thing(bare: str, word: str) -> bool:
    """A report word for the asked thing: it contains it (基本养老金 for 养老金), or ends like it as a Chinese compound
    does (养老金 for 退休金); not a part of it (工资 for 最低工资) nor a broader word (收入 for 工资)."""
    return word != bare and (bare in word or (word[-1] == bare[-1] and word not in bare))


def subject(terms: dict[str, tuple[str, ...]], weights: dict[str, float]) -> tuple[str, ...]:
    """What the change is asked about: the term that says it best, its change words dropped (「工资涨」 → 工资), then
    the report's words for that same thing (「最低工资标准会上调吗」 is about 最低工资, not any 标准 or 收入)."""
    about = {t: bare for t in terms if len(bare := _pattern("change").sub("", t).strip(ASKING_CHARS)) >= 2}
    best = max(about, key=lambda t: (_rank(t, terms, weights), len(about[t])), default="")
    if not best:
        return ()
    bare = about[best]
    return (bare, *[v for v in terms[best][1:] if _same_thing(bare, v)])


def names_subject(passage: str, subjects: tuple[str, ...]) -> bool:
    """`passage` names what the change is asked about: a sentence that does not (「参保率95%」 for 养老金) cannot
    say whether it changes. One that does is answered, figure and all (a target, a rate): the user can judge."""
    return any(s in passage for s in subjects)
