"""One report's part of the library, built once: its paragraphs, chunks, sentences, BM25 tokens and vectors."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.config import Limits
from rag.files import atomic_folder, read_jsonl, write_json, write_jsonl
from rag.ingest.chunk import ChunkSettings, chunk_paragraphs
from rag.ingest.decode import ReportError
from rag.ingest.parse import parse_report
from rag.ingest.sentences import split_sentences
from rag.library.cache import EmbeddingCache, embed_cached, model_key
from rag.library.records import (
    chunk_from,
    chunk_record,
    paragraph_from,
    paragraph_record,
    report_from,
    report_record,
    sentence_from,
    sentence_record,
)
from rag.model.embed import Embedder
from rag.search.keyword import chunk_tokens
from rag.search.tokens import report_terms
from rag.types import Chunk, Paragraph, Report, Sentence

REPORT, PARAGRAPHS, CHUNKS, SENTENCES, TOKENS, VECTORS = (
    "report.json", "paragraphs.jsonl", "chunks.jsonl", "sentences.jsonl", "tokens.jsonl", "vectors.npy")
Progress = Callable[[float, str], None]


@dataclass
class Parts:
    report: Report
    paragraphs: list[Paragraph]
    chunks: list[Chunk]
    sentences: list[Sentence]      # row i = vectors[i]
    tokens: list[list[str]]        # row i = chunks[i]
    terms: list[str]
    vectors: np.ndarray
    settings: dict                 # what the part was built with: chunking, model
    embedded: int = 0              # texts the model embedded (the rest came from the cache)
    path: str = ""                 # the file it was read from, when it came from one


def settings_of(settings: ChunkSettings, embedder: Embedder) -> dict:
    return {"chunking": settings.to_dict(), "embedding": model_key(embedder)}


def build_parts(data: bytes, name: str, embedder: Embedder, settings: ChunkSettings, cache: EmbeddingCache,
                doc: str | None = None, progress: bool = False, on_progress: Progress | None = None,
                path: str = "", limits: Limits = Limits(), insist: bool = False) -> Parts:
    """Parse, chunk, cut into sentences and embed one report (only sentences the cache lacks reach the model);
    a report over `limits`, or a file that is no government work report (unless `insist`), is refused before
    anything is embedded."""
    from tqdm import tqdm

    report, paragraphs = parse_report(data, name, doc, limits.report_chars, require_report=not insist)
    chunks = chunk_paragraphs(paragraphs, settings)
    sentences = split_sentences(paragraphs)
    if len(sentences) > limits.report_sentences:
        raise ReportError(f"文件 {name} 有 {len(sentences)} 句，超过了一份报告 {limits.report_sentences} 句的上限："
                          "它不像一份政府工作报告。")
    terms = report_terms(p.text for p in paragraphs)
    total = max(len(sentences), 1)
    with tqdm(total=len(sentences), desc=f"嵌入 {report.id}", unit="句", disable=not progress) as bar:
        done = 0

        def step(n: int) -> None:
            nonlocal done
            done += n
            bar.update(n)
            if on_progress:
                on_progress(done / total, f"{report.title}：嵌入句子 {done}/{len(sentences)}")

        vectors, embedded = embed_cached(embedder, [s.text for s in sentences], cache, step)
    return Parts(report, paragraphs, chunks, sentences, chunk_tokens(chunks, terms), terms, vectors,
                 settings_of(settings, embedder), embedded, path)


def folder_name(report: Report) -> str:
    return f"{report.id}-{report.sha256[:8]}"


def write_parts(parts: Parts, folder: Path, source: bytes) -> None:
    """Write the part into `folder` atomically (a temp sibling, then rename); the source file is kept in it."""
    with atomic_folder(folder) as tmp:
        suffix = Path(parts.report.source).suffix.lower() or f".{parts.report.format}"
        (tmp / f"source{suffix}").write_bytes(source)
        write_jsonl(tmp / PARAGRAPHS, [paragraph_record(p) for p in parts.paragraphs])
        write_jsonl(tmp / CHUNKS, [chunk_record(c) for c in parts.chunks])
        write_jsonl(tmp / SENTENCES, [sentence_record(s) for s in parts.sentences])
        write_jsonl(tmp / TOKENS, parts.tokens)   # each row a list of tokens
        np.save(tmp / VECTORS, np.ascontiguousarray(parts.vectors, dtype=np.float32))
        write_json(tmp / REPORT, {"report": report_record(parts.report), "terms": parts.terms,
                                  "settings": parts.settings, "path": parts.path,
                                  "counts": {"paragraphs": len(parts.paragraphs), "chunks": len(parts.chunks),
                                             "sentences": len(parts.sentences)}})


def read_parts(folder: Path, vectors: bool = True) -> Parts:
    meta = json.loads((folder / REPORT).read_text(encoding="utf-8"))
    return Parts(report_from(meta["report"]),
                 [paragraph_from(d) for d in read_jsonl(folder / PARAGRAPHS)],
                 [chunk_from(d) for d in read_jsonl(folder / CHUNKS)],
                 [sentence_from(d) for d in read_jsonl(folder / SENTENCES)],
                 read_jsonl(folder / TOKENS),
                 list(meta.get("terms", [])),
                 np.load(folder / VECTORS) if vectors else np.zeros((0, 0), np.float32),
                 meta.get("settings", {}), 0, meta.get("path", ""))


def source_file(folder: Path) -> Path | None:
    return next(iter(sorted(folder.glob("source.*"))), None)
