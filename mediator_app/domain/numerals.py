"""Counted Chinese numbers (一, 十, 二十八, 一百零五) for quantities written out in documents.

GB/T 15835-2011 §5.2.5: a quantity writes zero as 零 (一百零五), unlike a year, which writes 〇
digit by digit (dates.py). Used for the number of copies of an agreement and for clause numbers.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
MAX_COUNT = 999


def chinese_count(n: int) -> str:
    """1..999 as a counted Chinese number: 1 一, 10 十, 28 二十八, 100 一百, 105 一百零五, 110 一百一十."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_COUNT:
        raise ValueError(f"chinese_count expects an int in 1..{MAX_COUNT}, got {n!r}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    if not hundreds:
        # A leading ten is written 十, not 一十 (十一, 十九).
        head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
        return head + (_DIGITS[ones] if ones else "")
    out = _DIGITS[hundreds] + "百"
    if tens:
        out += _DIGITS[tens] + "十"  # inside a larger number the ten keeps its digit: 一百一十
    elif ones:
        out += "零"
    if ones:
        out += _DIGITS[ones]
    return out
