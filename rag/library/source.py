"""Assembles a ready Assistant from the index folder: the configured model, and the index (built on first use)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rag import config
from rag.answer.assistant import Assistant
from rag.answer.source import Progress
from rag.config import Limits
from rag.library.load import ensure_index, load_index
from rag.library.manifest import IndexLoadError, stale_reports
from rag.search.corpus import Corpus


def load_assistant(index_dir: Path | None = None, model: str | None = None, build_missing: bool = True,
                   progress: bool = True, on_progress: Progress | None = None,
                   corpus: Corpus | None = None) -> Assistant:
    """Load the model and the index; build the index from the configured reports when it is missing or stale.

    `corpus`: an index already loaded from that folder with this model (the app's keyword-only start)."""
    from rag.model.embed import load_embedder

    embedder = load_embedder(model)
    folder = Path(index_dir or config.index_dir())
    if corpus is None or corpus.manifest.get("model", {}).get("id") != embedder.model_id:
        corpus = (ensure_index(folder, config.corpus_paths(), embedder, progress=progress, on_progress=on_progress)
                  if build_missing else load_index(folder, embedder.model_id))
    assistant = Assistant(corpus, embedder)
    assistant.warm_up()
    return assistant


class IndexSource:
    """rag.answer.source.AssistantSource over the index folder ($RAG_INDEX_DIR, var/index by default); changes
    keep within `limits`."""

    def __init__(self, limits: Limits = Limits()) -> None:
        self.limits = limits

    def load(self, index_dir: Path | None = None, progress: bool = False, on_progress: Progress | None = None,
             corpus: Corpus | None = None) -> Assistant:
        return load_assistant(index_dir, progress=progress, on_progress=on_progress, corpus=corpus)

    def change(self, embedder, uploads: Sequence[tuple[str, bytes]] = (), remove: Sequence[str] = (),
               on_progress: Progress | None = None, insist: bool = False) -> tuple[str, Corpus]:
        from rag.library.change import Library

        folder = config.index_dir()
        done = Library(folder, embedder, limits=self.limits).change(list(uploads), remove=list(remove),
                                                                 on_progress=on_progress, insist=insist)
        lines = [f"已加入：{'、'.join(done.added)}（新嵌入 {done.embedded} 句）" if done.added else "",
                 f"已删除：{'、'.join(done.removed)}" if done.removed else "", *done.skipped]
        counts = done.manifest["counts"]
        lines.append(f"报告库现有 {counts['reports']} 份报告、{counts['sentences']} 句。")
        return "\n".join(x for x in lines if x), load_index(folder, embedder.model_id)

    def relabel(self, embedder, doc: str, **fields) -> tuple[str, Corpus]:
        """Correct a report's title, place, level or year; returns a message and the library as it is now."""
        from rag.library.change import relabel

        folder = config.index_dir()
        relabel(folder, embedder, doc, **fields)
        shown = "、".join(f"{ {'title': '标题', 'place': '地方', 'level': '级别', 'year': '年份'}[k]}改为“{v}”"
                         for k, v in fields.items())
        return f"已更新 {doc}：{shown}。", load_index(folder, embedder.model_id)

    def keyword_only(self) -> Assistant | None:
        """Keyword search on the built index: it answers within seconds, before the embedding model (torch,
        sentence-transformers) has loaded. None when the index must be built or refreshed first."""
        from rag.model.embed import configured_model

        try:
            corpus = load_index(config.index_dir(), configured_model())
        except IndexLoadError:
            return None
        # a report whose file changed is re-read by the full load (ensure_index), not served stale meanwhile
        return None if stale_reports(corpus.manifest) else Assistant(corpus, None)
