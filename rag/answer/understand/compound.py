"""Questions with several asks (「…增长多少？今年目标是多少？」) cut into standalone parts."""
from __future__ import annotations

import re

ASK = re.compile(r"多少|几(?![十百千万])|哪|好多(?![年次遍天])|什么|怎么|如何|为什么|为何|是否|有没有|"
                 r"谁|何时|多大|多高|多长|多远|第几|啥|咋|好多|怎样|吗|呢")
PERIOD = re.compile(r"(?:去年|今年|上年|明年|前年|(?:19|20)\d{2}\s*年(?:度)?)")
TAIL = re.compile(r"(?:实际|一共|总共|共|都|还|又)?"
                  r"(?:增长|达到|完成|实现|突破|下降|提高|提升|获得|取得|得到|拿到|是|有|为|要|了|"
                  r"到|过)+$")
LEADS = re.compile(r"^(?:那么?|它的?|其|另外|又|还|并且|而且|以及|同时|比上年|比去年)")
COUNTED = re.compile(r"(?:个|家|所|座|项|条|件|名|位|批|处|户|种|类)([\u4e00-\u9fff]{2,8}?)(?:呢|啊|吗)?[？?]?$")
AFTER = re.compile(r"^[的了是要]+|[呢吗啊吧了？?。!！\s]+$")   # what trails an ask that comes before its subject
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
