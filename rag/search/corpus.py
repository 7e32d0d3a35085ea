"""The in-memory library: reports, paragraphs, chunks (BM25 rows), sentences (vector rows) and both indexes."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from rag.search.keyword import KeywordIndex
from rag.search.store import VectorStore
from rag.types import Chunk, Paragraph, Report, Sentence


@dataclass
class Corpus:
    """Everything retrieval and answering read; built by index.load or directly in tests."""
    reports: list[Report]
    paragraphs: list[Paragraph]
    chunks: list[Chunk]            # row i = BM25 document i
    sentences: list[Sentence]      # row i = vector i
    store: VectorStore
    keyword: KeywordIndex
    manifest: dict = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[tuple[str, str], Paragraph]:
        return {(p.doc, p.id): p for p in self.paragraphs}

    def paragraph(self, item: Chunk | Sentence) -> Paragraph:
        return self.by_id[(item.doc, item.paragraph)]

    @cached_property
    def docs(self) -> list[str]:
        return [r.id for r in self.reports] or list(dict.fromkeys(p.doc for p in self.paragraphs))

    @cached_property
    def report(self) -> dict[str, Report]:
        return {r.id: r for r in self.reports}

    @cached_property
    def paragraph_sentences(self) -> dict[tuple[str, str], list[int]]:
        """Sentence rows of each paragraph, in order."""
        out: dict[tuple[str, str], list[int]] = {}
        for row, s in enumerate(self.sentences):
            out.setdefault((s.doc, s.paragraph), []).append(row)
        return out

    @cached_property
    def chunk_sentences(self) -> list[list[int]]:
        """For chunk row i, the sentence rows it overlaps (a chunk's dense score is its best sentence's)."""
        out = []
        for c in self.chunks:
            rows = self.paragraph_sentences.get((c.doc, c.paragraph), [])
            starts = [self.sentences[r].start for r in rows]
            first = max(bisect_right(starts, c.start) - 1, 0)
            end = c.start + len(c.text)
            out.append([r for r in rows[first:] if self.sentences[r].start < end and self.sentences[r].end > c.start])
        return out

    @cached_property
    def doc_rows(self) -> dict[str, tuple[list[int], list[int]]]:
        """Each report's (chunk rows, sentence rows): retrieval limited to some reports looks only there."""
        out: dict[str, tuple[list[int], list[int]]] = {doc: ([], []) for doc in self.docs}
        for row, c in enumerate(self.chunks):
            out.setdefault(c.doc, ([], []))[0].append(row)
        for row, s in enumerate(self.sentences):
            out.setdefault(s.doc, ([], []))[1].append(row)
        return out

    @cached_property
    def sentence_chunks(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for chunk_row, rows in enumerate(self.chunk_sentences):
            for r in rows:
                out.setdefault(r, []).append(chunk_row)
        return out
