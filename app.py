"""Chat with a government work report: `python app.py`, then open http://127.0.0.1:7860

Settings (environment variables):
    RAG_HOST  address to listen on; default 127.0.0.1 (this computer only). 0.0.0.0 shares it on the network.
    RAG_PORT  port; default 7860.
    RAG_CORPUS, RAG_INDEX_DIR, RAG_MODEL: which reports, index and model (see rag/config.py, rag/model/embed.py).
The UI comes up at once; the assistant loads in the background (building the index the first time).
"""
from __future__ import annotations

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
from rag.answer.dialogue import Turn
from rag.answer.record import answer_record
from rag.ingest.decode import ReportError
from rag.ui.faq import faq_html
from rag.ui.library import library_html, report_choices
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
from rag.ui.usage import UsageLog, configured_log

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
    "那今年的目标呢？",
]
MODES = [("混合检索", "hybrid"), ("向量检索", "dense"), ("关键词检索", "bm25")]
LOADING = "正在加载…请稍候。助手准备好后（见页面上方的状态）再问一次即可。"
FAILED = "抱歉，回答这个问题时出了点问题。请稍后再试，或换个问法。"
logger = logging.getLogger("rag.ui")


def respond(question: str, history: list, k: float, mode: str, picked: list | None, turns: list, ids: dict,
            loader: AssistantLoader, log: UsageLog, session: str = ""):
    """Chat handler: yields (cleared textbox, chat history, sources panel, turns, log ids) while the answer
    streams in. `turns`: this chat's earlier turns (follow-ups are read with them); `ids`: message → log row."""
    history, turns, ids = list(history or []), list(turns or []), dict(ids or {})
    if (question or "").strip():
        history.append({"role": "user", "content": text(question.strip())})

    def say(content: str, sources=gr.skip()):
        return "", history + [{"role": "assistant", "content": content}], sources, turns, ids

    try:
        check_question(question)
        assistant = loader.assistant
        if assistant is None:
            yield say(notice_html(LOADING, "wait"))
            return
        answer = assistant.ask(question, k=int(k), mode=mode, reports=set(picked or []) or None, history=turns)
    except QuestionError as exc:
        yield say(notice_html(str(exc), "warn"))
        return
    except Exception:
        logger.exception("answering %r failed", question)
        yield say(notice_html(FAILED, "error"))
        return
    turns.append(Turn(answer.question, answer.read_as or answer.question, answer))
    row = log.record(answer, session, list(picked or []))
    if row is not None:
        ids[str(len(history))] = row   # the index the assistant's message will have
    qualified = len(assistant.corpus.docs) > 1
    for shown in stream_steps(answer.text)[:-1]:
        yield say(message_html(answer, shown, qualified))
        time.sleep(STREAM_DELAY)
    yield say(message_html(answer, None, qualified), sources_html(answer, int(k), qualified))


def rate(data: gr.LikeData, ids: dict, log: UsageLog) -> None:
    """👍/👎 on an answer: stored with the question it answered."""
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    row = (ids or {}).get(str(index))
    if row is not None and data.liked in (True, False):
        log.feedback(row, 1 if data.liked else -1)


def ask_record(loader: AssistantLoader, question: str, k: int = 5, mode: str = "hybrid",
               history: list[str] | None = None, reports: list[str] | None = None,
               log: UsageLog | None = None) -> dict:
    """The API: the answer as data (answer_record), or {"error": 中文说明}. `history`: the chat's earlier
    questions, oldest first; `reports`: report ids to answer from (all when empty)."""
    try:
        check_question(question)
        if mode not in dict(MODES).values() or not isinstance(k, (int, float)) or not 1 <= k <= 10:
            return {"error": "参数不正确：k 需要在 1 到 10 之间，mode 只能是 hybrid、dense 或 bm25。"}
        if loader.assistant is None:
            return {"error": LOADING, "loading": loader.state().message}
        context = [h for h in (history or []) if isinstance(h, str) and h.strip()]
        answer = loader.assistant.converse(question, context, k=int(k), mode=mode, reports=set(reports or []) or None)
        if log is not None:
            log.record(answer, "api", list(reports or []))
        return answer_record(answer)
    except QuestionError as exc:
        return {"error": str(exc)}
    except Exception:
        logger.exception("API question %r failed", question)
        return {"error": FAILED}


def change_library(files, remove: list | None, loader: AssistantLoader, progress=gr.Progress()) -> str:
    """Add the dropped files to the library, or remove the picked reports; a Chinese message either way."""
    try:
        uploads = [(Path(f).name, Path(f).read_bytes()) for f in (files or [])]
        if not uploads and not remove:
            return "请先选择要加入的报告文件，或要删除的报告。"
        return loader.change(uploads, list(remove or []), lambda x, m: progress(x, desc=m))
    except (ReportError, RuntimeError, OSError) as exc:
        return f"没有改动报告库：{exc}"


def launch_options() -> dict:
    """Look and behaviour passed to launch() (Gradio 6 takes theme, css and head there)."""
    fonts = ["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", "sans-serif"]
    theme = gr.themes.Default(primary_hue="red", neutral_hue="stone", font=fonts,
                              font_mono=["Noto Sans Mono CJK SC", "monospace"])
    return {"theme": theme, "css": (ASSETS / "app.css").read_text(encoding="utf-8"),
            "head": f"<script>{(ASSETS / 'app.js').read_text(encoding='utf-8')}</script>", "footer_links": ["api"]}


