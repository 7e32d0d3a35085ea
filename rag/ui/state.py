"""Loads the assistant in a background thread while the UI is already up, and reports its progress."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from rag.answer.assistant import Assistant
from rag.answer.source import AssistantSource, Progress
from rag.types import Paragraph
from rag.ui.render import LoadState

log = logging.getLogger("rag.ui")
Loader = Callable[..., Assistant]  # (on_progress, corpus=None) → Assistant; corpus: an index loaded already


def _full_loader(source: AssistantSource) -> Loader:
    """The source's full load, reporting index building and warm-up as progress."""
    def load(on_progress: Progress, corpus=None) -> Assistant:
        on_progress(0.02, "正在加载向量模型和索引…（首次启动需要先构建索引，约 20 秒）")

        def building(fraction: float, message: str) -> None:
            on_progress(0.05 + 0.85 * fraction,
                        "索引已建好，正在预热…" if fraction >= 1 else f"正在构建索引：{message}")

        return source.load(on_progress=building, corpus=corpus)

    return load


def library_line(corpus) -> str:
    """「27 份报告（大足、安徽、福建…）」: what the status line says the library holds."""
    from rag.answer.route.mentions import label

    names = [label(r, r.id) for r in corpus.reports] or list(corpus.docs)
    shown = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
    return f"{len(names)} 份报告（{shown}）" if len(names) > 1 else f"1 份报告（{shown}）"


class AssistantLoader:
    """Holds the assistant once loaded; `start()` is idempotent and returns at once."""

    def __init__(self, load: Loader, paragraphs: list[Paragraph] | None = None,
                 early: Callable[[], Assistant | None] | None = None) -> None:
        self._load = load
        self._early = early
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._assistant: Assistant | None = None
        self._state = LoadState(0.0, "正在启动…")
        self._changing = threading.Lock()
        self.version = 0            # goes up whenever the library the assistant answers from changes
        self.source: AssistantSource | None = None
        self.paragraphs = paragraphs or []   # until the assistant has loaded: what the report view shows

    @classmethod
    def from_source(cls, source: AssistantSource) -> AssistantLoader:
        """Keyword search from the saved index first, then the full assistant, both from `source`."""
        loader = cls(load=_full_loader(source), paragraphs=[], early=source.keyword_only)
        loader.source = source
        return loader

    def change(self, uploads: Sequence[tuple[str, bytes]] = (), remove: Sequence[str] = (),
               on_progress: Progress | None = None, insist: bool = False) -> str:
        """Add or remove reports through the source, then answer from the library as it is now. Returns the
        message for the user; raises ReportError (bad file) or RuntimeError (not ready) with a Chinese message."""
        current = self._assistant
        if self.source is None or current is None or current.embedder is None:
            raise RuntimeError("向量模型还在加载，请稍候再加入或删除报告。")
        with self._changing:  # one change at a time; questions go on being answered meanwhile
            message, corpus = self.source.change(current.embedder, uploads, remove, on_progress, insist)
            fresh = Assistant(corpus, current.embedder)
            fresh.warm_up()
            self._finish(fresh)
        return message

    def relabel(self, doc: str, **fields) -> str:
        """Correct a report's title, place, level or year, then answer from the library as it is now."""
        current = self._assistant
        if self.source is None or current is None or current.embedder is None:
            raise RuntimeError("向量模型还在加载，请稍候再修改。")
        with self._changing:
            message, corpus = self.source.relabel(current.embedder, doc, **fields)
            fresh = Assistant(corpus, current.embedder)
            fresh.warm_up()
            self._finish(fresh)
        return message

    @classmethod
    def ready(cls, assistant: Assistant) -> AssistantLoader:
        """A loader that already holds `assistant` (tests, embedding the UI in another program)."""
        loader = cls(load=lambda *_: assistant, paragraphs=list(assistant.corpus.paragraphs), early=None)
        loader._finish(assistant)
        return loader

    @property
    def assistant(self) -> Assistant | None:
        return self._assistant

    def state(self) -> LoadState:
        return self._state

    def start(self) -> None:
        with self._lock:
            if self._thread is not None or self._assistant is not None:
                return
            self._thread = threading.Thread(target=self._run, name="load-assistant", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> Assistant | None:
        if self._thread is not None:
            self._thread.join(timeout)
        return self._assistant

    def _progress(self, fraction: float, message: str) -> None:
        if self._assistant is not None:  # already answering with keyword search; keep saying so
            return
        self._state = LoadState(fraction, message)
        log.info("loading %3.0f%% %s", fraction * 100, message)

    def _finish(self, assistant: Assistant) -> None:
        corpus = assistant.corpus
        self._assistant = assistant
        self.paragraphs = list(corpus.paragraphs)
        self.version += 1
        self._state = LoadState(1.0, f"已就绪：{library_line(corpus)}，可以提问了。", ready=True)
        log.info("assistant ready")

    def _run(self) -> None:
        try:
            early = self._early() if self._early else None
            if early is not None:
                self._assistant = early
                self.paragraphs = list(early.corpus.paragraphs)
                self.version += 1
                self._state = LoadState(0.5, "已可提问（关键词检索）；向量模型加载中，完成后自动切换为混合检索。",
                                        ready=True)
                log.info("keyword search ready")
            self._finish(self._load(self._progress, early.corpus if early else None))  # reuse the loaded index
        except Exception as exc:
            log.exception("loading the assistant failed")
            self._state = LoadState(0.0, "", error=str(exc) or type(exc).__name__)
