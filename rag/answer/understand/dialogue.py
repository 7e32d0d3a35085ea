"""Follow-up questions read with the chat before them: 「那今年呢？」「门票收入呢？」「它的目标是多少？」
「第三个方面讲了什么？」「再具体一点」 become standalone questions; a new topic is read as asked
(the words that decide it are in dialogue.json)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.understand import anaphora
from rag.answer.understand.compound import ASKING, PERIOD, subject
from rag.ingest import numerals
from rag.types import Answer

PATTERNS = {name: re.compile(pattern) for name, pattern in anaphora.rules()["patterns"].items()}   # dialogue.json
MORE, ORDINAL, OPENING = PATTERNS["more"], PATTERNS["ordinal"], PATTERNS["opening"]   # 再具体一点; 第三个; 那…
PAST, TARGET_WORDS, TARGET_TAIL = PATTERNS["happened"], PATTERNS["target_words"], PATTERNS["target_tail"]
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
    item: str = ""         # 「第五个…」: the item counted to, as the list gave it
    ordinal: str = ""      # how the question counted (第五个)
    which: bool = False    # 「第五个是什么？」 asks only which item it is


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
    led = re.split(r"[:：]", quote, maxsplit=1)
    quote = led[-1]   # 「主要预期目标是：」 leads the list, it is no item; after such a lead, commas part the items
    for sep in ("；", ";", "、", *(("，", ",") if len(led) == 2 else ())):
        parts = [p.strip("，, ") for p in quote.split(sep)]
        if len(parts) >= 3 and all(2 <= len(p) <= 60 for p in parts):
            return parts
    return []


def read(question: str, history: list[Turn], items: list[str] | None = None, known: str = "") -> Reading:
    """The question as it reads after `history` (oldest first). `items`: the list the last answer was about,
    when the answer itself is not one (a list its quote gives, else the report's parts it cited). `known`: the
    reports' text, where a subject jieba does not see may be found (anaphora.phrases)."""
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
        picked = _numbered(items, n) if not m.group(2) else items[-1]
        rest = re.sub(r"^(?:其中|里面|当中)?的?", "", ORDINAL.sub("", text).strip())   # 「其中第三条讲的啥」
        carried = PERIOD.search(prev) if not PERIOD.search(text) else None   # 去年's list: 去年's item
        said = (carried.group() if carried else "") + f"“{picked}”" + (rest or "具体讲了什么？")
        which = PATTERNS["which_item"].match(rest) is not None
        return Reading(said, True, item=picked, ordinal=m.group(0), which=which)
    compared = _compared(text, prev, known)
    if compared:                                               # 「今年目标比去年多还是少？」: both years, side by side
        return Reading(compared, True)
    own = anaphora.content(text, known=known)
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
    if own and periods and TARGET_WORDS.search(text) and not OPENING.match(text) and not ASKING.search(body):
        return Reading(text, False)                            # 「今年就业目标呢？」 says what and when
    if (own or measure) and not ASKING.search(body):           # 「门票收入呢？」「支出呢？」: the thing changes
        swapped = (_swap_measure(prev, new) if measure else
                   prev.replace(topic, _narrowed(topic, new), 1) if topic and topic in prev else new + prev)
        if swapped:
            swapped = re.sub(r"(多少|好多)[\u4e00-\u9fff]{1,2}(?=[？?]?$)", r"\1", swapped)  # 人次 does not count 收入
            return Reading(_with_periods(swapped, periods), True)
    if not own and periods and not ASKING.search(body):        # 「那今年呢？」: the year changes
        return Reading(_with_periods(prev, periods), True)
    if not own:                                                # 「今年的目标是多少？」: the subject carries over
        if PAST.search(body):                                  # what happened has no target: 「去年实际增长了多少？」
            topic = TARGET_TAIL.sub("", topic)
        lead = re.match(PERIOD, body)                          # the year first, as people ask: 「去年固定资产投资…」
        return Reading(lead.group() + topic + body[lead.end():] if lead else topic + body, True)
    return Reading(text, False)


def _numbered(items: list[str], n: int) -> str:
    """The n-th item: the one numbered n when the items carry their numbers (「（五）」「三是」), else the n-th."""
    for it in items:
        marked = PATTERNS["numbered"].match(it)
        number = next((g for g in marked.groups() if g), "") if marked else ""
        if number and (int(number) if number.isdigit() else numerals.read(number)) == n:
            return it
    return items[n - 1]


def _compared(text: str, prev: str, known: str) -> str:
    """A follow-up that compares (比……多还是少, 跟去年比呢) reads as the earlier question asked for both years; '' when
    it names a subject of its own or the earlier question names no 今年/去年."""
    year, comparing = re.search(r"今年|去年", prev), anaphora.rules()["comparing"]
    # its own subject, after the comparison or before it (「去年盗窃和诈骗的案子比前年少了多少」)
    before = PERIOD.sub("", text.split("比", 1)[0])
    if not year or not re.search(comparing, text) or anaphora.topic(re.sub(comparing, "", text)) or anaphora.content(
            before, known=known):
        return ""
    other = next((p for p in PERIOD.findall(text) if p != year.group()), "去年" if year.group() == "今年" else "今年")
    first, second = (prev, _with_periods(prev, [other]))
    if other == "去年":   # the earlier year first, as a comparison reads; what happened had no target
        first, second = TARGET_WORDS.sub("", second), first
    return first.rstrip("？?。") + "？" + second.rstrip("？?。") + "？"


def _narrowed(topic: str, new: str) -> str:
    """What a swap puts in the place of the chat's `topic`: `new`, or the topic narrowed when `new` names its first
    word more narrowly (「制造业企业呢？」 after 「企业研发费用加计扣除…」 → 制造业企业研发费用加计扣除)."""
    head = anaphora.tokens(new)[-1][0] if new else ""
    if len(head) >= 2 and new != head and topic.startswith(head) and len(topic) > len(head) + 1:
        return new + topic[len(head):]
    return new


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

