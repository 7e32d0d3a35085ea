"""How likely the report answers a question: features of the question and of its best evidence."""
from __future__ import annotations

import re

from rag.answer.rank.evidence import Candidate, ReportStats
from rag.answer.understand import contrasts, reasons
from rag.answer.understand.query import Query
from rag.answer.understand.terms import covered_terms, gives_figure, weight_of
from rag.ingest.sentences import NUMBER, clauses
from rag.search.lexicon import expansions
from rag.search.tokens import is_noun

FEATURES = ("score", "margin", "cos", "lex", "lex_max", "bigram", "par", "num_unit", "num_none", "period_miss",
            "unknown", "known_share", "figure_subject", "heaviest_missing", "total_missing", "other_year",
            "kind_number", "kind_list", "kind_plan", "kind_where", "other_side", "no_reason", "read", "reader_top",
            "reader_best", "reader_margin")
TOTAL_ASKED = re.compile(r"总数|总量|总额|总规模|总人数|总人口|总收入|总产值|一共|总共")
TOTAL_GIVEN = re.compile(r"总|共|累计|全年")


def figure_subject(query: Query, cand: Candidate, weights: dict[str, float]) -> float:
    """For a number question: how much of the question the sentence says before a figure in the asked unit
    (the subject comes before its figure: 「全年地区生产总值增长6.5%」); 0 when no such figure."""
    total = sum(weights.values())
    if query.kind not in ("number", "compare") or not total:
        return 0.0
    text, s0 = cand.paragraph.text, cand.sentence.start
    ends = [m.end() for m in NUMBER.finditer(text, s0, cand.sentence.end)]
    best = 0.0
    for c in clauses(text):
        if s0 <= c.start < cand.sentence.end and gives_figure(c.text, query):
            # a figure's subject is what the sentence says since the figure before it (「新建孵化载体2万平方米,
            # 新增在孵企业100家」: 新建 is not the subject of 100家)
            since = max((e for e in ends if e <= c.start), default=s0)
            best = max(best, weight_of(weights, covered_terms(query, text[since:c.end])) / total)
    return best


def unknown_nouns(query: Query, weights: dict[str, float]) -> list[str]:
    """Question nouns the report never uses (「余额」「常住人口」「CPI」), everyday words excepted."""
    return [t for t, w in weights.items() if w == 0.0 and len(t) >= 2 and len(query.terms[t]) == 1
            and not expansions(t) and is_noun(t)]


def _reader_features(ranked: list[tuple[Candidate, float]]) -> dict[str, float]:
    """What the reader made of the best candidate, of the best it read, and of the best other paragraph's."""
    read = [c for c, _ in ranked if "reader" in c.features]
    if not read:
        return {"read": 0.0, "reader_top": 0.0, "reader_best": 0.0, "reader_margin": 0.0}
    best = ranked[0][0]
    top = best.features.get("reader", min(c.features["reader"] for c in read))
    other = max((c.features["reader"] for c in read if c.paragraph.id != best.paragraph.id), default=top - 5.0)
    return {"read": 1.0, "reader_top": top, "reader_best": max(c.features["reader"] for c in read),
            "reader_margin": top - other}


def features(query: Query, ranked: list[tuple[Candidate, float]], stats: ReportStats) -> dict[str, float]:
    """`ranked`: candidates with their ranker logits, best first; `stats`: the best candidate's report."""
    if not ranked:
        return {f: 0.0 for f in FEATURES}
    best, score = ranked[0]
    second = next((s for c, s in ranked[1:] if c.paragraph.id != best.paragraph.id), score - 5.0)
    weights = stats.weights(query)
    unknown = unknown_nouns(query, weights)
    known = sum(weights.values())
    f = best.features
    heaviest = max(weights, key=lambda t: (weights[t], t), default="")
    context = " ".join(best.paragraph.section) + best.sentence.text
    return {
        "score": score, "margin": score - second, "cos": f["cos"], "lex": f["lex_context"],
        "lex_max": max(c.features["lex_context"] for c, _ in ranked), "bigram": f["bigram"], "par": f["par"],
        "num_unit": f["num_unit"], "num_none": f["num_none"], "period_miss": f["period_miss"],
        "unknown": min(len(unknown), 3) / 3.0, "known_share": known / (known + 3.0 * len(unknown)) if known else 0.0,
        "figure_subject": figure_subject(query, best, weights),
        "heaviest_missing": float(bool(heaviest) and weights[heaviest] > 0
                                  and heaviest not in covered_terms(query, context)),
        "other_year": float(query.out_of_range),  # 前年/明年: in a question, often not what it asks about
        "total_missing": float(bool(TOTAL_ASKED.search(query.norm)) and not TOTAL_GIVEN.search(best.sentence.text)),
        "kind_number": float(query.kind in ("number", "compare")), "kind_list": float(query.kind == "list"),
        "kind_plan": float(query.kind == "plan"), "kind_where": float(query.kind == "where"),
        "other_side": float(contrasts.other_side(query.norm, context)),
        **_reader_features(ranked),
        "no_reason": float(reasons.asks_why(query.norm) and not reasons.states_reason(best.sentence.text)),
    }


def of_best(query: Query, scored: list[tuple[Candidate, float]], stats: dict[str, ReportStats]) -> dict[str, float]:
    """The features of the best candidate's report: its candidates only, with that report's statistics."""
    if not scored:
        return {f: 0.0 for f in FEATURES}
    doc = scored[0][0].sentence.doc
    return features(query, [cs for cs in scored if cs[0].sentence.doc == doc], stats[doc])
