"""The public page: the chat and the reports, read-only (build_demo), served beside the administrators' page
(serve), and the console script that starts both (main)."""
from __future__ import annotations

import logging

import gradio as gr

from rag.config import Settings
from rag.ui.admin import launch_admin
from rag.ui.chat import ask_record, rate, respond, restore
from rag.ui.library import report_choices
from rag.ui.promises import promises_html
from rag.ui.render import header_html, notice_html, sources_html, status_html
from rag.ui.report import by_doc, doc_title, report_html
from rag.ui.state import AssistantLoader
from rag.ui.theme import launch_options
from rag.ui.usage import UsageLog, configured_log
from rag.ui.visitors import VisitorBusy, Visitors, visitor_of

CONCURRENCY = 4          # questions answered at the same time; more wait in the queue
REFRESH_EVERY = 10.0     # seconds between checks whether the library changed (pages stay current)
EXAMPLES = [             # what residents ask first: pensions, doctors, schools, roads, jobs; and one figure
    "今年养老金涨不涨？", "看病报销有什么新政策？", "孩子上学有啥新学校？", "今年要修哪些路？", "找工作有什么帮扶？",
    "去年GDP增长多少？",
]
CAN_DO = ("只根据报告原文回答，每句都标出处，点 [1] 即可核对；报告没写的会直说。"
          "不能代替官方解读，也办不了具体业务。")
MODES = [("混合检索", "hybrid"), ("向量检索", "dense"), ("关键词检索", "bm25")]


def build_demo(loader: AssistantLoader, log: UsageLog | None = None, settings: Settings | None = None) -> gr.Blocks:
    """The public page: the chat and the reports, read-only."""
    log, settings = log or UsageLog(None), settings or Settings()
    visitors = Visitors(settings.limits)
    titles = [doc_title(pars) for pars in by_doc(loader.paragraphs).values()] or ["政府工作报告"]
    with gr.Blocks(title=f"{titles[0] if len(titles) == 1 else '政府工作报告'} · 问答", analytics_enabled=False,
                   delete_cache=(3600, 3600)) as demo:
        header = gr.HTML(header_html(titles, CAN_DO))
        status = gr.HTML(status_html(loader.state()), elem_id="status")
        turns, ids, seen, voted = gr.State([]), gr.State({}), gr.State(-1), gr.State(None)
        saved = gr.BrowserState({}, storage_key="gov-report-qa-chat")
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("对话", id="chat"), gr.Row(equal_height=False, elem_id="chat-row"):
                with gr.Column(scale=7, min_width=320):
                    chat = gr.Chatbot(elem_id="chat", show_label=False, height=460, latex_delimiters=[],
                                      feedback_options=("Like", "Dislike"), buttons=[],
                                      placeholder="<div class='chat-empty'>"
                                                  "问我报告里写了什么：数字、目标、措施、在哪一部分……"
                                                  "可以接着追问（「那今年呢？」），也可以用繁體字或英文提问。</div>")
                    question = gr.Textbox(elem_id="question", show_label=False, submit_btn="提问", lines=1,
                                          max_length=400, placeholder="输入问题（200 字以内），按回车提问")
                    with gr.Row(elem_classes="examples"):
                        examples = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]
                    with gr.Group(visible=False, elem_id="feedback") as feedback:
                        comment = gr.Textbox(label="哪里不对？（可不填）", lines=2, max_length=500,
                                             elem_id="comment")
                        send = gr.Button("提交意见", size="sm", elem_id="send-comment")
                    picked = gr.Dropdown(report_choices(loader), value=[], multiselect=True, elem_id="picker",
                                         allow_custom_value=True, label="报告范围",
                                         info="不选即在全部报告里找；问题里写明地方（如“安徽”）也可以")
                    with gr.Accordion("高级设置", open=False, elem_id="advanced"):
                        k = gr.Slider(1, 10, value=5, step=1, label="检索段落数 k",
                                      info="出处下方「检索到的片段」列出几条")
                        mode = gr.Radio(MODES, value="hybrid", label="检索方式")
                with gr.Column(scale=5, min_width=300):
                    sources = gr.HTML(sources_html(None), elem_id="sources")
            with gr.Tab("浏览报告", id="report"):
                report = gr.HTML(_browse(loader), elem_id="report")
        timer = gr.Timer(0.5 if not loader.state().done else REFRESH_EVERY)

        def refresh(version: int):
            """The library-dependent parts of the page, when the library changed since this page last looked."""
            if version == loader.version:
                return gr.skip(), gr.skip(), gr.skip(), version
            names = [doc_title(p) for p in by_doc(loader.paragraphs).values()] or ["政府工作报告"]
            return (header_html(names, CAN_DO), _browse(loader),
                    gr.Dropdown(choices=report_choices(loader)), loader.version)

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
                shown = list(history or []) + [{"role": "assistant", "content": notice_html(str(exc), "warn")}]
                yield "", shown, gr.skip(), turns_, ids_, gr.skip(), gr.skip()

        inputs = [chat, k, mode, picked, turns, ids]
        outputs = [question, chat, sources, turns, ids, picked, saved]
        question.submit(answer, [question, *inputs], outputs, api_name="chat", show_progress="minimal")
        for button in examples:
            button.click(answer, [button, *inputs], outputs, api_visibility="private", show_progress="minimal")

        def opened(saved_, k_, mode_, turns_, ids_, request: gr.Request):
            """A shared link (?q=…&r=…) reopens its answer; otherwise the chat this browser kept comes back."""
            params = getattr(request, "query_params", {}) or {}
            asked = str(params.get("q", ""))[:400]
            if asked:
                chosen = [r for r in str(params.get("r", "")).split(",") if r][:50]
                yield gr.skip(), [], gr.skip(), [], {}, gr.Dropdown(value=chosen), gr.skip()
                yield from answer(asked, [], k_, mode_, chosen, [], {}, request)
                return
            messages, kept = restore(saved_, loader)
            yield gr.skip(), messages, gr.skip(), kept, ids_, gr.skip(), gr.skip()

        demo.load(opened, [saved, k, mode, turns, ids], outputs, api_visibility="private")

        def on_like(ids_: dict, data: gr.LikeData):
            disliked = rate(data, ids_, log)
            index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
            return gr.Group(visible=disliked), (ids_ or {}).get(str(index)) if disliked else None, ""

        chat.like(on_like, [ids], [feedback, voted, comment], api_visibility="private")

        def on_comment(row, words: str):
            if row is not None and (words or "").strip():
                log.comment(row, words.strip()[:500])
            gr.Info("谢谢你的反馈！我们会据此改进。")
            return gr.Group(visible=False), None, ""

        send.click(on_comment, [voted, comment], [feedback, voted, comment], api_visibility="private")
        chat.clear(lambda: (sources_html(None), [], {}, {}), outputs=[sources, turns, ids, saved],
                   api_visibility="private")

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


