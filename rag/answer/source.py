"""Where a ready Assistant comes from: the interface `index/` implements, so that `rag/` never imports it."""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rag.answer.assistant import Assistant
    from rag.search.corpus import Corpus

SOURCE_ENV = "RAG_SOURCE"
DEFAULT_SOURCE = "rag.library.source:IndexSource"  # the saved index folder, built on first use
Progress = Callable[[float, str], None]


class SourceError(RuntimeError):
    """The assistant cannot be set up (no index, a stale or mismatched one); the message says what to run."""


class AssistantSource(Protocol):
    def load(self, index_dir: Path | None = None, progress: bool = False, on_progress: Progress | None = None,
             corpus: Corpus | None = None) -> Assistant:
        """The full assistant (model and index). `corpus`: an index this source already loaded, to reuse."""
        ...

    def keyword_only(self) -> Assistant | None:
        """An assistant on the saved index without the embedding model, or None when there is none yet."""
        ...

    def relabel(self, embedder, doc: str, **fields) -> tuple[str, Corpus]:
        """Correct a report's title, place, level or year (ReportError for a bad value); a message and the
        library as it is now."""
        ...

    def change(self, embedder, uploads: Sequence[tuple[str, bytes]] = (), remove: Sequence[str] = (),
               on_progress: Progress | None = None, insist: bool = False) -> tuple[str, Corpus]:
        """Add uploaded reports (file name, bytes) and remove reports by id, atomically; returns a message for
        the user and the library as it is now. Bad files raise rag.ingest.decode.ReportError; `insist` adds a
        file that does not look like a government work report."""
        ...


def configured_source() -> AssistantSource:
    """The source named by $RAG_SOURCE ("module:Class"), by default the index folder of `index/`.

    It is resolved at run time: the composition happens at the entry point, not in the library."""
    module, _, name = (os.environ.get(SOURCE_ENV) or DEFAULT_SOURCE).partition(":")
    return getattr(importlib.import_module(module), name)()
