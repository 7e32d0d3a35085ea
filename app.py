"""Chat with a government work report: `python app.py`, then open http://127.0.0.1:7860

Settings (environment variables):
    RAG_HOST  address to listen on; default 127.0.0.1 (this computer only). 0.0.0.0 shares it on the network.
    RAG_PORT  port; default 7860.
    RAG_CORPUS, RAG_INDEX_DIR, RAG_MODEL: which reports, index and model (see rag/config.py, rag/model/embed.py).
The UI comes up at once; the assistant loads in the background (building the index the first time).
"""
from __future__ import annotations

import functools
import logging
import os
import time
from pathlib import Path

from index.assistant import IndexSource
from rag.ui.state import AssistantLoader

LOADER = AssistantLoader.from_source(IndexSource())
if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    LOADER.start()  # the model and the index load while Gradio below is imported and launched

import gradio as gr  # noqa: E402 (after the loader starts, on purpose: both take seconds)

from rag.answer.assistant import QuestionError, check_question
from rag.answer.record import answer_record
from rag.ui.render import (
    header_html,
    message_html,
    notice_html,
    sources_html,
    status_html,
    stream_steps,
    text,
)
from rag.ui.report import by_doc, doc_title, report_html

HOST = os.environ.get("RAG_HOST", "127.0.0.1")
PORT = int(os.environ.get("RAG_PORT", "7860"))
CONCURRENCY = 4          # questions answered at the same time; more wait in the queue
STREAM_DELAY = 0.03      # seconds between streamed clauses
ASSETS = Path(__file__).resolve().parent / "assets"
EXAMPLES = [             # one per kind: a figure, a list, where in the report, last year vs this year, a plan
    "去年全区地区生产总值增长多少？",
    "今年经济社会发展的主要预期目标有哪些？",
    "营商环境在报告哪一部分？",
    "固定资产投资去年增长多少，今年目标是多少？",
    "今年怎么稳房地产？",
]
MODES = [("混合检索", "hybrid"), ("向量检索", "dense"), ("关键词检索", "bm25")]
LOADING = "正在加载…请稍候。助手准备好后（见页面上方的状态）再问一次即可。"
FAILED = "抱歉，回答这个问题时出了点问题。请稍后再试，或换个问法。"
log = logging.getLogger("rag.ui")


def respond(question: str, history: list, k: float, mode: str, loader: AssistantLoader):
    """Chat handler: yields (cleared textbox, chat history, sources panel) while the answer streams in."""
    history = list(history or [])
    if (question or "").strip():
        history.append({"role": "user", "content": text(question.strip())})

    def say(content: str, sources=gr.skip()):
        return "", history + [{"role": "assistant", "content": content}], sources

    try:
        check_question(question)
        assistant = loader.assistant
        if assistant is None:
            yield say(notice_html(LOADING, "wait"))
            return
        answer = assistant.ask(question, k=int(k), mode=mode)
    except QuestionError as exc:
        yield say(notice_html(str(exc), "warn"))
        return
    except Exception:
        log.exception("answering %r failed", question)
        yield say(notice_html(FAILED, "error"))
        return
    qualified = len(assistant.corpus.docs) > 1
    for shown in stream_steps(answer.text)[:-1]:
        yield say(message_html(answer, shown, qualified))
        time.sleep(STREAM_DELAY)
    yield say(message_html(answer, None, qualified), sources_html(answer, int(k), qualified))


def ask_record(loader: AssistantLoader, question: str, k: int = 5, mode: str = "hybrid") -> dict:
    """The API: the answer as data (answer_record), or {"error": 中文说明}."""
    try:
        check_question(question)
        if mode not in dict(MODES).values() or not isinstance(k, (int, float)) or not 1 <= k <= 10:
            return {"error": "参数不正确：k 需要在 1 到 10 之间，mode 只能是 hybrid、dense 或 bm25。"}
        if loader.assistant is None:
            return {"error": LOADING, "loading": loader.state().message}
        return answer_record(loader.assistant.ask(question, k=int(k), mode=mode))
    except QuestionError as exc:
        return {"error": str(exc)}
    except Exception:
        log.exception("API question %r failed", question)
        return {"error": FAILED}


def launch_options() -> dict:
    """Look and behaviour passed to launch() (Gradio 6 takes theme, css and head there)."""
    fonts = ["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", "sans-serif"]
    theme = gr.themes.Default(primary_hue="red", neutral_hue="stone", font=fonts,
                              font_mono=["Noto Sans Mono CJK SC", "monospace"])
    return {"theme": theme, "css": (ASSETS / "app.css").read_text(encoding="utf-8"),
            "head": f"<script>{(ASSETS / 'app.js').read_text(encoding='utf-8')}</script>", "footer_links": ["api"]}


def build_demo(loader: AssistantLoader) -> gr.Blocks:
    titles = [doc_title(pars) for pars in by_doc(loader.paragraphs).values()] or ["政府工作报告"]
    with gr.Blocks(title=f"{titles[0]} · 问答", analytics_enabled=False) as demo:
        gr.HTML(header_html(titles))
        status = gr.HTML(status_html(loader.state()), elem_id="status")
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("对话", id="chat"):
                with gr.Row(equal_height=False, elem_id="chat-row"):
                    with gr.Column(scale=7, min_width=420):
                        chat = gr.Chatbot(elem_id="chat", show_label=False, height=460, latex_delimiters=[],
                                          feedback_options=None, buttons=["copy_all"],
                                          placeholder="<div class='chat-empty'>问我报告里写了什么：数字、目标、措施、在哪一部分……</div>")
                        question = gr.Textbox(elem_id="question", show_label=False, submit_btn="提问", lines=1,
                                              placeholder="输入问题（200 字以内），按回车提问")
                        gr.HTML("<div class='examples-title'>试试这些问题</div>")
                        with gr.Row(elem_classes="examples"):
                            examples = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]
                        with gr.Accordion("高级设置", open=False, elem_id="advanced"):
                            k = gr.Slider(1, 10, value=5, step=1, label="检索段落数 k", info="出处下方「检索到的片段」列出几条")
                            mode = gr.Radio(MODES, value="hybrid", label="检索方式")
                    with gr.Column(scale=5, min_width=320):
                        sources = gr.HTML(sources_html(None), elem_id="sources")
            with gr.Tab("浏览报告", id="report"):
                gr.HTML(report_html(loader.paragraphs), elem_id="report")
        timer = gr.Timer(0.5, active=not loader.state().done)

        def tick():
            loader.start()
            state = loader.state()
            return status_html(state), gr.Timer(active=not (state.done or state.error))

        timer.tick(tick, outputs=[status, timer], api_visibility="private", concurrency_limit=None,
                   show_progress="hidden")
        answer = functools.partial(respond, loader=loader)
        outputs = [question, chat, sources]
        question.submit(answer, [question, chat, k, mode], outputs, api_name="chat", show_progress="minimal")
        for button in examples:
            button.click(answer, [button, chat, k, mode], outputs, api_visibility="private", show_progress="minimal")
        chat.clear(lambda: sources_html(None), outputs=[sources], api_visibility="private")

        def ask(question: str, k: int = 5, mode: str = "hybrid") -> dict:
            """Ask a question about the report; returns the answer, its citations and the retrieved passages."""
            return ask_record(loader, question, k, mode)

        gr.api(ask, api_name="ask")
    return demo


demo = build_demo(LOADER)

if __name__ == "__main__":
    demo.queue(default_concurrency_limit=CONCURRENCY).launch(server_name=HOST, server_port=PORT, **launch_options())
