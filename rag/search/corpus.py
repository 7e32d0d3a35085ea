"""The in-memory corpus: paragraphs, chunks (row i = vector i), vector store and keyword index."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rag.search.keyword import KeywordIndex
from rag.search.store import VectorStore
from rag.types import Chunk, Paragraph


@dataclass
class Corpus:
    """Everything retrieval and answering read; built by index.load or directly in tests."""
    paragraphs: list[Paragraph]
    chunks: list[Chunk]
    store: VectorStore
    keyword: KeywordIndex
    manifest: dict = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[tuple[str, str], Paragraph]:
        return {(p.doc, p.id): p for p in self.paragraphs}

    def paragraph(self, chunk: Chunk) -> Paragraph:
        return self.by_id[(chunk.doc, chunk.paragraph)]

    @cached_property
    def docs(self) -> list[str]:
        return list(dict.fromkeys(p.doc for p in self.paragraphs))

    @cached_property
    def titles(self) -> dict[str, str]:
        """Each document's title line, or its id when it has none."""
        out = {doc: doc for doc in self.docs}
        for p in self.paragraphs:
            if p.kind == "title" and out[p.doc] == p.doc:
                out[p.doc] = p.text
        return out
