"""Ingest: report files → Paragraphs (with provenance) → Chunks and sentences.

Owns decoding, block splitting, heading analysis, chunking and sentence cutting.
May import: rag.types, rag.config.
"""
