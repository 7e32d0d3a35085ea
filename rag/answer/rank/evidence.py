"""Candidate evidence: the sentences that might answer a question, each described by the signals that matter.

No signal discards a candidate: a sentence without the question's words stays in, and its semantic similarity,
its paragraph's retrieval score, the answer type it carries and its year speak for it (rag/answer/model.py
weighs them with weights fitted on gold files of several reports).
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from rag.answer.understand.periods import Periods
from rag.answer.understand.query import Query
from rag.answer.understand.terms import covered_terms, gives_figure, weight_of
from rag.ingest.sentences import NUMBER
from rag.search.corpus import Corpus
from rag.search.retrieve import Ranked, sentence_scores
from rag.search.tokens import searchable
from rag.types import Paragraph, Sentence

SENTENCE_ENV = "RAG_SENTENCE_EVIDENCE"  # 0: the ablation without sentence-level semantic evidence
PARAGRAPHS = 8        # sentences of this many best paragraphs are candidates
PERIOD_GATE = 5.0     # logits taken off a candidate from the year the question did not ask about
NEAREST = 24          # and this many sentences nearest to the question in meaning, wherever they are
LIST_MARK = re.compile(r"[、；;]")
CJK = re.compile(r"[\u4e00-\u9fff]")
FEATURES = ("cos", "cos_gap", "cos_rank", "par", "par_rank", "lex", "lex_context", "lex_paragraph", "bigram",
            "num_unit", "num_any", "num_none", "period_match", "period_miss", "first", "heading", "length",
            "list_marks", "where_heading")


@dataclass(frozen=True)
class Candidate:
    row: int                       # sentence row in the corpus
    sentence: Sentence
    paragraph: Paragraph
    features: dict[str, float]


def bigrams(norm: str) -> set[str]:
    chars = "".join(CJK.findall(norm))
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


@dataclass
class ReportStats:
    """Per report: normalised paragraph texts (for IDF) and bigram document frequencies."""
    norms: list[str]
    bigram_df: dict[str, int]
    _idf: dict[tuple[str, ...], float] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, paragraphs: list[Paragraph]) -> ReportStats:
        norms = [searchable(p.text) for p in paragraphs if p.kind != "title"]
        df: dict[str, int] = {}
        for text in norms:
            for b in bigrams(text):
                df[b] = df.get(b, 0) + 1
        return cls(norms, df)

    def idf(self, variants: tuple[str, ...]) -> float:
        """IDF of a term (any of its variants) over this report's paragraphs; 0 when no paragraph has it."""
        if variants not in self._idf:  # a term's weight never changes: questions share it
            n = len(self.norms)
            df = sum(1 for text in self.norms if any(v in text for v in variants))
            self._idf[variants] = math.log((n + 1) / (df + 0.5)) if df else 0.0
        return self._idf[variants]

    def weights(self, query: Query) -> dict[str, float]:
        """IDF of each question term in this report; a term the report never uses weighs nothing."""
        return {term: self.idf(variants) for term, variants in query.terms.items()}

    def bigram_weights(self, norm: str) -> dict[str, float]:
        n = len(self.norms)
        return {b: math.log((n + 1) / (self.bigram_df[b] + 0.5)) for b in bigrams(norm) if b in self.bigram_df}


def _share(weights: dict[str, float], covered, total: float) -> float:
    return weight_of(weights, covered) / total if total else 0.0


