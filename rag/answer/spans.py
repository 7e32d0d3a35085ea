"""Candidate answer spans: runs of clauses around the question's terms, grown to read as an answer."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rag.answer.query import Query
from rag.ingest import numerals
from rag.ingest.sentences import NUMBER, Clause, clauses, sentences
from rag.search.tokens import searchable
from rag.types import Paragraph

MAX_CLAUSES = 4
MAX_CHARS = 110        # a core span; a list after a colon may run to LIST_CHARS
LIST_CHARS = 320
PLAN_CHARS = 200       # what follows a matching lead in a plan answer
LEAD_CHARS = 20        # a sentence this short that matches is a lead: what follows it is the substance
WHOLE_SENTENCE = 60    # spans inside a sentence this short become the whole sentence
PLAN_KINDS = ("plan", "list", "fact")
FULL_STOP = re.compile(r"[。！？!?]")


@dataclass(frozen=True)
class Window:
    """Characters [start, end) of one paragraph, with the question terms they contain."""
    paragraph: Paragraph
    start: int
    end: int
    covered: frozenset[str]
    score: float
    rank: int            # the paragraph's rank among the composer's candidates, 0 = best
    quote_from: int = -1  # the quote starts here at the latest (a list's lead, shown as its heading)

    @property
    def text(self) -> str:
        return self.paragraph.text[self.start:self.end]

    @property
    def quote_span(self) -> tuple[int, int]:
        """The whole sentence(s) around the window: what the citation quotes."""
        spans = sentences(self.paragraph.text)
        s0 = max(s for s, e in spans if s <= self.start)
        s1 = min(e for s, e in spans if e >= self.end)
        return (s0 if self.quote_from < 0 else min(s0, self.quote_from)), s1


def weight_of(weights: dict[str, float], terms) -> float:
    """The summed weight of some terms; fsum, so a set's iteration order cannot change a tie."""
    return math.fsum(weights.get(t, 0.0) for t in terms)


def term_weights(query: Query, paragraph_norms: list[str]) -> dict[str, float]:
    """IDF over paragraphs; a term no paragraph contains gets weight 0 (it cannot be covered)."""
    n = len(paragraph_norms)
    weights = {}
    for term, variants in query.terms.items():
        df = sum(1 for text in paragraph_norms if any(v in text for v in variants))
        weights[term] = math.log((n + 1) / (df + 0.5)) if df else 0.0
    return weights


def resolve_terms(query: Query, paragraph_norms: list[str]) -> Query:
    """A compound no paragraph contains (「森林覆盖率」) becomes its parts (「森林」「覆盖率」), each a term."""
    from dataclasses import replace

    from rag.search.tokens import words

    terms: dict[str, tuple[str, ...]] = {}
    for term, variants in query.terms.items():
        if len(term) >= 3 and len(variants) == 1 and not any(term in text for text in paragraph_norms):
            parts = [w for w in words(term) if w != term and len(w) >= 2]
            parts = [w for w in parts if not any(w != o and w in o for o in parts)]
            if parts and all(any(p in text for text in paragraph_norms) for p in parts):
                terms.update((p, (p,)) for p in parts)
                continue
        terms[term] = variants
    return replace(query, terms=terms) if terms != query.terms else query


CLASSIFIERS = ("个座所家处间栋幢", "人名位", "条件项")  # measure words that stand in for one another
ALSO = {"家": "户"}  # firms are also counted in 户 (「融资平台公司压减7户」), households never in 家


def has_unit_number(text: str, unit: str) -> bool:
    """A number followed by the unit the question asks for (「多少公里」 → 「28.4公里」); 个 takes any."""
    if not unit or unit == "个":
        return bool(NUMBER.search(text))
    if unit == "年":  # 「哪一年通车」: a year, or a month of one
        return bool(re.search(r"(?:19|20)\d{2}年|\d{1,2}月", text))
    base = unit.lstrip("万亿").replace("月份", "月")
    group = next((g for g in CLASSIFIERS if base in g), "")
    units = f"[{group}{ALSO.get(base, '')}]" if group else re.escape(base)
    return bool(re.search(r"\d(?:\.\d+)?\s*(?:余|多)?(?:万|亿)?" + units, text))


def covered_terms(query: Query, text: str) -> frozenset[str]:
    norm = searchable(text)
    return frozenset(t for t, variants in query.terms.items() if any(v in norm for v in variants))


