"""Masks personal data (ID, bank card and phone numbers, e-mail addresses) before anything is stored."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES = Path(__file__).with_name("privacy.json")


@dataclass(frozen=True)
class Mask:
    name: str
    pattern: re.Pattern
    mask: str
    examples: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def masks() -> tuple[Mask, ...]:
    data = json.loads(RULES.read_text(encoding="utf-8"))
    return tuple(Mask(m["name"], re.compile(m["pattern"]), m["mask"], tuple(map(tuple, m["examples"])))
                 for m in data["masks"])


# full-width digits, letters and the signs numbers and addresses use, read as ASCII (「１３８…」 is a phone number);
# other characters, 「？」 and 「，」 among them, stay as typed
NARROW = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFF01, 0xFF5F)
          if unicodedata.normalize("NFKC", chr(c)).isalnum() or chr(c) in "＠．＋－＿％"}


def mask(text: str | None) -> str:
    """`text` with every personal number and address replaced by its kind (「[手机号]」)."""
    out = (text or "").translate(NARROW)
    for m in masks():
        out = m.pattern.sub(m.mask, out)
    return out
