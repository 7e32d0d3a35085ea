"""Everyday words citizens use, mapped to the vocabulary government reports use (data: thesaurus.tsv)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

THESAURUS = Path(__file__).with_name("thesaurus.tsv")
SWITCH_ENV = "RAG_THESAURUS"   # 0: no everyday words (the ablation that shows how much answers lean on them)


def enabled() -> bool:
    return os.environ.get(SWITCH_ENV, "1").strip() not in ("0", "off", "false", "no")


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...], tuple[str, ...]]:
    """(everyday word → report terms, indicators, asking words). After `# INDICATORS` and `# ASKING WORDS`,
    lines name one word each."""
    colloquial: dict[str, tuple[str, ...]] = {}
    listed: dict[str, list[str]] = {"INDICATORS": [], "ASKING WORDS": []}
    section = ""
    for line in THESAURUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and line[2:].strip() in listed:
            section = line[2:].strip()
        if not line.strip() or line.startswith("#"):
            continue
        key, _, terms = line.partition("\t")
        if section:
            listed[section].append(key.strip())
        else:
            colloquial[key.strip()] = tuple(t.strip() for t in terms.split(",") if t.strip())
    return colloquial, tuple(listed["INDICATORS"]), tuple(listed["ASKING WORDS"])


def indicators() -> tuple[str, ...]:
    """Statistical indicators and roles questions ask about; a report that never names one does not give it."""
    return _load()[1]


def expansions(question_norm: str) -> dict[str, tuple[str, ...]]:
    """Everyday words in a normalized question, with the report terms they stand for.

    A key inside a longer matching key is shadowed by it (「农药」 hides 「药」)."""
    return _expansions(question_norm) if enabled() else {}  # the switch is read each time, outside the cache


@lru_cache(maxsize=4096)
def _expansions(question_norm: str) -> dict[str, tuple[str, ...]]:
    colloquial, _, asking = _load()
    # 「修哪些路」 says 「修路」 with an asking word inside it: match the question with those words taken out too
    closed = question_norm
    for word in asking:
        closed = closed.replace(word, "")
    found = {k: v for k, v in colloquial.items() if k in question_norm or k in closed}
    return {k: v for k, v in found.items() if not any(k != o and k in o for o in found)}  # callers must not change it


def expand(question_norm: str) -> str:
    """The question followed by the report words its everyday words stand for (for keyword search)."""
    extra = [w for words in expansions(question_norm).values() for w in words]
    return question_norm + (" " + " ".join(dict.fromkeys(extra)) if extra else "")
