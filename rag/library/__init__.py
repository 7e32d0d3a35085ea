"""The library on disk: reports built once into a folder you can read (a manifest, JSON Lines rows matching
vector rows, a FAISS index, BM25 files; no pickle), changed atomically, loaded into a Corpus, and offered to the
app as an AssistantSource.

May import: rag.types, rag.config, rag.files, rag.ingest, rag.model, rag.search, rag.answer (the Assistant it
assembles). Nothing below imports it; the UI reaches it only through rag.answer.source's interface.
"""
