"""Where and when an answer comes from: the badge with each cited report's place and year, and 今年/去年 resolved
in the text as that report means them (「今年（2024年）」)."""
from __future__ import annotations

import html
import re

from rag.ingest.places import short
from rag.types import Answer, Report

RELATIVE = re.compile(r"(今年|去年|明年)(?!（)")
OFFSET = {"今年": 0, "去年": -1, "明年": 1}


def cited_docs(answer: Answer) -> list[str]:
    docs = [c.paragraph.doc for c in answer.citations]
    docs += [c.paragraph.doc for _, part in answer.parts for c in part.citations]
    return list(dict.fromkeys(docs))


def report_label(report: Report | None, doc: str) -> str:
    """「大足区 · 2024年报告」"""
    if report is None:
        return doc
    place = short(report.place) if report.place else report.title
    return f"{place} · {report.year}年报告" if report.year else place


def badge_html(answer: Answer, reports: dict[str, Report]) -> str:
    docs = cited_docs(answer)
    if not docs and len(reports) == 1:
        docs = list(reports)
    labels = [report_label(reports.get(d), d) for d in docs]
    return "".join(f"<span class='badge'>{html.escape(label)}</span>" for label in labels[:6])


def resolve_years(text: str, report: Report | None) -> str:
    """今年/去年/明年 followed by the year they mean in `report` (its 今年 is the year it plans)."""
    year = report.year if report is not None else None
    if not year:
        return text
    return RELATIVE.sub(lambda m: f"{m.group(1)}（{year + OFFSET[m.group(1)]}年）", text)


def only_report(answer: Answer, reports: dict[str, Report]) -> Report | None:
    """The one report an answer (or a part) cites, when it cites one."""
    docs = cited_docs(answer)
    return reports.get(docs[0]) if len(docs) == 1 else None
