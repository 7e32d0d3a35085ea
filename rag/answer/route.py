"""Which reports a question is about: the places it names, or, naming none, the reports that answer best."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.ingest.places import PROVINCES, names, places_in, short
from rag.search.tokens import normalize
from rag.types import Report

MENTIONS = re.compile(r"哪些(?:报告|地方|省份?|城市|地区|省区市|市州)|哪几(?:份报告|个(?:地方|省份?|城市|地区))|"
                      r"(?:报告|地方)(?:里|中)?(?:都)?有哪些(?:提到|讲到|说到)|哪(?:份|个)报告(?:提到|讲到|说到)|"
                      r"which (?:reports?|provinces?|places?|regions?)")


@dataclass(frozen=True)
class Route:
    mode: str                   # "one" | "each" (several places, side by side) | "best" | "mentions" | "missing"
    docs: tuple[str, ...]       # the reports to answer from, in the order the question names them
    missing: tuple[str, ...] = ()  # places named that no report in play is about


def provincial(place: str) -> bool:
    return short(place) in PROVINCES


def for_doc(question: str, doc: str, route: Route, reports: dict[str, Report]) -> str:
    """The question as one of several places' reports should read it: the other places' names taken out."""
    out = question
    others = [n for d in route.docs if d != doc and d in reports for n in names(reports[d].place)]
    for alias in sorted(others + list(route.missing), key=len, reverse=True):
        out = re.sub(rf"[和与及、,，]?{re.escape(alias)}[和与及、,，]?", "", out)
    # 「…各是多少」 asks each place once: one place's question does not compare
    return re.sub(r"分别|各自|各(?=是|为|有|要|达到|增长)", "", out) or question


def _named(norm: str, pool: list[Report]) -> tuple[list[str], list[tuple[int, int]]]:
    """Reports whose place the question names, longest name first, in the question's order."""
    aliases = sorted(((n, r.id) for r in pool for n in names(r.place)), key=lambda x: -len(x[0]))
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for alias, doc in aliases:
        for m in re.finditer(re.escape(alias), norm):
            if not any(m.start() < e and s < m.end() for s, e in spans):
                spans.append(m.span())
                found.append((m.start(), doc))
    return list(dict.fromkeys(doc for _, doc in sorted(found))), spans


def route(question: str, reports: list[Report], texts: dict[str, str], allowed: set[str] | None = None) -> Route:
    """`texts`: each report's normalised text (a place no report is about may still be one it talks of);
    `allowed`: the reports the user picked (all when None)."""
    pool = [r for r in reports if allowed is None or r.id in allowed]
    norm = normalize(question)
    docs, spans = _named(norm, pool)
    parents = "".join(r.place for r in pool if r.id in docs)          # 「重庆大足」: 重庆 is Dazu's parent
    others = [p for p in places_in(norm) if not any(s <= norm.find(p) < e for s, e in spans)
              and short(p) not in parents and short(p) not in {short(r.place) for r in pool}]
    if MENTIONS.search(norm) and len(pool) > 1:
        return Route("mentions", tuple(r.id for r in pool))
    if len(docs) >= 2:
        return Route("each", tuple(docs), tuple(others))
    if docs:
        return Route("one", tuple(docs), tuple(others))
    if others:
        # a province (or municipality) with no report of its own cannot be answered from others' reports;
        # a city may be: the reports that talk of it answer
        if any(provincial(p) for p in others):
            return Route("missing", (), tuple(p for p in others if provincial(p)))
        talking = [r.id for r in pool if any(short(p) in texts.get(r.id, "") for p in others)]
        if not talking:
            return Route("missing", (), tuple(others))
        return Route("best" if len(talking) > 1 else "one", tuple(talking))
    return Route("one" if len(pool) == 1 else "best", tuple(r.id for r in pool))
