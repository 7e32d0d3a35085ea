"""Promises against results: year N's target, from year N's report, beside what year N+1's report says was done."""
from __future__ import annotations

import re
from dataclasses import replace

from rag.answer.route.years import Pick
from rag.answer.targets import promises, promises_text
from rag.answer.write.join import join
from rag.types import Answer

YEARS = re.compile(r"(?:19|20)\d{2}\s*年(?:和|与|、|及|至|到)?")
PROMISE_TAIL = re.compile(r"(?:的)?(?:目标|计划|承诺|任务|指标)?(?:都|全部|是否|有没有)?"
                          r"(?:完成|实现|达到|落实|兑现|做到)"
                          r"(?:了)?(?:吗|没有|了没|没|情况|得怎么样|得如何|了多少)?.*$")
FRAME = re.compile(r"^(?:去年|今年|前年|上年)?(?:定|提出|部署|确定)?(?:的)?|(?:目标|计划|承诺|任务|指标)$")


def topic(question: str) -> str:
    """What a promise question is about: 「2022年城镇新增就业目标完成没有？」 → 城镇新增就业 ('' for all targets)."""
    rest = PROMISE_TAIL.sub("", YEARS.sub("", question.strip(" ？?。")))
    return FRAME.sub("", FRAME.sub("", rest)).strip(" 的，,")


def promise(question: str, p: Pick, answer, evidence, bodies: dict) -> Answer:
    """The target of year N (its own report), then what year N+1's report says of it; each cited, each named.
    `answer(question, reports, reason)` answers one part; `evidence(question, reports)` ranks evidence."""
    what = topic(question)
    if not what and p.result:   # 「去年定的目标完成了吗」: every main target beside its result
        rows = promises(evidence, bodies.get(p.plan, []), p.result, p.year)
        if rows:
            text, citations = promises_text(rows, p.year)
            return Answer(question, text, False, citations, confidence=1.0)
    plan_q = f"{p.year}年{what}目标是多少？" if what else f"{p.year}年经济社会发展主要预期目标是什么？"
    result_q = f"{p.year}年{what}实际完成多少？" if what else f"{p.year}年经济社会发展主要指标完成得怎么样？"
    planned = answer(plan_q, frozenset({p.plan}), "")
    labels = [f"计划（{p.year}年报告）", f"结果（{p.year + 1}年报告回顾{p.year}年）"]
    if not p.result:
        missing = f"库中没有{p.year + 1}年的报告，无法对照{p.year}年的完成情况。"
        joined = join(question, [planned, Answer(result_q, missing, True)], labels=labels, absent=["", missing])
    else:
        joined = join(question, [planned, answer(result_q, frozenset({p.result}), "")], labels=labels,
                      absent=["", f"{p.year + 1}年报告没有提到这一项的完成情况。"])
    return replace(joined, abstained=planned.abstained)
