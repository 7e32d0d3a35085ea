"""Decides when the report does not answer a question, and says so in Chinese."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rag.compose import Composed
from rag.periods import Periods
from rag.places import places_in
from rag.lexicon import INDICATORS, expansions
from rag.query import Query
from rag.tokens import is_noun

# Calibrated on the unanswerable questions of eval/gold.jsonl (see eval/thresholds and README).
MIN_COVERAGE = 0.45        # share of the question's known term weight the answer must cover
MIN_DENSE = 0.80           # below this cosine, weak coverage is not rescued by the dense retriever
MAX_UNKNOWN = 0.65         # share of the question's weight carried by nouns the reports never use
LIST_ITEMS = re.compile(r"[、,，;；]")


@dataclass(frozen=True)
class Verdict:
    abstain: bool
    reason: str = ""


def _years_outside(query: Query, periods: dict[str, Periods], corpus_text: str) -> list[int]:
    return [y for y in query.years
            if not any(p.covers(y) for p in periods.values()) and f"{y}年" not in corpus_text]


def _unknown_places(query: Query, corpus_text: str) -> list[str]:
    return [p for p in places_in(query.norm) if p.rstrip("省市区县") not in corpus_text]


def unknown_share(query: Query, weights: dict[str, float], paragraphs: int) -> tuple[float, list[str]]:
    """How much of the question rests on nouns no paragraph contains (「余额」「常住人口」「CPI」)."""
    unseen = math.log((paragraphs + 1) / 0.5)
    unknown = [t for t, w in weights.items() if w == 0.0 and len(t) >= 2 and len(query.terms[t]) == 1
               and not expansions(t) and is_noun(t)]
    total = sum(weights.values()) + unseen * len(unknown)
    return (unseen * len(unknown) / total if total else 0.0), unknown


def judge(query: Query, composed: Composed, periods: dict[str, Periods], corpus_text: str,
          top_dense: float, weights: dict[str, float], paragraphs: int) -> Verdict:
    """Abstain on out-of-scope years or places, on numbers the report never gives, on weak evidence."""
    years = _years_outside(query, periods, corpus_text)
    if years:
        return Verdict(True, f"报告没有涉及{'、'.join(f'{y}年' for y in years)}的情况")
    if query.out_of_range:
        return Verdict(True, "报告只讲了上一年的工作和今年的安排")
    places = _unknown_places(query, corpus_text)
    if places:
        return Verdict(True, f"报告没有提到{'、'.join(places)}")
    missing = [i for i in INDICATORS if i in query.norm and i not in corpus_text]
    if missing:
        return Verdict(True, f"报告没有给出“{missing[0]}”的数据")
    share, unknown = unknown_share(query, weights, paragraphs)
    if share >= MAX_UNKNOWN:
        return Verdict(True, f"报告没有提到“{'、'.join(unknown)}”")
    if not composed.windows:
        return Verdict(True, "没有找到相关的段落")
    if query.kind == "list" and query.count >= 3 and not composed.intro and not _enumerates(composed, query.count):
        return Verdict(True, f"报告没有逐项列出这{query.count}项")
    if query.kind == "number" and query.unit and not composed.unit_ok:
        return Verdict(True, f"相关段落里没有以“{query.unit}”为单位的数字")
    if composed.coverage < MIN_COVERAGE and top_dense < MIN_DENSE:
        return Verdict(True, "找到的段落与问题关系不够紧密")
    return Verdict(False)


def _enumerates(composed: Composed, count: int) -> bool:
    """An outline, or spans that between them list about as many items as the question asks for."""
    if all(w.score == 1.0 and not w.covered for w in composed.windows):
        return True  # an outline answer
    return sum(len(LIST_ITEMS.findall(w.text)) + 1 for w in composed.windows) >= count - 1


def abstention_text(query: Query, verdict: Verdict) -> str:
    return f"报告中没有找到“{query.text.strip()}”的答案（{verdict.reason}）。下面是最接近的段落，供参考。"
