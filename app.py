"""Chat with a government work report: `python app.py`, then open http://127.0.0.1:7860

The public page answers questions and shows the reports; nothing on it can change the library or read what others
asked. The administrators' page (报告库, 常见问题, feedback export) runs on RAG_ADMIN_PORT (7861): on this computer
only, or behind the login RAG_ADMIN_USER / RAG_ADMIN_PASSWORD. Settings: rag/config.py (README, Configuration).
The page comes up at once; the assistant loads in the background (building the index the first time).
The page itself is rag/ui/public.py; installed, `gov-report-qa` starts the same.
"""
from __future__ import annotations

import logging

from rag.config import Settings
from rag.library.source import IndexSource
from rag.ui.state import AssistantLoader

SETTINGS = Settings.from_env()                      # read once, here, and passed down
LOADER = AssistantLoader.from_source(IndexSource(SETTINGS.limits))
if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    LOADER.start()  # the model and the index load while Gradio below is imported and launched

from rag.ui.public import CONCURRENCY, build_demo, serve  # noqa: E402,F401 (after the loader starts: both take seconds)
from rag.ui.theme import launch_options  # noqa: E402,F401
from rag.ui.usage import configured_log  # noqa: E402

LOG = configured_log(SETTINGS)
demo = build_demo(LOADER, LOG, SETTINGS)            # what `gradio app.py` reloads

if __name__ == "__main__":
    serve(LOADER, LOG, SETTINGS, demo)
