"""Characters that PDF text layers carry in place of ordinary ones: Kangxi radicals and compatibility ideographs."""
from __future__ import annotations

import re
import unicodedata

# ⼀ (U+2F00 KANGXI RADICAL ONE) for 一, ⾼ for 高, 﨑-style compatibility ideographs for their unified forms:
# NFKC maps each to the ordinary character. Only these blocks are touched; the rest stays verbatim.
ODD = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
# CJK Radicals Supplement forms with no NFKC mapping that PDFs use for common characters.
SUPPLEMENT = {"\u2ed3": "长", "\u2ecb": "车", "\u2ec5": "见", "\u2ee2": "马", "\u2ea0": "民", "\u2ebb": "门",
              "\u2ec4": "西", "\u2ed8": "青", "\u2ee0": "食", "\u2ea6": "丬", "\u2ec1": "虎", "\u2ecf": "阝",
              "\u2ed7": "雨", "\u2ee3": "骨", "\u2eec": "齐", "\u2ef3": "龟", "\u2e8c": "小", "\u2e95": "彐"}


def _plain(m: re.Match) -> str:
    c = m.group()
    return SUPPLEMENT.get(c) or unicodedata.normalize("NFKC", c)


def ordinary(text: str) -> str:
    """`text` with radicals and compatibility ideographs replaced by the characters they stand for."""
    return ODD.sub(_plain, text)


INVISIBLE = ("Cc", "Cf", "Co", "Cs", "Cn")   # controls, zero-width and bidi marks, private use, unassigned


def visible(text: str) -> str:
    """`text` without control, format (zero-width, bidi) and unassigned characters; line breaks and tabs become
    spaces. What a person typed, as it can be shown and stored."""
    return "".join(" " if c in "\t\n\r\v\f\u2028\u2029" else c for c in text
                   if c in "\t\n\r\v\f\u2028\u2029" or unicodedata.category(c) not in INVISIBLE)


def has_words(text: str) -> bool:
    """Whether `text` holds a letter, ideograph or digit (「？？？！！！」 and emoji alone do not)."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)
