"""Chinese tokens for keyword search: jieba search mode, CJK bigrams, and the report's own terms."""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,12})[”\"」』]")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")
STOPWORDS = frozenset("""
的 了 是 在 和 与 及 等 对 把 被 为 以 于 从 到 中 上 下 也 都 就 还 又 或
并 其 该 这 那 有 个 吗 呢 啊 吧 呀 么 哪 谁 啥 咋 什么 多少 哪些 哪个 怎么
怎样 如何 为什么 是否 有没有 是不是 请问 一下 我们 咱们 我 你 他 它 报告 里 提到 说
讲
""".split())
_lock = threading.Lock()
_ready = threading.Event()   # jieba's dictionary is loaded


def normalize(text: str) -> str:
    """NFKC (full-width → ASCII) and lower case, so questions match the report's ASCII punctuation."""
    return unicodedata.normalize("NFKC", text).lower()


INSERTION = re.compile(r"\((?![一二三四五六七八九十]+\))([\u4e00-\u9fff、]{1,4})\)(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=16384)  # paragraph texts and their spans recur on every question
def searchable(text: str) -> str:
    """The normalised text, plus a reading without short insertions: 「新(扩)建」 also reads 「新扩建」 (扩建)."""
    norm = normalize(text)
    plain = INSERTION.sub(r"\1", norm)
    return norm if plain == norm else f"{norm}\n{plain}"


def _jieba():
    import jieba

    if not _ready.is_set():
        with _lock:
            if not _ready.is_set():
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _ready.set()
    return jieba


def report_terms(texts: Iterable[str]) -> list[str]:
    """Quoted terms of the reports themselves (“双圈”, “246”, “三攻坚一盘活”), for jieba's dictionary."""
    counts = Counter(normalize(m) for text in texts for m in QUOTED.findall(text))
    return sorted(t for t in counts if WORDLIKE.search(t))


def with_terms(tokens: list[str], norm: str, terms: Iterable[str]) -> list[str]:
    """`tokens` plus every report term the normalised text contains, each as one token. jieba's own
    dictionary is never changed, so the same text always gives the same tokens, whatever else was indexed."""
    return tokens + [t for t in terms if t in norm]


def words(text: str) -> list[str]:
    """jieba search-mode words without stopwords or punctuation."""
    return [w for w in _jieba().cut_for_search(normalize(text))
            if w.strip() and w not in STOPWORDS and WORDLIKE.search(w)]


def tokenize(text: str) -> list[str]:
    """Words plus CJK character bigrams, which catch terms jieba does not know."""
    norm = normalize(text)
    bigrams = [run[i:i + 2] for run in CJK_RUN.findall(norm) for i in range(len(run) - 1)]
    return words(norm) + [b for b in bigrams if b not in STOPWORDS]


NOUN_FLAGS = ("n", "j", "eng")


def is_noun(word: str) -> bool:
    """jieba's part-of-speech tagger says the word is a noun (or an abbreviation, or a Latin word)."""
    import jieba.posseg

    dictionary = _jieba().dt.FREQ
    if not word.isascii() and not dictionary.get(word):
        return False  # a guess of jieba's word-discovery model (「人会」), not a word
    pairs = jieba.posseg.lcut(word)
    return bool(pairs) and all(p.flag.startswith(NOUN_FLAGS) for p in pairs[-1:])
