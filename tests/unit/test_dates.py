"""Dates as legal documents write them (docs/legal-basis.md §7.3)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediator_app.domain.dates import arabic_date, chinese_date, format_date, parse_date

_CJK = re.compile(r"[\u4e00-\u9fff]")
IDEOGRAPHIC_ZERO = "\u3007"  # 〇
WHITE_CIRCLE = "\u25cb"  # ○, looks the same and is wrong


def test_domain_example() -> None:
    assert chinese_date(dt.date(2026, 11, 22)) == "二〇二六年十一月二十二日"


def test_year_zero_is_ideographic_number_zero() -> None:
    text = chinese_date(dt.date(2026, 11, 22))
    assert text[1] == IDEOGRAPHIC_ZERO
    assert WHITE_CIRCLE not in text
    assert "零" not in text
    assert "0" not in text
    assert "O" not in text


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2000, 1, 1), "二〇〇〇年一月一日"),
        (dt.date(2010, 10, 10), "二〇一〇年十月十日"),
        (dt.date(2012, 7, 1), "二〇一二年七月一日"),
        (dt.date(2016, 8, 29), "二〇一六年八月二十九日"),
        (dt.date(2019, 12, 31), "二〇一九年十二月三十一日"),
        (dt.date(2024, 2, 29), "二〇二四年二月二十九日"),
        (dt.date(2025, 9, 20), "二〇二五年九月二十日"),
        (dt.date(2026, 3, 30), "二〇二六年三月三十日"),
        (dt.date(2026, 6, 11), "二〇二六年六月十一日"),
        (dt.date(2026, 4, 19), "二〇二六年四月十九日"),
        (dt.date(2026, 5, 21), "二〇二六年五月二十一日"),
        (dt.date(1999, 11, 5), "一九九九年十一月五日"),
        (dt.date(1949, 10, 1), "一九四九年十月一日"),
        (dt.date(987, 6, 15), "〇九八七年六月十五日"),
    ],
)
def test_chinese_date_table(day: dt.date, expected: str) -> None:
    assert chinese_date(day) == expected


_COUNTED = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
    "二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九", "三十", "三十一",
]  # fmt: skip


def test_every_month_and_day_in_a_year() -> None:
    day = dt.date(2024, 1, 1)
    while day.year == 2024:
        assert chinese_date(day) == f"二〇二四年{_COUNTED[day.month - 1]}月{_COUNTED[day.day - 1]}日"
        day += dt.timedelta(days=1)


_YEAR_DIGIT = dict(zip("〇一二三四五六七八九", range(10), strict=True))
_SMALL = dict(zip("一二三四五六七八九", range(1, 10), strict=True))


def _read_counted(text: str) -> int:
    """Independent reader for 一 .. 三十一."""
    if "十" not in text:
        assert len(text) == 1
        return _SMALL[text]
    tens, _, ones = text.partition("十")
    return (_SMALL[tens] if tens else 1) * 10 + (_SMALL[ones] if ones else 0)


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_chinese_date_reads_back(day: dt.date) -> None:
    text = chinese_date(day)
    m = re.fullmatch(
        r"([〇一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", text
    )
    assert m, text
    year = int("".join(str(_YEAR_DIGIT[c]) for c in m.group(1)))
    assert dt.date(year, _read_counted(m.group(2)), _read_counted(m.group(3))) == day
    assert WHITE_CIRCLE not in text
    assert "零" not in text
    assert not re.search(r"[0-9A-Za-z两廿卅]", text)
    assert not m.group(2).startswith("一十") and not m.group(3).startswith("一十")


@given(st.dates())
def test_arabic_date_has_no_leading_zeros(day: dt.date) -> None:
    text = arabic_date(day)
    assert text == f"{day.year}年{day.month}月{day.day}日"
    assert not re.search(r"(^|[年月])0", text)


def test_arabic_date_example() -> None:
    assert arabic_date(dt.date(2012, 7, 1)) == "2012年7月1日"
    assert arabic_date(dt.date(2026, 11, 22)) == "2026年11月22日"


def test_format_date_styles() -> None:
    day = dt.date(2026, 11, 22)
    assert format_date(day) == "二〇二六年十一月二十二日"
    assert format_date(day, "chinese") == "二〇二六年十一月二十二日"
    assert format_date(day, "arabic") == "2026年11月22日"


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-22",
        "2026/11/22",
        "2026.11.22",
        "2026年11月22日",
        " 2026-11-22 ",
        "2026-11-22\n",
        "2026年11月22",
    ],
)
def test_parse_date_accepts(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 11, 22)


def test_parse_date_without_leading_zeros() -> None:
    assert parse_date("2026-1-5") == dt.date(2026, 1, 5)
    assert parse_date("2026年1月5日") == dt.date(2026, 1, 5)
    assert parse_date("2026/01/05") == dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2026-11",
        "2026-11-22-1",
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "0-1-1",
        "abc",
        "二〇二六年十一月二十二日",
        "2026--22",
        "22/11/2026",
        "99999999999999999999-1-1",  # int() copes, dt.date overflows
        "2026-99999999999999999999-1",
    ],
)
def test_parse_date_rejects_with_chinese_message(text: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse_date(text)
    message = str(exc.value)
    assert _CJK.search(message), message
    assert "日期" in message


@given(st.dates())
def test_parse_date_round_trips(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(arabic_date(day)) == day
    assert parse_date(f"{day.year}/{day.month}/{day.day}") == day


@given(st.text(max_size=30))
def test_parse_date_only_ever_raises_value_error(text: str) -> None:
    try:
        parse_date(text)
    except ValueError as exc:
        assert _CJK.search(str(exc))
