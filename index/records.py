"""JSON Lines records for paragraphs and chunks (readable, no pickle)."""
from __future__ import annotations

import json
from pathlib import Path

from rag.types import Chunk, Paragraph


def paragraph_record(p: Paragraph) -> dict:
    return {"id": p.id, "doc": p.doc, "kind": p.kind, "section": list(p.section), "text": p.text}


def chunk_record(c: Chunk) -> dict:
    return {"id": c.id, "doc": c.doc, "paragraph": c.paragraph, "section": list(c.section),
            "start": c.start, "text": c.text}


def paragraph_from(d: dict) -> Paragraph:
    return Paragraph(d["id"], d["doc"], tuple(d["section"]), d["text"], d.get("kind", "body"))


def chunk_from(d: dict) -> Chunk:
    return Chunk(d["id"], d["doc"], d["paragraph"], tuple(d["section"]), d["text"], int(d.get("start", 0)))


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
