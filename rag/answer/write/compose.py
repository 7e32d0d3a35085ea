"""The answer as text: the chosen spans in order, each followed by [n], and one citation per paragraph."""
from __future__ import annotations

from rag.answer.extract.composed import Composed
from rag.answer.extract.spans import Window
from rag.answer.understand.periods import Periods
from rag.answer.understand.query import Query
from rag.ingest import numerals
from rag.ingest.sentences import strip_punct
from rag.types import Citation


def _label(w: Window, periods: dict[str, Periods]) -> str:
    year = periods[w.paragraph.doc].year_of(w.paragraph)
    return f"{year}年：" if year else ""


def render(query: Query, composed: Composed, periods: dict[str, Periods]) -> tuple[str, tuple[Citation, ...]]:
    """Answer text with [n] after every span, and one citation per paragraph used (spans of one report: several
    reports are labelled by rag.answer.execute and rag.answer.write.join)."""
    numbers: dict[int, int] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    parts = []
    windows = composed.windows
    if query.kind == "compare":  # last year first, then this year
        order = {"past": 0, "present": 1}
        windows = tuple(sorted(windows, key=lambda w: order.get(w.paragraph.period, 2)))
    for w in windows:
        key = id(w.paragraph)
        n = numbers.setdefault(key, len(numbers) + 1)
        spans.setdefault(key, []).append(w.quote_span)
        label = _label(w, periods) if query.kind == "compare" else ""
        parts.append(f"{label}{strip_punct(w.text)}[{n}]")
    citations = []
    for w in windows:
        key = id(w.paragraph)
        if key in spans:
            s0, s1 = min(s for s, _ in spans[key]), max(e for _, e in spans.pop(key))
            citations.append(Citation(numbers[key], w.paragraph, w.paragraph.text[s0:s1]))
    if query.kind == "where" and composed.windows:
        first = composed.windows[0].paragraph
        return f"在「{first.section_path}」部分[1]：{parts[0]}。", tuple(citations)
    if composed.intro:
        return f"{composed.intro}包括：" + "；".join(parts) + "。", tuple(citations)
    if composed.outline and len(parts) > 1:
        count = numerals.write(len(parts))  # written out, so every digit in an answer is quoted
        return f"共{count}项：" + "；".join(parts) + "。", tuple(citations)
    return "；".join(parts) + "。", tuple(citations)
