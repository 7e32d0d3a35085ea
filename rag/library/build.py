"""Builds a library folder from report files in one go (what `python -m index build FILES…` runs)."""
from __future__ import annotations

from pathlib import Path

from rag.ingest.chunk import ChunkSettings
from rag.library.change import Library, Progress
from rag.model.embed import Embedder


def build_index(paths: list[Path], out: Path, embedder: Embedder, settings: ChunkSettings = ChunkSettings(),
                store_kind: str = "auto", progress: bool = True, on_progress: Progress | None = None) -> dict:
    """Parse, chunk, embed and index `paths` into the folder `out` (replacing what it held); return the manifest."""
    change = Library(Path(out), embedder, settings, store_kind).change(
        list(paths), fresh=True, progress=progress, on_progress=on_progress)
    if on_progress:
        on_progress(1.0, "索引已就绪")
    return change.manifest
