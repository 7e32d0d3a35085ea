"""Hybrid retrieval: dense FAISS search and BM25, fused by min-max score fusion (reciprocal rank as an option)."""
from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from rag.model.embed import Embedder
from rag.search.corpus import Corpus
from rag.types import Hit

MODES = ("hybrid", "dense", "bm25")
FUSIONS = ("score", "rrf")
RRF_K = 60          # the usual constant: rank 1 and rank 5 differ, rank 40 and 45 barely do
CANDIDATES = 50     # how deep each retriever's list goes into the fusion
SENTENCES = 200     # sentences the dense retriever brings back (their chunks join the fusion)
DENSE_WEIGHT = 0.4  # score fusion: min-max normalised; swept on eval/gold/dazu-2024/tuned.jsonl (see README)


@dataclass
class Ranked:
    """Both retrievers' full evidence for one question, before the final cut. Rows are chunk rows, except in
    `sentence`, which holds the cosine of every sentence row the dense retriever scored."""
    order: list[int]                 # chunk rows, best first
    fused: dict[int, float]
    dense: dict[int, float]          # a chunk's cosine is that of its best sentence
    bm25: dict[int, float]
    timings_ms: dict[str, float]
    sentence: dict[int, float] = field(default_factory=dict)
    query: np.ndarray | None = None  # the question's vector (None without the model)


def _top(scores: np.ndarray, n: int) -> list[int]:
    n = min(n, len(scores))
    if n <= 0:
        return []
    part = np.argpartition(-scores, n - 1)[:n]
    return [int(i) for i in part[np.argsort(-scores[part], kind="stable")]]


def rrf(rankings: list[list[int]], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal-rank fusion: each list adds 1/(k + rank) to every row it ranks."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking, start=1):
            fused[row] = fused.get(row, 0.0) + 1.0 / (k + rank)
    return fused


def _minmax(values: dict[int, float]) -> dict[int, float]:
    if not values:
        return {}
    lo, hi = min(values.values()), max(values.values())
    return {r: (v - lo) / (hi - lo) if hi > lo else 1.0 for r, v in values.items()}


def score_fusion(dense: dict[int, float], bm25: dict[int, float], weight: float = DENSE_WEIGHT) -> dict[int, float]:
    """Convex mix of min-max normalised scores over the union of both candidate lists."""
    d, b = _minmax(dense), _minmax(bm25)
    return {r: weight * d.get(r, 0.0) + (1 - weight) * b.get(r, 0.0) for r in set(d) | set(b)}


def sentence_scores(corpus: Corpus, query: np.ndarray, rows: list[int], known: dict[int, float]) -> dict[int, float]:
    """Cosines of sentence `rows`, computing only those not `known` yet."""
    missing = [r for r in dict.fromkeys(rows) if r not in known]
    out = dict(known)
    if missing:
        out.update(zip(missing, (corpus.store.vectors(missing) @ query).tolist()))
    return out


def _chunk_dense(corpus: Corpus, chunk_rows, sentence: dict[int, float]) -> dict[int, float]:
    return {c: max((sentence[r] for r in corpus.chunk_sentences[c] if r in sentence), default=-1.0)
            for c in chunk_rows}


def _dense_rows(corpus: Corpus, query: np.ndarray, docs: Collection[str] | None) -> dict[int, float]:
    """The sentences nearest the question: FAISS over the library, or exact scores within some reports."""
    if docs is None:
        scores, rows = corpus.store.search(query, SENTENCES)
        return {int(r): float(s) for r, s in zip(rows[0], scores[0]) if r >= 0}
    picked = [r for d in docs for r in corpus.doc_rows.get(d, ([], []))[1]]
    if not picked:
        return {}
    near = corpus.store.vectors(picked) @ query[0]
    keep = np.argsort(-near, kind="stable")[:SENTENCES]
    return {picked[i]: float(near[i]) for i in keep}


def rank(question: str, corpus: Corpus, embedder: Embedder | None, mode: str = "hybrid",
         candidates: int = CANDIDATES, fusion: str = "score", docs: Collection[str] | None = None) -> Ranked:
    """Score the corpus both ways and fuse; `mode` switches one retriever off; `docs` limits it to some reports."""
    if mode not in MODES:
        raise ValueError(f"未知的检索模式 {mode}，可选：{'、'.join(MODES)}")
    if fusion not in FUSIONS:
        raise ValueError(f"未知的融合方式 {fusion}，可选：{'、'.join(FUSIONS)}")
    timings: dict[str, float] = {}
    dense: dict[int, float] = {}
    bm25: dict[int, float] = {}
    sentence: dict[int, float] = {}
    rankings: list[list[int]] = []
    query = None
    if mode in ("hybrid", "dense") and embedder is not None and corpus.store.size:
        t = time.perf_counter()
        query = embedder.embed_queries([question])
        timings["embed"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        sentence = _dense_rows(corpus, query, docs)
        near = dict.fromkeys(c for r in sentence for c in corpus.sentence_chunks.get(r, []))
        dense = _chunk_dense(corpus, near, sentence)
        timings["dense"] = (time.perf_counter() - t) * 1000
        rankings.append(sorted(dense, key=lambda r: (-dense[r], r))[:candidates])
    if mode in ("hybrid", "bm25"):
        t = time.perf_counter()
        all_scores = corpus.keyword.scores(question)
        if docs is not None:
            allowed = np.zeros(len(all_scores), dtype=bool)
            allowed[[r for d in docs for r in corpus.doc_rows.get(d, ([], []))[0]]] = True
            all_scores = np.where(allowed, all_scores, 0.0).astype(np.float32)
        top = [r for r in _top(all_scores, candidates) if all_scores[r] > 0]
        timings["bm25"] = (time.perf_counter() - t) * 1000
        rankings.append(top)
    t = time.perf_counter()
    if mode == "hybrid" and query is not None:
        missing = [c for c in top if c not in dense]  # keyword-only candidates get their exact cosine
        if missing:
            sentence = sentence_scores(corpus, query[0], [r for c in missing for r in corpus.chunk_sentences[c]],
                                       sentence)
            dense.update(_chunk_dense(corpus, missing, sentence))
        pool = set(rankings[0]) | set(top)
        dense = {r: dense[r] for r in pool}
        bm25 = {r: float(all_scores[r]) for r in pool}
        fused = score_fusion(dense, bm25, DENSE_WEIGHT) if fusion == "score" else rrf(rankings)
    elif mode in ("hybrid", "bm25"):  # a single retriever keeps its own scores
        bm25 = {r: float(all_scores[r]) for r in top}
        fused = dict(bm25)
    else:
        dense = {r: dense[r] for r in rankings[0]} if rankings else {}
        fused = dict(dense)
    order = sorted(fused, key=lambda r: (-fused[r], r))
    timings["fusion"] = (time.perf_counter() - t) * 1000
    return Ranked(order, fused, dense, bm25, timings, sentence, None if query is None else query[0])


def to_hits(ranked: Ranked, corpus: Corpus, k: int) -> list[Hit]:
    return [Hit(corpus.chunks[row], ranked.fused[row], i + 1, ranked.dense.get(row), ranked.bm25.get(row))
            for i, row in enumerate(ranked.order[:k])]


def retrieve(question: str, corpus: Corpus, embedder: Embedder | None, k: int = 5,
             mode: str = "hybrid") -> list[Hit]:
    return to_hits(rank(question, corpus, embedder, mode), corpus, k)
