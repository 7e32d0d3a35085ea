"""An embedding cache keyed by model and text hash (SQLite), so a rebuild or an added report embeds only new text."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

CACHE_ENV = "RAG_EMBED_CACHE"   # a file path, or "0" to switch the cache off
SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key BLOB NOT NULL, vector BLOB NOT NULL, " \
         "PRIMARY KEY (model, key)) WITHOUT ROWID"
BATCH = 500                     # rows per SQL statement


def default_path() -> Path | None:
    from rag.model.folder import cache_root

    value = os.environ.get(CACHE_ENV, "")
    if value == "0":
        return None
    return Path(value) if value else cache_root() / "embeddings.sqlite"


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


class EmbeddingCache:
    """Vectors by (model, sha1(text)). Safe for several threads and processes (WAL, short transactions)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(SCHEMA)
            self._db.commit()

    def get(self, model: str, texts: list[str], dim: int) -> dict[int, np.ndarray]:
        """Positions of `texts` found in the cache, with their vectors."""
        if self._db is None or not texts:
            return {}
        keys = [_key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), BATCH):
                part = list(dict.fromkeys(keys[start:start + BATCH]))
                marks = ",".join("?" * len(part))
                for key, blob in self._db.execute(
                        f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})", [model, *part]):
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape[0] == dim:
                        found[bytes(key)] = vector
        return {i: found[k] for i, k in enumerate(keys) if k in found}

    def put(self, model: str, texts: list[str], vectors: np.ndarray) -> None:
        if self._db is None or not texts:
            return
        rows = [(model, _key(t), np.ascontiguousarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors (model, key, vector) VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def model_key(embedder) -> str:
    """Vectors are shared between backends that match (fp32 ONNX and torch); int8 keeps its own."""
    backend = getattr(embedder, "backend", "")
    return f"{embedder.model_id}#{'int8' if 'int8' in backend else 'fp32'}"


def embed_cached(embedder, texts: list[str], cache: EmbeddingCache,
                 on_batch: Callable[[int], None] | None = None, batch: int = 64) -> tuple[np.ndarray, int]:
    """Vectors of `texts`, embedding only those the cache lacks; returns (vectors, how many were embedded)."""
    key = model_key(embedder)
    out = np.zeros((len(texts), embedder.dim), np.float32)
    known = cache.get(key, texts, embedder.dim)
    for i, v in known.items():
        out[i] = v
    where: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if i not in known:
            where.setdefault(text, []).append(i)  # a repeated sentence is embedded once
    todo = sorted(where, key=len)                 # similar lengths batch with less padding
    if on_batch and known:
        on_batch(len(known))
    for start in range(0, len(todo), batch):
        part = todo[start:start + batch]
        vectors = embedder.embed_passages(part)
        for text, vector in zip(part, vectors):
            out[where[text]] = vector
        cache.put(key, part, vectors)
        if on_batch:
            on_batch(sum(len(where[t]) for t in part))
    return out, len(todo)
