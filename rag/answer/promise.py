"""Promises against results: year N's target, from year N's report, beside what year N+1's report says was done;
and one question read for one year of several (「2022年和2023年…分别…」 → 「2022年…」)."""
from __future__ import annotations

import re
from dataclasses import replace

from rag.answer.compound import join
from rag.answer.targets import promises, promises_text
from rag.types import Answer

YEARS = re.compile(r"(?:19|20)\d{2}\s*年(?:和|与|、|及|至|到)?")
PROMISE_TAIL = re.compile(r"(?:的)?(?:目标|计划|承诺|任务|指标)?(?:都|全部|是否|有没有)?"
                          r"(?:完成|实现|达到|落实|兑现|做到)"
                          r"(?:了)?(?:吗|没有|了没|没|情况|得怎么样|得如何|了多少)?.*$")
FRAME = re.compile(r"^(?:去年|今年|前年|上年)?(?:定|提出|部署|确定)?(?:的)?|(?:目标|计划|承诺|任务|指标)$")


def for_year(question: str, year_label: str, labels: tuple[str, ...]) -> str:
    """`question` as one of the years it names reads it: the other years and 分别/各 taken out."""
    out = question
    for other in labels:
        if other != year_label:
            out = re.sub(rf"{re.escape(other)}(?:和|与|、|及)?", "", out)
    out = re.sub(r"(?:和|与|、|及)(?=[^\d]*$)", "", out) if out != question else out
    out = re.sub(r"分别|各自|各(?=是|为|有|要|达到|增长)", "", out)
    return out if year_label in out else f"{year_label}{out}"


def topic(question: str) -> str:
    """What a promise question is about: 「2022年城镇新增就业目标完成没有？」 → 城镇新增就业 ('' for all targets)."""
    rest = PROMISE_TAIL.sub("", YEARS.sub("", question.strip(" ？?。")))
    return FRAME.sub("", FRAME.sub("", rest)).strip(" 的，,")


def promise(assistant, question: str, route, opts) -> Answer:
    """The target of year N (its own report), then what year N+1's report says of it; each cited, each named."""
    p = route.pick
    what = topic(question)
    if not what and p.result:   # 「去年定的目标完成了吗」: every main target beside its result
        rows = promises(assistant, p.plan, p.result, p.year)
        if rows:
            text, citations = promises_text(rows, p.year)
            return Answer(question, text, False, citations, confidence=1.0)
    plan_q = f"{p.year}年{what}目标是多少？" if what else f"{p.year}年经济社会发展主要预期目标是什么？"
    result_q = f"{p.year}年{what}实际完成多少？" if what else f"{p.year}年经济社会发展主要指标完成得怎么样？"
    plan = assistant.answer_one(plan_q, opts, {p.plan})
    labels = [f"计划（{p.year}年报告）", f"结果（{p.year + 1}年报告回顾{p.year}年）"]
    if not p.result:
        missing = Answer(result_q, f"库中没有{p.year + 1}年的报告，无法对照{p.year}年的完成情况。", True)
        answer = join(question, [plan, missing], labels=labels)
        text = answer.text.replace(f"{labels[1]}：报告没有给出。", f"{labels[1]}：{missing.text}")
        return replace(answer, text=text, abstained=plan.abstained)
    result = assistant.answer_one(result_q, opts, {p.result})
    answer = join(question, [plan, result], labels=labels)
    if result.abstained:
        text = answer.text.replace(f"{labels[1]}：报告没有给出。",
                                   f"{labels[1]}：{p.year + 1}年报告没有提到这一项的完成情况。")
        answer = replace(answer, text=text, abstained=plan.abstained)
    return answer
