"""Project paths and settings read from environment variables, with defaults that just work."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "data" / "dazu-2024-government-work-report.txt"


def index_dir() -> Path:
    """Where the index lives: $RAG_INDEX_DIR, else var/index inside the project (git-ignored)."""
    return Path(os.environ.get("RAG_INDEX_DIR") or ROOT / "var" / "index")


def corpus_paths() -> list[Path]:
    """Reports to index by default: $RAG_CORPUS (paths separated by os.pathsep), else the bundled report."""
    raw = os.environ.get("RAG_CORPUS", "")
    return [Path(p) for p in raw.split(os.pathsep) if p] or [DEFAULT_CORPUS]
