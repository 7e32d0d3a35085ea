"""BM25 keyword index over chunk tokens (bm25s), saved as plain npy/json files."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag.ingest.chunk import embedding_text
from rag.search.lexicon import expand
from rag.search.tokens import normalize, tokenize, with_terms
from rag.types import Chunk

K1, B = 1.2, 0.75


@dataclass
class KeywordIndex:
    """bm25s over the chunk rows (row i = chunk i); `terms`: the reports' own quoted terms, matched whole."""
    bm25: Any                  # a bm25s.BM25 (untyped)
    vocab: dict[str, int]
    terms: tuple[str, ...] = ()

    def scores(self, query: str) -> np.ndarray:
        norm = normalize(query)
        tokens = [t for t in with_terms(tokenize(expand(norm)), norm, self.terms) if t in self.vocab]
        n = int(self.bm25.scores["num_docs"])
        if not tokens:
            return np.zeros(n, np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)


def chunk_tokens(chunks: list[Chunk], terms: list[str]) -> list[list[str]]:
    """What BM25 indexes for each chunk: its words and bigrams (heading path included), and its report's terms."""
    out = []
    for c in chunks:
        text = embedding_text(c)
        out.append(with_terms(tokenize(text), normalize(text), terms))
    return out


def build_keyword_index(tokens: list[list[str]], terms: list[str]) -> KeywordIndex:
    import bm25s

    bm25 = bm25s.BM25(k1=K1, b=B)
    bm25.index(tokens, show_progress=False)
    return KeywordIndex(bm25, bm25.vocab_dict, tuple(terms))


def save_keyword_index(index: KeywordIndex, folder: Path) -> None:
    index.bm25.save(str(folder), show_progress=False)


def load_keyword_index(folder: Path, terms: list[str]) -> KeywordIndex:
    import bm25s

    bm25 = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
    return KeywordIndex(bm25, bm25.vocab_dict, tuple(terms))
