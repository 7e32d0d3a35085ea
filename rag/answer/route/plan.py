"""The plan for one question over the library: its parts, each with the reports that answer it and any reason to
refuse, made from the route (rag/answer/route/route.py). Data only: rag/answer/execute.py carries it out."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.route.mentions import label
from rag.answer.route.route import for_doc, route
from rag.answer.route.years import Pick
from rag.ingest.places import short
from rag.types import Report

YEARS = re.compile(r"(?:19|20)\d{2}\s*年")


@dataclass(frozen=True)
class Part:
    question: str                        # the question as these reports should read it
    docs: frozenset[str] | None          # the reports that answer it (None: all in play)
    label: str = ""                      # its row in a side-by-side answer (a place, a year)
    reason: str = ""                     # refuse for this, whatever is found


@dataclass(frozen=True)
class Plan:
    kind: str                            # "single" | "side" (parts side by side) | "best" | "mentions" | "promise"
    question: str
    parts: tuple[Part, ...] = ()
    note: str = ""                       # said after the answer: 「（库中没有…的报告。）」
    docs: tuple[str, ...] = ()           # "best" and "mentions": the reports in play
    pick: Pick | None = None             # "promise": the report that set the target and the one that reviews it


def for_year(question: str, year_label: str, labels: tuple[str, ...]) -> str:
    """`question` as one of the years it names reads it: the other years and 分别/各 taken out."""
    out = question
    for other in labels:
        if other != year_label:
            out = re.sub(rf"{re.escape(other)}(?:和|与|、|及)?", "", out)
    out = re.sub(r"(?:和|与|、|及)(?=[^\d]*$)", "", out) if out != question else out
    out = re.sub(r"分别|各自|各(?=是|为|有|要|达到|增长)", "", out)
    return out if year_label in out else f"{year_label}{out}"


def make_plan(question: str, reports: list[Report], texts: dict[str, str], allowed: set[str] | None,
              periods: frozenset[str]) -> Plan:
    """How `question` is answered from `reports` (those `allowed`, all when None)."""
    everywhere = frozenset(allowed) if allowed else None
    if not reports:
        return Plan("single", question, (Part(question, None),))
    r = route(question, reports, texts, allowed, periods)
    by_id = {x.id: x for x in reports}
    if r.mode == "missing-year" and r.pick is not None:
        years = sorted({x.year for x in reports if x.year})
        reason = (f"库中没有{'、'.join(f'{y}年' for y in r.pick.missing)}的报告；"
                  f"库中有{'、'.join(f'{y}年' for y in years)}的报告")
        return Plan("single", question, (Part(question, everywhere, reason=reason),))
    if r.mode == "missing":
        places = "、".join(r.missing)
        if len(reports) == 1:   # 「报告没有提到香港」 only when it does not; else it says nothing of this about them
            mentioned = any(short(m) in t for m in r.missing for t in texts.values())
            reason = f"报告没有讲到{places}的这方面情况" if mentioned else f"报告没有提到{places}"
        else:
            reason = (f"库中没有{places}的报告；库中有{len(reports)}份：" + "、".join(
                label(x, x.id) for x in reports[:6]) + ("等" if len(reports) > 6 else ""))
        return Plan("single", question, (Part(question, everywhere, reason=reason),))
    if r.mode == "years":
        return Plan("side", question, tuple(Part(for_year(question, y, r.labels), frozenset({d}), y)
                                             for d, y in zip(r.docs, r.labels)))
    if r.mode == "promise":
        return Plan("promise", question, pick=r.pick)
    if r.mode == "mentions":
        return Plan("mentions", question, docs=r.docs)
    if r.mode == "each":
        return Plan("side", question, tuple(Part(for_doc(question, d, r, by_id), frozenset({d}), label(by_id.get(d), d))
                                             for d in r.docs))
    if r.mode == "one":
        note = f"（库中没有{'、'.join(r.missing)}的报告。）" if r.missing else ""
        return Plan("single", question, (Part(for_doc(question, r.docs[0], r, by_id), frozenset(r.docs)),), note)
    return Plan("best", question, docs=r.docs)
