"""The library manifest: what built the index, from which reports, and the checks made on load.

manifest.json is the commit point of every change: the files it names are complete before it is replaced.
"""
from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from rag.answer.source import SourceError

FORMAT_VERSION = 2
MANIFEST = "manifest.json"
REPORTS = "reports"
LOCK = ".lock"
REBUILD = "python -m index build"


class IndexLoadError(SourceError):
    """The index cannot be used; the message says why and what to run."""


class IndexMissing(IndexLoadError):
    pass


class IndexMismatch(IndexLoadError):
    pass


class IndexOutdated(IndexMismatch):
    """Written by another version of this program: rebuilt from its reports' files."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not Path(folder).exists():
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


def check_manifest(manifest: dict, folder: Path, model_id: str | None) -> None:
    """Refuse a format or model mismatch."""
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexOutdated(f"索引 {folder} 的格式版本是 {version}，本程序需要 {FORMAT_VERSION}。请重新构建：{REBUILD}")
    built_with = manifest.get("model", {}).get("id")
    if model_id is not None and built_with != model_id:
        raise IndexMismatch(f"索引 {folder} 是用向量模型 {built_with} 构建的，当前配置的模型是 {model_id}。"
                            f"请改回原模型（环境变量 RAG_MODEL），或用当前模型重新构建：{REBUILD}")


def stale_reports(manifest: dict) -> list[dict]:
    """Reports whose source file is still where it was read from, but has changed since."""
    out = []
    for report in manifest.get("reports", []):
        path = Path(report.get("path") or "")
        if report.get("path") and path.is_file() and sha256_file(path) != report.get("sha256"):
            out.append(report)
    return out


def check_counts(manifest: dict, folder: Path, chunks: int, sentences: int, vectors: int, dim: int,
                 keyword_docs: int) -> None:
    counts, model = manifest.get("counts", {}), manifest.get("model", {})
    if not (sentences == vectors == counts.get("sentences")) or not (chunks == keyword_docs == counts.get("chunks")):
        raise IndexMismatch(f"索引 {folder} 已损坏：句子 {sentences} 条、向量 {vectors} 条、块 {chunks} 个、BM25 文档 "
                            f"{keyword_docs} 个，与 manifest 记录的 {counts} 不一致。请重新构建：{REBUILD}")
    if vectors and dim != model.get("dim"):
        raise IndexMismatch(f"索引 {folder} 的向量维度 {dim} 与 manifest 记录的 {model.get('dim')} 不一致。"
                            f"请重新构建：{REBUILD}")
