"""The index manifest: what built the index, from which sources, and the checks made on load."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

from rag.answer.source import SourceError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PARAGRAPHS = "paragraphs.jsonl"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.faiss"
KEYWORD_DIR = "bm25"
TERMS = "terms.txt"
REBUILD = "python -m index build"


class IndexLoadError(SourceError):
    """The index cannot be used; the message says why and what to run."""


class IndexMissing(IndexLoadError):
    pass


class IndexMismatch(IndexLoadError):
    pass


class IndexStale(IndexLoadError):
    pass


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not folder.exists():
        raise IndexMissing(f"找不到索引目录 {folder}。请先运行：{REBUILD}")
    if not path.exists():
        raise IndexMissing(f"索引目录 {folder} 不完整（缺少 {MANIFEST}）。请重新构建：{REBUILD}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexMismatch(f"无法读取 {path}：{exc}。请重新构建：{REBUILD}") from exc
    if not isinstance(manifest, dict):
        raise IndexMismatch(f"{path} 的格式不对。请重新构建：{REBUILD}")
    return manifest


def check_manifest(manifest: dict, folder: Path, model_id: str | None, check_sources: bool = True) -> None:
    """Refuse a format or model mismatch, and a corpus that changed since the build."""
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexMismatch(f"索引 {folder} 的格式版本是 {version}，本程序需要 {FORMAT_VERSION}。请重新构建：{REBUILD}")
    built_with = manifest.get("model", {}).get("id")
    if model_id is not None and built_with != model_id:
        raise IndexMismatch(f"索引 {folder} 是用向量模型 {built_with} 构建的，当前配置的模型是 {model_id}。"
                            f"请改回原模型（环境变量 RAG_MODEL），或用当前模型重新构建：{REBUILD}")
    if not check_sources:
        return
    for source in manifest.get("sources", []):
        path = Path(source.get("path", ""))
        if path.is_file() and sha256_file(path) != source.get("sha256"):
            raise IndexStale(f"报告文件 {path} 在建索引之后改动过（sha256 不一致），索引已过期。"
                             f"请重新构建：{REBUILD} {path}")


def check_counts(manifest: dict, folder: Path, chunks: int, vectors: int, dim: int) -> None:
    counts, model = manifest.get("counts", {}), manifest.get("model", {})
    if not (chunks == vectors == counts.get("chunks")):
        raise IndexMismatch(f"索引 {folder} 已损坏：{CHUNKS} 有 {chunks} 行，向量有 {vectors} 条，"
                            f"manifest 记录 {counts.get('chunks')} 条。请重新构建：{REBUILD}")
    if dim != model.get("dim"):
        raise IndexMismatch(f"索引 {folder} 的向量维度 {dim} 与 manifest 记录的 {model.get('dim')} 不一致。请重新构建：{REBUILD}")
