"""The question's terms in report text: which are covered, how much they weigh, figures in the asked unit."""
from __future__ import annotations

import math
import re
from dataclasses import replace

from rag.answer.understand import measures
from rag.answer.understand.query import Query
from rag.ingest.sentences import NUMBER
from rag.search.tokens import searchable, words

CLASSIFIERS = ("个座所家处间栋幢", "人名位", "条件项")  # measure words that stand in for one another
ALSO = {"家": "户"}  # firms are also counted in 户 (「融资平台公司压减7户」), households never in 家


def weight_of(weights: dict[str, float], terms) -> float:
    """The summed weight of some terms; fsum, so a set's iteration order cannot change a tie."""
    return math.fsum(weights.get(t, 0.0) for t in terms)


def covered_terms(query: Query, text: str) -> frozenset[str]:
    norm = searchable(text)
    return frozenset(t for t, variants in query.terms.items() if any(v in norm for v in variants))


def _found(word: str, paragraph_norms: list[str]) -> bool:
    return any(word in text for text in paragraph_norms)


def resolve_terms(query: Query, paragraph_norms: list[str], drop: set[str] | frozenset[str] = frozenset()) -> Query:
    """A compound no paragraph contains (「森林覆盖率」) becomes its parts (「森林」「覆盖率」), each a term; an
    everyday word also finds the longer parts of its report words (GDP → 地区生产总值 → 生产总值).
    `drop`: words that only say which report is meant (the library's place names)."""
    terms: dict[str, tuple[str, ...]] = {}
    for term, variants in query.terms.items():
        if term in drop:
            continue
        if len(variants) > 1:
            parts = [w for v in variants[1:] for w in words(v) if w != v and len(w) >= 3]
            variants = tuple(dict.fromkeys([*variants, *(w for w in parts if _found(w, paragraph_norms))]))
        if len(term) >= 3 and len(variants) == 1 and not any(term in text for text in paragraph_norms):
            parts = [w for w in words(term) if w != term and len(w) >= 2]
            parts = [w for w in parts if not any(w != o and w in o for o in parts)]
            if parts and all(any(p in text for text in paragraph_norms) for p in parts):
                terms.update((p, (p,)) for p in parts)
                continue
        terms[term] = variants
    return replace(query, terms=terms) if terms != query.terms else query


def has_unit_number(text: str, unit: str) -> bool:
    """A number followed by the unit the question asks for (「多少公里」 → 「28.4公里」); 个 takes any."""
    if not unit or unit == "个":
        return bool(NUMBER.search(text))
    if unit == "年":  # 「哪一年通车」: a year, or a month of one
        return bool(re.search(r"(?:19|20)\d{2}年|\d{1,2}月", text))
    base = unit.lstrip("万亿").replace("月份", "月")
    group = next((g for g in CLASSIFIERS if base in g), "")
    units = f"[{group}{ALSO.get(base, '')}]" if group else re.escape(base)
    return bool(re.search(r"\d(?:\.\d+)?\s*(?:余|多)?(?:万|亿)?" + units, text))


def gives_figure(text: str, query: Query) -> bool:
    """A figure in the asked unit that measures what the question asks (a date, a rate, a level)."""
    return has_unit_number(text, query.unit) and measures.gives(text, query.measure)