def build_demo(loader: AssistantLoader, log: UsageLog | None = None) -> gr.Blocks:
    log = log or UsageLog(None)
    titles = [doc_title(pars) for pars in by_doc(loader.paragraphs).values()] or ["政府工作报告"]
    with gr.Blocks(title=f"{titles[0] if len(titles) == 1 else '政府工作报告'} · 问答", analytics_enabled=False) as demo:
        header = gr.HTML(header_html(titles))
        status = gr.HTML(status_html(loader.state()), elem_id="status")
        turns, ids, seen = gr.State([]), gr.State({}), gr.State(-1)
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("对话", id="chat"):
                with gr.Row(equal_height=False, elem_id="chat-row"):
                    with gr.Column(scale=7, min_width=420):
                        chat = gr.Chatbot(elem_id="chat", show_label=False, height=460, latex_delimiters=[],
                                          feedback_options=("Like", "Dislike"), buttons=["copy_all"],
                                          placeholder="<div class='chat-empty'>问我报告里写了什么：数字、目标、措施、在哪一部分……"
                                                      "可以接着追问（「那今年呢？」），也可以用繁體字或英文提问。</div>")
                        question = gr.Textbox(elem_id="question", show_label=False, submit_btn="提问", lines=1,
                                              placeholder="输入问题（200 字以内），按回车提问")
                        picked = gr.Dropdown(report_choices(loader), value=[], multiselect=True, elem_id="picker",
                                             label="报告范围", info="不选即在全部报告里找；问题里写明地方（如“安徽”）也可以")
                        gr.HTML("<div class='examples-title'>试试这些问题</div>")
                        with gr.Row(elem_classes="examples"):
                            examples = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]
                        with gr.Accordion("高级设置", open=False, elem_id="advanced"):
                            k = gr.Slider(1, 10, value=5, step=1, label="检索段落数 k", info="出处下方「检索到的片段」列出几条")
                            mode = gr.Radio(MODES, value="hybrid", label="检索方式")
                    with gr.Column(scale=5, min_width=320):
                        sources = gr.HTML(sources_html(None), elem_id="sources")
            with gr.Tab("浏览报告", id="report"):
                report = gr.HTML(report_html(loader.paragraphs), elem_id="report")
            with gr.Tab("报告库", id="library"):
                shelf = gr.HTML(library_html(loader), elem_id="library")
                files = gr.File(label="加入报告（.txt、.md、.docx、.pdf、.html，每个不超过 30 MB）", file_count="multiple",
                                file_types=[".txt", ".md", ".docx", ".pdf", ".html", ".htm"], elem_id="upload")
                remove = gr.Dropdown(report_choices(loader), value=[], multiselect=True, label="删除报告",
                                     elem_id="remove")
                change = gr.Button("更新报告库", variant="primary", elem_id="change-library")
                changed = gr.Textbox(label="结果", interactive=False, lines=3, elem_id="library-message")
            with gr.Tab("常见问题", id="faq"):
                faq = gr.HTML(faq_html(log), elem_id="faq")
                gr.Button("刷新", size="sm").click(lambda: faq_html(log), outputs=[faq], api_visibility="private")
        timer = gr.Timer(0.5, active=not loader.state().done)

        def refresh(version: int):
            """The library-dependent parts of the page, when the library changed since this page last looked."""
            if version == loader.version:
                return (gr.skip(),) * 6 + (version,)
            choices = report_choices(loader)
            names = [doc_title(p) for p in by_doc(loader.paragraphs).values()] or ["政府工作报告"]
            return (header_html(names), report_html(loader.paragraphs), library_html(loader),
                    gr.Dropdown(choices=choices), gr.Dropdown(choices=choices, value=[]), gr.skip(), loader.version)

        library_outputs = [header, report, shelf, picked, remove, changed, seen]

        def tick(version: int):
            loader.start()
            state = loader.state()
            return (status_html(state), gr.Timer(active=not (state.done or state.error)), *refresh(version))

        timer.tick(tick, inputs=[seen], outputs=[status, timer, *library_outputs], api_visibility="private",
                   concurrency_limit=None, show_progress="hidden")

        def on_change(uploaded, removed, version, progress=gr.Progress()):
            message = change_library(uploaded, removed, loader, progress)
            *parts, version = refresh(version)
            return (status_html(loader.state()), None, *parts[:5], message, version)

        change.click(on_change, [files, remove, seen], [status, files, *library_outputs], api_visibility="private")

        def answer(q, history, k_, mode_, picked_, turns_, ids_, request: gr.Request):
            yield from respond(q, history, k_, mode_, picked_, turns_, ids_, loader, log,
                               getattr(request, "session_hash", "") or "")

        inputs = [chat, k, mode, picked, turns, ids]
        outputs = [question, chat, sources, turns, ids]
        question.submit(answer, [question, *inputs], outputs, api_name="chat", show_progress="minimal")
        for button in examples:
            button.click(answer, [button, *inputs], outputs, api_visibility="private", show_progress="minimal")
        def on_like(ids_: dict, data: gr.LikeData) -> None:
            rate(data, ids_, log)

        chat.like(on_like, [ids], None, api_visibility="private")
        chat.clear(lambda: (sources_html(None), [], {}), outputs=[sources, turns, ids], api_visibility="private")

        def ask(question: str, k: int = 5, mode: str = "hybrid", history: list[str] | None = None,
                reports: list[str] | None = None) -> dict:
            """Ask a question about the reports; returns the answer, its citations and the retrieved passages.
            history: the chat's earlier questions, oldest first (for follow-ups); reports: ids to answer from."""
            return ask_record(loader, question, k, mode, history, reports, log)

        gr.api(ask, api_name="ask")
    return demo


demo = build_demo(LOADER, configured_log())

if __name__ == "__main__":
    demo.queue(default_concurrency_limit=CONCURRENCY).launch(server_name=HOST, server_port=PORT, **launch_options())
