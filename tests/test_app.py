"""The Gradio app, launched for real on a free port and driven through gradio_client."""
from __future__ import annotations

import socket
import threading
import time
import types
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from gradio_client import Client

import app
from rag.config import Admin, Limits, Settings
from rag.ui import chat as chat_handlers
from rag.ui.state import AssistantLoader
from rag.ui.usage import UsageLog

# Gradio's queue trips pandas deprecation warnings that are not ours.
pytestmark = [pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]
GDP = "去年全区地区生产总值增长多少？"
UNANSWERABLE = "2023年大足人均可支配收入是多少元？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# every test client comes from 127.0.0.1, one visitor to the app: these tests play many visitors at once
MANY_VISITORS = Settings(limits=Limits(visitor_running=100, visitor_per_minute=10_000))


def launch(loader: AssistantLoader, settings: Settings = MANY_VISITORS):
    """The public page as `python app.py` serves it, on a free port."""
    return app.serve(loader, UsageLog(None), replace(settings, port=free_port(), admin=Admin(enabled=False)),
                     block=False)


@pytest.fixture(scope="module")
def client(assistant):
    demo = launch(AssistantLoader.ready(assistant))
    try:
        yield Client(demo.local_url, verbose=False)
    finally:
        demo.close()


def chat(client: Client, question: str, history=None) -> tuple[list, str]:
    """The final (history, sources panel) of the chat endpoint, plus every streamed step."""
    job = client.submit(question, history or [], 5, "hybrid", api_name="/chat")
    job.result()
    steps = job.outputs()
    _, messages, sources, *_ = steps[-1]
    return messages, sources if isinstance(sources, str) else "", steps


