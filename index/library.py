"""The library on disk: build it from files, add and remove reports, list them; every change is atomic.

Layout: reports/<id>-<sha8>/ (one folder per report, see index/parts.py) and, for the whole library, the
vector store, the BM25 index and the term list, named by generation in manifest.json. A change writes new
parts and a new generation, then replaces manifest.json (the commit), then deletes what it no longer names.
A build killed half way leaves the old library as it was.
"""
from __future__ import annotations

import fcntl
import hashlib
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index import manifest as mf
from index.cache import EmbeddingCache, default_path
from index.parts import (
    Parts,
    build_parts,
    folder_name,
    read_parts,
    settings_of,
    source_file,
    write_parts,
)
from index.records import report_record
from rag.files import write_json
from rag.ingest.chunk import ChunkSettings
from rag.ingest.decode import ReportError, read_bytes
from rag.ingest.parse import report_id
from rag.model.embed import Embedder
from rag.search.keyword import K1, B, build_keyword_index, save_keyword_index
from rag.search.store import build_store, save_store

Progress = Callable[[float, str], None]


@dataclass
class Change:
    """What an operation did, for the message shown to the user."""
    manifest: dict
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)     # why each file was not added
    removed: list[str] = field(default_factory=list)
    embedded: int = 0                                    # sentences the model embedded (the rest: cache)


