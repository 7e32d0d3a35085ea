"""Which reports a question is about: the places it names, or, naming none, the reports that answer best."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.route.years import Pick, pick
from rag.ingest.places import NATIONAL, PROVINCES, names, places_in, short
from rag.search.tokens import normalize
from rag.types import Report

MENTIONS = re.compile(r"哪些(?:报告|地方|省份?|城市|地区|省区市|市州)|哪几(?:份报告|个(?:地方|省份?|城市|地区))|"
                      r"(?:报告|地方)(?:里|中)?(?:都)?有哪些(?:提到|讲到|说到)|哪(?:份|个)报告(?:提到|讲到|说到)|"
                      r"which (?:reports?|provinces?|places?|regions?)")


LEVELS = {"省": re.compile(r"各省|各个省|哪个省|全国各省|各省份|各省区市|各省市区|31个省|所有省"),
          "市": re.compile(r"各市|各个市|各地市|各城市|各市州"), "区县": re.compile(r"各县|各区县|各个县|各区")}
NAMED_ON = re.compile(r"[\u4e00-\u9fff]{2}")       # the two characters after a place that may make it a name
NOT_NAMING = ("的", "省", "市", "今", "去", "明", "上", "前", "近", "全", "这", "那")   # 「北京的」 asks of it
NATIONAL_WITH = re.compile(r"全国(?:和|与|及|、|跟|同)|(?:和|与|及|、|跟|同)全国|国家层面|国务院")


@dataclass(frozen=True)
class Route:
    mode: str                   # "one" | "each" (several places, side by side) | "best" | "mentions" | "missing"
                                # | "years" (one place, several years) | "promise" (a year's plan, then its result)
    docs: tuple[str, ...]       # the reports to answer from, in the order the question names them
    missing: tuple[str, ...] = ()  # places named that no report in play is about
    labels: tuple[str, ...] = ()   # "years": the year of each doc
    pick: Pick | None = None       # how the years of one place were chosen


def provincial(place: str) -> bool:
    return short(place) in PROVINCES


def asks_of(place: str, norm: str, texts: dict[str, str]) -> bool:
    """Whether a question naming `place` asks about the place itself: not when it starts a name the reports use
    (「北京冬奥会」「上海自贸区」). Where one goes (「坐高铁到上海要多久」) still counts: on blind files such questions
    were more often unanswered details than answers."""
    at = norm.find(place)
    after = norm[at + len(place):at + len(place) + 2]
    named = NAMED_ON.fullmatch(after) is not None and not after.startswith(NOT_NAMING) and any(
        place + after in t for t in texts.values())
    return not named


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


def place_key(report: Report) -> str:
    """One place over the years: its short name and its level (吉林省 and 吉林市 are two places)."""
    return f"{short(report.place)}|{report.level}" if report.place else report.id


def by_place(reports: list[Report]) -> dict[str, list[Report]]:
    """The library's places, each with its reports (several years of one place share a key)."""
    out: dict[str, list[Report]] = {}
    for r in reports:
        out.setdefault(place_key(r), []).append(r)
    return out


def _years(question: str, group: list[Report], periods: frozenset[str]) -> Route:
    """One place's reports: the year (or years) the question means."""
    p = pick(question, group, periods)
    if p.mode == "missing":
        return Route("missing-year", (), pick=p)
    if p.mode == "years":
        return Route("years", p.docs, labels=p.labels, pick=p)
    if p.mode == "promise":
        return Route("promise", tuple(d for d in (p.plan, p.result) if d), pick=p)
    return Route("one", p.docs, pick=p)


def _latest(group: list[Report]) -> str:
    return max(group, key=lambda r: r.year or 0).id


def route(question: str, reports: list[Report], texts: dict[str, str], allowed: set[str] | None = None,
          periods: frozenset[str] = frozenset()) -> Route:
    """`texts`: each report's normalised text (a place no report is about may still be one it talks of);
    `allowed`: the reports the user picked (all when None); `periods`: 去年/今年 as the question says them."""
    pool = [r for r in reports if allowed is None or r.id in allowed]
    norm = normalize(question)
    places = by_place(pool)
    level = next((lv for lv, pattern in LEVELS.items() if pattern.search(norm)), "")
    if level and not MENTIONS.search(norm):
        group = [g for g in places.values() if g[0].level == level]
        if len(group) >= 2:
            return Route("each", tuple(_latest(g) for g in group))
    docs, spans = _named(norm, pool)
    national = {r.id for r in pool if r.level == NATIONAL}
    if national and any(d not in national for d in docs) and not NATIONAL_WITH.search(norm):
        docs = [d for d in docs if d not in national]      # 「全国第一」 in a province's question names no report
    key = {r.id: place_key(r) for r in pool}
    named = list(dict.fromkeys(key[d] for d in docs))
    if len(named) == 1 and len(places[named[0]]) > 1:
        return _years(question, places[named[0]], periods)
    if len(named) >= 2:   # several places: the year each one's question means, or its latest report
        docs = [(_years(question, places[k], periods).docs[:1] or (_latest(places[k]),))[0] for k in named]
    if not docs and len(places) == 1 and len(pool) > 1 and not MENTIONS.search(norm):
        return _years(question, pool, periods)
    parents = "".join(r.place for r in pool if r.id in docs)          # 「重庆大足」: 重庆 is Dazu's parent
    others = [p for p in places_in(norm) if not any(s <= norm.find(p) < e for s, e in spans)
              and short(p) not in parents and short(p) not in {short(r.place) for r in pool}
              and asks_of(p, norm, texts)]
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
    latest = tuple(_latest(g) for g in places.values())   # several years of a place: its latest report speaks
    return Route("one" if len(latest) == 1 else "best", latest)
