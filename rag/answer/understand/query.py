"""Reads a question: what kind of answer it wants, which year, which unit, which terms matter."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from rag.answer.understand import measures
from rag.ingest import numerals
from rag.search.lexicon import expansions
from rag.search.tokens import STOPWORDS, normalize, words

RULES = json.loads(Path(__file__).with_name("question.json").read_text(encoding="utf-8"))
PATTERNS = {name: re.compile(pattern) for name, pattern in RULES["patterns"].items()}
WHERE, COMPARE, LIST, NUMBER, PLAN = (PATTERNS[n] for n in ("WHERE", "COMPARE", "LIST", "NUMBER", "PLAN"))
# PLANNED: present only when no past
PAST, PRESENT, PLANNED, YEAR = (PATTERNS[n] for n in ("PAST", "PRESENT", "PLANNED", "YEAR"))
PERCENT, MONEY, WHEN = (PATTERNS[n] for n in ("PERCENT", "MONEY", "WHEN"))     # a share; a sum of money; a time
RELATIVE_OUT, COUNT_WORD, COUNT, UNIT = (PATTERNS[n] for n in ("RELATIVE_OUT", "COUNT_WORD", "COUNT", "UNIT"))
OFFSETS: dict[str, int] = RULES["offsets"]   # 「比前年涨了多少」 is last year's growth
# Spoken and south-western question words (重庆话 好多 = 多少), read as their standard forms.
DIALECT = [(re.compile(a), b) for a, b in RULES["dialect"]]
# Words that carry the question's form, not its topic; they count only when nothing else is left.
SOFT_WORDS = set(RULES["soft_words"])
QUESTION_WORDS = STOPWORDS | SOFT_WORDS | set(RULES["question_words"])


@dataclass(frozen=True)
class Query:
    """A question, read once; composing and abstaining both use it."""
    text: str
    norm: str
    kind: str                          # where | compare | list | number | plan | fact
    periods: frozenset[str]            # from 去年/今年/目标: {"past"}, {"present"}, both, or empty
    years: tuple[int, ...]             # explicit years named in the question
    out_of_range: bool                 # names 前年/明年 or similar relative years
    unit: str                          # unit a number answer must carry, '' when any number will do
    count: int                         # how many items a list question expects, 0 if unsaid
    terms: dict[str, tuple[str, ...]]  # content term → the strings that count as finding it
    relative: tuple[int, ...] = ()     # 前年/明年 as offsets from the year a report plans for (前年 → -2)
    measure: str = ""                  # what a number's figure must measure: "date" | "rate" | "level" | ""


def _count(norm: str) -> int:
    m = COUNT.search(norm)
    if not m:
        return 0
    g = m.group(1)
    if m.group(2):  # 「哪十二个字」 asks for a phrase of that length, not for that many items
        return 0
    return int(g) if g.isdigit() else numerals.read(g)


def _kind(norm: str) -> str:
    if WHERE.search(norm):
        return "where"
    if LIST.search(norm) and "多少" not in norm:
        return "list"
    # 「第几个五年普法」 asks for an ordinal, not a count
    if (NUMBER.search(norm) or WHEN.search(norm)) and "第几" not in norm:
        return "number"
    if PLAN.search(norm):
        return "plan"
    return "list" if _count(norm) >= 2 else "fact"  # 「2大主导产业是什么」 names a list by its size


def _terms(norm: str, known: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    terms: dict[str, tuple[str, ...]] = {t: (t,) for t in known if t in norm}  # the reports' own terms, whole
    for w in words(norm):
        if w in QUESTION_WORDS or YEAR.fullmatch(w) or len(w) < 2 and not w.isdigit() or COUNT_WORD.fullmatch(w):
            continue
        terms.setdefault(w, (w,))
    if not terms:  # 「今年主要预期目标有哪些？」: the soft words are the topic
        terms = {w: (w,) for w in words(norm) if w in SOFT_WORDS}
    for colloquial, report_words in expansions(norm).items():
        terms[colloquial] = (colloquial, *report_words)
        for w in list(terms):
            if w != colloquial and w in colloquial:
                del terms[w]  # the colloquial phrase stands for its parts
    # a longer term already carries its parts (生产总值 ⊂ 地区生产总值); it inherits a colloquial part's
    # report words (娃 ⊂ 娃娃 → 儿童)
    kept = {t: v for t, v in terms.items() if not any(t != o and t in o for o in terms)}
    for t, v in terms.items():
        if t not in kept and len(v) > 1:
            for o in kept:
                if t in o:
                    kept[o] = tuple(dict.fromkeys((*kept[o], *v[1:])))
    return kept


def plain(norm: str) -> str:
    for pattern, standard in DIALECT:
        norm = pattern.sub(standard, norm)
    return norm


def analyze(question: str, known: tuple[str, ...] = ()) -> Query:
    """Read `question`. Years stay explicit; rag.answer.understand.periods maps them onto each report's parts.
    `known`: the reports' own quoted terms (「三攻坚一盘活」), kept whole as terms."""
    spoken = normalize(question).strip()
    norm = plain(spoken)
    years = tuple(dict.fromkeys(int(y) for y in YEAR.findall(norm)))
    periods = set()
    if PAST.search(norm):
        periods.add("past")
    if PRESENT.search(norm) or (PLANNED.search(norm) and not periods and not years):
        periods.add("present")
    unit = UNIT.search(norm) if "第几" not in norm else None
    unit_text = (unit.group(1) or "") + unit.group(2) if unit else ("元" if MONEY.search(norm) else "")
    if WHEN.search(norm):
        unit_text = "年"
    elif not unit_text and PERCENT.search(spoken):
        unit_text = "%"
    compare_like = len(periods) + len(years) >= 2 or (COMPARE.search(norm) and (periods or years))
    kind = "compare" if compare_like and not WHERE.search(norm) else _kind(norm)
    terms = {t: v for t, v in _terms(norm, known).items() if not unit_text or t != unit_text}  # the unit is no topic
    relative = tuple(dict.fromkeys(OFFSETS[m] for m in RELATIVE_OUT.findall(norm)))
    measure = measures.asked(norm) if kind in ("number", "compare") else ""
    return Query(question, norm, kind, frozenset(periods), years, bool(relative), unit_text, _count(norm), terms,
                 relative, measure)
