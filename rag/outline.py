"""List answers read off the report's structure: sibling headings, or the lead sentences of a section."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.clauses import sentences
from rag.query import Query
from rag.types import Paragraph
from rag.windows import covered_terms

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

    @property
    def text(self) -> str:
        return self.heading + self.formula + "".join(i.text for i in self.items)


def _style(heading: str) -> str:
    if heading.startswith("——"):
        return "dash"
    if re.match(r"^[(（][一二三四五六七八九十]+[)）]", heading):
        return "paren"
    if re.match(r"^[一二三四五六七八九十]+、", heading):
        return "number"
    return "lead"


def _heads(paragraph: Paragraph) -> bool:
    """The paragraph opens with its own heading (it is that section's first paragraph)."""
    return bool(paragraph.section) and paragraph.text.startswith(paragraph.section[-1])


def _item(p: Paragraph, strip: str = "") -> Item:
    """The heading named up to its first pause; a formulaic shared opening such as 「——这一年,我们聚力」 is skipped."""
    start = len(strip)
    head = p.section[-1]
    cut = re.search(r"[,，:：。]", head[start:])
    end = start + (cut.start() if cut else len(head) - start)
    return Item(p, start, min(end, start + ITEM_CHARS))


def _formula(texts: list[str]) -> str:
    """A shared opening that ends in a pause (「——这一年,我们聚力」) is a formula, not part of any item."""
    first, n = texts[0], 0
    while n < len(first) and all(len(t) > n and t[n] == first[n] for t in texts):
        n += 1
    return first[:n] if re.search(r"[,，]", first[:n]) else ""


def sibling_outline(paragraph: Paragraph, body: list[Paragraph]) -> Outline | None:
    """The headed paragraphs alongside `paragraph`: same parent path, same heading style."""
    if not _heads(paragraph):
        return None
    style, parent = _style(paragraph.section[-1]), paragraph.section[:-1]
    group = [p for p in body if p.doc == paragraph.doc and p.section[:-1] == parent
             and len(p.section) == len(paragraph.section) and _heads(p) and _style(p.section[-1]) == style]
    if len(group) < 2:
        return None
    prefix = _formula([p.section[-1] for p in group])
    return Outline(parent[-1] if parent else "", tuple(_item(p, prefix) for p in group), formula=prefix)


def child_outline(path: tuple[str, ...], doc: str, body: list[Paragraph]) -> Outline | None:
    """The headed paragraphs directly under `path`."""
    kids = [p for p in body if p.doc == doc and len(p.section) == len(path) + 1 and p.section[:-1] == path
            and _heads(p)]
    styles = {_style(p.section[-1]) for p in kids}
    if len(kids) < 2 or len(styles) != 1:
        return None
    return Outline(path[-1], tuple(_item(p) for p in kids))


def lead_outline(paragraph: Paragraph) -> Outline | None:
    """Short lead sentences inside one paragraph (「打赢国企改革攻坚战。…推动国有资产盘活。」)."""
    spans = sentences(paragraph.text)[1:] if _heads(paragraph) else []
    leads = [Item(paragraph, s, e - 1) for s, e in spans
             if e - s <= LEAD_MAX and paragraph.text[e - 1] == "。" and not re.search(r"[,，、:：;；]", paragraph.text[s:e])]
    if len(leads) < 2:
        return None
    return Outline(paragraph.section[-1], tuple(leads))


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


def choose(query: Query, top: list[Paragraph], body: list[Paragraph], weights: dict[str, float],
           best_coverage: float, best_enumerates: bool = False) -> Outline | None:
    """An outline answers a list question when its size is the count asked for, or its heading is the topic.

    `best_enumerates`: the best span already lists the asked-for number of items (「实打实、硬逗硬、…」)."""
    if query.kind != "list" or best_enumerates:
        return None
    total = sum(weights.values()) or 1.0
    best, best_score = None, 0.0
    for position, p in enumerate(top):
        for outline in (sibling_outline(p, body), child_outline(p.section, p.doc, body), lead_outline(p),
                        parallel_outline(p)):
            if outline is None:
                continue
            heading_cov = sum(weights[t] for t in covered_terms(query, outline.heading)) / total
            whole_cov = sum(weights[t] for t in covered_terms(query, outline.text)) / total
            introduced = (p.text.rstrip().endswith((":", "：")) and outline.heading in p.section
                          and sum(weights[t] for t in covered_terms(query, p.text)) / total >= 0.5)
            counted = query.count == len(outline.items) and (introduced or position == 0 and whole_cov >= 0.3)
            if counted or (not query.count and heading_cov >= max(0.6, best_coverage)):
                score = whole_cov + (1.0 if counted else 0.0)
                if score > best_score:
                    best, best_score = outline, score
    return best
