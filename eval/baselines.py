"""The usual recipes, on the same questions: LangChain 500/50 + FAISS top chunk, BM25 alone, dense alone."""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from rag.answer.assistant import Assistant
from rag.search.retrieve import rank, to_hits

LANGCHAIN_SIZE, LANGCHAIN_OVERLAP = 500, 50


@dataclass
class TopChunkBaseline:
    """Answer with the top retrieved chunk of our own index, retrieved by one retriever alone."""
    assistant: Assistant
    mode: str  # "bm25" | "dense"

    def answer(self, question: str, context=()) -> dict:
        started = time.perf_counter()
        hits = to_hits(rank(question, self.assistant.corpus, self.assistant.embedder, self.mode),
                       self.assistant.corpus, 5)
        top = hits[0].chunk if hits else None
        par = self.assistant.corpus.paragraph(top) if top else None
        return {"question": question, "answer": top.text if top else "", "abstained": False,
                "citations": [{"n": 1, "paragraph": par.id, "section": par.section_path, "text": par.text,
                               "quote": top.text}] if par else [],
                "retrieved": [{"rank": h.rank, "paragraph": h.chunk.paragraph, "chunk": h.chunk.id,
                               "score": round(h.score, 4), "text": h.chunk.text} for h in hits],
                "latency_ms": round((time.perf_counter() - started) * 1000, 2)}


class LangChainRecipe:
    """RecursiveCharacterTextSplitter(500, 50) over the raw report, the same model, exact FAISS, top chunk."""

    def __init__(self, assistant: Assistant, texts: list[str]) -> None:
        import faiss
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=LANGCHAIN_SIZE, chunk_overlap=LANGCHAIN_OVERLAP)
        self.chunks = [c for text in texts for c in splitter.split_text(text)]
        self.embedder = assistant.embedder
        vectors = self.embedder.embed_passages(self.chunks)
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def answer(self, question: str, context=()) -> dict:
        started = time.perf_counter()
        scores, rows = self.index.search(self.embedder.embed_queries([question]), 5)
        hits = [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]
        top = self.chunks[hits[0][0]]
        return {"question": question, "answer": top, "abstained": False,
                "citations": [{"n": 1, "paragraph": f"lc{hits[0][0]}", "section": "", "text": top, "quote": top}],
                "retrieved": [{"rank": i + 1, "paragraph": f"lc{r}", "chunk": f"lc{r}", "score": round(s, 4),
                               "text": self.chunks[r]} for i, (r, s) in enumerate(hits)],
                "latency_ms": round((time.perf_counter() - started) * 1000, 2)}
