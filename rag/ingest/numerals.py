"""Chinese numerals up to 99: reading 十二 as 12, and writing 12 as 十二."""
from __future__ import annotations

DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
WRITTEN = "零一二三四五六七八九"


def read(numeral: str) -> int:
    """三 → 3, 十二 → 12, 二十 → 20; 0 for what is not a numeral of this kind."""
    if "十" not in numeral:
        return DIGITS.get(numeral, 0) if len(numeral) == 1 else 0
    tens, _, ones = numeral.rpartition("十")
    return 10 * (DIGITS.get(tens, 0) if tens else 1) + (DIGITS.get(ones, 0) if ones else 0)


def write(n: int) -> str:
    """4 → 四, 12 → 十二, 35 → 三十五; other numbers stay in digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else WRITTEN[tens]) + "十" if tens else "") + (WRITTEN[ones] if ones else "")
