"""Assembles a ready Assistant: the configured model, and the index (built on first use)."""
from __future__ import annotations

from pathlib import Path

from rag import config
from rag.assistant import Assistant
from rag.corpus import Corpus
from rag.embed import SentenceTransformerEmbedder


def load_assistant(index_dir: Path | None = None, model: str | None = None, build_missing: bool = True,
                   progress: bool = True, on_progress=None, corpus: Corpus | None = None) -> Assistant:
    """Load the model and the index; build the index from the configured reports when it is missing or stale.

    `corpus`: an index already loaded from that folder with this model (the app's keyword-only start)."""
    from index.load import ensure_index, load_index

    embedder = SentenceTransformerEmbedder(model)
    folder = Path(index_dir or config.index_dir())
    if corpus is None or corpus.manifest.get("model", {}).get("id") != embedder.model_id:
        corpus = (ensure_index(folder, config.corpus_paths(), embedder, progress=progress, on_progress=on_progress)
                  if build_missing else load_index(folder, embedder.model_id))
    assistant = Assistant(corpus, embedder)
    assistant.warm_up()
    return assistant
