"""Optional generated answers from any OpenAI-compatible endpoint, checked against the cited passages."""
from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace

from rag.ingest.sentences import NUMBER, sentences
from rag.search.tokens import normalize
from rag.types import Answer, Citation, Paragraph

ENV_URL, ENV_MODEL, ENV_KEY, ENV_TIMEOUT = "RAG_LLM_BASE_URL", "RAG_LLM_MODEL", "RAG_LLM_API_KEY", "RAG_LLM_TIMEOUT"
MAX_PASSAGES = 5
SYSTEM = ("你是政府工作报告问答助手。只能根据给出的编号段落回答，用中文，简短准确（一般不超过120字）。"
          "每个事实后面用[编号]标出它来自哪一段。数字必须照抄原文。段落里没有答案时，只回答：报告中没有找到相关内容。")
MARKER = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class LLMConfig:
    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 30.0


def configured() -> LLMConfig | None:
    """The endpoint from environment variables, or None: then answers stay extractive and offline."""
    url, model = os.environ.get(ENV_URL, "").strip(), os.environ.get(ENV_MODEL, "").strip()
    if not url or not model:
        return None
    return LLMConfig(url.rstrip("/"), model, os.environ.get(ENV_KEY, ""), float(os.environ.get(ENV_TIMEOUT, "30")))


def prompt(question: str, passages: list[Paragraph]) -> list[dict]:
    numbered = "\n\n".join(f"[{i}]（{p.section_path}）{p.text}" for i, p in enumerate(passages, start=1))
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"段落：\n{numbered}\n\n问题：{question}"}]


def complete(config: LLMConfig, messages: list[dict]) -> str:
    """POST /chat/completions; raises RuntimeError with a short Chinese reason on any failure."""
    body = json.dumps({"model": config.model, "messages": messages, "temperature": 0}).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    request = urllib.request.Request(f"{config.base_url}/chat/completions", body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:
            data = json.loads(response.read().decode("utf-8"))
        return str(data["choices"][0]["message"]["content"]).strip()
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError) as exc:
        raise RuntimeError(f"生成服务不可用（{type(exc).__name__}）") from exc


def _best_sentence(claim: str, paragraph: Paragraph) -> str:
    """The sentence of the cited paragraph that shares most character pairs with the claim."""
    pairs = {claim[i:i + 2] for i in range(len(claim) - 1)}
    spans = sentences(paragraph.text)
    s, e = max(spans, key=lambda se: sum(paragraph.text[i:i + 2] in pairs for i in range(se[0], se[1] - 1)))
    return paragraph.text[s:e]


def verify(text: str, passages: list[Paragraph]) -> tuple[tuple[Citation, ...], str]:
    """Citations for a generated answer, or a reason it fails: an unknown [n], or a number no cited passage has."""
    used = [int(n) for n in MARKER.findall(text)]
    if not used:
        return (), "生成的回答没有标注出处"
    if any(not 1 <= n <= len(passages) for n in used):
        return (), "生成的回答引用了不存在的段落"
    cited = "".join(normalize(passages[n - 1].section_path + passages[n - 1].text) for n in set(used))
    invented = [x for x in NUMBER.findall(normalize(MARKER.sub("", text))) if x not in cited]
    if invented:
        return (), f"生成的回答里有原文没有的数字 {invented[0]}"
    citations = []
    for n in dict.fromkeys(used):
        claim = text[:text.find(f"[{n}]")][-80:]
        citations.append(Citation(n, passages[n - 1], _best_sentence(claim, passages[n - 1])))
    return tuple(citations), ""


def maybe_generate(answer: Answer, paragraphs: list[Paragraph]) -> Answer:
    """With an endpoint configured, the answer written by it from the best passages, when it passes the checks;
    otherwise `answer` unchanged (with a note saying why a generated one was refused)."""
    config = configured()
    if config is None:
        return answer
    started = time.perf_counter()
    passages = list(dict.fromkeys(paragraphs))[:MAX_PASSAGES]
    try:
        generated = complete(config, prompt(answer.question, passages))
        checked, problem = verify(generated, passages)
    except RuntimeError as exc:
        checked, problem = (), str(exc)
    timings = {**answer.timings_ms, "generate": (time.perf_counter() - started) * 1000}
    if problem:
        return replace(answer, note=f"{problem}，已改用抽取式回答。", timings_ms=timings)
    return replace(answer, text=generated, citations=checked, mode="generative", timings_ms=timings)
