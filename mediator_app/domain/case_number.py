"""Committee case numbers from a configurable pattern (docs/legal-basis.md §7.6).

Default ``（{年}）{简称}调字第{序号}号``; the sequence runs per committee per calendar year and is
never reused (storage keeps the counter). ``{序号:03}`` pads the sequence to three digits.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TOKEN = re.compile(r"\{(年|简称|序号)(?::0?(\d))?\}")


def validate_pattern(pattern: str) -> None:
    if "{序号" not in pattern:
        raise ValueError("编号格式必须包含{序号}，否则编号会重复")
    if "{年" not in pattern:
        raise ValueError("编号格式必须包含{年}，序号按年度重新开始")
    leftovers = _TOKEN.sub("", pattern)
    if "{" in leftovers or "}" in leftovers:
        raise ValueError("编号格式中只能使用{年}、{简称}、{序号}")


def format_case_number(pattern: str, year: int, short_name: str, seq: int) -> str:
    validate_pattern(pattern)

    def sub(m: re.Match[str]) -> str:
        name, width = m.group(1), int(m.group(2) or 0)
        if name == "年":
            return str(year)
        if name == "简称":
            return short_name
        return str(seq).zfill(width)

    return _TOKEN.sub(sub, pattern)


# A year in brackets at the start (（2026） or (2026)), and the sequence from its 第 on: the parts that
# tell one case from another in a list too narrow for the whole number.
_YEAR_HEAD = re.compile(r"^[（(]\d{4}[）)]")
_SEQUENCE = re.compile(r"第[^第]*$")


def shorten_case_number(number: str, fits: Callable[[str], bool]) -> str | None:
    """The number shortened in the middle for a narrow list, its year and 第…号 kept whole: 「（2026）青山…第5
    号」 rather than a cut through the year. As much of the middle's start (the committee's short name) as
    `fits` allows. None when the number does not start with a bracketed year and end with 第…, or when not
    even the year, an ellipsis and the sequence fit (the caller then cuts it as it can)."""
    head = _YEAR_HEAD.match(number)
    tail = _SEQUENCE.search(number)
    if head is None or tail is None or tail.start() < head.end():
        return None
    middle = number[head.end() : tail.start()]
    for keep in range(len(middle) - 1, -1, -1):
        candidate = f"{head.group()}{middle[:keep]}…{tail.group()}"
        if fits(candidate):
            return candidate
    return None
