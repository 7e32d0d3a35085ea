"""Questions with several asks (「…增长多少？今年目标是多少？」) cut into standalone parts."""
from __future__ import annotations

import re

from rag.answer.understand.query import PATTERNS

# what asks, and how a subject is cut from a question, are data (question.json); 呢 asks too when a question is cut
ASKING = PATTERNS["ASKING"]
ASK = re.compile(PATTERNS["ASKING"].pattern + "|呢")
PERIOD, TAIL, LEADS = PATTERNS["PERIOD_WORD"], PATTERNS["SUBJECT_TAIL"], PATTERNS["PART_LEAD"]
COUNTED, AFTER = PATTERNS["COUNTED"], PATTERNS["AFTER_ASK"]   # 「几个海外仓」: what is counted; what trails an ask
SEP = re.compile(r"[？?；;，,]")
MAX_PARTS = 3


def subject(segment: str) -> str:
    """What a question is about: its words before the first question word, without the year and without the
    verbs and particles that trail it (「盛泰光电去年获得了哪些荣誉」 → 盛泰光电)."""
    m = ASK.search(segment)
    before = TAIL.sub("", PERIOD.sub("", segment[:m.start()] if m else segment).strip(" 的了是要")).strip(" 的")
    counted = COUNTED.match(segment, m.end()) if m else None   # 「新建了几个海外仓」: 海外仓 is what is counted
    if counted:
        return before + counted.group(1)
    if m and len(before) <= 1:   # the ask comes first: 「今年怎么稳房地产」「今年要建多少高标准农田」
        before += AFTER.sub("", PERIOD.sub("", segment[m.end():]))
    return before



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
