"""`python -m eval feedback --out FILE`: thumbs-down and refused questions from the record of use, as gold lines
for someone to review (rag/ui/usage.py's review_lines; the administrators' page offers the same file)."""
from __future__ import annotations

from pathlib import Path

from rag.files import write_jsonl
from rag.ui.usage import UsageLog, review_lines


def export(log: UsageLog, out: Path) -> int:
    lines = review_lines(log)
    write_jsonl(out, lines)
    return len(lines)
