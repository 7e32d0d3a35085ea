"""Follow-up questions read with the chat before them: 「那今年呢？」「门票收入呢？」「它的目标是多少？」
「第三个方面讲了什么？」「再具体一点」 become standalone questions; a new topic is read as asked
(the words that decide it are in dialogue.json)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.understand import anaphora
from rag.answer.understand.compound import PERIOD, subject
from rag.ingest import numerals
from rag.types import Answer

MORE = re.compile(r"^(?:请|能不能|可以)?(?:再|更)?(?:具体|详细|展开|仔细)(?:一点|一些|些|点)?(?:地)?"
                  r"(?:说说|讲讲|谈谈|说一下|讲一下|介绍一下)?"
                  r"(?:具体)?(?:内容|数字|情况|措施)?[吗呢吧]?[？?。!！]?$|"
                  r"^(?:还有呢|然后呢|具体呢|详细点|多说一点|展开说说)[？?]?$")
ORDINAL = re.compile(r"(?:第([一二两三四五六七八九十]+|\d{1,2})|(最后))(?:一)?(?:个|项|条|点|方面|件|部分|块|大类)")
OPENING = re.compile(r"^(?:那么|那|还有|另外|然后)(?!些|个|里|边|时)")
ASKING = re.compile(r"多少|好多|几|哪|什么|怎么|如何|为什么|吗|是否|有没有|谁|何时|啥|咋|多长|多久|多大|多高|多远|还是|"
                    r"(.)不\1")   # 会不会, 是不是, 涨不涨; 高还是低
PAST = re.compile(r"去年|上年|前年|实际|完成了|实现了")
TARGET_WORDS = re.compile(r"的?(?:主要)?(?:预期|计划)?目标(?:是|定的|定了|为)?")
TARGET_TAIL = re.compile(r"的?(?:主要)?(?:预期|计划|发展)?(?:目标|计划)$")
LIST_TURNS = 3   # how far back a list answer is still the one 「第几个」 counts in


@dataclass(frozen=True)
class Turn:
    """An earlier turn of the chat: what was asked, how it was read, and the answer given."""
    question: str
    read_as: str
    answer: Answer | None = None


@dataclass(frozen=True)
class Reading:
    question: str          # the standalone question to answer
    changed: bool          # it differs from what was asked (the UI says how it was read)
    detail: bool = False   # 「再具体一点」: say more of the previous answer's passage
    note: str = ""         # why a follow-up could not be read (e.g. there is no third item)


def items_of(answer: Answer | None) -> list[str]:
    """The items of a list answer, as the answer carries them (never read back out of its text)."""
    if answer is None or answer.abstained:
        return []
    return list(answer.items) if len(answer.items) >= 2 else []


def counts(question: str) -> bool:
    """Whether the question counts in a list (「第二个」「最后一项」): only then is the list worth finding."""
    return bool(ORDINAL.search(question.strip()))


def enumerated(answer: Answer | None) -> list[str]:
    """The things the last answer's quoted sentence lists (「实施战略帅才、领军将才、产业英才、青年俊才…行动」): what
    「第二个」 counts in when the answer was not a list itself. Read from the quote the citation carries."""
    if answer is None or answer.abstained or not answer.citations:
        return []
    quote = answer.citations[0].quote.rstrip("。；;")
    for sep in ("；", ";", "、"):
        parts = [p.strip("，, ") for p in quote.split(sep)]
        if len(parts) >= 3 and all(2 <= len(p) <= 40 for p in parts):
            return parts
    return []


def read(question: str, history: list[Turn], items: list[str] | None = None) -> Reading:
    """The question as it reads after `history` (oldest first). `items`: the list the last answer was about,
    when the answer itself is not one (a list its quote gives, else the report's parts it cited)."""
    text = question.strip()
    if not history:
        return Reading(text, False)
    prev = history[-1].read_as or history[-1].question
    if MORE.match(text):
        return Reading(prev, True, detail=True)
    m = ORDINAL.search(text)
    if m:
        # the list being discussed: the last list answer of the last few turns (「第一件是什么？」「最后一件呢？」)
        listed = next((found for turn in reversed(history[-LIST_TURNS:]) if (found := items_of(turn.answer))), [])
        items = listed or list(items or [])
        n = len(items) if m.group(2) else int(m.group(1)) if m.group(1).isdigit() else numerals.read(m.group(1))
        if not items:
            return Reading(text, False, note="上一个回答不是一份清单，无法确定“第几个”指的是哪一项")
        if n > len(items):
            return Reading(text, False, note=f"上一个回答只列了{len(items)}项，没有第{m.group(1) or n}项")
        rest = ORDINAL.sub("", text).lstrip("的")
        return Reading(f"“{items[n - 1]}”" + (rest or "具体讲了什么？"), True)
    compared = _compared(text, prev)
    if compared:                                               # 「今年目标比去年多还是少？」: both years, side by side
        return Reading(compared, True)
    own = anaphora.content(text)
    periods = PERIOD.findall(text)
    pointing = anaphora.anaphor(anaphora.tokens(text)) is not None
    follows = bool(OPENING.match(text) or pointing or re.search(r"呢[？?]?$", text)) or not own
    if not follows:
        return Reading(text, False)
    topic = subject(prev)
    body = OPENING.sub("", text)
    carried = PERIOD.search(prev)
    if not periods and carried:                                # the year carries over too
        body = carried.group() + body
    words = anaphora.tokens(body)
    at = anaphora.anaphor(words) if pointing else None
    if at is not None:                                         # 「它今年的目标是多少？」
        said = anaphora.resolve(words, at, topic)
        if not ASKING.search(said):                            # 「其中农村居民的呢？」 asks what the chat asked
            said = re.sub(r"的?呢?[？?]?$", "", said) + _asked(prev, topic)
        return Reading(said, True)
    new = re.sub(r"呢[？?]?$", "", PERIOD.sub("", body)).strip("，, ")
    measure = not own and anaphora.content(text, whole=True)
    if (own or measure) and not ASKING.search(body):           # 「门票收入呢？」「支出呢？」: the thing changes
        swapped = (_swap_measure(prev, new) if measure else
                   prev.replace(topic, new, 1) if topic and topic in prev else new + prev)
        if swapped:
            swapped = re.sub(r"多少[\u4e00-\u9fff]{1,2}(?=[？?]?$)", "多少", swapped)  # 人次 does not count 收入
            return Reading(_with_periods(swapped, periods), True)
    if not own and periods and not ASKING.search(body):        # 「那今年呢？」: the year changes
        return Reading(_with_periods(prev, periods), True)
    if not own:                                                # 「今年的目标是多少？」: the subject carries over
        if PAST.search(body):                                  # what happened has no target: 「去年实际增长了多少？」
            topic = TARGET_TAIL.sub("", topic)
        lead = re.match(PERIOD, body)                          # the year first, as people ask: 「去年固定资产投资…」
        return Reading(lead.group() + topic + body[lead.end():] if lead else topic + body, True)
    return Reading(text, False)


def _compared(text: str, prev: str) -> str:
    """A follow-up that compares (比……多还是少, 跟去年比呢) reads as the earlier question asked for both years; '' when
    it names a subject of its own or the earlier question names no 今年/去年."""
    year, comparing = re.search(r"今年|去年", prev), anaphora.rules()["comparing"]
    if not year or not re.search(comparing, text) or anaphora.topic(re.sub(comparing, "", text)):
        return ""
    other = next((p for p in PERIOD.findall(text) if p != year.group()), "去年" if year.group() == "今年" else "今年")
    first, second = (prev, _with_periods(prev, [other]))
    if other == "去年":   # the earlier year first, as a comparison reads; what happened had no target
        first, second = TARGET_WORDS.sub("", second), first
    return first.rstrip("？?。") + "？" + second.rstrip("？?。") + "？"


def _swap_measure(question: str, measure: str) -> str:
    """`question` asking for `measure` instead of the measure it names (「…预算收入多少」 → 「…预算支出多少」); '' when
    it names none (then 「增速呢？」 goes with the chat's subject: 「基础研究投入增速」)."""
    named = [m for m in anaphora.rules()["measures"] if m in question and m != measure]
    if not named:
        return ""
    last = max(named, key=question.rfind)
    at = question.rfind(last)
    return question[:at] + measure + question[at + len(last):]


def _asked(question: str, topic: str) -> str:
    """What `question` asks about its `topic`: the words after it (「去年GDP增长多少？」 → 「增长多少？」)."""
    tail = question.split(topic, 1)[1] if topic and topic in question else ""
    m = ASKING.search(question)
    return tail if ASKING.search(tail) else question[m.start():] if m else "是多少？"


def _with_periods(text: str, periods: list[str]) -> str:
    """`text` with its years replaced by `periods` (or led by them when it names none)."""
    if not periods:
        return text
    if PERIOD.search(text):
        return PERIOD.sub(periods[0], text, count=1)
    return periods[0] + text

