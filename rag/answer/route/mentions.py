"""Over a library of reports: how each is called, the best few when the question names none, and which
reports mention something (the words themselves, related words apart)."""
from __future__ import annotations

import re

from rag.answer.understand.query import Query
from rag.ingest.places import short
from rag.ingest.sentences import strip_punct
from rag.search.tokens import searchable
from rag.types import Answer, Citation, Report

BEST = 3            # at most this many reports answer a question that names no place
MARGIN = 1.0        # a report joins when its best sentence is within this much (logit) of the best one
TOPIC = re.compile(r"(?:提到|提及|讲到|说到|谈到|涉及|部署|提出)(?:了|过)?([^？?，,。]{2,24}?)"
                   r"(?:的|吗|呢|这件事|这个|相关)?(?:[？?。]|$)")
QUOTES = "“”\"「」‘’'"
RARE = 0.5          # a topic word in more than this share of the reports (产业, 经济, 基地) does not pick reports
FEW = 4             # in a library this small every topic word counts
MENTION_CHARS = 36  # the sentence quoted for each report that mentions something, cut around the term


def label(report: Report | None, doc: str) -> str:
    return short(report.place) if report and report.place else doc


def others_note(shown: int, pool: int) -> str:
    rest = pool - shown
    return f"（库中另有{rest}份报告未列出；在问题里写明地方，或在上方选择报告，可只看某一份。）" if rest > 0 else ""


def best_docs(scored, pool: tuple[str, ...]) -> list[str]:
    """The reports whose best candidate is close to the best one overall, best first."""
    best: dict[str, float] = {}
    for cand, score in scored:
        doc = cand.sentence.doc
        if doc in pool and doc not in best:
            best[doc] = score
    if not best:
        return []
    top = max(best.values())
    return [d for d, s in sorted(best.items(), key=lambda x: -x[1]) if s >= top - MARGIN][:BEST]


def _telling(terms: dict[str, tuple[str, ...]], docs: tuple[str, ...], texts: dict[str, str]) -> dict:
    """The topic's words that tell reports apart: 「沙戈荒新能源基地」 is found by 沙戈荒 (新能源 and 基地 are in
    most reports), 「油茶产业」 by 油茶. With none rare, the rarest one."""
    if len(docs) < FEW or len(terms) <= 1:
        return terms
    share = {t: sum(any(v in texts.get(d, "") for v in vs) for d in docs) / len(docs) for t, vs in terms.items()}
    rare = {t: vs for t, vs in terms.items() if share[t] <= RARE}
    rarest = min(terms, key=lambda t: (share[t], -len(t)))
    return rare or {rarest: terms[rarest]}


def mentions(query: Query, docs: tuple[str, ...], sentences_by_doc: dict[str, list], reports: dict[str, Report],
             texts: dict[str, str]) -> Answer:
    """「哪些报告提到了X」: every report whose text holds the topic, each with the first sentence that says it."""
    asked = TOPIC.search(query.norm)
    topic = asked.group(1) if asked else ""
    plain = re.sub(f"[{QUOTES}]", "", topic)
    terms = {t: v for t, v in query.terms.items()
             if (t in plain if plain else t not in {"地方", "省份", "城市", "报告"})}
    topic = topic or "、".join(terms) or query.text
    shown = topic if re.search(f"[{QUOTES}]", topic) else f"“{topic}”"   # 「“沙戈荒”新能源基地」 keeps its own quotes
    if plain and (not terms or len(terms) == 1 and plain in terms):
        terms = {plain: terms.get(plain, (plain,))}
    terms = _telling(terms, docs, texts)
    literal = {t: (t,) for t in terms}     # mentioning it means its own words are there, not a related word
    found = [d for d in docs if terms and all(t in texts.get(d, "") for t in literal)]
    kin = {t: tuple(v for v in vs if v != t) for t, vs in terms.items() if len(vs) > 1}   # the related words
    related = [d for d in docs if d not in found and any(v in texts.get(d, "") for vs in kin.values() for v in vs)]
    parts, citations = _quotes(found, literal, plain, sentences_by_doc, reports, [])
    near, citations = _quotes(related, {t: vs for t, vs in kin.items()}, "", sentences_by_doc, reports, citations,
                              any_term=True)
    if not parts:
        text = f"库中的{len(docs)}份报告都没有提到{shown}。"
        if near:
            text += f"相关的内容（不是原词）：{'；'.join(near)}。"
        return Answer(query.text, text, True, tuple(citations))
    text = f"提到{shown}的有{len(parts)}份报告：" + "；".join(parts) + "。"
    if near:
        text += f"另有{len(near)}份报告只提到相关的内容（不是原词）：" + "；".join(near) + "。"
    return Answer(query.text, text, False, tuple(citations), items=tuple(re.sub(r"\[\d+\]$", "", p) for p in parts))


def _quotes(docs: list[str], terms: dict, plain: str, sentences_by_doc: dict, reports: dict[str, Report],
            citations: list[Citation], any_term: bool = False) -> tuple[list[str], list[Citation]]:
    """For each report, the first sentence that holds the terms (`any_term`: one of them; the whole phrase as
    asked, when one does), cut around them and cited, numbered after `citations`."""
    parts, citations = [], list(citations)
    every = any if any_term else all
    for doc in docs:
        says = [(s, p) for s, p in sentences_by_doc[doc]
                if every(any(v in searchable(s.text) for v in vs) for vs in terms.values())]
        sentence, paragraph = next((sp for sp in says if plain and plain in searchable(sp[0].text)),
                                   says[0] if says else (None, None))
        if sentence is None or paragraph is None:
            continue
        n = len(citations) + 1
        text = sentence.text
        at = min((searchable(text).find(v) for vs in terms.values() for v in vs if v in searchable(text)), default=0)
        cut = text if len(text) <= MENTION_CHARS else text[max(0, at - 12):max(0, at - 12) + MENTION_CHARS]
        parts.append(f"{label(reports.get(doc), doc)}：“{strip_punct(cut)}”[{n}]")
        citations.append(Citation(n, paragraph, text))
    return parts, citations
