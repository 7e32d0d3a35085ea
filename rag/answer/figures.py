"""Checks that a figure in an answer belongs to what the question asks about, in the year it asks about."""
from __future__ import annotations

import re

from rag.answer.compose import Composed
from rag.answer.periods import Periods
from rag.answer.query import Query
from rag.answer.spans import covered_terms, has_unit_number, weight_of
from rag.ingest.sentences import clauses, sentences

MIN_SUBJECT = 0.5   # share of the question's weight the figure's sentence, up to the figure, must carry
KEY_TERM = 0.35     # a term carrying this share of the weight must be among them (「森林」覆盖率)
HEAVIEST = 0.25    # the single heaviest term, when it carries this share, must be among them too
STOCK = re.compile(r"总数|总量|总额|总规模|总人数|总人口|总收入|总产值")  # a total, where reports mostly give increments
TOTAL_WORDS = re.compile(r"总|共|累计")


def figure_supported(query: Query, composed: Composed, weights: dict[str, float], total: float,
                     periods: dict[str, Periods]) -> bool:
    """Some clause with the asked-for figure also names the question's subject, in a wanted period."""
    top = max(weights.values(), default=0.0)
    heaviest = [t for t, w in weights.items() if w == top]  # ties: any one of them will do
    keys = [t for t, w in weights.items() if w / total >= KEY_TERM]
    stock = bool(STOCK.search(query.norm))
    for w in composed.windows:
        p = periods[w.paragraph.doc]
        wanted = p.wanted(query)
        if wanted and query.kind != "compare" and p.of(w.paragraph) and p.of(w.paragraph) not in wanted:
            continue
        text = w.paragraph.text
        for clause in clauses(text):
            if clause.end <= w.start or clause.start >= w.end or not has_unit_number(clause.text, query.unit):
                continue
            context = text[sentences(text)[clause.sentence][0]:clause.end]  # the subject comes before its figure
            if stock and not TOTAL_WORDS.search(context):
                continue
            before = covered_terms(query, text[:clause.end])  # a key term may head the paragraph instead
            missing_key = any(t not in before for t in keys) or (
                bool(heaviest) and top / total >= HEAVIEST and not any(t in before for t in heaviest))
            if weight_of(weights, covered_terms(query, context)) / total >= MIN_SUBJECT and not missing_key:
                return True
    return False
