"""The Answer as the JSON object of docs/contracts (per-question results and `rag ask --json`)."""
from __future__ import annotations

from rag.types import Answer, Hit


def hit_record(hit: Hit) -> dict:
    c = hit.chunk
    return {"rank": hit.rank, "paragraph": c.paragraph, "chunk": c.id, "score": round(hit.score, 4),
            "text": c.text, "doc": c.doc, "section": c.section_path,
            "dense": None if hit.dense is None else round(hit.dense, 4),
            "bm25": None if hit.bm25 is None else round(hit.bm25, 4)}


def answer_record(answer: Answer) -> dict:
    """Contract fields first; extra fields (doc, mode, timings) are additions the contract allows."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "citations": [{"n": c.n, "paragraph": c.paragraph.id, "section": c.paragraph.section_path,
                       "text": c.paragraph.text, "quote": c.quote, "doc": c.paragraph.doc,
                       **({"page": c.paragraph.page} if c.paragraph.page else {})} for c in answer.citations],
        "retrieved": [hit_record(h) for h in answer.hits],
        "latency_ms": round(answer.timings_ms.get("total", 0.0), 2),
        **({"read_as": answer.read_as} if answer.read_as else {}),
        "confidence": answer.confidence,
        "mode": answer.mode,
        "note": answer.note,
        "timings_ms": {k: round(v, 3) for k, v in answer.timings_ms.items()},
    }
