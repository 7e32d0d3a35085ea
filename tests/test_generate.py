"""The optional generative mode against a local server that speaks the OpenAI chat-completions protocol."""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rag.answer.write import generate


class FakeLLM(BaseHTTPRequestHandler):
    """Replies with the test's `reply`, where {n} becomes the number of the passage holding 6.5%."""
    reply = ""
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        FakeLLM.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        passages = body["messages"][1]["content"].split("\n\n[")
        n = next((i for i, p in enumerate(passages, start=1) if "6.5%" in p), 1)
        payload = json.dumps({"choices": [{"message": {"role": "assistant",
                                                       "content": FakeLLM.reply.replace("{n}", str(n))}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def llm(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeLLM.requests = []
    monkeypatch.setenv(generate.ENV_URL, f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv(generate.ENV_MODEL, "local-test")
    monkeypatch.setenv(generate.ENV_KEY, "secret")
    yield FakeLLM
    server.shutdown()


def test_default_is_extractive_and_offline(assistant, monkeypatch):
    monkeypatch.delenv(generate.ENV_URL, raising=False)
    answer = assistant.ask("去年全区地区生产总值增长多少？")
    assert answer.mode == "extractive" and "generate" not in answer.timings_ms


def test_checked_generation_is_used(assistant, llm):
    llm.reply = "2023年全区地区生产总值增长6.5%，高于全市平均水平0.4个百分点[{n}]。"
    answer = assistant.ask("去年全区地区生产总值增长多少？")
    assert answer.mode == "generative" and re.fullmatch(r"2023年.*6\.5%.*\[\d\]。", answer.text)
    [citation] = answer.citations
    assert f"[{citation.n}]" in answer.text and citation.paragraph.id == "p009"
    assert "6.5%" in citation.quote and citation.quote in citation.paragraph.text
    request = llm.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer secret"
    assert request["body"]["model"] == "local-test"
    assert "[1]" in request["body"]["messages"][1]["content"]


@pytest.mark.parametrize("reply, reason", [
    ("地区生产总值增长8.8%[{n}]。", "原文没有的数字"),
    ("地区生产总值增长6.5%[9]。", "不存在的段落"),
    ("地区生产总值增长6.5%。", "没有标注出处"),
])
def test_unchecked_generation_falls_back_to_extractive(assistant, llm, reply, reason):
    llm.reply = reply
    answer = assistant.ask("去年全区地区生产总值增长多少？")
    assert answer.mode == "extractive" and "6.5%" in answer.text
    assert reason in answer.note and "抽取式" in answer.note


def test_unreachable_endpoint_falls_back(assistant, monkeypatch):
    monkeypatch.setenv(generate.ENV_URL, "http://127.0.0.1:9/v1")
    monkeypatch.setenv(generate.ENV_MODEL, "x")
    monkeypatch.setenv(generate.ENV_TIMEOUT, "2")
    answer = assistant.ask("去年全区地区生产总值增长多少？")
    assert answer.mode == "extractive" and "生成服务不可用" in answer.note


def test_abstention_is_not_overruled(assistant, llm):
    llm.reply = "人均可支配收入为45000元[1]。"
    answer = assistant.ask("2023年大足人均可支配收入是多少元？")
    assert answer.abstained and answer.mode == "extractive" and not llm.requests