def candidates(query: Query, ranked: Ranked, corpus: Corpus, docs: Collection[str] | None,
               stats: dict[str, ReportStats], periods: dict[str, Periods]) -> list[Candidate]:
    """The candidate sentences for `query` within `docs` (all reports when None), with their features."""
    wanted_by_doc: dict[str, set[str]] = {}

    def wanted_of(doc: str) -> set[str]:
        """The parts of the report (past / present) the question asks about; once per report."""
        if doc not in wanted_by_doc:
            wanted_by_doc[doc] = periods[doc].wanted(query) if doc in periods else set()
        return wanted_by_doc[doc]

    def missed(doc: str, paragraph: Paragraph) -> bool:
        """About the other year than the one asked for (「今年」 asked, the review of last year found)."""
        wanted = wanted_of(doc)
        return bool(wanted) and bool(paragraph.period) and paragraph.period not in wanted and query.kind != "compare"

    best: dict[tuple[str, str], float] = {}
    for row in ranked.order:
        c = corpus.chunks[row]
        if docs is None or c.doc in docs:
            best[(c.doc, c.paragraph)] = max(best.get((c.doc, c.paragraph), 0.0), ranked.fused[row])
    top = sorted(best, key=lambda k: -best[k])[:PARAGRAPHS]
    # the other year's passages do not set the bar the asked year's are measured against
    peers = [k for k in top if not missed(k[0], corpus.by_id[k])] or top
    par_rank = {k: i for i, k in enumerate(peers)}
    top_score = best[peers[0]] if peers else 1.0
    rows = [r for k in top for r in corpus.paragraph_sentences.get(k, [])]
    near = [r for r in sorted(ranked.sentence, key=lambda r: -ranked.sentence[r])
            if docs is None or corpus.sentences[r].doc in docs][:NEAREST]
    sentence_level = os.environ.get(SENTENCE_ENV, "1").strip() not in ("0", "off", "false", "no")
    rows = list(dict.fromkeys(rows + (near if sentence_level else [])))
    if not rows:
        return []
    cos = sentence_scores(corpus, ranked.query, rows, ranked.sentence) if ranked.query is not None else {}
    if not sentence_level:  # every sentence gets its paragraph's best cosine: the paragraph speaks, not the sentence
        best_cos: dict[tuple[str, str], float] = {}
        for r in rows:
            key = (corpus.sentences[r].doc, corpus.sentences[r].paragraph)
            best_cos[key] = max(best_cos.get(key, -1.0), cos.get(r, 0.0))
        cos = {r: best_cos[(corpus.sentences[r].doc, corpus.sentences[r].paragraph)] for r in rows}
    pars = {r: corpus.paragraph(corpus.sentences[r]) for r in rows}
    miss = {r: missed(corpus.sentences[r].doc, pars[r]) for r in rows}
    values = sorted((cos.get(r, 0.0) for r in rows if not miss[r]), reverse=True) or sorted(
        (cos.get(r, 0.0) for r in rows), reverse=True)
    top_cos = values[0] if values else 0.0
    weights = {doc: stats[doc].weights(query) for doc in {corpus.sentences[r].doc for r in rows}}
    grams = {doc: stats[doc].bigram_weights(query.norm) for doc in weights}
    totals = {doc: (sum(weights[doc].values()), sum(grams[doc].values())) for doc in weights}
    numeric = query.kind in ("number", "compare")
    place = {v: i for i, v in reversed(list(enumerate(values)))}
    per_paragraph: dict[tuple[str, str], tuple[frozenset[str], frozenset[str]]] = {}
    out = []
    for r in rows:
        s, par = corpus.sentences[r], pars[r]
        w, g = weights[s.doc], grams[s.doc]
        total, gram_total = totals[s.doc]
        norm = searchable(s.text)
        key = (s.doc, s.paragraph)
        if key not in per_paragraph:  # what the heading and the whole paragraph cover, once per paragraph
            per_paragraph[key] = (covered_terms(query, " ".join(par.section)), covered_terms(query, par.text))
        heading, whole = per_paragraph[key]
        own = covered_terms(query, s.text)
        wanted = wanted_of(s.doc)
        cosine = cos.get(r, 0.0)
        unit = gives_figure(s.text, query) if numeric else False
        number = bool(NUMBER.search(s.text))
        features = {
            "cos": cosine, "cos_gap": cosine - top_cos,
            "cos_rank": 1.0 / (1 + place[cosine]) if cosine in place else 0.0,
            "par": best.get(key, 0.0) / top_score if top_score else 0.0,
            "par_rank": 1.0 / (1 + par_rank[key]) if key in par_rank else 0.0,
            "lex": _share(w, own, total),
            "lex_context": _share(w, own | heading, total),
            "lex_paragraph": _share(w, whole, total),
            "bigram": sum(v for b, v in g.items() if b in norm) / gram_total if gram_total else 0.0,
            "num_unit": float(numeric and unit), "num_any": float(numeric and number and not unit),
            "num_none": float(numeric and not number),
            "period_match": float(bool(wanted) and par.period in wanted),
            "period_miss": float(miss[r]),
            "first": float(s.start == 0), "heading": float(par.kind == "heading"),
            "length": min(len(s.text) / 100.0, 2.0),
            "list_marks": float(query.kind == "list") * min(len(LIST_MARK.findall(s.text)) / 4.0, 1.0),
            "where_heading": float(query.kind == "where") * _share(w, heading, total),
        }
        out.append(Candidate(r, s, par, features))
    return out


def score(cands: list[Candidate], ranker) -> tuple[list[tuple[Candidate, float]], np.ndarray]:
    """The candidates with the `ranker`'s logits, best first, and the logits before the year gate: a sentence
    about the other year does not answer a question that names its year (「今年…」). Serving and fitting both
    rank with this, so the model is fitted on what it is fed."""
    raw = ranker.logits([c.features for c in cands])
    gated = raw - PERIOD_GATE * np.array([c.features["period_miss"] for c in cands])
    return sorted(zip(cands, gated.tolist()), key=lambda cs: (-cs[1], cs[0].row)), raw