def _reports(loader: AssistantLoader) -> dict:
    return loader.assistant.corpus.report if loader.assistant is not None else {}


_PROMISES: dict[int, str] = {}


def _browse(loader: AssistantLoader) -> str:
    """The report view as the library is now, with the promise-against-result page (computed once per library)."""
    if loader.version not in _PROMISES and loader.assistant is not None and loader.assistant.embedder is not None:
        _PROMISES.clear()
        _PROMISES[loader.version] = promises_html(loader.assistant)
    return report_html(loader.paragraphs, _reports(loader), _PROMISES.get(loader.version, ""))


def serve(loader: AssistantLoader, log: UsageLog, settings: Settings, public: gr.Blocks | None = None,
          block: bool = True) -> gr.Blocks:
    """The public page on RAG_HOST:RAG_PORT and, beside it, the administrators' page (when allowed)."""
    launch_admin(loader, log, settings)
    public = public or build_demo(loader, log, settings)
    public.queue(default_concurrency_limit=CONCURRENCY, max_size=settings.limits.queue_size).launch(
        server_name=settings.host, server_port=settings.port, max_file_size=0, prevent_thread_lock=not block,
        quiet=not block, **launch_options())
    return public


def main() -> None:
    """`gov-report-qa`: the settings read once, the assistant loading while the page comes up, then both apps."""
    from rag.library.source import IndexSource

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    loader = AssistantLoader.from_source(IndexSource(settings.limits))
    loader.start()
    serve(loader, configured_log(settings), settings)
