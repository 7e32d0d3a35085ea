"""Several years of one place: which of its reports a question means. A report of year Y plans Y and reviews Y-1,
so Y's figures are planned in Y's report and reported in Y+1's (patterns in years.json)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.types import Report

RULES = Path(__file__).with_name("years.json")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)")


@lru_cache(maxsize=1)
def _rules() -> dict[str, re.Pattern]:
    data = json.loads(RULES.read_text(encoding="utf-8"))
    return {k: re.compile(v) for k, v in data["patterns"].items()}


def asks(kind: str, question: str) -> bool:
    """Whether `question` matches the years.json pattern `kind` (plan, result, promise, report, several)."""
    return bool(_rules()[kind].search(question))


@dataclass(frozen=True)
class Pick:
    """Which reports of one place answer: `docs` with their `labels` (one part per year when several years are
    asked), `missing` the years no report covers; for a promise, the plan's report and the result's."""
    mode: str                              # "latest" | "year" | "years" | "promise" | "missing"
    docs: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    missing: tuple[int, ...] = ()
    plan: str = ""                         # promise: the report that set the target
    result: str = ""                       # promise: the report that reviews that year ('' when not in the library)
    year: int = 0                          # promise: the year of the target


def for_year(year: int, by_year: dict[int, str], question: str) -> tuple[str, ...]:
    """The reports that speak of `year`: its own (the plan) and the next one's (the review), as the question's
    words prefer; both when they do not say."""
    plan, review = by_year.get(year), by_year.get(year + 1)
    if asks("report", question) and plan:
        return (plan,)
    wants_plan, wants_result = asks("plan", question), asks("result", question)
    if wants_plan and not wants_result:
        return tuple(d for d in (plan, review) if d)[:1]
    if wants_result and not wants_plan:
        return tuple(d for d in (review, plan) if d)[:1]
    return tuple(d for d in (review, plan) if d)


def pick(question: str, reports: list[Report], periods_asked: frozenset[str]) -> Pick:
    """Which of one place's reports (several years) answer `question`."""
    by_year = {r.year: r.id for r in reports if r.year}
    latest = max(by_year) if by_year else None
    if latest is None or len(by_year) < 2:
        return Pick("latest", tuple(r.id for r in reports[:1]))
    years = list(dict.fromkeys(int(y) for y in YEAR.findall(question)))
    if asks("promise", question):
        year = years[0] if years else latest - 1 if "past" in periods_asked or not periods_asked else latest
        if year not in by_year:
            return Pick("missing", missing=(year,))
        return Pick("promise", plan=by_year[year], result=by_year.get(year + 1, ""), year=year)
    if not years:
        return Pick("latest", (by_year[latest],))
    missing = tuple(y for y in years if y not in by_year and y + 1 not in by_year)
    covered = [y for y in years if y not in missing]
    if not covered:
        return Pick("missing", missing=missing)
    if len(covered) >= 2:
        docs = [for_year(y, by_year, question) for y in covered]
        return Pick("years", tuple(d[0] for d in docs), tuple(f"{y}年" for y in covered), missing)
    return Pick("year", for_year(covered[0], by_year, question), missing=missing)