def _spans(query: Query, text: str, parts: list[Clause],
           covers: list[frozenset[str]]) -> dict[tuple[int, int], frozenset[str]]:
    """Core spans (covered clause to covered clause in one sentence), grown; each keeps its core's terms."""
    sents = sentences(text)
    out: dict[tuple[int, int], frozenset[str]] = {}
    for i, first in enumerate(parts):
        if not covers[i]:
            continue
        for j in range(i, min(i + MAX_CLAUSES, len(parts))):
            last = parts[j]
            if last.sentence != first.sentence or (j > i and last.end - first.start > MAX_CHARS):
                break
            if covers[j]:
                core = frozenset().union(*covers[i:j + 1])
                span = _grow(query, text, parts, sents, i, j)
                if len(core) > len(out.get(span, ())):
                    out[span] = core  # growth adds substance, not credit for matching the question
    return out


def _grow(query: Query, text: str, parts: list[Clause], sents: list[tuple[int, int]], i: int, j: int) -> tuple[int, int]:
    """Turn a core span into an answer: the list after a colon, the figure after its subject,
    the whole of a short sentence, and what follows a lead such as 「健全招商机制。」."""
    start, end = parts[i].start, parts[j].end
    s0, s1 = sents[parts[i].sentence]
    if re.search(r"[:：]", text[start:end]):                   # 「…困难和问题:」 → the list that follows
        stop = FULL_STOP.search(text, end)                     # items may be split by semicolons
        return start, min(stop.end() if stop else len(text), start + LIST_CHARS)
    if query.kind in ("number", "compare") and not has_unit_number(text[start:end], query.unit):
        nxt = j + 1                                            # the figure often sits in the next clause
        if nxt < len(parts) and parts[nxt].sentence == parts[j].sentence:
            end = parts[nxt].end
    limit = WHOLE_SENTENCE if query.kind not in PLAN_KINDS else MAX_CHARS
    if s1 - s0 <= limit:
        start, end = s0, max(end, s1)
    if query.kind in PLAN_KINDS and s1 - s0 <= LEAD_CHARS and end >= s1:
        listing = query.kind == "list"
        budget = LIST_CHARS if listing else PLAN_CHARS
        k = parts[i].sentence + 1                              # a lead: take what follows (a list: to the next lead)
        while k < len(sents) and sents[k][1] - start <= budget and (
                not listing or k == parts[i].sentence + 1 or sents[k][1] - sents[k][0] > LEAD_CHARS):
            end = sents[k][1]
            k += 1
        if end == s1 and k < len(sents):
            end = min(sents[k][1], start + budget)
    return start, end


def paragraph_windows(query: Query, paragraph: Paragraph, rank: int, relevance: float,
                      weights: dict[str, float], period_ok: bool) -> list[Window]:
    """Every candidate span of one paragraph, scored."""
    total = sum(weights.values()) or 1.0
    parts = clauses(paragraph.text)
    covers = [covered_terms(query, c.text) for c in parts]
    out = []
    for (start, end), covered in _spans(query, paragraph.text, parts, covers).items():
        text = paragraph.text[start:end]
        score = weight_of(weights, covered) / total + 0.35 * relevance
        score += _type_bonus(query, text) - (0.0005 if query.kind in PLAN_KINDS else 0.0015) * len(text)
        if not period_ok:
            score -= 0.5
        out.append(Window(paragraph, start, end, covered, score, rank))
    return out


def enumerated(text: str) -> int:
    """The longest run of 、-separated items inside one clause (「实打实、硬逗硬、件件盯、手手清」 → 4)."""
    return max((c.count("、") + 1 for c in re.split(r"[,，;；。:：]", text)), default=1)


def _type_bonus(query: Query, text: str) -> float:
    if query.kind in ("number", "compare"):
        if query.unit and query.unit != "个":
            return 0.3 if has_unit_number(text, query.unit) else (-0.05 if NUMBER.search(text) else -0.3)
        return 0.2 if NUMBER.search(text) else -0.2
    if query.kind == "list" and query.count >= 2:  # 「4大特色产业是哪几个」: the span that names or lists four
        numeral = numerals.write(query.count)
        named = re.search(rf"(?:(?<!\d){query.count}(?!\d)|{numeral})\s*[大个项种条类]", text)
        return 0.3 * bool(named) + 0.2 * (enumerated(text) >= query.count)
    return 0.0
