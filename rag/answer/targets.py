"""A report's main targets (「主要预期目标是：…」), each beside what the next year's report says of it: the
promise-against-result view, and the answer to 「去年定的目标完成了吗？」."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.ingest.sentences import strip_punct
from rag.types import Citation, Paragraph

LEAD = re.compile(r"主要(?:预期)?目标(?:任务)?(?:是|为)?[：:]")
ITEM_END = re.compile(r"[；;，,。]")
FIGURE = re.compile(r"\d")
SUBJECT_END = re.compile(r"(?:增速|增长|增幅|涨幅|达到|控制在|保持在|下降|降低|提高|稳定在|完成|实现|新增(?=\d)|\d).*$")
MAX_TARGETS = 12


@dataclass(frozen=True)
class Target:
    paragraph: Paragraph
    text: str              # 「一般公共预算收入增长15%以上」, verbatim
    subject: str           # 「一般公共预算收入」: what the target is about


def main_targets(paragraphs: list[Paragraph]) -> list[Target]:
    """The items of a report's list of main targets for its year, in its order."""
    for p in paragraphs:
        m = LEAD.search(p.text)
        if not m or p.period == "past":
            continue
        end = p.text.find("。", m.end())
        body = p.text[m.end():end if end > 0 else len(p.text)]
        out = []
        for item in ITEM_END.split(body):
            item = item.strip()
            subject = SUBJECT_END.sub("", item).strip("的 ")
            if FIGURE.search(item) and len(subject) >= 2:
                out.append(Target(p, item, subject))
        if out:
            return out[:MAX_TARGETS]
    return []


def promises(evidence, plan_paragraphs: list[Paragraph], result_doc: str,
             year: int) -> list[tuple[Target, Citation | None]]:
    """Each main target among `plan_paragraphs`, with the sentence of `result_doc`'s review that reports on it
    (None when the later report does not mention it); `evidence(question, reports)` ranks evidence."""
    out = []
    for target in main_targets(plan_paragraphs):
        ev = evidence(f"{year}年{target.subject}实际完成多少", {result_doc})
        found = None
        for cand, _ in ev.scored[:5]:
            s = cand.sentence.text
            if cand.paragraph.period == "past" and _shares(target.subject, s) and FIGURE.search(s):
                found = Citation(0, cand.paragraph, s)
                break
        out.append((target, found))
    return out


def _shares(subject: str, text: str) -> bool:
    """The later report names the same thing: most of the subject's characters, in a stretch of the sentence."""
    chars = [c for c in subject if "\u4e00" <= c <= "\u9fff"]
    return bool(chars) and sum(c in text for c in chars) >= max(2, int(0.75 * len(chars)))


def promises_text(rows: list[tuple[Target, Citation | None]], year: int) -> tuple[str, tuple[Citation, ...]]:
    """「2024年报告定的主要目标，和2025年报告回顾的结果：…[1] → …[2]；…」 with every claim cited."""
    citations: list[Citation] = []
    numbers: dict[tuple[str, str], int] = {}

    def cite(paragraph: Paragraph, quote: str) -> int:
        key = (paragraph.doc, paragraph.id)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            citations.append(Citation(numbers[key], paragraph, quote))
        return numbers[key]

    parts = []
    for target, found in rows:
        planned = f"{strip_punct(target.text)}[{cite(target.paragraph, target.text)}]"
        result = (f"{strip_punct(found.quote)}[{cite(found.paragraph, found.quote)}]" if found
                  else f"{year + 1}年报告没有提到")
        parts.append(f"目标：{planned} → 结果：{result}")
    head = f"{year}年报告定的主要目标，和{year + 1}年报告回顾{year}年时说的结果："
    return head + "；".join(parts) + "。", tuple(citations)
