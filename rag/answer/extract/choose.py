"""Which spans answer: the best candidate, made into a span; for a comparison, the best of each year;
for a list, the report's own structure when it lists what was asked."""
from __future__ import annotations

from rag.answer.extract import outline
from rag.answer.extract.composed import Composed, from_outline
from rag.answer.extract.listing import enumerated
from rag.answer.extract.spans import Window, answer_span
from rag.answer.rank.evidence import Candidate
from rag.answer.understand.query import Query
from rag.answer.understand.terms import gives_figure, weight_of
from rag.types import Paragraph

CLOSE = 0.35        # a comparison's other year may come from a candidate this far below the best (logit)
COMPARE_DEPTH = 12  # how deep in the ranking the other year is looked for
STRUCTURE = 6       # paragraphs an outline may come from


def _composed(query: Query, windows: list[Window], weights: dict[str, float]) -> Composed:
    total = sum(weights.values()) or 1.0
    covered = frozenset().union(*(w.covered for w in windows)) if windows else frozenset()
    unit_ok = any(gives_figure(w.text, query) for w in windows)
    return Composed(tuple(windows), weight_of(weights, covered) / total, unit_ok)


def _compare(query: Query, ranked: list[tuple[Candidate, float]], weights: dict[str, float]) -> list[Window]:
    """The best candidate of last year's review and the best of this year's plan, last year first."""
    chosen: dict[str, Window] = {}
    for cand, score in ranked[:COMPARE_DEPTH]:
        period = cand.paragraph.period
        if period in ("past", "present") and period not in chosen and score >= ranked[0][1] - 4 * CLOSE - 2.0:
            chosen[period] = answer_span(query, cand, weights)
    if not chosen:
        return [answer_span(query, ranked[0][0], weights)]
    return [chosen[p] for p in ("past", "present") if p in chosen]


def choose(query: Query, ranked: list[tuple[Candidate, float]], weights: dict[str, float],
           body: list[Paragraph]) -> Composed:
    """`ranked`: candidates of one report with their ranker logits, best first; `body`: that report's paragraphs."""
    if not ranked:
        return Composed((), 0.0, False)
    if query.kind == "compare":
        return _composed(query, _compare(query, ranked, weights), weights)
    best = answer_span(query, ranked[0][0], weights)
    composed = _composed(query, [best], weights)
    if query.kind == "list":
        top = list(dict.fromkeys(c.paragraph for c, _ in ranked))[:STRUCTURE]
        listed = enumerated(best.text) >= query.count >= 2
        found = outline.choose(query, top, body, weights, composed.coverage, listed)
        if found:
            return from_outline(found, composed.coverage)
    return composed
