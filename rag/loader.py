"""Assembles a ready Assistant: the configured model, and the index (built on first use)."""
from __future__ import annotations

from pathlib import Path

from rag import config
from rag.assistant import Assistant
from rag.embed import SentenceTransformerEmbedder


def load_assistant(index_dir: Path | None = None, model: str | None = None, build_missing: bool = True,
                   progress: bool = True, on_progress=None) -> Assistant:
    """Load the model and the index; build the index from the configured reports when it is missing or stale."""
    from index.load import ensure_index, load_index

    embedder = SentenceTransformerEmbedder(model)
    folder = Path(index_dir or config.index_dir())
    if build_missing:
        corpus = ensure_index(folder, config.corpus_paths(), embedder, progress=progress, on_progress=on_progress)
    else:
        corpus = load_index(folder, embedder.model_id)
    assistant = Assistant(corpus, embedder)
    assistant.warm_up()
    return assistant
