"""Chat with a government work report: `python app.py`, then open http://127.0.0.1:7860

The public page answers questions and shows the reports; nothing on it can change the library or read what others
asked. The administrators' page (报告库, 常见问题, feedback export) runs on RAG_ADMIN_PORT (7861): on this computer
only, or behind the login RAG_ADMIN_USER / RAG_ADMIN_PASSWORD. Settings: rag/config.py (README, Configuration).
The UI comes up at once; the assistant loads in the background (building the index the first time).
"""
from __future__ import annotations

import logging
import time

from index.assistant import IndexSource
from rag.config import Settings
from rag.ui.state import AssistantLoader

SETTINGS = Settings.from_env()
LOADER = AssistantLoader.from_source(IndexSource(SETTINGS.limits))
if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    LOADER.start()  # the model and the index load while Gradio below is imported and launched

import gradio as gr  # noqa: E402 (after the loader starts, on purpose: both take seconds)

from rag.answer.assistant import QuestionError, check_question
from rag.answer.dialogue import Turn
from rag.answer.record import answer_record
from rag.ui.admin import launch_admin
from rag.ui.library import report_choices
from rag.ui.privacy import mask
from rag.ui.render import header_html, message_html, notice_html, sources_html, status_html, stream_steps, text
from rag.ui.report import by_doc, doc_title, report_html
from rag.ui.theme import launch_options
from rag.ui.usage import UsageLog, configured_log
from rag.ui.visitors import Visitors, VisitorBusy, visitor_of

CONCURRENCY = 4          # questions answered at the same time; more wait in the queue
STREAM_DELAY = 0.03      # seconds between streamed clauses
REFRESH_EVERY = 10.0     # seconds between checks whether the library changed (pages stay current)
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
GONE = "你选的报告（{}）已不在报告库中，这次在其余报告里找；报告范围已更新。"
logger = logging.getLogger("rag.ui")


def picked_reports(loader: AssistantLoader, picked: list | None) -> tuple[set[str] | None, list[str]]:
    """The picked report ids still in the library (None: all), and those no longer there."""
    docs = set(loader.assistant.corpus.docs) if loader.assistant is not None else set()
    picked = [p for p in (picked or []) if isinstance(p, str)]
    return {p for p in picked if p in docs} or None, [p for p in picked if p not in docs]


def respond(question: str, history: list, k: float, mode: str, picked: list | None, turns: list, ids: dict,
            loader: AssistantLoader, log: UsageLog, session: str = ""):
    """Chat handler: yields (cleared textbox, chat history, sources panel, turns, log ids, report picker) while the
    answer streams in. `turns`: this chat's earlier turns (follow-ups are read with them); `ids`: message → log row."""
    history, turns, ids = list(history or []), list(turns or []), dict(ids or {})
    picker = gr.skip()

    def say(content: str, sources=gr.skip()):
        return "", history + [{"role": "assistant", "content": content}], sources, turns, ids, picker

    try:
        question = check_question(question)
        history.append({"role": "user", "content": text(question)})
        assistant = loader.assistant
        if assistant is None:
            yield say(notice_html(LOADING, "wait"))
            return
        reports, gone = picked_reports(loader, picked)
        if gone:
            picker = gr.Dropdown(choices=report_choices(loader), value=sorted(reports or []))
            history.append({"role": "assistant", "content": notice_html(GONE.format("、".join(gone)), "warn")})
        answer = assistant.ask(question, k=int(k), mode=mode, reports=reports, history=turns)
    except QuestionError as exc:
        yield say(notice_html(str(exc), "warn"))
        return
    except Exception:
        logger.exception("answering %r failed", mask(str(question)))
        yield say(notice_html(FAILED, "error"))
        return
    turns.append(Turn(answer.question, answer.read_as or answer.question, answer))
    row = log.record(answer, session, sorted(reports or []))
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
        question = check_question(question)
        if mode not in dict(MODES).values() or not isinstance(k, (int, float)) or not 1 <= k <= 10:
            return {"error": "参数不正确：k 需要在 1 到 10 之间，mode 只能是 hybrid、dense 或 bm25。"}
        if loader.assistant is None:
            return {"error": LOADING, "loading": loader.state().message}
        picked, gone = picked_reports(loader, reports)
        if gone:
            return {"error": f"库中没有报告 {'、'.join(gone)}。"}
        context = [h for h in (history or [])[-10:] if isinstance(h, str) and h.strip()]
        answer = loader.assistant.converse(question, context, k=int(k), mode=mode, reports=picked)
        if log is not None:
            log.record(answer, "api", sorted(picked or []))
        return answer_record(answer)
    except QuestionError as exc:
        return {"error": str(exc)}
    except Exception:
        logger.exception("API question %r failed", mask(str(question)))
        return {"error": FAILED}


