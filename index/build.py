"""Builds an index folder from report files, atomically (temp folder, then rename)."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from index import manifest as mf
from index.records import chunk_record, paragraph_record, write_jsonl
from rag.ingest.chunk import ChunkSettings, chunk_paragraphs, embedding_text
from rag.ingest.parse import parse_files
from rag.model.embed import Embedder
from rag.search.keyword import K1, B, build_keyword_index, save_keyword_index
from rag.search.store import build_store, save_store
from rag.search.tokens import report_terms

EMBED_BATCH = 32
Progress = Callable[[float, str], None]


def _embed(embedder: Embedder, texts: list[str], progress: bool, on_progress: Progress | None) -> np.ndarray:
    from tqdm import tqdm

    order = np.argsort([len(t) for t in texts], kind="stable")  # similar lengths batch with less padding
    parts = []
    with tqdm(total=len(texts), desc="嵌入段落", unit="块", disable=not progress) as bar:
        for start in range(0, len(texts), EMBED_BATCH):
            batch = [texts[i] for i in order[start:start + EMBED_BATCH]]
            parts.append(embedder.embed_passages(batch))
            bar.update(len(batch))
            if on_progress:
                on_progress(0.1 + 0.85 * (start + len(batch)) / len(texts), f"嵌入段落 {start + len(batch)}/{len(texts)}")
    if not parts:
        return np.zeros((0, embedder.dim), np.float32)
    vectors = np.empty((len(texts), parts[0].shape[1]), np.float32)
    vectors[order] = np.concatenate(parts)
    return vectors


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace `out` with `tmp`; readers see the old folder or the new one, never half of one."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(tmp, out)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def build_index(paths: list[Path], out: Path, embedder: Embedder, settings: ChunkSettings = ChunkSettings(),
                store_kind: str = "auto", progress: bool = True, on_progress: Progress | None = None) -> dict:
    """Parse, chunk, embed and index `paths` into the folder `out`; return the manifest."""
    started = time.perf_counter()
    if on_progress:
        on_progress(0.0, "解析报告")
    paragraphs = parse_files(paths)
    chunks = chunk_paragraphs(paragraphs, settings)
    terms = report_terms(p.text for p in paragraphs)
    vectors = _embed(embedder, [embedding_text(c) for c in chunks], progress, on_progress)
    store = build_store(vectors, store_kind)
    keyword = build_keyword_index(chunks, terms)
    docs = list(dict.fromkeys(p.doc for p in paragraphs))
    manifest = {
        "format_version": mf.FORMAT_VERSION,
        "model": {"id": embedder.model_id, "dim": int(vectors.shape[1]) if len(vectors) else embedder.dim,
                  "backend": getattr(embedder, "backend", "")},
        "sources": [{"doc": doc, "path": str(Path(path).resolve()), "sha256": mf.sha256_file(Path(path)),
                     "paragraphs": sum(p.doc == doc for p in paragraphs),
                     "chunks": sum(c.doc == doc for c in chunks)} for doc, path in zip(docs, paths)],
        "chunking": settings.to_dict(),
        "store": store.settings(),
        "keyword": {"library": "bm25s", "k1": K1, "b": B, "tokens": "jieba search mode + CJK bigrams",
                    "terms": len(terms)},
        "counts": {"documents": len(docs), "paragraphs": len(paragraphs), "chunks": len(chunks),
                   "vectors": store.size},
        "built_at": mf.now_iso(),
    }
    if on_progress:
        on_progress(0.97, "写入索引")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        write_jsonl(tmp / mf.PARAGRAPHS, [paragraph_record(p) for p in paragraphs])
        write_jsonl(tmp / mf.CHUNKS, [chunk_record(c) for c in chunks])
        (tmp / mf.TERMS).write_text("".join(t + "\n" for t in terms), encoding="utf-8")
        save_store(store, tmp / mf.VECTORS)
        save_keyword_index(keyword, tmp / mf.KEYWORD_DIR)
        manifest["build_seconds"] = round(time.perf_counter() - started, 2)
        (tmp / mf.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if on_progress:
        on_progress(1.0, "索引已就绪")
    return manifest
