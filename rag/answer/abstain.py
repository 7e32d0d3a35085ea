"""Decides when the report does not answer a question, and says so in Chinese."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rag.answer.compose import Composed
from rag.answer.figures import figure_supported
from rag.answer.periods import Periods
from rag.answer.query import Query
from rag.ingest.places import places_in
from rag.search.lexicon import expansions, indicators
from rag.search.tokens import is_noun, searchable

# Calibrated on the unanswerable questions of eval/gold/dazu-2024/tuned.jsonl (see eval/thresholds and README).
MIN_COVERAGE = 0.3         # share of the question's weight (unknown nouns included) the answer must cover
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


def unknown_nouns(query: Query, weights: dict[str, float]) -> list[str]:
    """Question nouns no paragraph contains (「余额」「常住人口」「CPI」), colloquial words excepted."""
    return [t for t, w in weights.items() if w == 0.0 and len(t) >= 2 and len(query.terms[t]) == 1
            and not expansions(t) and is_noun(t)]


def judge(query: Query, composed: Composed, periods: dict[str, Periods], corpus_text: str,
          weights: dict[str, float], paragraphs: int, own_places: set[str]) -> Verdict:
    """Abstain on out-of-scope years or places, on figures the report never gives, on weak evidence."""
    years = _years_outside(query, periods, corpus_text)
    if years:
        return Verdict(True, f"报告没有涉及{'、'.join(f'{y}年' for y in years)}的情况")
    if query.out_of_range:
        return Verdict(True, "报告只讲了上一年的工作和今年的安排")
    places = _unknown_places(query, corpus_text)
    if places:
        return Verdict(True, f"报告没有提到{'、'.join(places)}")
    missing = [i for i in indicators() if i in query.norm and i not in corpus_text]
    if missing:
        return Verdict(True, f"报告没有给出“{missing[0]}”的数据")
    if not composed.windows:
        return Verdict(True, "没有找到相关的段落")
    answer_text = searchable("".join(w.text for w in composed.windows))  # 大(足)内(江) names 内江
    elsewhere = [p for p in places_in(query.norm) if p.rstrip("省市区县") not in own_places
                 and p.rstrip("省市区县") not in answer_text]
    if elsewhere:
        return Verdict(True, f"报告里找到的内容不是关于{'、'.join(elsewhere)}的")
    if query.kind == "list" and query.count >= 3 and not composed.outline and not enumerates(composed.windows,
                                                                                             query.count):
        return Verdict(True, f"报告没有逐项列出这{query.count}项")
    if query.kind == "number" and not figure_supported(
            query, composed, weights, sum(weights.values()) or 1.0, periods):
        return Verdict(True, "相关段落里没有这个数字" + (f"（以“{query.unit}”计）" if query.unit else ""))
    known = sum(weights.values())
    total = known + math.log((paragraphs + 1) / 0.5) * len(unknown_nouns(query, weights))  # unseen nouns count
    if known and composed.coverage * known / total < MIN_COVERAGE:
        return Verdict(True, "找到的段落与问题关系不够紧密")
    return Verdict(False)


def enumerates(windows, count: int) -> bool:
    """Spans that between them list about as many items as the question asks for."""
    return sum(len(LIST_ITEMS.findall(w.text)) + 1 for w in windows) >= count - 1


def abstention_text(query: Query, verdict: Verdict) -> str:
    return f"报告中没有找到“{query.text.strip()}”的答案（{verdict.reason}）。下面是最接近的段落，供参考。"