def build_demo(loader: AssistantLoader, log: UsageLog | None = None, settings: Settings | None = None) -> gr.Blocks:
    """The public page: the chat and the reports, read-only."""
    log, settings = log or UsageLog(None), settings or Settings()
    visitors = Visitors(settings.limits)
    titles = [doc_title(pars) for pars in by_doc(loader.paragraphs).values()] or ["政府工作报告"]
    with gr.Blocks(title=f"{titles[0] if len(titles) == 1 else '政府工作报告'} · 问答", analytics_enabled=False,
                   delete_cache=(3600, 3600)) as demo:
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
                                              max_length=400, placeholder="输入问题（200 字以内），按回车提问")
                        picked = gr.Dropdown(report_choices(loader), value=[], multiselect=True, elem_id="picker", allow_custom_value=True,
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
        timer = gr.Timer(0.5 if not loader.state().done else REFRESH_EVERY)

        def refresh(version: int):
            """The library-dependent parts of the page, when the library changed since this page last looked."""
            if version == loader.version:
                return gr.skip(), gr.skip(), gr.skip(), version
            names = [doc_title(p) for p in by_doc(loader.paragraphs).values()] or ["政府工作报告"]
            return (header_html(names), report_html(loader.paragraphs), gr.Dropdown(choices=report_choices(loader)),
                    loader.version)

        library_outputs = [header, report, picked, seen]

        def tick(version: int):
            loader.start()
            state = loader.state()
            return (status_html(state), gr.Timer(REFRESH_EVERY if state.done or state.error else 0.5),
                    *refresh(version))

        timer.tick(tick, inputs=[seen], outputs=[status, timer, *library_outputs], api_visibility="private",
                   concurrency_limit=None, show_progress="hidden")
        demo.load(refresh, inputs=[seen], outputs=library_outputs, api_visibility="private", concurrency_limit=None)

        def answer(q, history, k_, mode_, picked_, turns_, ids_, request: gr.Request):
            try:
                with visitors.turn(visitor_of(request, settings.trust_proxy)):
                    yield from respond(q, history, k_, mode_, picked_, turns_, ids_, loader, log,
                                       getattr(request, "session_hash", "") or "")
            except VisitorBusy as exc:
                yield "", list(history or []) + [{"role": "assistant", "content": notice_html(str(exc), "warn")}], \
                    gr.skip(), turns_, ids_, gr.skip()

        inputs = [chat, k, mode, picked, turns, ids]
        outputs = [question, chat, sources, turns, ids, picked]
        question.submit(answer, [question, *inputs], outputs, api_name="chat", show_progress="minimal")
        for button in examples:
            button.click(answer, [button, *inputs], outputs, api_visibility="private", show_progress="minimal")

        def on_like(ids_: dict, data: gr.LikeData) -> None:
            rate(data, ids_, log)

        chat.like(on_like, [ids], None, api_visibility="private")
        chat.clear(lambda: (sources_html(None), [], {}), outputs=[sources, turns, ids], api_visibility="private")

        def ask(question: str, k: int = 5, mode: str = "hybrid", history: list[str] | None = None,
                reports: list[str] | None = None, request: gr.Request = None) -> dict:
            """Ask a question about the reports; returns the answer, its citations and the retrieved passages.
            history: the chat's earlier questions, oldest first (for follow-ups); reports: ids to answer from."""
            try:
                with visitors.turn(visitor_of(request, settings.trust_proxy)):
                    return ask_record(loader, question, k, mode, history, reports, log)
            except VisitorBusy as exc:
                return {"error": str(exc)}

        gr.api(ask, api_name="ask")
    return demo


def serve(loader: AssistantLoader, log: UsageLog, settings: Settings, public: gr.Blocks | None = None,
          block: bool = True) -> gr.Blocks:
    """The public page on RAG_HOST:RAG_PORT and, beside it, the administrators' page (when allowed)."""
    launch_admin(loader, log, settings)
    public = public or build_demo(loader, log, settings)
    public.queue(default_concurrency_limit=CONCURRENCY, max_size=settings.limits.queue_size).launch(
        server_name=settings.host, server_port=settings.port, max_file_size=0, prevent_thread_lock=not block,
        quiet=not block, **launch_options())
    return public


LOG = configured_log(SETTINGS)
demo = build_demo(LOADER, LOG, SETTINGS)

if __name__ == "__main__":
    serve(LOADER, LOG, SETTINGS, demo)
