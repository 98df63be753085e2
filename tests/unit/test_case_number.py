"""Committee case numbers from a configurable pattern (docs/legal-basis.md §7.6)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediator_app.domain.case_number import format_case_number, shorten_case_number, validate_pattern
from mediator_app.domain.model import DEFAULT_CASE_NUMBER_PATTERN

_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_default_pattern() -> None:
    assert DEFAULT_CASE_NUMBER_PATTERN == "（{年}）{简称}调字第{序号}号"
    assert format_case_number(DEFAULT_CASE_NUMBER_PATTERN, 2026, "城关", 5) == "（2026）城关调字第5号"
    # Full-width parentheses in printed Chinese (docs/legal-basis.md §7.6).
    assert "(" not in format_case_number(DEFAULT_CASE_NUMBER_PATTERN, 2026, "城关", 5)


@pytest.mark.parametrize(
    ("pattern", "seq", "expected"),
    [
        ("（{年}）{简称}调字第{序号:03}号", 5, "（2026）城关调字第005号"),
        ("（{年}）{简称}调字第{序号:3}号", 5, "（2026）城关调字第005号"),
        ("（{年}）{简称}调字第{序号:03}号", 123, "（2026）城关调字第123号"),
        ("（{年}）{简称}调字第{序号:03}号", 1234, "（2026）城关调字第1234号"),  # widened, never cut
        ("（{年}）{简称}调字第{序号:0}号", 7, "（2026）城关调字第7号"),
        ("{简称}-{年}-{序号:5}", 42, "城关-2026-00042"),
        ("{年}{序号}", 1, "20261"),
        ("{年}人调{序号:4}号{简称}", 9, "2026人调0009号城关"),
    ],
)
def test_patterns(pattern: str, seq: int, expected: str) -> None:
    validate_pattern(pattern)
    assert format_case_number(pattern, 2026, "城关", seq) == expected


def test_tokens_may_repeat() -> None:
    assert format_case_number("{年}/{年}-{序号}-{序号:02}", 2026, "x", 3) == "2026/2026-3-03"


def test_short_name_is_inserted_literally() -> None:
    assert format_case_number(DEFAULT_CASE_NUMBER_PATTERN, 2026, "{序号}", 5) == "（2026）{序号}调字第5号"
    assert format_case_number(DEFAULT_CASE_NUMBER_PATTERN, 2026, r"a\1b", 5) == r"（2026）a\1b调字第5号"
    assert format_case_number(DEFAULT_CASE_NUMBER_PATTERN, 2026, "", 5) == "（2026）调字第5号"


@pytest.mark.parametrize(
    ("pattern", "keyword"),
    [
        ("（{年}）{简称}调字第号", "{序号}"),  # no sequence: numbers would repeat
        ("{简称}调字第{序号}号", "{年}"),  # no year: the sequence restarts every year
        ("", "{序号}"),
        ("（{年}）{简称}{月}调字第{序号}号", "只能使用"),
        ("（{年}）{委员会简称}调字第{序号}号", "只能使用"),
        ("（{年}）{简称}调字第{序号:12}号", "只能使用"),  # one-digit widths only
        ("（{年}）{简称}调字第{序号:x}号", "只能使用"),
        ("（{年}）{简称}调字第{序号}号}", "只能使用"),
        ("（{年}）{简称}调字第{{序号}号", "只能使用"),
        ("{年号}{序号}", "只能使用"),
        ("{年}{序号号}{序号}", "只能使用"),
    ],
)
def test_invalid_patterns(pattern: str, keyword: str) -> None:
    with pytest.raises(ValueError) as exc:
        validate_pattern(pattern)
    message = str(exc.value)
    assert _CJK.search(message), message
    assert keyword in message, message
    with pytest.raises(ValueError):
        format_case_number(pattern, 2026, "城关", 1)


@given(
    year=st.integers(min_value=2000, max_value=2100),
    short_name=st.text(alphabet="城关镇东西南北街道村人民调解委员会", min_size=1, max_size=8),
    seq=st.integers(min_value=1, max_value=99_999),
    width=st.integers(min_value=0, max_value=9),
)
def test_distinct_sequences_give_distinct_numbers(year: int, short_name: str, seq: int, width: int) -> None:
    pattern = f"（{{年}}）{{简称}}调字第{{序号:0{width}}}号"
    a = format_case_number(pattern, year, short_name, seq)
    b = format_case_number(pattern, year, short_name, seq + 1)
    assert a != b
    assert a.startswith(f"（{year}）{short_name}调字第")
    digits = a.removeprefix(f"（{year}）{short_name}调字第").removesuffix("号")
    assert int(digits) == seq
    assert len(digits) == max(width, len(str(seq)))


def test_a_shortened_number_keeps_its_year_and_sequence() -> None:
    number = "（2026）青山镇桃源村人民调解委员会调字第123号"
    assert shorten_case_number(number, lambda s: len(s) <= 14) == "（2026）青山…第123号"
    assert shorten_case_number(number, lambda s: len(s) <= 13) == "（2026）青…第123号"
    assert shorten_case_number(number, lambda s: len(s) <= 12) == "（2026）…第123号"
    assert shorten_case_number(number, lambda s: len(s) <= 11) is None  # the caller cuts it as it can
    assert shorten_case_number("(2026)朝和调字第5号", lambda s: len(s) <= 10) == "(2026)…第5号"


def test_a_number_of_another_shape_is_left_to_the_caller() -> None:
    assert shorten_case_number("朝和调字第5号（2026）", lambda _s: True) is None
    assert shorten_case_number("（2026）朝和调字5号", lambda _s: True) is None
    assert shorten_case_number("（2026）第5号", lambda s: len(s) <= 3) is None
