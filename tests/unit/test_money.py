"""Money in 分 and 大写 amounts (PBOC rules, docs/legal-basis.md §7.4)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mediator_app.domain.money import MAX_FEN, Money, to_daxie

_CJK = re.compile(r"[\u4e00-\u9fff]")
ALLOWED = set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")


def yuan(text: str) -> int:
    """'1680.32' -> 168032 分, without going through float."""
    return int(Decimal(text) * 100)


# --- PBOC examples (docs/legal-basis.md §7.4) --------------------------------------------------------

PBOC_EXAMPLES = [
    # Where the rules allow two spellings, the implementation writes the one docs/legal-basis.md §7.4 names.
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
    ("107000.53", "壹拾万柒仟元零伍角叁分"),
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("12000", "壹万贰仟元整"),
]


@pytest.mark.parametrize(("amount", "expected"), PBOC_EXAMPLES)
def test_pboc_examples(amount: str, expected: str) -> None:
    assert Money(yuan(amount)).daxie() == expected
    assert to_daxie(yuan(amount)) == expected


def test_legal_form() -> None:
    assert Money(1_200_000).legal() == "人民币壹万贰仟元整（¥12,000.00）"
    # 人民币 directly before the amount, no gap (rule 3); figures preceded by ¥ (rule 5).
    assert Money(yuan("16409.02")).legal() == "人民币壹万陆仟肆佰零玖元零贰分（¥16,409.02）"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角"),
        ("0.56", "伍角陆分"),
        ("1", "壹元整"),
        ("10", "壹拾元整"),  # rule 6: a leading ten is 壹拾
        ("10.05", "壹拾元零伍分"),
        ("10.50", "壹拾元零伍角"),
        ("11", "壹拾壹元整"),
        ("100", "壹佰元整"),
        ("101", "壹佰零壹元整"),
        ("110", "壹佰壹拾元整"),
        ("1001", "壹仟零壹元整"),
        ("1010", "壹仟零壹拾元整"),
        ("1100.01", "壹仟壹佰元零壹分"),
        ("10000", "壹万元整"),
        ("10010", "壹万零壹拾元整"),
        ("10100", "壹万零壹佰元整"),
        ("100000", "壹拾万元整"),
        ("110000", "壹拾壹万元整"),
        ("1007000", "壹佰万柒仟元整"),
        ("1000100", "壹佰万零壹佰元整"),
        ("1000000.10", "壹佰万元零壹角"),
        ("100000000", "壹亿元整"),
        ("100010000", "壹亿零壹万元整"),
        ("100000001", "壹亿零壹元整"),
        ("100001000", "壹亿零壹仟元整"),
        ("1000000000", "壹拾亿元整"),
        ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
    ],
)
def test_daxie_table(amount: str, expected: str) -> None:
    assert to_daxie(yuan(amount)) == expected


def test_daxie_rejects_negative() -> None:
    with pytest.raises(ValueError):
        to_daxie(-1)


def test_daxie_of_the_largest_amount() -> None:
    text = Money(MAX_FEN).daxie()
    assert set(text) <= ALLOWED
    assert text.endswith("玖角玖分")
    assert read_daxie(text)[0] == MAX_FEN


# --- an independent reader of 大写, used for the round trip ------------------------------------------

_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖") if i}
_SMALL = {"拾": 1, "佰": 2, "仟": 3}
_BIG = {"万": 4, "亿": 8, "万亿": 12}
_FRACTION = re.compile(r"(零)?(?:([壹贰叁肆伍陆柒捌玖])角)?(?:([壹贰叁肆伍陆柒捌玖])分)?(整)?")

# (digit, power of ten, whether a 零 was written right before it); power -1 is 角, -2 is 分.
Digits = list[tuple[int, int, bool]]


def _tokens(text: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        if text.startswith("万亿", i):
            out.append(("big", 12))
            i += 2
            continue
        c = text[i]
        if c in _DIGIT:
            out.append(("digit", _DIGIT[c]))
        elif c in _SMALL:
            out.append(("small", _SMALL[c]))
        elif c in _BIG:
            out.append(("big", _BIG[c]))
        elif c == "零":
            out.append(("zero", 0))
        else:
            raise ValueError(f"unexpected {c!r} in the integer part of {text!r}")
        i += 1
    return out


def _check_shape(tokens: list[tuple[str, int]], text: str) -> None:
    # Shape, left to right: every digit is followed by a unit or ends the part; every unit follows a
    # digit (so a leading ten must be 壹拾); 零 only between two groups and never twice in a row.
    for k, (kind, _) in enumerate(tokens):
        prev = tokens[k - 1][0] if k else None
        nxt = tokens[k + 1][0] if k + 1 < len(tokens) else None
        if kind == "digit" and nxt not in ("small", "big", None):
            raise ValueError(f"digit without a unit in {text!r}")
        if kind == "small" and prev != "digit":
            raise ValueError(f"unit without a digit in {text!r}")
        if kind == "big" and prev not in ("digit", "small", "big"):
            raise ValueError(f"big unit in the wrong place in {text!r}")
        if kind == "zero" and (prev is None or nxt != "digit"):
            raise ValueError(f"misplaced 零 in {text!r}")


def _place_values(tokens: list[tuple[str, int]], text: str) -> Digits:
    # Powers, right to left: a big unit sets the base for what precedes it; a smaller big unit
    # before a larger one compounds with it (壹万零壹亿 = 10001 亿).
    base, level, small = 0, 0, 0
    reversed_digits: Digits = []
    zero_after = False
    for kind, value in reversed(tokens):
        if kind == "big":
            if value > level:
                base = level = value
            else:
                base = level + value
                level = base
            small = 0
        elif kind == "small":
            small = value
        elif kind == "zero":
            zero_after = True
        else:
            reversed_digits.append((value, base + small, False))
            if zero_after and len(reversed_digits) > 1:
                d, p, _ = reversed_digits[-2]
                reversed_digits[-2] = (d, p, True)
            zero_after = False
            small = 0
    digits = list(reversed(reversed_digits))
    powers = [p for _, p, _ in digits]
    if powers != sorted(set(powers), reverse=True):
        raise ValueError(f"places out of order in {text!r}: {powers}")
    return digits


def _read_integer(text: str) -> Digits:
    tokens = _tokens(text)
    _check_shape(tokens, text)
    return _place_values(tokens, text)


def read_daxie(text: str) -> tuple[int, Digits, bool]:
    """Read a 大写 amount back: (fen, digits high to low, whether it ends with 整). Strict about shape."""
    if text == "零元整":
        return 0, [], True
    if text.count("元") > 1:
        raise ValueError(f"several 元 in {text!r}")
    int_text, _, frac_text = text.rpartition("元")
    digits = _read_integer(int_text) if int_text else []
    if "元" not in text and not frac_text:
        raise ValueError("empty")
    m = _FRACTION.fullmatch(frac_text)
    if m is None:
        raise ValueError(f"bad 角/分 part {frac_text!r} in {text!r}")
    zero, jiao, fen, zheng = m.groups()
    frac_digits: Digits = []
    if jiao:
        frac_digits.append((_DIGIT[jiao], -1, False))
    if fen:
        frac_digits.append((_DIGIT[fen], -2, False))
    if zero:
        if not frac_digits or not digits:
            raise ValueError(f"misplaced 零 in {text!r}")
        d, p, _ = frac_digits[0]
        frac_digits[0] = (d, p, True)
    digits += frac_digits
    if not digits:
        raise ValueError(f"no amount in {text!r}")
    total = sum(d * 10 ** (p + 2) for d, p, _ in digits)
    return total, digits, bool(zheng)


def _zero_expected(upper: int, lower: int) -> bool:
    """Whether a 零 is written between non-zero digits at powers upper > lower.

    A gap (one or more zero places) gets one 零, except where the rules leave it optional and the
    implementation omits it: the zeros are the tail of a 万/亿 group and the next digit is the 仟 of
    the following group (107000 -> 壹拾万柒仟). The optional 零 after a zero 元 place before 角 is written.
    """
    if upper - lower == 1:
        return False
    return not (lower >= 3 and lower % 4 == 3 and upper <= lower + 4)


def test_reader_on_known_spellings() -> None:
    assert read_daxie("壹万零壹亿元整")[0] == 1_0001_0000_0000 * 100
    assert read_daxie("壹万亿零壹亿元整")[0] == 1_0001_0000_0000 * 100
    assert read_daxie("壹亿零壹万元整")[0] == 1_0001_0000 * 100
    assert read_daxie("壹拾万柒仟元零伍角叁分")[0] == 10_700_053
    assert read_daxie("伍分") == (5, [(5, -2, False)], False)
    for bad in ("拾万元整", "壹零元整", "壹仟零零壹元整", "壹佰零元整", "壹元贰", "元整", "", "零伍分", "壹仟陆佰"):
        with pytest.raises(ValueError):
            read_daxie(bad)


# --- properties of 大写 ------------------------------------------------------------------------------

_ROUND_TRIP_MAX = 10**12


@st.composite
def sparse_amounts(draw: st.DrawFn, max_power: int = 11) -> int:
    """Amounts with few non-zero digits: the zero rules are exercised far more often than at random."""
    places = draw(st.lists(st.integers(min_value=0, max_value=max_power), max_size=5, unique=True))
    return sum(draw(st.integers(min_value=1, max_value=9)) * 10**p for p in places)


amounts = st.one_of(
    st.integers(min_value=0, max_value=_ROUND_TRIP_MAX),
    sparse_amounts(),
    st.integers(min_value=0, max_value=10**6),
)


def _check_daxie(fen: int) -> None:
    text = to_daxie(fen)
    assert text, fen
    assert set(text) <= ALLOWED, text
    assert "零零" not in text, text
    assert not text.endswith("零"), text
    assert text.endswith("整") == (fen % 100 == 0), text
    assert text.count("整") <= 1
    value, digits, zheng = read_daxie(text)
    assert value == fen, (text, value, fen)
    assert zheng == (fen % 100 == 0)
    assert ("元" in text) == (fen >= 100 or fen == 0), text
    for k in range(1, len(digits)):
        upper, lower = digits[k - 1][1], digits[k][1]
        assert digits[k][2] == _zero_expected(upper, lower), (text, upper, lower)
    if digits:
        assert not digits[0][2]


@settings(max_examples=600)
@given(amounts)
def test_daxie_round_trip_and_shape(fen: int) -> None:
    _check_daxie(fen)


@given(sparse_amounts(max_power=15).filter(lambda n: n <= MAX_FEN))
def test_daxie_round_trip_up_to_the_maximum(fen: int) -> None:
    value, _, _ = read_daxie(to_daxie(fen))
    assert value == fen


def test_daxie_exhaustive_small_amounts() -> None:
    for fen in range(0, 200_001):
        _check_daxie(fen)


@pytest.mark.parametrize("power", range(0, 16))
def test_daxie_powers_of_ten(power: int) -> None:
    _check_daxie(10**power)
    _check_daxie(10**power - 1 if power else 0)
    _check_daxie(10**power + 1)


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_daxie_never_uses_forbidden_characters(fen: int) -> None:
    text = to_daxie(fen)
    for forbidden in "一二三四五六七八九十两廿毛另0123456789":
        assert forbidden not in text


# --- Money value object ----------------------------------------------------------------------------


def test_money_invariants() -> None:
    with pytest.raises(ValueError, match="负数"):
        Money(-1)
    with pytest.raises(ValueError, match="金额过大"):
        Money(MAX_FEN + 1)
    assert Money(MAX_FEN).fen == MAX_FEN
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True)
    with pytest.raises(TypeError):
        Money(Decimal("1"))  # type: ignore[arg-type]


def test_money_is_ordered_and_hashable() -> None:
    assert Money(100) < Money(101)
    assert sorted([Money(5), Money(1)]) == [Money(1), Money(5)]
    assert len({Money(100), Money(100)}) == 1


@pytest.mark.parametrize(
    ("fen", "figures", "plain", "as_yuan"),
    [
        (0, "¥0.00", "0.00", Decimal("0")),
        (5, "¥0.05", "0.05", Decimal("0.05")),
        (50, "¥0.50", "0.50", Decimal("0.5")),
        (1_200_000, "¥12,000.00", "12000.00", Decimal("12000")),
        (1_200_050, "¥12,000.50", "12000.50", Decimal("12000.50")),
        (123_456_789_01, "¥123,456,789.01", "123456789.01", Decimal("123456789.01")),
    ],
)
def test_money_renderings(fen: int, figures: str, plain: str, as_yuan: Decimal) -> None:
    m = Money(fen)
    assert m.figures() == figures
    assert m.plain() == plain
    assert m.yuan == as_yuan


# --- Money.parse -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12000", 1_200_000),
        ("12,000.50", 1_200_050),
        ("12,000.5", 1_200_050),
        ("１２０００", 1_200_000),
        ("１２，０００．５０", 1_200_050),
        ("¥12000", 1_200_000),
        ("￥12000", 1_200_000),
        ("12000元", 1_200_000),
        ("¥12,000.00元", 1_200_000),
        ("  12000  ", 1_200_000),
        ("¥ 12000", 1_200_000),
        ("0", 0),
        ("0.01", 1),
        ("0.1", 10),
        ("007", 700),
    ],
)
def test_parse_accepts(text: str, fen: int) -> None:
    assert Money.parse(text) == Money(fen)


@pytest.mark.parametrize(
    "text",
    ["-5", "abc", "1.234", "", "   ", "¥", "元", "12 000", "1e3", ".5", "5.", "+5", "12.3.4", "一万", "NaN", "inf"],
)
def test_parse_rejects_with_chinese_message(text: str) -> None:
    with pytest.raises(ValueError) as exc:
        Money.parse(text)
    message = str(exc.value)
    assert _CJK.search(message), message
    assert "金额" in message, message


def test_parse_rejects_too_large_amounts() -> None:
    with pytest.raises(ValueError, match="金额"):
        Money.parse(str(10**14))
    assert Money.parse(str(10**14 - 1) + ".99").fen == MAX_FEN


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_parse_round_trips_plain_and_figures(fen: int) -> None:
    m = Money(fen)
    assert Money.parse(m.plain()) == m
    assert Money.parse(m.figures()) == m
    assert Money.parse(m.plain() + "元") == m


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_parse_is_exact_to_the_fen(value: Decimal) -> None:
    assert Money.parse(f"{value:.2f}").fen == int(value * 100)
