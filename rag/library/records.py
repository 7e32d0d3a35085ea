"""JSON Lines records for reports, paragraphs, chunks and sentences (readable, no pickle)."""
from __future__ import annotations

from dataclasses import asdict

from rag.types import Chunk, Paragraph, Report, Sentence


def report_record(r: Report) -> dict:
    return asdict(r)


def report_from(d: dict) -> Report:
    return Report(d["id"], d["title"], d.get("place", ""), d.get("level", ""), d.get("year"), d.get("source", ""),
                  d.get("sha256", ""), d.get("format", ""))


def paragraph_record(p: Paragraph) -> dict:
    row: dict = {"id": p.id, "doc": p.doc, "kind": p.kind, "section": list(p.section), "text": p.text}
    if p.page is not None:
        row["page"] = p.page
    if p.period:
        row["period"] = p.period
    return row


def paragraph_from(d: dict) -> Paragraph:
    return Paragraph(d["id"], d["doc"], tuple(d["section"]), d["text"], d.get("kind", "body"), d.get("page"),
                     d.get("period", ""))


def chunk_record(c: Chunk) -> dict:
    return {"id": c.id, "doc": c.doc, "paragraph": c.paragraph, "section": list(c.section),
            "start": c.start, "text": c.text}


def chunk_from(d: dict) -> Chunk:
    return Chunk(d["id"], d["doc"], d["paragraph"], tuple(d["section"]), d["text"], int(d.get("start", 0)))


def sentence_record(s: Sentence) -> dict:
    return {"doc": s.doc, "paragraph": s.paragraph, "start": s.start, "end": s.end, "text": s.text}


def sentence_from(d: dict) -> Sentence:
    return Sentence(d["doc"], d["paragraph"], int(d["start"]), int(d["end"]), d["text"])
