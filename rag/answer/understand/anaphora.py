"""What in a question points back to the chat, and what names a subject of its own (words in dialogue.json):
jieba tokens, so 其他、应该、这些年 are no pronouns, and 「那个低空经济」 names its own thing."""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

from rag.answer.understand.compound import PERIOD
from rag.answer.understand.query import QUESTION_WORDS, SOFT_WORDS
from rag.search.tokens import normalize

RULES = Path(__file__).with_name("dialogue.json")
NOT_TOPIC = QUESTION_WORDS | SOFT_WORDS | {"呢", "那", "那么", "还有", "另外", "具体", "讲", "说"}
ONE_CHAR_STOP = set("年月日天次个项件些点事人量数比")   # single characters that name no subject of their own
QUOTES = set("“「《\"'‘")                                # a quoted name follows: 这个“……”
QUOTED = re.compile(r"[“「《\"]([^”」》\"]{2,})[”」》\"]")
NOUN = ("n", "j", "eng", "vn", "nz", "ns", "nt")      # jieba's tags of words that can name a subject
SPAN_NOUNS = ("n", "j", "eng", "nz", "ns", "nt", "f", "b", "s", "a")   # a run names a subject only with one of these
SPAN_BREAKS = ("r", "m", "p", "u", "y", "c", "d", "q", "t", "x", "ad", "e", "o")   # what ends a run of words


@lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads(RULES.read_text(encoding="utf-8"))


