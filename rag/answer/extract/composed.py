"""What extraction hands to writing: the chosen spans, in answer order, and how well they answer."""
from __future__ import annotations

from dataclasses import dataclass

from rag.answer.extract.spans import Window
from rag.ingest.sentences import strip_punct


@dataclass(frozen=True)
class Composed:
    """The chosen spans, in answer order, and how strongly they cover the question."""
    windows: tuple[Window, ...]
    coverage: float          # share of the question's (known) term weight the answer covers
    unit_ok: bool            # a number question found a number with the asked unit
    intro: str = ""          # e.g. the heading a list of sub-headings belongs to
    outline: bool = False    # the spans are the items of a list read off the report's structure



def from_outline(outline, coverage: float) -> Composed:
    """An outline's items as spans, so they render and cite like any other answer."""
    windows = tuple(Window(i.paragraph, i.start, i.end, frozenset(), outline.lead_start if n == 0 else -1)
                    for n, i in enumerate(outline.items))
    return Composed(windows, max(coverage, 0.5), True, f"「{strip_punct(outline.heading)}」" if outline.titled else "",
                    outline=True)
