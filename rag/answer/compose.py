"""Extractive answers: pick the clause runs that answer the question and cite each one."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.periods import Periods
from rag.answer.query import Query
from rag.answer.spans import (
    Window,
    has_unit_number,
    paragraph_windows,
    term_weights,
    weight_of,
)
from rag.ingest import numerals
from rag.ingest.sentences import sentences, strip_punct
from rag.types import Citation, Paragraph

BUDGET = 130          # characters of quoted text in one answer
COMMON_CHARS = set("的了是在和有不这那个们我你他她它要会能吗呢啊吧么什怎哪谁几多少年今去上下大小一人地得着过还就都也又")
EXTRA_GAIN = 0.2      # a further span must add this much of the question's term weight
MULTI_KINDS = ("list", "plan", "compare")
OTHER_REPORT = 0.85   # another report's best span joins the answer when it scores this close to the best


@dataclass(frozen=True)
class Composed:
    """The chosen spans, in answer order, and how strongly they cover the question."""
    windows: tuple[Window, ...]
    coverage: float          # share of the question's (known) term weight the answer covers
    unit_ok: bool            # a number question found a number with the asked unit
    intro: str = ""          # e.g. the heading a list of sub-headings belongs to
    outline: bool = False    # the spans are the items of a list read off the report's structure


def candidate_windows(query: Query, ranked: list[tuple[Paragraph, float]], norms: list[str],
                      periods: dict[str, Periods]) -> tuple[list[Window], dict[str, float]]:
    weights = term_weights(query, norms)
    top = ranked[0][1] if ranked else 1.0
    windows: list[Window] = []
    for rank, (par, score) in enumerate(ranked):
        p = periods[par.doc]
        wanted = p.wanted(query)
        ok = query.kind == "compare" or not wanted or p.of(par) in wanted or not p.of(par)
        windows += paragraph_windows(query, par, rank, score / top if top else 0.0, weights, ok)
    return sorted(windows, key=lambda w: -w.score), weights


def _overlaps(a: Window, b: Window) -> bool:
    return a.paragraph is b.paragraph and a.start < b.end and b.start < a.end


def select(query: Query, windows: list[Window], weights: dict[str, float],
           periods: dict[str, Periods]) -> Composed:
    """Best span first; then spans that add uncovered terms, another period, or more of a list."""
    if not windows:
        return Composed((), 0.0, False)
    total = sum(weights.values()) or 1.0
    chosen = [windows[0]]
    for doc in dict.fromkeys(w.paragraph.doc for w in windows[1:]):  # several reports may answer alike
        other = next(w for w in windows if w.paragraph.doc == doc)
        if doc != windows[0].paragraph.doc and other.score >= OTHER_REPORT * windows[0].score:
            chosen.append(other)
    if query.kind == "compare":
        seen = {periods[windows[0].paragraph.doc].of(windows[0].paragraph)}
        for w in windows[1:]:
            period = periods[w.paragraph.doc].of(w.paragraph)
            if period and period not in seen and w.score > 0.3 * windows[0].score:
                chosen.append(w)
                seen.add(period)
    covered = set().union(*(w.covered for w in chosen))
    used = sum(len(w.text) for w in chosen)
    for w in windows[1:]:
        if w in chosen or any(_overlaps(w, c) for c in chosen) or used + len(w.text) > BUDGET:
            continue
        gain = weight_of(weights, w.covered - covered) / total
        close = w.score >= 0.85 * windows[0].score and query.kind in MULTI_KINDS
        if gain >= EXTRA_GAIN or close:
            chosen.append(w)
            covered |= w.covered
            used += len(w.text)
    coverage = weight_of(weights, covered) / total
    # the figure must sit in a span that is about the question, not in any span of the answer
    need = 0.5 if query.unit not in ("", "个") else 0.0
    unit_ok = any(has_unit_number(w.text, query.unit) and weight_of(weights, w.covered) / total >= need
                  for w in chosen)
    return Composed(tuple(chosen), coverage, unit_ok)


def _label(w: Window, periods: dict[str, Periods]) -> str:
    p = periods[w.paragraph.doc]
    period = p.of(w.paragraph)
    if period == "past" and p.review_year:
        return f"{p.review_year}年："
    if period == "present" and p.plan_year:
        return f"{p.plan_year}年："
    return ""


def short_title(title: str) -> str:
    """「2024年重庆市大足区政府工作报告」 → 「重庆市大足区」, to say which report a span comes from."""
    return re.sub(r"政府工作报告$", "", re.sub(r"^(?:19|20)\d{2}年", "", title)) or title


def render(query: Query, composed: Composed, periods: dict[str, Periods],
           titles: dict[str, str] | None = None) -> tuple[str, tuple[Citation, ...]]:
    """Answer text with [n] after every span, and one citation per paragraph used."""
    numbers: dict[int, int] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    parts = []
    windows = composed.windows
    if query.kind == "compare":  # last year first, then this year
        order = {"past": 0, "present": 1}
        windows = tuple(sorted(windows, key=lambda w: order.get(periods[w.paragraph.doc].of(w.paragraph), 2)))
    for w in windows:
        key = id(w.paragraph)
        n = numbers.setdefault(key, len(numbers) + 1)
        spans.setdefault(key, []).append(w.quote_span)
        label = _label(w, periods) if query.kind == "compare" else ""
        if titles and len({x.paragraph.doc for x in windows}) > 1:
            label = f"{short_title(titles.get(w.paragraph.doc, w.paragraph.doc))}：{label}"
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


def from_outline(outline, coverage: float) -> Composed:
    """An outline's items as spans, so they render and cite like any other answer."""
    windows = tuple(Window(i.paragraph, i.start, i.end, frozenset(), 1.0, 0, outline.lead_start if n == 0 else -1)
                    for n, i in enumerate(outline.items))
    return Composed(windows, max(coverage, 0.5), True, f"「{strip_punct(outline.heading)}」" if outline.titled else "",
                    outline=True)


def closest_sentence(question_norm: str, chunk_text: str, chunk_start: int, par: Paragraph) -> Composed:
    """For a question in everyday words only: the sentence of the best dense chunk sharing most characters."""
    chars = {c for c in question_norm if "\u4e00" <= c <= "\u9fff"} - COMMON_CHARS
    end = chunk_start + len(chunk_text)
    spans = [(s, e) for s, e in sentences(par.text) if e > chunk_start and s < end]
    s0, s1 = max(spans, key=lambda se: (len(chars & set(par.text[se[0]:se[1]])), -se[0]))
    return Composed((Window(par, s0, min(s1, s0 + BUDGET), frozenset(), 0.0, 0),), 0.0, True)
