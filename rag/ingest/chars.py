"""Characters as a person would type them: the radicals and compatibility forms PDF text layers carry in place of
ordinary ideographs made ordinary, and invisible characters dropped from what people type."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Kangxi radicals (⼀ U+2F00 for 一), CJK compatibility ideographs (﨑 and the like) and Latin ligatures (ﬁ) map by
# NFKC; CJK Radicals Supplement (⻓ U+2ED3 for 长, ⺠ U+2EA0 for 民) and CJK strokes have no NFKC mapping and map by
# Unicode's Equivalent_Unified_Ideograph property, kept verbatim in EquivalentUnifiedIdeograph.txt. Only these
# blocks are touched; the rest stays verbatim.
ODD = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\u31c0-\u31ef\uf900-\ufaff\ufb00-\ufb06\U0002f800-\U0002fa1f]")
EQUIVALENTS = Path(__file__).with_name("EquivalentUnifiedIdeograph.txt")


@lru_cache(maxsize=1)
def equivalents() -> dict[str, str]:
    """Radical or stroke → its equivalent unified ideograph, from the Unicode data file."""
    table: dict[str, str] = {}
    for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) != 2:
            continue
        first, _, last = fields[0].strip().partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            table[chr(code)] = chr(int(fields[1].strip(), 16))
    return table


def _plain(m: re.Match) -> str:
    c = m.group()
    return equivalents().get(c) or unicodedata.normalize("NFKC", c)


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
