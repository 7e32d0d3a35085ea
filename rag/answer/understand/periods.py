"""Which year a question asks about, in one report's terms: its 去年 (the year reviewed) and 今年 (planned)."""
from __future__ import annotations

from dataclasses import dataclass

from rag.answer.understand.query import Query
from rag.types import Paragraph, Report


@dataclass(frozen=True)
class Periods:
    """For one report: the year it reviews and the year it plans; each paragraph knows its own period."""
    review_year: int | None
    plan_year: int | None

    def wanted(self, query: Query) -> set[str]:
        """The periods a question asks about, in this report's terms."""
        wanted = set(query.periods)
        for year in query.years:
            if year == self.review_year:
                wanted.add("past")
            elif year == self.plan_year:
                wanted.add("present")
        return wanted

    def year_of(self, paragraph: Paragraph) -> int | None:
        return {"past": self.review_year, "present": self.plan_year}.get(paragraph.period)

    def covers(self, year: int) -> bool:
        return year in (self.review_year, self.plan_year)


def report_periods(report: Report | None) -> Periods:
    """A report planning for year Y reviews Y - 1 (rag.ingest.report reads Y from the report itself)."""
    plan = report.year if report else None
    return Periods(plan - 1 if plan else None, plan)
