"""BM25 keyword index over chunk tokens (bm25s), saved as plain npy/json files."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.ingest.chunk import embedding_text
from rag.search.lexicon import expand
from rag.search.tokens import add_terms, normalize, tokenize
from rag.types import Chunk

K1, B = 1.2, 0.75


@dataclass
class KeywordIndex:
    """bm25s over the same rows as the vector store (row i = chunk i)."""
    bm25: object
    vocab: dict[str, int]

    def scores(self, query: str) -> np.ndarray:
        tokens = [t for t in tokenize(expand(normalize(query))) if t in self.vocab]
        n = int(self.bm25.scores["num_docs"])
        if not tokens:
            return np.zeros(n, np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)


def build_keyword_index(chunks: list[Chunk], terms: list[str]) -> KeywordIndex:
    import bm25s

    add_terms(terms)
    corpus = [tokenize(embedding_text(c)) for c in chunks]
    bm25 = bm25s.BM25(k1=K1, b=B)
    bm25.index(corpus, show_progress=False)
    return KeywordIndex(bm25, bm25.vocab_dict)


def save_keyword_index(index: KeywordIndex, folder: Path) -> None:
    index.bm25.save(str(folder), show_progress=False)


def load_keyword_index(folder: Path, terms: list[str]) -> KeywordIndex:
    import bm25s

    add_terms(terms)
    bm25 = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
    return KeywordIndex(bm25, bm25.vocab_dict)