@lru_cache(maxsize=256)
def tokens(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words and tags; one question is read several ways, so it is cut once."""
    import jieba.posseg

    return tuple((w.word, w.flag) for w in jieba.posseg.lcut(text))


@cache
def words(key: str) -> frozenset[str]:
    """One of dialogue.json's word lists, as a set."""
    return frozenset(rules()[key])


def _names(word: str, stop: frozenset[str]) -> bool:
    """Whether a token names something of its own (not a question word, a generic word or one stop character)."""
    return word not in NOT_TOPIC and word not in stop and word not in ONE_CHAR_STOP and word not in words("pronouns")


def topic(text: str, whole: bool = False) -> list[str]:
    """The question's own subject words: its nouns (「路」 too: 「今年要修哪些路」 names its subject), the generic ones
    (目标, 情况) aside. A question with none leaves its subject to the chat. `whole`: measures and set phrases too
    (what 「支出呢？」 swaps in)."""
    fresh = whole or bool(PERIOD.search(text))
    stop = _stop(fresh)
    tags = (*NOUN, "l", "i") if fresh else NOUN   # 「今年咋治理空气污染」: jieba calls 空气污染 an idiom
    cut = tokens(normalize(text))
    # after a distinguishing word (「大型」「新型」) comes a noun, whatever jieba tags it: 「大型展会」; so does what is
    # counted at the end of a question (「今年要种多少树」), unless it is a unit (「多少小时」)
    nouns = {i + 1 for i, (_, f) in enumerate(cut) if f == "b"} | _counted(cut)
    return [w for i, (w, f) in enumerate(cut) if (f.startswith(tags) or i in nouns) and _names(w, stop)]


def _stop(fresh: bool) -> frozenset[str]:
    """Words that name no subject: the generic ones, and the measures (收入, 投资) unless the question is fresh.
    A set phrase (jieba's "l": 粮食产量) or a measure is a subject only when the question names its year too, as a
    whole question does (「今年粮食产量目标？」); 「收入多少？」 asks about the chat's subject."""
    return words("generic_nouns") if fresh else words("generic_nouns") | words("measures")


def _counted(cut: Sequence[tuple[str, str]]) -> set[int]:
    """The position of what a question counts as it ends (多少树, 几棵树) when jieba missed it: one character, no
    unit (多少斤, 多少钱)."""
    asks = [i for i, (w, _) in enumerate(cut) if w in ("多少", "几", "好多")]
    if not asks:
        return set()
    at = asks[-1] + 1 + (asks[-1] + 1 < len(cut) and cut[asks[-1] + 1][1] == "q")
    ending = all(f in ("x", "y", "ul", "uj") for _, f in cut[at + 1:])
    # one character jieba took for a verb (树) is the thing counted; a longer verb is the predicate (多少提上来的)
    named = (at < len(cut) and len(cut[at][0]) == 1 and not cut[at][1].startswith(("m", "q", "x", "y", "u"))
             and cut[at][0] not in words("units"))
    return {at} if named and ending else set()


def content(text: str, whole: bool = False, known: str = "") -> list[str]:
    """Its subject words, everyday words that name a subject whatever jieba tags them (「怎么稳就业」「看病报销」
    「高速」), quoted terms and the report's own parts (「主要预期目标」「这份政府工作报告」): a question with none
    cannot stand on its own. Other verbs (「怎么落实？」「建成了吗？」) ask about the chat's subject."""
    named = words("subject_words") | words("measures") if whole or PERIOD.search(text) else (
        words("subject_words") - words("measures"))
    bare = PERIOD.sub("", text)   # 「政府今年自己」 names 政府自己
    parts = [p for p in rules()["report_parts"] if p in bare] + QUOTED.findall(text)   # 「“之都”」: the report's words
    return topic(text, whole) + parts + [w for w, _ in tokens(normalize(text)) if w in named] + phrases(text, known)


def phrases(text: str, known: str) -> list[str]:
    """Runs of the question's own words, three characters or more with a noun among them, that the reports use as
    they stand (「北方清洁取暖率」 → 清洁取暖): a subject jieba did not tag as one. `known`: the reports' text."""
    stop = _stop(bool(PERIOD.search(text)))   # 「总投资」 is a measure: no subject unless the year is named
    found: list[str] = []
    run: list[tuple[str, str]] = []
    for word, flag in (*tokens(normalize(text)), ("", "x")):
        if word and _names(word, stop) and not PERIOD.fullmatch(word) and not flag.startswith(SPAN_BREAKS):
            run.append((word, flag))
            continue
        spans = ((i, j) for i in range(len(run)) for j in range(len(run), i, -1)
                 if any(f.startswith(SPAN_NOUNS) for _, f in run[i:j]))
        said = next((s for i, j in spans if len(s := "".join(w for w, _ in run[i:j])) >= 3 and s in known), "")
        found += [said] if said else []
        run = []
    return found


def anaphor(tokens: Sequence[tuple[str, str]]) -> int | None:
    """The position of the first pronoun that points back into the chat. 「那个低空经济」 names its own thing
    (「这个增速」 does not), 「看病难、看病贵这些问题」 points back inside the question, 「这些年」 is a time."""
    data = rules()
    classes, stop = words("class_nouns"), words("generic_nouns")
    for i, (word, _) in enumerate(tokens):
        if word not in data["pronouns"]:
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if word + after[0] in data["not_pointing"]:
            continue
        said = "".join(w for w, _ in tokens[:i])
        inside = (any(f.startswith(NOUN) and _names(w, stop) for w, f in tokens[:i])
                  or any(p in said for p in data["report_parts"]) or bool(QUOTED.search(said)))
        # 「那个低空经济」「这些750千伏输变电工程」 name a thing; 「看病难、看病贵这些问题」 and
        # 「石雄城际铁路要开工了，它…」 point inside the question
        if inside or word in data["demonstratives"] and _named(tokens[i + 1:], classes):
            continue
        return i
    return None


def _named(rest: Sequence[tuple[str, str]], classes: frozenset[str]) -> bool:
    """Whether the words after a demonstrative name a thing of their own: a quoted name, the report itself, or a
    phrase of two nouns or verbs or more (「低空经济」「750千伏输变电工程」「城镇新增就业」), not one alone
    (「这个水平」「这些措施」「这个增速」)."""
    data = rules()
    if rest and rest[0][0] in data["the_report"]:
        return True
    measures = words("measures")
    nouns = 0
    for word, flag in rest:
        if word in QUOTES:
            return True
        if word in data["predicate"]:   # the phrase ends where its predicate starts: 「这些学校主要是…」
            break
        if flag.startswith((*NOUN, "v", "m", "q", "l", "f", "b", "a")):   # 首列、中、新; 适/老化/改造
            nouns += (flag.startswith(NOUN) and word not in classes or flag == "l"   # a verb after a noun: 城镇新增
                      or nouns > 0 and flag.startswith("v") and len(word) >= 2 and word not in measures)
            nouns += flag.startswith(NOUN) and len(word) >= 3 and word not in classes   # a long name: 人口普查
            continue
        break
    return nouns >= 2


def resolve(tokens: Sequence[tuple[str, str]], at: int, topic: str) -> str:
    """The question with the pronoun at `at` replaced by the chat's subject (「其中」 → 「<subject>中」)."""
    said = rules()["pronouns"][tokens[at][0]].format(topic=topic)
    return "".join(w for w, _ in tokens[:at]) + said + "".join(w for w, _ in tokens[at + 1:])
