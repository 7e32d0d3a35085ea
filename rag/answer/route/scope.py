"""What no report in play can answer, whatever its text says: a year it does not cover, a place it is not about."""
from __future__ import annotations

from rag.answer.understand.periods import Periods
from rag.answer.understand.query import Query
from rag.ingest.places import PROVINCES, places_in, short


def years_outside(query: Query, periods: list[Periods], evidence: str) -> list[int]:
    """Years named in the question (前年 and 明年 too, unless it also asks about 去年 or 今年) that no report
    reviews or plans, and that the best evidence never mentions."""
    relative = [p.plan_year + d for p in periods if p.plan_year for d in query.relative] if not query.periods else []
    return [y for y in dict.fromkeys([*query.years, *relative])
            if not any(p.covers(y) for p in periods) and f"{y}" not in evidence]


def unknown_places(query: Query, text: str) -> list[str]:
    """Places below the provinces named in the question that the reports never mention (a province without a
    report is the router's business)."""
    return [p for p in places_in(query.norm) if short(p) not in text and short(p) not in PROVINCES]


def out_of_scope(query: Query, periods: list[Periods], text: str, evidence: str) -> str:
    """Why the question is out of scope ('' when it is not): the reason shown in the refusal.
    `text`: the reports in play; `evidence`: their best candidate sentences."""
    years = years_outside(query, periods, evidence)
    if years:
        return f"报告没有涉及{'、'.join(f'{y}年' for y in years)}的情况"
    places = unknown_places(query, text)
    if places:
        return f"报告没有提到{'、'.join(places)}"
    return ""


def places_elsewhere(query: Query, own: set[str], evidence: str) -> list[str]:
    """Places the question names that are not what the reports in play are about (`own`: their short names)
    and that the chosen evidence does not mention either: 「武汉…」 answered from Hubei's province-wide figure."""
    return [p for p in places_in(query.norm) if short(p) not in own and short(p) not in evidence
            and short(p) not in PROVINCES]  # provinces are the router's business (rag/answer/route.py)
