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
def _load() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """(everyday word → report terms, indicators). After `# INDICATORS`, lines name one indicator each."""
    colloquial: dict[str, tuple[str, ...]] = {}
    indicators: list[str] = []
    in_indicators = False
    for line in THESAURUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# INDICATORS"):
            in_indicators = True
        if not line.strip() or line.startswith("#"):
            continue
        key, _, terms = line.partition("\t")
        if in_indicators:
            indicators.append(key.strip())
        else:
            colloquial[key.strip()] = tuple(t.strip() for t in terms.split(",") if t.strip())
    return colloquial, tuple(indicators)


def indicators() -> tuple[str, ...]:
    """Statistical indicators and roles questions ask about; a report that never names one does not give it."""
    return _load()[1]


def expansions(question_norm: str) -> dict[str, tuple[str, ...]]:
    """Everyday words in a normalized question, with the report terms they stand for.

    A key inside a longer matching key is shadowed by it (「农药」 hides 「药」)."""
    return _expansions(question_norm) if enabled() else {}  # the switch is read each time, outside the cache


@lru_cache(maxsize=4096)
def _expansions(question_norm: str) -> dict[str, tuple[str, ...]]:
    found = {k: v for k, v in _load()[0].items() if k in question_norm}
    return {k: v for k, v in found.items() if not any(k != o and k in o for o in found)}  # callers must not change it


def expand(question_norm: str) -> str:
    """The question followed by the report words its everyday words stand for (for keyword search)."""
    extra = [w for words in expansions(question_norm).values() for w in words]
    return question_norm + (" " + " ".join(dict.fromkeys(extra)) if extra else "")
