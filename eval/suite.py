"""Gold folders and their reports: one index per folder (eval/gold/reports.json), built on first use."""
from __future__ import annotations

import json
from pathlib import Path

from rag import config

GOLD = config.ROOT / "eval" / "gold"
INDEXES = config.ROOT / "var" / "eval"


def folders() -> dict[str, list[Path]]:
    data = json.loads((GOLD / "reports.json").read_text(encoding="utf-8"))["folders"]
    return {name: [config.ROOT / f for f in files] for name, files in data.items()}


def folder_of(gold: Path) -> str:
    return Path(gold).resolve().parent.name


def folder_index(name: str, embedder, progress: bool = False):
    """The index of a gold folder's reports (var/eval/<folder>), built or refreshed when needed, loaded."""
    from rag.library.load import ensure_index

    return ensure_index(INDEXES / name, folders()[name], embedder, progress=progress)


def assistant_for(name: str, embedder, progress: bool = False):
    from rag.answer.assistant import Assistant

    return Assistant(folder_index(name, embedder, progress), embedder)


def gold_files(selected: list[str] | None = None) -> list[Path]:
    """Every gold file (folder/name.jsonl), or those whose "folder/name" starts with one of `selected`."""
    files = sorted(GOLD.glob("*/*.jsonl"))
    if not selected:
        return files
    return [f for f in files if any(f"{f.parent.name}/{f.stem}".startswith(s) for s in selected)]


def run_suite(files: list[Path], embedder, outdir: Path, progress: bool = True, system: str = "full",
              assistants: dict | None = None) -> dict[str, dict]:
    """Each gold file on the index of its own folder's reports; results and metrics per file. `assistants`
    (folder → Assistant), when given, is used and filled, so several runs load each index once."""
    from eval.gold import load_gold
    from eval.metrics import evaluate
    from eval.run import run_gold, system_answerer
    from rag.files import write_jsonl

    out = {}
    assistants = {} if assistants is None else assistants
    for path in files:
        folder = folder_of(path)
        if folder not in assistants:
            assistants[folder] = assistant_for(folder, embedder, progress)
        gold = load_gold(path)
        results = run_gold(gold, system_answerer(system, assistants[folder]), progress=progress,
                           desc=f"{folder}/{path.stem}")
        write_jsonl(outdir / folder / f"{path.stem}.jsonl", results)
        out[f"{folder}/{path.stem}"] = evaluate(gold, results)
    return out


ABLATIONS = {  # name: (system, environment switches)
    "full": ("full", {}),
    "thesaurus off": ("full", {"RAG_THESAURUS": "0"}),
    "sentence evidence off": ("full", {"RAG_SENTENCE_EVIDENCE": "0"}),
    "dense only": ("full-dense", {}),
    "BM25 only": ("full-bm25", {}),
}


def run_ablations(files: list[Path], embedder, outdir: Path, progress: bool = True) -> dict[str, dict[str, dict]]:
    """The same files with parts of the system switched off, one configuration after another."""
    import os

    out = {}
    for name, (system, switches) in ABLATIONS.items():
        saved = {k: os.environ.get(k) for k in switches}
        os.environ.update(switches)
        try:
            out[name] = run_suite(files, embedder, outdir / name.replace(" ", "-"), progress, system)
        finally:
            for k, v in saved.items():
                os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    return out
