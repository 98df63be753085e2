"""Counted Chinese numbers (GB/T 15835-2011 §5.2.5: 零 inside a quantity)."""

from __future__ import annotations

import pytest

from mediator_app.domain.numerals import chinese_count


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (2, "二"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (27, "二十七"),
        (28, "二十八"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (115, "一百一十五"),
        (200, "二百"),
        (305, "三百零五"),
        (999, "九百九十九"),
    ],
)
def test_chinese_count(n: int, text: str) -> None:
    assert chinese_count(n) == text


@pytest.mark.parametrize("bad", [0, -1, 1000, True, 2.0])
def test_chinese_count_rejects_out_of_range(bad: object) -> None:
    with pytest.raises(ValueError):
        chinese_count(bad)  # type: ignore[arg-type]