@contextmanager
def locked(folder: Path):
    """One writer at a time (other processes wait); readers never need the lock."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / mf.LOCK).open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def current(folder: Path) -> dict | None:
    try:
        return mf.read_manifest(folder)
    except mf.IndexMissing:
        return None


def _assemble(folder: Path, parts: list[Parts], embedder: Embedder, settings: ChunkSettings, store_kind: str,
              started: float) -> dict:
    """Write the library-wide files of a new generation and commit the manifest naming them."""
    gen = time.strftime("%Y%m%d-%H%M%S") + f"-{int(time.time() * 1000) % 1000:03d}"
    vectors = np.concatenate([p.vectors for p in parts]) if parts else np.zeros((0, embedder.dim), np.float32)
    store = build_store(vectors, store_kind)
    keyword = build_keyword_index([t for p in parts for t in p.tokens] or [[]], [])
    terms = list(dict.fromkeys(t for p in parts for t in p.terms))
    files = {"vectors": f"vectors-{gen}.faiss", "bm25": f"bm25-{gen}", "terms": f"terms-{gen}.txt"}
    save_store(store, folder / files["vectors"])
    save_keyword_index(keyword, folder / files["bm25"])
    (folder / files["terms"]).write_text("".join(t + "\n" for t in terms), encoding="utf-8")
    previous = {r["id"]: r for r in (current(folder) or {}).get("reports", [])}
    reports = [{**report_record(p.report), "folder": f"{mf.REPORTS}/{folder_name(p.report)}", "path": p.path,
                "paragraphs": len(p.paragraphs), "chunks": len(p.chunks), "sentences": len(p.sentences),
                "added_at": previous.get(p.report.id, {}).get("added_at") or mf.now_iso()} for p in parts]
    manifest = {
        "format_version": mf.FORMAT_VERSION,
        "model": {"id": embedder.model_id, "dim": int(embedder.dim), "backend": getattr(embedder, "backend", "")},
        **settings_of(settings, embedder), "store": store.settings(),
        "keyword": {"library": "bm25s", "k1": K1, "b": B, "tokens": "jieba search mode + CJK bigrams + report terms",
                    "terms": len(terms)},
        "reports": reports,
        "counts": {"reports": len(parts), "paragraphs": sum(len(p.paragraphs) for p in parts),
                   "chunks": sum(len(p.chunks) for p in parts), "sentences": len(vectors), "vectors": store.size},
        "files": files, "built_at": mf.now_iso(), "build_seconds": round(time.perf_counter() - started, 2),
    }
    write_json(folder / mf.MANIFEST, manifest)  # the commit
    _clean(folder, manifest)
    return manifest


def _clean(folder: Path, manifest: dict) -> None:
    """Delete generations and report folders the manifest does not name, and leftovers of killed builds."""
    keep = set(manifest["files"].values()) | {mf.MANIFEST, mf.LOCK, mf.REPORTS}
    parts = {Path(r["folder"]).name for r in manifest["reports"]}
    for path in folder.iterdir():
        if path.name not in keep:
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    for path in (folder / mf.REPORTS).iterdir() if (folder / mf.REPORTS).exists() else []:
        if path.name not in parts:
            shutil.rmtree(path, ignore_errors=True)


class Library:
    """The library in `folder`, changed with `embedder` and `settings` (both recorded in its manifest)."""

    def __init__(self, folder: Path, embedder: Embedder, settings: ChunkSettings = ChunkSettings(),
                 store_kind: str = "auto", cache: EmbeddingCache | None = None) -> None:
        self.folder, self.embedder, self.settings, self.store_kind = Path(folder), embedder, settings, store_kind
        self.cache = cache or EmbeddingCache(default_path())

    def _existing(self) -> list[Parts]:
        """The current reports' parts, rebuilt from their kept source where they were built another way."""
        manifest = current(self.folder)
        if manifest is None or manifest.get("format_version") != mf.FORMAT_VERSION:
            return []
        out = []
        for r in manifest.get("reports", []):
            parts = read_parts(self.folder / r["folder"])
            if parts.settings != settings_of(self.settings, self.embedder):
                source = source_file(self.folder / r["folder"])
                parts = self._build(source.read_bytes(), r["source"] or source.name, r["id"], r.get("path", ""))
            out.append(parts)
        return out

    def _build(self, data: bytes, name: str, doc: str, path: str = "", progress: bool = False,
               on_progress: Progress | None = None) -> Parts:
        kept = self.folder / mf.REPORTS / f"{doc}-{hashlib.sha256(data).hexdigest()[:8]}"
        if (kept / "report.json").exists():  # built before, from the same bytes: reuse it when built alike
            parts = read_parts(kept)
            if parts.settings == settings_of(self.settings, self.embedder) and parts.report.id == doc:
                parts.path = path or parts.path
                return parts
        parts = build_parts(data, name, self.embedder, self.settings, self.cache, doc, progress, on_progress, path)
        write_parts(parts, self.folder / mf.REPORTS / folder_name(parts.report), data)
        return parts

    def change(self, files: list[Path | tuple[str, bytes]] = (), remove: list[str] = (), replace: bool = False,
               fresh: bool = False, progress: bool = False, on_progress: Progress | None = None) -> Change:
        """Add `files` (paths, or (name, bytes) uploads), remove report ids; `fresh` starts an empty library.
        `replace`: a file whose id is in the library replaces that report (a changed source)."""
        started = time.perf_counter()
        with locked(self.folder):
            parts = [] if fresh else self._existing()
            unknown = [r for r in remove if r not in {p.report.id for p in parts}]
            if unknown:
                raise ReportError(f"库中没有这些报告：{'、'.join(unknown)}。用 python -m index list 查看已有报告。")
            change = Change({}, removed=list(remove))
            parts = [p for p in parts if p.report.id not in remove]
            for n, item in enumerate(files):
                name, data, path = (item[0], item[1], "") if isinstance(item, tuple) else (
                    Path(item).name, read_bytes(item), str(Path(item).resolve()))
                sha = hashlib.sha256(data).hexdigest()
                same = next((p for p in parts if p.report.sha256 == sha), None)
                if same is not None:
                    change.skipped.append(f"{name}：与库中的「{same.report.title}」内容相同，已跳过")
                    continue
                doc = report_id(name)
                if replace:
                    parts = [p for p in parts if p.report.id != doc]
                taken = {p.report.id for p in parts}
                doc = next(d for d in [doc] + [f"{doc}-{i}" for i in range(2, 1000)] if d not in taken)

                def step(fraction: float, message: str, n=n) -> None:
                    if on_progress:
                        on_progress((n + fraction) / max(len(files), 1) * 0.95, message)

                built = self._build(data, name, doc, path, progress, step)
                parts.append(built)
                change.added.append(built.report.id)
                change.embedded += built.embedded
            if on_progress:
                on_progress(0.97, "写入索引")
            change.manifest = _assemble(self.folder, parts, self.embedder, self.settings, self.store_kind, started)
        return change
