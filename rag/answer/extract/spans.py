"""Answer spans: a candidate sentence made into what the answer quotes (a lead with what follows it,
a long sentence cut to its best run of clauses, a colon's list)."""
from __future__ import annotations

from dataclasses import dataclass

from rag.answer.extract.listing import enumerated
from rag.answer.rank.evidence import Candidate
from rag.answer.understand.query import Query
from rag.answer.understand.terms import covered_terms, gives_figure, weight_of
from rag.ingest.sentences import clauses, sentences
from rag.types import Paragraph

MAX_CHARS = 110        # a span longer than this is cut to its best run of clauses
LIST_CHARS = 320       # a list after a colon or a lead may run this long
PLAN_CHARS = 180       # what follows a lead in a plan answer
LEAD_CHARS = 24        # a sentence this short is a lead: what follows it is the substance
LEAD_KINDS = ("plan", "list", "fact", "where")


@dataclass(frozen=True)
class Window:
    """Characters [start, end) of one paragraph, with the question terms they contain."""
    paragraph: Paragraph
    start: int
    end: int
    covered: frozenset[str] = frozenset()
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


def _extend(text: str, start: int, end: int, budget: int, listing: bool) -> int:
    """Take the sentences after a lead (a list: up to the next lead) while they fit the budget."""
    spans = [se for se in sentences(text) if se[0] >= end]
    for n, (s, e) in enumerate(spans):
        if e - start > budget or (listing and n and e - s <= LEAD_CHARS):
            break
        end = e
    return end


def _extend_items(text: str, end: int, limit: int) -> int:
    """A list whose items end in semicolons (「目标是：…；…；…。」): take items up to the full stop."""
    for s, e in sentences(text):
        if s < end:
            continue
        if e > limit:
            break
        end = e
        if text[e - 1] not in "；;":
            break
    return end


def _trim(query: Query, text: str, start: int, end: int, weights: dict[str, float]) -> tuple[int, int]:
    """The best run of clauses of [start, end) that fits MAX_CHARS: the question's terms, the asked figure."""
    parts = [c for c in clauses(text) if c.start >= start and c.end <= end] or []
    best, best_score = (start, min(end, start + MAX_CHARS)), -1.0
    asked = 2.0 * (max(weights.values(), default=0.0) + 0.5)   # a run that gives what is asked outweighs any terms
    for i, first in enumerate(parts):
        for last in parts[i:]:
            if last.end - first.start > MAX_CHARS:
                break
            piece = text[first.start:last.end]
            score = weight_of(weights, covered_terms(query, piece))
            if (query.kind in ("number", "compare") and gives_figure(piece, query)
                    or query.kind == "list" and query.count >= 2 and enumerated(piece) >= query.count):
                score += asked   # the figure asked for; every item of 「“六个严防”，即…、…」
            score -= 0.002 * (last.end - first.start) + 0.01 * i
            if score > best_score:
                best, best_score = (first.start, last.end), score
    return best


def answer_span(query: Query, cand: Candidate, weights: dict[str, float]) -> Window:
    """The span the answer quotes for a candidate sentence."""
    text, start, end = cand.paragraph.text, cand.sentence.start, cand.sentence.end
    listing = query.kind == "list"
    if query.kind in LEAD_KINDS and end - start <= LEAD_CHARS:
        end = _extend(text, start, end, LIST_CHARS if listing else PLAN_CHARS, listing)
    elif listing and (text[start:end].rstrip("。；;").endswith((":", "：")) or text[start:end].endswith(("；", ";"))):
        end = _extend_items(text, end, start + LIST_CHARS)
    elif end - start > MAX_CHARS:
        whole = end
        start, end = _trim(query, text, start, end, weights)
        if listing and (text[end - 1] in ":：" or text[end:end + 1] in (":", "：")):   # 「目标是：」 and no list
            end = min(whole, start + LIST_CHARS)
    piece = text[start:end]
    return Window(cand.paragraph, start, end, covered_terms(query, piece))
