"""Input that is no question about a report (greetings, thanks, 「你是谁」, fillers): a short line on what the
assistant can do instead of a search (patterns in smalltalk.json)."""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

RULES = Path(__file__).with_name("smalltalk.json")
HELLO = ("您好！我是政府工作报告问答助手：可以问报告里的数字、目标、措施，以及它们在报告哪一部分，"
         "例如「去年GDP增长多少？」「今年要办哪些民生实事？」。每句回答都标出处；报告没写的，我会直说。")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    data = json.loads(RULES.read_text(encoding="utf-8"))
    return {kind: re.compile(f"(?:{p})", re.I) for kind, p in data["patterns"].items()}


def kind(text: str) -> str:
    """Which kind of small talk `text` is ('' for a question)."""
    bare = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] in "LN")
    return next((k for k, p in _patterns().items() if p.fullmatch(bare)), "") if bare else ""
