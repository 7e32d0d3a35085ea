"""Model: the embedding model (conversion of the bundled weights, its cached folder) and the Embedder.

May import: rag.types, rag.config, rag.ingest.
"""
