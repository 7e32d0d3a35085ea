"""The library on disk: build it from files, add and remove reports, list them; every change is atomic.

Layout: reports/<id>-<sha8>/ (one folder per report, see index/parts.py) and, for the whole library, the
vector store, the BM25 index and the term list, named by generation in manifest.json. A change writes new
parts and a new generation, then replaces manifest.json (the commit), then deletes what it no longer names.
A build killed half way leaves the old library as it was.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rag.config import Limits
from rag.files import write_json
from rag.ingest.chunk import ChunkSettings
from rag.ingest.decode import ReportError, read_bytes
from rag.ingest.parse import report_id
from rag.library import manifest as mf
from rag.library.cache import EmbeddingCache, default_path
from rag.library.parts import (
    Parts,
    build_parts,
    folder_name,
    read_parts,
    settings_of,
    source_file,
    write_parts,
)
from rag.library.records import report_record
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
    """The library in `folder`, changed with `embedder` and `settings` (both recorded in its manifest), within
    `limits` (sentences per report, reports and sentences in all)."""

    def __init__(self, folder: Path, embedder: Embedder, settings: ChunkSettings = ChunkSettings(),
                 store_kind: str = "auto", cache: EmbeddingCache | None = None, limits: Limits = Limits()) -> None:
        self.folder, self.embedder, self.settings, self.store_kind = Path(folder), embedder, settings, store_kind
        self.cache = cache or EmbeddingCache(default_path())
        self.limits = limits

    def _existing(self) -> list[tuple[Parts, bytes | None]]:
        """The current reports' parts, rebuilt from their kept source where they were built another way (those
        come with their source bytes: their folder must be written again)."""
        manifest = current(self.folder)
        if manifest is None or manifest.get("format_version") != mf.FORMAT_VERSION:
            return []
        out: list[tuple[Parts, bytes | None]] = []
        for r in manifest.get("reports", []):
            parts = read_parts(self.folder / r["folder"])
            if parts.settings == settings_of(self.settings, self.embedder):
                out.append((parts, None))
                continue
            source = source_file(self.folder / r["folder"])
            if source is None:
                raise ReportError(f"报告库里 {r['id']} 的原文件不见了，无法按新设置重建；请重新加入这份报告。")
            data = source.read_bytes()
            out.append((self._build(data, r["source"] or source.name, r["id"], r.get("path", "")), data))
        return out

    def _build(self, data: bytes, name: str, doc: str, path: str = "", progress: bool = False,
               on_progress: Progress | None = None, insist: bool = True) -> Parts:
        """The parts of one report, in memory: reused from its folder when it was built alike from the same bytes."""
        kept = self.folder / mf.REPORTS / f"{doc}-{hashlib.sha256(data).hexdigest()[:8]}"
        if (kept / "report.json").exists():
            try:
                parts = read_parts(kept)
            except (OSError, ValueError, KeyError):
                parts = None   # removed by another change meanwhile, or half there: build it again
            if parts is not None and parts.settings == settings_of(self.settings, self.embedder) \
                    and parts.report.id == doc:
                parts.path = path or parts.path
                return parts
        return build_parts(data, name, self.embedder, self.settings, self.cache, doc, progress, on_progress, path,
                           self.limits, insist)

    def _check_size(self, parts: list[Parts]) -> None:
        sentences = sum(len(p.sentences) for p in parts)
        if len(parts) > self.limits.library_reports:
            raise ReportError(f"报告库最多放 {self.limits.library_reports} 份报告，这次改动后会有 {len(parts)} 份。"
                              "请先删除不再需要的报告。")
        if sentences > self.limits.library_sentences:
            raise ReportError(f"报告库最多放 {self.limits.library_sentences} 句，这次改动后会有 {sentences} 句。"
                              "请先删除不再需要的报告。")

    def change(self, files: Sequence[Path | tuple[str, bytes]] = (), remove: Sequence[str] = (), replace: bool = False,
               fresh: bool = False, progress: bool = False, on_progress: Progress | None = None,
               insist: bool = False) -> Change:
        """Add `files` (paths, or (name, bytes) uploads), remove report ids; `fresh` starts an empty library.
        `replace`: a file whose id is in the library replaces that report (a changed source); `insist`: add a
        file even when it does not look like a government work report.

        The new files are parsed and embedded first, without the lock (questions, readers and other changes go
        on); the lock is held only to write their folders and the new generation."""
        started = time.perf_counter()
        change = Change({}, removed=list(remove))
        before = {} if fresh else {r["sha256"]: r["title"] for r in (current(self.folder) or {}).get("reports", [])}
        taken = set() if fresh else {r["id"] for r in (current(self.folder) or {}).get("reports", [])}
        built: list[tuple[Parts, bytes]] = []
        for n, item in enumerate(files):
            name, data, path = (item[0], item[1], "") if isinstance(item, tuple) else (
                Path(item).name, read_bytes(item), str(Path(item).resolve()))
            sha = hashlib.sha256(data).hexdigest()
            same = before.get(sha) or next((p.report.title for p, _ in built if p.report.sha256 == sha), None)
            if same is not None:
                change.skipped.append(f"{name}：与库中的「{same}」内容相同，已跳过")
                continue
            doc = _free(report_id(name), taken - ({report_id(name)} if replace else set()))
            taken.add(doc)

            def step(fraction: float, message: str, n=n) -> None:
                if on_progress:
                    on_progress((n + fraction) / max(len(files), 1) * 0.95, message)

            built.append((self._build(data, name, doc, path, progress, step, insist), data))
        if on_progress:
            on_progress(0.97, "写入索引")
        with locked(self.folder):
            existing = [] if fresh else self._existing()
            unknown = [r for r in remove if r not in {p.report.id for p, _ in existing}]
            if unknown:
                raise ReportError(f"库中没有这些报告：{'、'.join(unknown)}。用 python -m index list 查看已有报告。")
            kept: list[tuple[Parts, bytes | None]] = [(p, d) for p, d in existing if p.report.id not in remove]
            if remove and not kept and not built:
                raise ReportError("报告库至少要留一份报告：请先加入新报告，再删除这一份。")
            for parts, raw in built:
                if replace:
                    kept = [(p, d) for p, d in kept if p.report.id != parts.report.id]
                if parts.report.id in {p.report.id for p, _ in kept}:   # another change took the id meanwhile
                    doc = _free(parts.report.id, {p.report.id for p, _ in kept})
                    parts = self._build(raw, parts.report.source, doc, parts.path)   # cached vectors: no embedding
                kept.append((parts, raw))   # its folder is written below
                change.added.append(parts.report.id)
                change.embedded += parts.embedded
            self._check_size([p for p, _ in kept])
            for parts, source in kept:
                target = self.folder / mf.REPORTS / folder_name(parts.report)
                if source is not None and not _written(target, parts):
                    write_parts(parts, target, source)
            change.manifest = _assemble(self.folder, [p for p, _ in kept], self.embedder, self.settings,
                                        self.store_kind, started)
        return change


LABELS = ("title", "place", "level", "year")


def relabel(folder: Path, embedder: Embedder, doc: str, settings: ChunkSettings = ChunkSettings(),
            store_kind: str = "auto", **fields) -> dict:
    """Correct what was read from a report's own text (title, place, level, year): its report.json and a new
    generation naming it, under the lock. Returns the new manifest."""
    started = time.perf_counter()
    unknown = set(fields) - set(LABELS)
    if unknown:
        raise ReportError(f"不能修改这些字段：{'、'.join(sorted(unknown))}（只能改标题、地方、级别、年份）。")
    if "year" in fields and fields["year"] is not None and not 1949 <= int(fields["year"]) <= 2100:
        raise ReportError("年份应在 1949 到 2100 之间。")
    if "level" in fields and fields["level"] not in ("全国", "省", "市", "区县", ""):
        raise ReportError("级别只能是 全国、省、市、区县。")
    with locked(folder):
        manifest = current(folder)
        record = next((r for r in (manifest or {}).get("reports", []) if r["id"] == doc), None)
        if manifest is None or record is None:
            raise ReportError(f"库中没有报告 {doc}。用 python -m index list 查看已有报告。")
        meta_path = folder / record["folder"] / "report.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["report"].update({k: (int(v) if k == "year" and v is not None else v) for k, v in fields.items()})
        meta["relabelled"] = sorted(set(meta.get("relabelled", [])) | set(fields))
        write_json(meta_path, meta)
        parts = [read_parts(folder / r["folder"]) for r in manifest["reports"]]
        return _assemble(folder, parts, embedder, settings, store_kind, started)


def _written(folder: Path, parts: Parts) -> bool:
    """Whether `folder` already holds these parts (the same report, built alike)."""
    try:
        meta = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return meta.get("settings") == parts.settings and meta.get("report", {}).get("id") == parts.report.id


def _free(doc: str, taken: set[str]) -> str:
    """`doc`, or `doc-2`, `doc-3`… whichever is not taken."""
    return next(d for d in [doc] + [f"{doc}-{i}" for i in range(2, 1000)] if d not in taken)
