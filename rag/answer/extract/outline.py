"""List answers read off the report's structure: sibling headings, child headings, or lists in a paragraph."""
from __future__ import annotations

import re

from rag.answer.extract.listing import (
    ITEM_CHARS,
    Item,
    Outline,
    counted_outline,
    heads,
    lead_outline,
    ordinal_outline,
    parallel_outline,
)
from rag.answer.understand.query import Query
from rag.answer.understand.terms import covered_terms, weight_of
from rag.types import Paragraph

STRUCTURE_TOP = 3      # structural outlines come from the best few paragraphs only
COUNTED_LEAD = 0.5     # share of the question's weight a counted lead (「做优4大特色产业」) with its context must carry
# a paragraph that announces the list under it: 「…主要做了以下工作。」「…重点做好以下几方面工作：」
ANNOUNCES = re.compile(r"[:：]$|(?:以下|如下)[\u4e00-\u9fff]{0,8}[。:：]?$")


def _style(heading: str) -> str:
    if heading.startswith("——"):
        return "dash"
    if re.match(r"^[(（][一二三四五六七八九十]+[)）]", heading):
        return "paren"
    if re.match(r"^[一二三四五六七八九十]+、", heading):
        return "number"
    return "lead"


def heading_item(p: Paragraph, strip: str = "") -> Item:
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
    if not heads(paragraph):
        return None
    style, parent = _style(paragraph.section[-1]), paragraph.section[:-1]
    group = [p for p in body if p.doc == paragraph.doc and p.section[:-1] == parent
             and len(p.section) == len(paragraph.section) and heads(p) and _style(p.section[-1]) == style]
    if len(group) < 2:
        return None
    prefix = _formula([p.section[-1] for p in group])
    return Outline(parent[-1] if parent else "", tuple(heading_item(p, prefix) for p in group), formula=prefix)


def child_outline(path: tuple[str, ...], doc: str, body: list[Paragraph]) -> Outline | None:
    """The headed paragraphs directly under `path`."""
    kids = [p for p in body if p.doc == doc and len(p.section) == len(path) + 1 and p.section[:-1] == path
            and heads(p)]
    styles = {_style(p.section[-1]) for p in kids}
    if len(kids) < 2 or len(styles) != 1:
        return None
    return Outline(path[-1], tuple(heading_item(p) for p in kids))


def choose(query: Query, top: list[Paragraph], body: list[Paragraph], weights: dict[str, float],
           best_coverage: float, best_enumerates: bool = False) -> Outline | None:
    """An outline answers a list question when its size is the count asked for, or its heading is the topic.

    `best_enumerates`: the best span already lists the asked-for number of items (「实打实、硬逗硬、…」)."""
    if query.kind != "list":
        return None
    total = sum(weights.values()) or 1.0
    for p in top:  # a lead naming the asked-for count is the list's own announcement
        counted = counted_outline(p, query.count)
        if counted is None:
            continue
        lead_cov = weight_of(weights, covered_terms(query, counted.heading)) / total
        upto = p.text[:counted.lead_start + len(counted.heading)]  # the lead and what it continues
        if lead_cov >= COUNTED_LEAD / 4 and weight_of(weights, covered_terms(query, upto)) / total >= COUNTED_LEAD:
            return counted
    best, best_score = None, 0.0
    heaviest = max(weights, key=lambda t: (weights[t], t), default="")
    for position, p in enumerate(top[:STRUCTURE_TOP]):
        for outline in (sibling_outline(p, body), child_outline(p.section, p.doc, body), lead_outline(p),
                        ordinal_outline(p), parallel_outline(p)):
            if outline is None:
                continue
            heading_cov = weight_of(weights, covered_terms(query, outline.heading)) / total
            whole_cov = weight_of(weights, covered_terms(query, outline.text)) / total
            introduced = (ANNOUNCES.search(p.text.rstrip()) is not None and outline.heading in p.section
                          and weight_of(weights, covered_terms(query, p.text)) / total >= 0.5)
            says_count = query.count == len(outline.items) and (introduced or position == 0 and whole_cov >= 0.3)
            says_count = says_count or not query.count and introduced and position == 0   # 「做好以下几方面工作。」
            if best_enumerates and not (says_count and whole_cov >= best_coverage):
                continue  # the best span already lists that many items and says as much of the question
            # parallel sentences have no heading of their own: what they say is the topic
            topic_cov = heading_cov if outline.titled else whole_cov
            each = not outline.titled and whole_cov >= 0.5 and all(  # every sentence names the heaviest term
                heaviest in covered_terms(query, i.text) for i in outline.items)
            if says_count or (not query.count and (topic_cov >= max(0.6, best_coverage) or each)):
                score = whole_cov + (1.0 if says_count else 0.0)
                if score > best_score:
                    best, best_score = outline, score
    return best


def section_named(item: str, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The section a list item names (「（三）依靠创新推动实体经济发展」, cut at its first pause): the paragraph that
    opens it, then the paragraphs that open its subsections; [] when no section is headed so."""
    name = item.strip("“”")
    opening = next((p for p in paragraphs if p.section and p.section[-1].startswith(name) and heads(p)), None)
    if opening is None or len(name) < 4:
        return []
    path = opening.section
    if opening.kind == "heading":   # a heading on a line of its own: its section's first paragraph says what it holds
        opening = next((p for p in paragraphs if p.section == path and p.kind == "body"), opening)
    return [opening, *(p for p in paragraphs if len(p.section) == len(path) + 1 and p.section[:-1] == path
                       and heads(p))]
