"""The library: a government work report in, cited answers out.

Packages in pipeline order; each may import the ones before it, never the ones after, and nothing
in `rag/` imports `index/`, `eval/` or `app` (tests/test_architecture.py checks it with import-linter):

    ingest  → model  → search  → answer  → library  → ui

At the top: `types` (the nouns every stage passes on), `config` (settings from the environment)
and the CLI (`python -m rag`).
"""