def last_text(messages: list) -> str:
    content = messages[-1]["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def test_api_answers_with_citations(client):
    record = client.predict(GDP, 5, "hybrid", api_name="/ask")
    assert "6.5%" in record["answer"] and "[1]" in record["answer"]
    assert record["abstained"] is False
    first = record["citations"][0]
    assert first["n"] == 1 and first["paragraph"] == "p009"
    assert first["section"].startswith("一、2023年工作回顾")
    assert first["quote"] in first["text"]
    assert len(record["retrieved"]) >= 5


def test_api_takes_k_and_the_retrieval_mode(client):
    for mode in ("hybrid", "dense", "bm25"):
        record = client.predict(GDP, 8, mode, api_name="/ask")
        assert "error" not in record and len(record["retrieved"]) == 8
        assert record["question"] == GDP and record["answer"]


def test_api_refuses_bad_input_politely(client):
    assert "请输入一个问题" in client.predict("", 5, "hybrid", api_name="/ask")["error"]
    too_long = client.predict("大足" * 150, 5, "hybrid", api_name="/ask")
    assert "问题太长了" in too_long["error"] and "200" in too_long["error"]
    assert "mode" in client.predict(GDP, 5, "magic", api_name="/ask")["error"]
    assert "k 需要在 1 到 10 之间" in client.predict(GDP, 99, "hybrid", api_name="/ask")["error"]


def test_api_abstains_on_a_question_the_report_does_not_answer(client):
    record = client.predict(UNANSWERABLE, 5, "hybrid", api_name="/ask")
    assert record["abstained"] is True and "没有找到" in record["answer"]
    # the closest sentence is quoted in the refusal itself, and cited
    assert [c["n"] for c in record["citations"]] == [1] and record["citations"][0]["quote"][:15] in record["answer"]


def test_chat_streams_a_cited_answer_and_fills_the_sources_panel(client):
    messages, sources, steps = chat(client, GDP)
    assert [m["role"] for m in messages] == ["user", "assistant"]
    final = last_text(messages)
    assert "6.5%" in final and "href='#p009'" in final and ">[1]</a>" in final
    assert len(steps) > 2                                   # streamed in, not sent at once
    assert "class='source' data-goto='p009'" in sources
    assert "一、2023年工作回顾 › ——这一年" in sources and "<mark>" in sources


def test_chat_input_problems_get_polite_messages(client):
    messages, _, _ = chat(client, "   ")
    assert [m["role"] for m in messages] == ["assistant"]
    assert "请输入一个问题" in last_text(messages)
    messages, _, _ = chat(client, "问" * 300)
    assert "问题太长了" in last_text(messages) and "Traceback" not in last_text(messages)


def test_chat_abstention_offers_the_nearest_passages(client):
    messages, sources, _ = chat(client, UNANSWERABLE)
    assert "报告中没有找到答案" in last_text(messages) and "class='abstain'" in last_text(messages)
    assert "最接近的段落" in sources and "source-near" in sources


def test_chat_keeps_the_conversation(client):
    messages, _, _ = chat(client, GDP)
    messages, _, _ = chat(client, "今年怎么稳房地产？", messages)
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert "房地产" in last_text(messages)


def test_concurrent_questions_all_get_answers(client, assistant):
    questions = [GDP, "今年怎么稳房地产？", "营商环境在报告哪一部分？", UNANSWERABLE] * 2
    urls = [client.src] * len(questions)

    def ask(pair):
        url, question = pair
        return Client(url, verbose=False).predict(question, 5, "hybrid", api_name="/ask")

    with ThreadPoolExecutor(len(questions)) as pool:
        records = list(pool.map(ask, zip(urls, questions)))
    assert all("error" not in r for r in records)
    assert [r["question"] for r in records] == questions
    assert [r["answer"] for r in records] == [assistant.ask(q).text for q in questions]


def test_a_question_asked_while_loading_is_kept_and_answered_when_ready(assistant):
    release = threading.Event()

    def slow_load(progress, corpus=None):
        progress(0.5, "正在构建索引：嵌入段落 90/181")
        release.wait(60)
        return assistant

    loader = AssistantLoader(load=slow_load, paragraphs=list(assistant.corpus.paragraphs), early=None)
    loader.start()
    demo = launch(loader)
    try:
        client = Client(demo.local_url, verbose=False)
        job = client.submit(GDP, [], 5, "hybrid", api_name="/chat")
        for _ in range(600):                     # the chat says it will answer once ready…
            if job.outputs() and "自动回答" in last_text(job.outputs()[-1][1]):
                break
            time.sleep(0.05)
        assert "正在加载" in last_text(job.outputs()[-1][1]) and not job.done()
        assert "正在加载" in client.predict(GDP, 5, "hybrid", api_name="/ask")["error"]   # the API does not wait
        release.set()
        job.result()                            # …and does, the question kept
        _, messages, *_ = job.outputs()[-1]
        assert "6.5%" in last_text(messages) and [m["role"] for m in messages] == ["user", "assistant"]
        assert loader.wait(60) is assistant and loader.state().ready
    finally:
        release.set()
        demo.close()


def test_keyword_search_answers_while_the_model_loads(assistant):
    from rag.answer.assistant import Assistant

    release = threading.Event()

    def slow_load(progress, corpus=None):
        release.wait(60)
        return assistant

    loader = AssistantLoader(load=slow_load, paragraphs=list(assistant.corpus.paragraphs),
                             early=lambda: Assistant(assistant.corpus, None))
    loader.start()
    demo = launch(loader)
    try:
        client = Client(demo.local_url, verbose=False)
        for _ in range(100):  # the keyword-only assistant takes a moment
            record = client.predict(GDP, 5, "hybrid", api_name="/ask")
            if "answer" in record:
                break
            time.sleep(0.1)
        assert "6.5%" in record["answer"] and "关键词检索" in record["note"]
        assert loader.state().ready and not loader.state().done
        release.set()
        assert loader.wait(60) is assistant and loader.state().done
        record = client.predict(GDP, 5, "hybrid", api_name="/ask")
        assert "6.5%" in record["answer"] and record["note"] == ""
    finally:
        release.set()
        demo.close()


def test_a_failing_assistant_shows_a_short_chinese_message_not_a_traceback(assistant, caplog):
    def broken_ask(*args, **kwargs):
        raise RuntimeError("index exploded")

    loader = AssistantLoader.ready(types.SimpleNamespace(corpus=assistant.corpus, ask=broken_ask))
    *_, (box, messages, *_) = chat_handlers.respond(GDP, [], 5, "hybrid", [], [], {}, loader, UsageLog(None))
    text = messages[-1]["content"]
    assert box == "" and "抱歉" in text and "index exploded" not in text and "Traceback" not in text
    assert "index exploded" in caplog.text                  # the traceback goes to the console log
    assert chat_handlers.ask_record(loader, GDP) == {"error": chat_handlers.FAILED}


def test_loader_reports_a_failed_load():
    def failing(progress, corpus=None):
        raise RuntimeError("模型目录不存在")

    loader = AssistantLoader(load=failing, paragraphs=[], early=None)
    loader.start()
    assert loader.wait(30) is None
    assert loader.state().error == "模型目录不存在" and not loader.state().ready


@pytest.mark.parametrize("typed", ["？？？！！！", "😀😀😀", "\u200b", "\x00", "…… ——"])
def test_input_with_no_words_gets_a_line_on_what_to_ask(client, typed):
    messages, _, _ = chat(client, typed)
    assert [m["role"] for m in messages] == ["assistant"]
    assert "请" in last_text(messages) and "各位代表" not in last_text(messages)
    assert "error" in client.predict(typed, 5, "hybrid", api_name="/ask")


def test_control_and_zero_width_characters_are_dropped_before_answering(client):
    record = client.predict("去年全区\x00地区生产\u200b总值增长\x1b多少？", 5, "hybrid", api_name="/ask")
    assert record["question"] == "去年全区地区生产总值增长多少？" and "6.5%" in record["answer"]


def test_a_report_removed_meanwhile_is_named_and_the_rest_answer(client):
    job = client.submit(GDP, [], 5, "hybrid", ["dazu-2024-government-work-report", "gone-2023"], api_name="/chat")
    job.result()
    _, messages, _, picker, *_ = job.outputs()[-1]
    texts = [last_text([m]) for m in messages]
    assert any("gone" in t and "2023" in t and "已不在报告库中" in t for t in texts) and "6.5%" in texts[-1]
    assert picker["value"] == ["dazu-2024-government-work-report"]
    assert "库中没有报告 gone-2023" in client.predict(GDP, 5, "hybrid", [], ["gone-2023"], api_name="/ask")["error"]
