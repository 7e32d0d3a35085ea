"""The words around the quotes: a refusal that still quotes the closest sentence, a partial answer that says
what the report gives and what it lacks."""
from __future__ import annotations

from rag.answer.evidence import Candidate
from rag.answer.query import Query
from rag.ingest.sentences import strip_punct
from rag.types import Citation

QUOTE_CHARS = 90     # the closest sentence, quoted in a refusal, is cut to this length


def refusal(query: Query, reason: str, closest: Candidate | None) -> tuple[str, tuple[Citation, ...]]:
    """「报告中没有找到…（reason）。最接近的内容是：“…”[1]」, citing the closest sentence when there is one."""
    head = f"报告中没有找到“{query.text.strip()}”的答案（{reason}）。"
    if closest is None:
        return head, ()
    quote = closest.sentence.text
    shown = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "……"
    return f"{head}最接近的内容是：“{strip_punct(shown)}”[1]。", (Citation(1, closest.paragraph, quote),)


def missing_figure(query: Query) -> str:
    """The lead of a partial answer to a number question whose figure the report does not give."""
    unit = query.unit if query.unit not in ("", "个", "年") else ""
    what = "时间" if query.unit == "年" else "具体数字" + (f"（以“{unit}”计）" if unit else "")
    return f"报告没有给出{what}；它提到："

