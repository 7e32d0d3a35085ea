"""Understand: the question as asked. Its language (traditional characters, English), the chat it follows, its
separate asks, and what it asks for: kind, year, unit, measure, reason; small talk apart. Rules are data
(*.json beside the modules, every example row tested). May import: rag.ingest, rag.search."""
