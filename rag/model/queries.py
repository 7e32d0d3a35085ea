"""A thread-safe LRU of query vectors in front of any backend: repeated questions skip the model."""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

QUERY_CACHE = 1024


class QueryCache:
    """Subclasses provide `encode_query(text)` (one row) and `encode_queries(texts)`; `dim` is theirs too."""
    dim: int

    def __init__(self) -> None:
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode_query(self, text: str) -> np.ndarray:
        raise NotImplementedError

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            found = {t: self._cache[t] for t in texts if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:  # encode outside the lock: concurrent users do not wait for each other's cache hits
            vectors = self.encode_query(missing[0]) if len(missing) == 1 else self.encode_queries(missing)
            found.update(zip(missing, vectors))
        with self._lock:
            for text in texts:
                self._cache[text] = found[text]
                self._cache.move_to_end(text)
            while len(self._cache) > QUERY_CACHE:
                self._cache.popitem(last=False)
        return np.stack([found[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def forget(self) -> None:
        """Drop cached query vectors, so that a measurement times the model and not the cache."""
        with self._lock:
            self._cache.clear()
