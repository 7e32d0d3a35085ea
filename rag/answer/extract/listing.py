"""Lists written inside one paragraph: short lead sentences, parallel openings, a lead that names a count."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.ingest import numerals
from rag.ingest.sentences import sentences
from rag.types import Paragraph

LEAD_MAX = 18          # an in-paragraph lead such as 「打赢国企改革攻坚战。」
ITEM_CHARS = 30        # list items are shown up to their first pause, at most this long


@dataclass(frozen=True)
class Item:
    """One list item: the paragraph it heads and the verbatim span that names it."""
    paragraph: Paragraph
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.paragraph.text[self.start:self.end]


@dataclass(frozen=True)
class Outline:
    """A heading (what the list is about) and its items."""
    heading: str
    items: tuple[Item, ...]
    titled: bool = True    # say which heading the items belong to
    formula: str = ""      # the shared opening the items were shortened by
    lead_start: int = -1   # where an in-paragraph lead used as the heading starts; the citation quotes it too

    @property
    def text(self) -> str:
        return self.heading + self.formula + "".join(i.text for i in self.items)


def heads(paragraph: Paragraph) -> bool:
    """The paragraph opens with its own heading (it is that section's first paragraph)."""
    return bool(paragraph.section) and paragraph.text.startswith(paragraph.section[-1])


def _is_lead(text: str, s: int, e: int) -> bool:
    return e - s <= LEAD_MAX and text[e - 1] == "。" and not re.search(r"[,，、:：;；]", text[s:e])


def lead_outline(paragraph: Paragraph) -> Outline | None:
    """Short lead sentences inside one paragraph (「打赢国企改革攻坚战。…推动国有资产盘活。」)."""
    spans = sentences(paragraph.text)[1:] if heads(paragraph) else []
    leads = [Item(paragraph, s, e - 1) for s, e in spans if _is_lead(paragraph.text, s, e)]
    if len(leads) < 2:
        return None
    return Outline(paragraph.section[-1], tuple(leads))


ORDINAL = re.compile(r"(?:第)?([一二三四五六七八九十]+)是|第([一二三四五六七八九十]+)[,，、]")


def ordinal_outline(paragraph: Paragraph) -> Outline | None:
    """Sentences numbered in one paragraph (「…10件实事。一是…。二是…。」): the sentence before the first is the
    lead; each item is named by its first clause. The numbers must run 一, 二, 三… without a gap."""
    spans = sentences(paragraph.text)
    items: list = []
    lead = None
    for i, (s, e) in enumerate(spans):
        m = ORDINAL.match(paragraph.text, s)
        if m is None or numerals.read(m.group(1) or m.group(2)) != len(items) + 1:
            if items:
                break
            continue
        if not items:
            if i == 0:
                return None
            lead = spans[i - 1]
        a, b = _named_clause(paragraph.text[m.end():e], "")
        items.append(Item(paragraph, m.end() + a, m.end() + b))
    if len(items) < 2 or lead is None:
        return None
    return Outline(paragraph.text[lead[0]:lead[1]].rstrip("。：:"), tuple(items), lead_start=lead[0])


def _named_clause(piece: str, kind: str) -> tuple[int, int]:
    """The first clause of `piece` that names the lead's kind of thing (产业), else its first clause."""
    clauses = [m.span() for m in re.finditer(r"[^,，:：;；。]+", piece)] or [(0, len(piece))]
    pairs = {kind[i:i + 2] for i in range(len(kind) - 1)}
    s, e = next((c for c in clauses if any(p in piece[c[0]:c[1]] for p in pairs)), clauses[0])
    return s, min(e, s + ITEM_CHARS)


def counted_outline(paragraph: Paragraph, count: int) -> Outline | None:
    """A short lead that names a count (「做优4大特色产业。」) and the `count` pieces that follow it."""
    spans = sentences(paragraph.text)
    for i, (s, e) in enumerate(spans):
        lead = paragraph.text[s:e]
        named = re.search(rf"(?<!\d){count}(?!\d)|{numerals.write(count)}", lead)
        if count < 2 or e - s > LEAD_MAX or not named:
            continue
        kind = lead[named.end():].lstrip("大个项种条类").rstrip("。")
        end = next((ns for ns, ne in spans[i + 1:] if _is_lead(paragraph.text, ns, ne)), len(paragraph.text))
        for sep in "；;。":
            pieces = list(re.finditer(rf"[^{sep}]+", paragraph.text[e:end]))
            if len(pieces) == count:
                spans_ = [(e + m.start() + a, e + m.start() + b) for m in pieces
                          for a, b in [_named_clause(m.group(), kind)]]
                return Outline(lead.rstrip("。"), tuple(Item(paragraph, a, b) for a, b in spans_), lead_start=s)
    return None


def parallel_outline(paragraph: Paragraph) -> Outline | None:
    """Sentences of one paragraph that open alike (「我们要把准把牢…导向。」 four times)."""
    groups: dict[str, list[tuple[int, int]]] = {}
    for s, e in sentences(paragraph.text):
        if e - s >= 6:
            groups.setdefault(paragraph.text[s:s + 4], []).append((s, e))
    best = max(groups.values(), key=len, default=[])
    if len(best) < 2:
        return None
    items = []
    for s, e in best:
        cut = re.search(r"[,，:：;；。]", paragraph.text[s:e])
        items.append(Item(paragraph, s, min(s + (cut.start() if cut else e - s), s + ITEM_CHARS)))
    return Outline(paragraph.text[best[0][0]:best[0][0] + 4], tuple(items), titled=False)


def enumerated(text: str) -> int:
    """The longest run of 、-separated items inside one clause (「实打实、硬逗硬、件件盯、手手清」 → 4)."""
    return max((c.count("、") + 1 for c in re.split(r"[,，;；。:：]", text)), default=1)
