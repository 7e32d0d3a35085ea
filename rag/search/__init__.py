"""Search: the in-memory corpus, keyword (BM25) and vector (FAISS) search, and their fusion into Hits.

Owns tokenising, the everyday-word lexicon, the vector store and retrieval.
May import: rag.types, rag.config, rag.ingest, rag.model.
"""
