"""The 27-report library: a build from nothing, adding one report, the warm answer and memory there."""
from __future__ import annotations

import tempfile
from pathlib import Path

from eval.bench.process import ROOT, _timed_process
from rag.library.manifest import read_manifest

REPORTS = [ROOT / "data" / "dazu-2024-government-work-report.txt",
           *sorted((ROOT / "data" / "provinces-2025").glob("*.docx"))]
QUESTIONS = ["安徽去年地区生产总值增长多少？", "浙江今年经济增长的预期目标是多少？", "大足今年怎么稳房地产？",
             "哪些报告提到了低空经济？", "江苏和山东今年GDP增长目标分别是多少？", "上海今年要新建多少养老床位？",
             "云南去年接待游客多少人次？", "河南今年粮食产量目标是多少？", "湖北报告哪里讲了营商环境？",
             "去年全省城镇新增就业多少人？"]


def library_build(env: dict, keep: Path | None = None) -> dict:
    """`python -m index build` of all 27 reports with an empty embedding cache; then one report added to the
    other 26, against that report built on its own (both with empty caches for its text)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = keep or tmp / "all"
        full = _timed_process(["-m", "index", "build", "--out", str(out), *map(str, REPORTS)],
                              {**env, "RAG_EMBED_CACHE": str(tmp / "cache-all.sqlite")})
        manifest = read_manifest(out)
        last = REPORTS[-1]
        base_cache = {**env, "RAG_EMBED_CACHE": str(tmp / "cache-26.sqlite")}
        _timed_process(["-m", "index", "build", "--out", str(tmp / "26"), *map(str, REPORTS[:-1])], base_cache)
        added = _timed_process(["-m", "index", "--index", str(tmp / "26"), "add", str(last)], base_cache)
        alone = _timed_process(["-m", "index", "build", "--out", str(tmp / "one"), str(last)],
                               {**env, "RAG_EMBED_CACHE": str(tmp / "cache-one.sqlite")})
        return {"reports": manifest["counts"]["reports"], "sentences": manifest["counts"]["sentences"],
                "chunks": manifest["counts"]["chunks"], "build": full,
                "build_seconds_inside": manifest["build_seconds"],
                "add_one_report": {"report": last.name, "added_to_26": added, "built_alone": alone,
                                   "ratio": (round(added["seconds"] / alone["seconds"], 3)
                                             if alone["seconds"] else None)}}


def library_answers(folder: Path, single_ms: float, embedder) -> dict:
    """The warm answer in the library, against the single-report figure measured in the same run."""
    import time

    from eval.bench.latency import percentiles
    from rag.answer.assistant import Assistant
    from rag.library.load import load_index

    assistant = Assistant(load_index(folder, embedder.model_id), embedder)
    assistant.warm_up()
    times = []
    for _ in range(3):
        for q in QUESTIONS:
            embedder.forget()
            t = time.perf_counter()
            assistant.ask(q)
            times.append((time.perf_counter() - t) * 1000)
    p = percentiles(times)
    return {"questions": len(times), "latency_ms": p, "single_report_p50_ms": single_ms,
            "library_over_single": round(p["p50"] / single_ms, 3) if single_ms else None}
