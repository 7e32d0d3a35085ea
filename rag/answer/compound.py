"""Questions with several asks (「…增长多少？今年目标是多少？」) cut into standalone parts, and their answers joined."""
from __future__ import annotations

import re
from dataclasses import replace

from rag.types import Answer, Citation

ASK = re.compile(r"多少|几(?![十百千万])|哪|好多(?![年次遍天])|什么|怎么|如何|为什么|为何|是否|有没有|"
                 r"谁|何时|多大|多高|多长|多远|第几|啥|咋|好多|怎样|吗|呢")
PERIOD = re.compile(r"(?:去年|今年|上年|明年|前年|(?:19|20)\d{2}\s*年(?:度)?)")
TAIL = re.compile(r"(?:实际|一共|总共|共|都|还|又)?"
                  r"(?:增长|达到|完成|实现|突破|下降|提高|提升|获得|取得|得到|拿到|是|有|为|要|了|"
                  r"到|过)+$")
LEADS = re.compile(r"^(?:那么?|它的?|其|另外|又|还|并且|而且|以及|同时|比上年|比去年)")
COUNTED = re.compile(r"(?:个|家|所|座|项|条|件|名|位|批|处|户|种|类)([\u4e00-\u9fff]{2,8}?)(?:呢|啊|吗)?[？?]?$")
SEP = re.compile(r"[？?；;，,]")
MAX_PARTS = 3


def subject(segment: str) -> str:
    """What a question is about: its words before the first question word, without the year and without the
    verbs and particles that trail it (「盛泰光电去年获得了哪些荣誉」 → 盛泰光电)."""
    m = ASK.search(segment)
    before = TAIL.sub("", PERIOD.sub("", segment[:m.start()] if m else segment).strip(" 的了是要")).strip(" 的")
    counted = COUNTED.match(segment, m.end()) if m else None   # 「新建了几个海外仓」: 海外仓 is what is counted
    return before + counted.group(1) if counted else before



def asks(question: str) -> list[str]:
    """The asking segments of a question as the user wrote them (what a missing part is called)."""
    return [s.strip() for s in SEP.split(question) if s.strip() and ASK.search(s)]


def split(question: str) -> list[str]:
    """The standalone parts of `question` (just [question] when it asks one thing). A later part borrows the
    first one's subject, and its year when it names none: 「…去年完成了多少？今年目标是多少？」."""
    segments = [s.strip() for s in SEP.split(question) if s.strip()]
    asks = [i for i, s in enumerate(segments) if ASK.search(s)]
    if len(asks) < 2:
        return [question]
    topic = "".join(segments[:asks[0]])                  # 「国家高新技术企业数量，去年…」: said once, for all
    first = segments[asks[0]]
    topic_words, period = subject(first), PERIOD.search(first)
    parts = [topic + first]
    for i in asks[1:MAX_PARTS]:
        part = LEADS.sub("", segments[i])
        if topic_words not in part:  # a later ask rarely repeats its subject; borrowing it does little harm
            part = topic_words + part
        if period and not PERIOD.search(part):
            part = period.group() + part
        parts.append(topic + part)
    return [p + "？" for p in parts]


def join(question: str, answers: list[Answer], asked: list[str] | None = None,
         labels: list[str] | None = None) -> Answer:
    """One Answer from the parts' answers: texts in order, citations renumbered across them. It is a refusal
    only when every part is refused; a missing part says so on its own. `labels` (places) lead their parts
    and keep the parts for a side-by-side table."""
    numbers: dict[tuple[str, str], int] = {}
    citations: list[Citation] = []
    texts: list[str] = []
    parts: list[tuple[str, Answer]] = []
    for i, (answer, part_asked) in enumerate(zip(answers, asked or [a.question for a in answers])):
        local = {}
        for c in answer.citations:
            key = (c.paragraph.doc, c.paragraph.id)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                citations.append(replace(c, n=numbers[key]))
            local[c.n] = numbers[key]
        text = re.sub(r"\[(\d+)\]", lambda m: f"[{local.get(int(m.group(1)), m.group(1))}]", answer.text)  # noqa: B023
        if labels:
            body = "报告没有给出。" if answer.abstained else text
            text = f"{labels[i]}：{body}"
            parts.append((labels[i], replace(answer, text=body, citations=tuple(
                replace(c, n=local[c.n]) for c in answer.citations))))
        elif answer.abstained and len(answers) > 1:  # a missing part says so briefly, the others still stand
            text = f"（{part_asked.rstrip('？?')}：报告没有给出。）"
        if text not in texts:
            texts.append(text)
    first = answers[0]
    timings = {"parts": float(len(answers)), "total": sum(a.timings_ms.get("total", 0.0) for a in answers)}
    hits = tuple(dict.fromkeys(h for a in answers for h in a.hits))
    probability = min((a.confidence for a in answers if a.confidence is not None), default=None)
    return Answer(question, "".join(texts), all(a.abstained for a in answers), tuple(citations), hits,
                  first.mode, first.note, timings, probability, first.read_as, tuple(parts),
                  tuple(i for a in answers if not a.abstained for i in a.items))
