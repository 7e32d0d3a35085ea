"""`python -m eval feedback --out FILE`: thumbs-down and refused questions from the record of use, as gold lines
(type unanswerable, empty answers) for someone to review: real users' questions become tomorrow's gold files."""
from __future__ import annotations

import json
from pathlib import Path

from rag.files import write_text
from rag.ui.usage import UsageLog


def export(log: UsageLog, out: Path) -> int:
    lines = []
    for row in log.to_review():
        why = ("👎 " + row["comment"]).strip() if row["thumbs_down"] else "助手拒答"
        line = {"id": f"use{row['id']:06d}", "question": row["question"], "type": "unanswerable", "answers": [],
                "evidence": [], "note": f"待审：{why}；当时的回答：{row['answer'][:200]}"}
        if row["context"]:
            line["context"] = row["context"]
        lines.append(json.dumps(line, ensure_ascii=False))
    write_text(out, "".join(line + "\n" for line in lines))
    return len(lines)
