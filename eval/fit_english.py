"""`python -m eval fit-english`: the refusal threshold for questions in English, chosen on English gold files of
some reports and stored in rag/answer/rank/weights.json. Their cosines are cross-lingual and lower, so the
Chinese threshold refuses answers it has found."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from eval.suite import assistant_for, folder_of, gold_files, run_suite
from rag.answer.rank.model import WEIGHTS, load_weights
from rag.files import write_json

FIT_FILES = ["dazu-2024/english-a", "gansu-2025/english-a"]   # never english-b or other reports' English sets
TIE = 0.02
GRID = (0.25, 0.15, 0.10, 0.06, 0.04, 0.03, 0.02, 0.01)


def _correct(overall: dict) -> float:
    """Share of all questions handled right: answerable ones answered right, unanswerable ones refused."""
    n_a, n_u = overall["answerable"], overall["unanswerable"]
    return ((overall["answer_accuracy"] or 0.0) * n_a + (overall["abstain_correct"] or 0.0) * n_u) / max(n_a + n_u, 1)


def run_fit_english(embedder, outdir: Path, progress: bool = False) -> dict:
    """Every threshold of GRID on FIT_FILES; the one with the most questions handled right is kept."""
    files = gold_files(FIT_FILES)
    rows = {}
    # each index loaded once; only the threshold changes between runs
    assistants = {folder: assistant_for(folder, embedder, progress) for folder in {folder_of(f) for f in files}}
    for threshold in GRID:
        for assistant in assistants.values():
            assistant.weights = replace(load_weights(), english_threshold=threshold)
        metrics = run_suite(files, embedder, outdir / f"t{threshold}", progress, assistants=assistants)
        rows[threshold] = {name: {"correct": round(_correct(m["overall"]), 4),
                                  "answer_accuracy": m["overall"]["answer_accuracy"],
                                  "abstain_correct": m["overall"]["abstain_correct"],
                                  "abstain_wrong": m["overall"]["abstain_wrong"]} for name, m in metrics.items()}
    total = {t: sum(r["correct"] for r in rows[t].values()) for t in GRID}
    # within about one question of the best, the higher threshold: refusing is the honest default
    best = max(t for t in GRID if total[t] >= max(total.values()) - TIE)
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    data["english"] = {"threshold": best, "fitted_on": FIT_FILES, "grid": {str(t): rows[t] for t in GRID}}
    write_json(WEIGHTS, data)
    load_weights.cache_clear()
    return {"threshold": best, "grid": rows}
