"""Which part of a report is last year's review and which is this year's plan."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.query import Query
from rag.types import Paragraph

PAST_HEADING = re.compile(r"回顾|过去|总结|上年")
YEAR = re.compile(r"((?:19|20)\d{2})年")


@dataclass(frozen=True)
class Periods:
    """For one document: its review and plan years, and each top-level heading's period."""
    review_year: int | None
    plan_year: int | None
    roots: dict[str, str]   # level-1 heading → "past" | "present"

    def of(self, paragraph: Paragraph) -> str:
        return self.roots.get(paragraph.section[0], "") if paragraph.section else ""

    def wanted(self, query: Query) -> set[str]:
        """The periods a question asks about, in this document's terms."""
        wanted = set(query.periods)
        for year in query.years:
            if year == self.review_year:
                wanted.add("past")
            elif year == self.plan_year:
                wanted.add("present")
        return wanted

    def covers(self, year: int) -> bool:
        return year in (self.review_year, self.plan_year)


def doc_periods(paragraphs: list[Paragraph]) -> Periods:
    """Read periods off the headings: 「一、2023年工作回顾」 is past, the parts after it are present."""
    roots: dict[str, str] = {}
    review = plan = None
    title_year = None
    seen_past = False
    for p in paragraphs:
        if p.kind == "title" and title_year is None and YEAR.search(p.text):
            title_year = int(YEAR.search(p.text).group(1))
        if p.kind != "heading" or len(p.section) != 1 or p.section[0] in roots:
            continue
        head = p.section[0]
        year = int(YEAR.search(head).group(1)) if YEAR.search(head) else None
        if PAST_HEADING.search(head):
            roots[head], seen_past = "past", True
            review = review or year
        elif seen_past:
            roots[head] = "present"
            plan = plan or year
    if title_year:
        plan = plan or title_year
        review = review or title_year - 1
    elif plan and not review:
        review = plan - 1
    return Periods(review, plan, roots)
