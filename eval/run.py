"""Runs a system on every question of a gold file and writes the per-question results (contract format)."""
from __future__ import annotations

from collections.abc import Callable

from eval.gold import GoldItem
from rag.answer.assistant import Assistant, QuestionError
from rag.answer.write.record import answer_record

SYSTEMS = ("full", "full-dense", "full-bm25", "langchain", "bm25", "dense")
LABELS = {"full": "本项目（混合检索+抽取式回答）", "full-dense": "本项目，仅向量检索", "full-bm25": "本项目，仅 BM25",
          "langchain": "LangChain 500/50 + FAISS 取首块", "bm25": "BM25 取首块", "dense": "向量检索取首块"}


def system_answerer(name: str, assistant: Assistant) -> Callable[..., dict]:
    """A function (question, context=()) → result record for one of SYSTEMS (each starts with an empty query
    cache). `context`: the chat's earlier questions; the baselines, which have no chat, ignore it."""
    forget = getattr(assistant.embedder, "forget", None)
    if forget:
        forget()
    if name == "full" or name.startswith("full-"):
        mode = "hybrid" if name == "full" else name.split("-", 1)[1]
        return lambda q, context=(): answer_record(assistant.converse(q, list(context), mode=mode) if context
                                                   else assistant.ask(q, mode=mode))
    from eval.baselines import LangChainRecipe, TopChunkBaseline

    if name == "langchain":  # the recipe splits each report's text as a whole, as LangChain users do
        texts = ["\n".join(p.text for p in assistant.corpus.paragraphs if p.doc == doc)
                 for doc in assistant.corpus.docs]
        return LangChainRecipe(assistant, texts).answer
    if name in ("bm25", "dense"):
        return TopChunkBaseline(assistant, name).answer
    raise ValueError(f"未知的系统 {name}，可选：{', '.join(SYSTEMS)}")


def run_gold(gold: list[GoldItem], answer: Callable[[str], dict], progress: bool = True,
             desc: str = "回答问题") -> list[dict]:
    from tqdm import tqdm

    results = []
    for item in tqdm(gold, desc=desc, unit="题", disable=not progress):
        try:
            record = answer(item.question, item.context) if item.context else answer(item.question)
        except QuestionError as exc:  # the gold file may hold questions we refuse; that is an answer too
            record = {"question": item.question, "answer": str(exc), "abstained": True, "citations": [],
                      "retrieved": [], "latency_ms": 0.0}
        results.append({"id": item.id, **record})
    return results
