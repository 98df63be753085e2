"""Committee case numbers from a configurable pattern (docs/legal-basis.md §7.6).

Default ``（{年}）{简称}调字第{序号}号``; the sequence runs per committee per calendar year and is
never reused (storage keeps the counter). ``{序号:03}`` pads the sequence to three digits.
"""

from __future__ import annotations

import re

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
