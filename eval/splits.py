"""Which gold files train the learned parts and which stay sealed (eval/splits.json): reports, not only files."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from eval.suite import GOLD

SPLITS = Path(__file__).with_name("splits.json")


@lru_cache(maxsize=1)
def splits() -> dict:
    return json.loads(SPLITS.read_text(encoding="utf-8"))


def training_files() -> dict[str, list[str]]:
    """folder → the names of its gold files the learned parts are fitted on (those that exist)."""
    train = splits()["train"]
    out = {}
    for folder in train["reports"]:
        names = train["files"].get(folder, train["files"]["*"])
        present = [n for n in names if (GOLD / folder / f"{n}.jsonl").exists()]
        if present:
            out[folder] = present
    return out


def sealed_reports() -> list[str]:
    return list(splits()["sealed"]["reports"])


def sealed_files() -> list[Path]:
    """Every gold file never trained or tuned on: all files of sealed reports, and the sealed files named."""
    s = splits()["sealed"]
    files = [f for folder in s["reports"] for f in sorted((GOLD / folder).glob("*.jsonl"))]
    return files + [GOLD / f"{name}.jsonl" for name in s["files"]]
