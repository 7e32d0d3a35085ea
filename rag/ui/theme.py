"""How both apps look: the theme, the stylesheet and the script passed to Gradio's launch()."""
from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).with_name("assets")
FONTS = ["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", "sans-serif"]


def launch_options(assets: Path = ASSETS) -> dict:
    """Look and behaviour passed to launch() (Gradio 6 takes theme, css and head there). Run history is off: the
    browser keeps no copy of questions and answers for the next person at that computer."""
    import gradio as gr

    theme = gr.themes.Default(primary_hue="red", neutral_hue="stone", font=FONTS,
                              font_mono=["Noto Sans Mono CJK SC", "monospace"])
    return {"theme": theme, "css": (assets / "app.css").read_text(encoding="utf-8"),
            "head": f"<script>{(assets / 'app.js').read_text(encoding='utf-8')}</script>",
            "footer_links": ["api"], "run_history": False}
