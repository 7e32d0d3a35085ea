"""A question asked in another language than the reports: its own vector and its reading's, averaged."""
from __future__ import annotations

import numpy as np


class Blended:
    """Wraps an embedder for one question: every query vector is the mean of the reading's and the original's
    (e5 retrieves across languages, but weakly; a word-by-word reading alone loses what the words meant)."""

    def __init__(self, embedder, original: str) -> None:
        self._embedder, self._original = embedder, original

    def __getattr__(self, name: str):
        return getattr(self._embedder, name)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        vectors = self._embedder.embed_queries([*texts, self._original])
        mixed = vectors[:-1] + vectors[-1:]
        return (mixed / np.linalg.norm(mixed, axis=1, keepdims=True)).astype(np.float32)
