"""Page furniture: navigation, breadcrumbs, 发布时间/来源/浏览次数, footers and a browser's print headers, which
surround a report saved from or printed by a web site and are not part of it (patterns in furniture.json)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

RULES = Path(__file__).with_name("furniture.json")
LONGEST = 160        # a furniture line is short; a longer paragraph that happens to match is kept


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, re.Pattern, tuple[str, ...]], ...]:
    data = json.loads(RULES.read_text(encoding="utf-8"))
    return tuple((r["name"], re.compile(r["pattern"], re.I), tuple(r["drop"])) for r in data["patterns"])


@lru_cache(maxsize=1)
def keep_examples() -> tuple[str, ...]:
    return tuple(json.loads(RULES.read_text(encoding="utf-8"))["keep"])


def furniture(line: str) -> str:
    """The kind of furniture `line` is ('' when it is report text)."""
    text = line.strip()
    if not text or len(text) > LONGEST:
        return ""
    return next((name for name, pattern, _ in rules() if pattern.search(text)), "")
