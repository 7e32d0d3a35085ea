"""Answer: a question and ranked Hits → a cited Answer, or an honest refusal.

Owns reading the question, the report's periods and places, candidate answer spans, list answers,
composing, abstaining, optional generation, the Assistant that runs it all, and the Answer's JSON record.
May import: rag.types, rag.config, rag.ingest, rag.model, rag.search.
"""
