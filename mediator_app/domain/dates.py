"""Dates written the way legal documents write them.

Year digit by digit with 〇 (U+3007, GB/T 15835 §5.2.5); month and day as counted numbers
(二〇二六年十一月二十二日). docs/legal-basis.md §7.3.
"""

from __future__ import annotations

import datetime as dt

_YEAR_DIGITS = "〇一二三四五六七八九"
_NUM = "零一二三四五六七八九"


def _counted(n: int) -> str:
    """1..31 as a counted Chinese number: 十, 十一, 二十, 三十一."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUM[tens] + "十")
    return head + (_NUM[ones] if ones else "")


def chinese_date(day: dt.date) -> str:
    """二〇二六年十一月二十二日"""
    year = "".join(_YEAR_DIGITS[int(c)] for c in f"{day.year:04d}")
    return f"{year}年{_counted(day.month)}月{_counted(day.day)}日"


def arabic_date(day: dt.date) -> str:
    """2026年11月22日 (GB/T 9704-2012 style, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_date(day: dt.date, style: str = "chinese") -> str:
    return chinese_date(day) if style == "chinese" else arabic_date(day)


def parse_date(text: str) -> dt.date:
    """Accept 2026-11-22, 2026/11/22, 2026.11.22 or 2026年11月22日; Chinese message on failure."""
    cleaned = text.strip().replace("年", "-").replace("月", "-").replace("日", "")
    cleaned = cleaned.replace("/", "-").replace(".", "-")
    try:
        y, m, d = (int(p) for p in cleaned.split("-"))
        return dt.date(y, m, d)
    except (ValueError, OverflowError):  # dt.date() overflows on absurdly long numbers
        raise ValueError("日期格式不正确，应为 2026-11-22") from None
