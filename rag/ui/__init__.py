"""UI: what the Gradio app shows (HTML for answers, sources, status and the report view) and the background loader.

May import every other stage of rag; app.py imports this package, never the other way round.
"""
