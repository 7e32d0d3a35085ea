"""Loads the library folder into a Corpus, refusing mismatches with a clear message; builds it on first use."""
from __future__ import annotations

from pathlib import Path

from rag.library import manifest as mf
from rag.library.change import Library, Progress
from rag.library.parts import read_parts
from rag.model.embed import Embedder
from rag.search.corpus import Corpus
from rag.search.keyword import load_keyword_index
from rag.search.store import load_store


def load_index(folder: Path, model_id: str | None = None) -> Corpus:
    """Load `folder`; `model_id` (when given) must be the model that built it."""
    folder = Path(folder)
    manifest = mf.read_manifest(folder)
    mf.check_manifest(manifest, folder, model_id)
    try:
        parts = [read_parts(folder / r["folder"], vectors=False) for r in manifest["reports"]]
        files = manifest["files"]
        terms = (folder / files["terms"]).read_text(encoding="utf-8").split()
        store = load_store(folder / files["vectors"], manifest.get("store", {}))
        keyword = load_keyword_index(folder / files["bm25"], terms)
    except (OSError, KeyError, ValueError, RuntimeError) as exc:
        raise mf.IndexMismatch(f"索引 {folder} 已损坏或不完整（{exc}）。请重新构建：{mf.REBUILD}") from exc
    corpus = Corpus([p.report for p in parts], [x for p in parts for x in p.paragraphs],
                    [x for p in parts for x in p.chunks], [x for p in parts for x in p.sentences], store, keyword,
                    manifest)
    mf.check_counts(manifest, folder, len(corpus.chunks), len(corpus.sentences), store.size, store.dim,
                    int(keyword.bm25.scores["num_docs"]))
    return corpus


def ensure_index(folder: Path, paths: list[Path], embedder: Embedder, progress: bool = True,
                 on_progress: Progress | None = None) -> Corpus:
    """Load `folder`. Build it from `paths` when there is none (or one of an older format); re-read a report
    whose source file changed since (only its new sentences are embedded)."""
    try:
        manifest = mf.read_manifest(folder)
        mf.check_manifest(manifest, folder, embedder.model_id)
        stale = mf.stale_reports(manifest)
        if stale:
            Library(folder, embedder).change([Path(r["path"]) for r in stale], replace=True, progress=progress,
                                             on_progress=on_progress)
    except mf.IndexMissing:
        Library(folder, embedder).change(paths, fresh=True, progress=progress, on_progress=on_progress)
    except mf.IndexOutdated:  # an older layout: rebuild from the files it was built from, where they still are
        old = [Path(s.get("path", "")) for s in manifest.get("sources", manifest.get("reports", []))]
        sources = [p for p in old if p.is_file()] or paths
        Library(folder, embedder).change(sources, fresh=True, progress=progress, on_progress=on_progress)
    return load_index(folder, embedder.model_id)
