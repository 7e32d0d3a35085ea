"""Loads an index folder into a Corpus, refusing mismatches with a clear message."""
from __future__ import annotations

from pathlib import Path

from index import manifest as mf
from index.build import Progress, build_index
from index.records import chunk_from, paragraph_from, read_jsonl
from rag.model.embed import Embedder
from rag.search.corpus import Corpus
from rag.search.keyword import load_keyword_index
from rag.search.store import load_store


def load_index(folder: Path, model_id: str | None = None, check_sources: bool = True) -> Corpus:
    """Load `folder`; `model_id` (when given) must be the model that built it."""
    folder = Path(folder)
    manifest = mf.read_manifest(folder)
    mf.check_manifest(manifest, folder, model_id, check_sources)
    try:
        paragraphs = [paragraph_from(d) for d in read_jsonl(folder / mf.PARAGRAPHS)]
        chunks = [chunk_from(d) for d in read_jsonl(folder / mf.CHUNKS)]
        terms = (folder / mf.TERMS).read_text(encoding="utf-8").split()
        store = load_store(folder / mf.VECTORS, manifest.get("store", {}))
        keyword = load_keyword_index(folder / mf.KEYWORD_DIR, terms)
    except (OSError, KeyError, ValueError, RuntimeError) as exc:
        raise mf.IndexMismatch(f"索引 {folder} 已损坏或不完整（{exc}）。请重新构建：{mf.REBUILD}") from exc
    mf.check_counts(manifest, folder, len(chunks), store.size, store.dim)
    return Corpus(paragraphs, chunks, store, keyword, manifest)


def ensure_index(folder: Path, paths: list[Path], embedder: Embedder, progress: bool = True,
                 on_progress: Progress | None = None) -> Corpus:
    """Load `folder`, building it first when it does not exist yet or the reports changed."""
    try:
        return load_index(folder, embedder.model_id)
    except (mf.IndexMissing, mf.IndexStale):
        build_index(paths, folder, embedder, progress=progress, on_progress=on_progress)
        return load_index(folder, embedder.model_id)
