"""The words around the quotes: a refusal that still quotes the closest sentence, a partial answer that says
what the report gives and what it lacks."""
from __future__ import annotations

import re
from dataclasses import replace

from rag.answer.extract.listing import heads
from rag.answer.extract.outline import heading_item
from rag.answer.rank.evidence import Candidate
from rag.answer.understand import measures
from rag.answer.understand.query import Query
from rag.ingest.sentences import sentences, strip_punct
from rag.types import Answer, Citation, Paragraph

QUOTE_CHARS = 90     # the closest sentence, quoted in a refusal, is cut to this length
MORE_CHARS = 300     # 「再具体一点」 reads on this far
FIGURE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|万亿|亿|万)?"
    r"(?:元|美元|人次|人|个|项|家|户|公里|千米|米|亩|吨|斤|平方米|套|所|座|张|辆|台|件|次|岁|年|天|倍|个百分点)?")


def refusal(query: Query, reason: str, closest: Candidate | None,
            other_year: int | None = None) -> tuple[str, tuple[Citation, ...]]:
    """「报告中没有找到…（reason）。最接近的内容是：“…”[1]」, citing the closest sentence when there is one;
    when that sentence is about another year than the one asked (`other_year`), it says which."""
    head = f"报告中没有找到“{query.text.strip()}”的答案（{reason}）。"
    if closest is None:
        return head, ()
    quote = closest.sentence.text
    shown = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "……"
    lead = f"报告讲到的是{other_year}年的情况" if other_year else "最接近的内容是"
    return f"{head}{lead}：“{strip_punct(shown)}”[1]。", (Citation(1, closest.paragraph, quote),)


def missing_figure(query: Query) -> str:
    """The lead of a partial answer to a number question whose figure the report does not give."""
    unit = query.unit if query.unit not in ("", "个", "年") else ""
    what = ("时间" if query.unit == "年" else measures.said(query.measure) if query.measure else
            "具体数字" + (f"（以“{unit}”计）" if unit else ""))
    return f"报告没有给出{what}；它提到："



def more(previous: Answer, limit: int = MORE_CHARS) -> Answer:
    """「再具体一点」: the previous answer's first passage, read on from where its quote starts."""
    if previous.abstained or not previous.citations:
        return replace(previous, text="上一个问题没有找到答案，无法展开。请换个问法。", abstained=True, citations=())
    c = previous.citations[0]
    text = c.paragraph.text
    start = max(text.find(c.quote), 0)
    spans = [(s, e) for s, e in sentences(text) if s >= start]
    end = start
    for _, e in spans:
        if e - start > limit and end > start:
            break
        end = e
    passage = text[start:end]
    return replace(previous, text=f"{strip_punct(passage)}[1]。", citations=(Citation(1, c.paragraph, passage),))


def item(question: str, ordinal: str, said: str, earlier: list[Answer]) -> Answer | None:
    """「第五个是什么？」: the item itself, cited where an earlier answer quoted it; None when none did."""
    for previous in reversed(earlier):
        for c in previous.citations:
            at = c.quote.find(said)
            if at >= 0 and not previous.abstained:
                quote = next((c.quote[s:e] for s, e in sentences(c.quote) if s <= at < e), c.quote)
                cited = (Citation(1, c.paragraph, quote),)
                return Answer(question, f"{ordinal}是：{strip_punct(said)}[1]。", False, cited)
    return None


def section(question: str, ordinal: str, paragraphs: list[Paragraph], which: bool) -> Answer:
    """「第三个方面讲了什么？」: the section's opening read on, and the subsections it is made of, each cited;
    「第三个是什么？」: its heading alone."""
    opening, subsections = paragraphs[0], paragraphs[1:]
    spans = sentences(opening.text)
    if which:
        head = opening.text[spans[0][0]:spans[0][1]] if spans else opening.section[-1]
        return Answer(question, f"{ordinal}是：{strip_punct(head)}[1]。", False, (Citation(1, opening, head),))
    read_on = more(Answer(question, "", False, (Citation(1, opening, opening.text[:spans[0][1]] if spans else ""),)))
    text, citations = read_on.text, list(read_on.citations)
    if not heads(opening):   # the heading stood alone: name it, then what its section says
        text = f"{strip_punct(opening.section[-1])}：{text}"
    if len(subsections) >= 2:
        parts = []
        for sub in subsections:
            name = heading_item(sub).text   # named as a list of headings names it, up to its first pause
            first = sentences(sub.text)
            citations.append(Citation(len(citations) + 1, sub, sub.text[first[0][0]:first[0][1]] if first else name))
            parts.append(f"{name}[{len(citations)}]")
        text += "下分：" + "；".join(parts) + "。"
    return Answer(question, text, False, tuple(citations))


def english(answer: Answer, query: Query) -> Answer:
    """An English lead built only from what was found: the figures of the cited text, then that text in Chinese."""
    body = re.sub(r"\[\d+\]", "", answer.text)
    if answer.abstained:
        lead = "The report does not say."
        if answer.citations:
            lead += " The closest passage is quoted below [1]."
        return replace(answer, text=f"{lead}\n{answer.text}")
    figures = list(dict.fromkeys(FIGURE.findall(body)))[:4] if query.kind in ("number", "compare") else []
    marks = "".join(f"[{c.n}]" for c in answer.citations)
    lead = (f"The report gives {', '.join(figures)} {marks}." if figures
            else f"The report says {marks}:")
    return replace(answer, text=f"{lead}\n{answer.text}")
