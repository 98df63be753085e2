"""Citizen ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015): docs/legal-basis.md §7.1-7.2."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediator_app.domain.ids import (
    USCC_ALPHABET,
    ResidentId,
    age_on,
    id_check_char,
    normalise_id,
    parse_resident_id,
    parse_uscc,
    uscc_check_char,
)
from mediator_app.domain.masking import mask_id, mask_phone

TODAY = dt.date(2026, 11, 22)
_CJK = re.compile(r"[\u4e00-\u9fff]")

VALID_IDS = ("360426199101010071", "120103198806018241", "11010519491231002X")
VALID_USCCS = ("91110000600037341L", "91110108551385082Q")
ID_CHARS = "0123456789X"


def _chinese_message(exc: pytest.ExceptionInfo[ValueError], keyword: str) -> str:
    message = str(exc.value)
    assert _CJK.search(message), message
    assert keyword in message, message
    return message


# Independent check-character computations, written from the formulas in docs/legal-basis.md rather than
# copied from the implementation.


def _ref_id_check(first17: str) -> str:
    """python-stdnum's formulation: (1 - 2 * int(first17, 13)) mod 11, 10 -> X."""
    value = (1 - 2 * int(first17, 13)) % 11
    return "X" if value == 10 else str(value)


def _ref_uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return USCC_ALPHABET[(31 - total % 31) % 31]


# --- citizen ID: vectors -------------------------------------------------------------------------


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_id_vectors(number: str) -> None:
    rid = parse_resident_id(number, TODAY)
    assert rid.number == number
    assert id_check_char(number[:17]) == number[17]


def test_invalid_id_vector() -> None:
    with pytest.raises(ValueError) as exc:
        parse_resident_id("360426199101010072", TODAY)
    _chinese_message(exc, "校验位")


@pytest.mark.parametrize(
    ("number", "birth", "sex"),
    [
        ("360426199101010071", dt.date(1991, 1, 1), "男"),  # sequence 007: odd
        ("120103198806018241", dt.date(1988, 6, 1), "女"),  # sequence 824: even
        ("11010519491231002X", dt.date(1949, 12, 31), "女"),  # sequence 002: even
    ],
)
def test_id_derives_birth_date_and_sex(number: str, birth: dt.date, sex: str) -> None:
    assert parse_resident_id(number, TODAY) == ResidentId(number, birth, sex)


def test_id_check_weights_match_domain_table() -> None:
    # Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 = 2^(18-i) mod 11 for positions i = 1..17.
    assert [pow(2, 18 - i, 11) for i in range(1, 18)] == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for number in VALID_IDS:
        assert _ref_id_check(number[:17]) == number[17]


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_id_check_char_matches_independent_formula(first17: str) -> None:
    assert id_check_char(first17) == _ref_id_check(first17)


def test_every_check_character_value_occurs() -> None:
    seen = {id_check_char(f"{n:017d}") for n in range(200)}
    assert seen == set(ID_CHARS)


# --- citizen ID: input normalisation -------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",
        " 11010519491231002X ",
        "110105 19491231 002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        "110105\t19491231\n002x",
    ],
)
def test_id_input_is_normalised(typed: str) -> None:
    assert parse_resident_id(typed, TODAY).number == "11010519491231002X"


def test_normalise_id() -> None:
    assert normalise_id(" １１０１０５ 19491231002x ") == "11010519491231002X"
    assert normalise_id("") == ""


# --- citizen ID: rejections ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "1101051949123100", "11010519491231002", "11010519491231002X1", "3604261991010100711"],
)
def test_id_wrong_length(text: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse_resident_id(text, TODAY)
    _chinese_message(exc, "18位")


@pytest.mark.parametrize(
    "text",
    ["1101051949123100XX", "X10105194912310021", "11010519491231002Y", "1101051949-231002X", "11010519491231002*"],
)
def test_id_bad_characters(text: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse_resident_id(text, TODAY)
    _chinese_message(exc, "身份证号码")


@pytest.mark.parametrize(
    "odd_digit",
    [
        "²",  # superscript two: str.isdigit() is true, int() fails
        "٣",  # Arabic-Indic three: str.isdigit() is true and int() accepts it
        "३",  # Devanagari three
    ],
)
@pytest.mark.parametrize("position", [0, 5, 8, 15, 16, 17])
def test_id_non_ascii_digits_rejected_with_chinese_message(odd_digit: str, position: int) -> None:
    number = "11010519491231002X"
    text = number[:position] + odd_digit + number[position + 1 :]
    with pytest.raises(ValueError) as exc:
        parse_resident_id(text, TODAY)
    _chinese_message(exc, "身份证号码")


def test_id_all_arabic_indic_digits_rejected() -> None:
    # Would otherwise "validate" and hand back a number no other system can match.
    text = "".join(chr(0x0660 + int(c)) for c in "11010519491231002") + "X"
    with pytest.raises(ValueError):
        parse_resident_id(text, TODAY)


@pytest.mark.parametrize(
    "first17",
    [
        "11010519490230002",  # 30 February
        "11010519491301002",  # month 13
        "11010519490001002",  # month 0
        "11010519490100002",  # day 0
        "11010520230229002",  # 29 February in a common year
    ],
)
def test_id_impossible_birth_date(first17: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse_resident_id(first17 + id_check_char(first17), TODAY)
    _chinese_message(exc, "出生日期")


def test_id_leap_day_birth_date_accepted() -> None:
    first17 = "11010520000229002"
    rid = parse_resident_id(first17 + id_check_char(first17), TODAY)
    assert rid.birth_date == dt.date(2000, 2, 29)


def test_id_birth_date_in_the_future_rejected() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    first17 = f"110105{tomorrow:%Y%m%d}001"
    with pytest.raises(ValueError) as exc:
        parse_resident_id(first17 + id_check_char(first17), TODAY)
    _chinese_message(exc, "出生日期")
    # Born today is fine.
    first17 = f"110105{TODAY:%Y%m%d}001"
    assert parse_resident_id(first17 + id_check_char(first17), TODAY).birth_date == TODAY


def test_id_birth_year_before_1890_rejected() -> None:
    first17 = "11010518891231001"
    with pytest.raises(ValueError) as exc:
        parse_resident_id(first17 + id_check_char(first17), TODAY)
    _chinese_message(exc, "出生日期")
    first17 = "11010518900101001"
    assert parse_resident_id(first17 + id_check_char(first17), TODAY).birth_date == dt.date(1890, 1, 1)


def test_id_today_defaults_to_the_real_date() -> None:
    far_future = dt.date.today() + dt.timedelta(days=400)
    first17 = f"110105{far_future:%Y%m%d}001"
    with pytest.raises(ValueError):
        parse_resident_id(first17 + id_check_char(first17))
    assert parse_resident_id("11010519491231002X").sex == "女"


@pytest.mark.parametrize("number", VALID_IDS)
def test_every_single_character_substitution_in_vectors_is_rejected(number: str) -> None:
    for pos in range(18):
        alphabet = ID_CHARS if pos == 17 else "0123456789"
        for replacement in alphabet:
            if replacement == number[pos]:
                continue
            mutated = number[:pos] + replacement + number[pos + 1 :]
            with pytest.raises(ValueError):
                parse_resident_id(mutated, TODAY)


def test_hmt_residence_permit_numbers_use_the_same_scheme() -> None:
    for region in ("810000", "820000", "830000"):
        first17 = f"{region}19900515123"
        number = first17 + id_check_char(first17)
        assert parse_resident_id(number, TODAY).sex == "男"  # sequence 123: odd


# --- citizen ID: property-based --------------------------------------------------------------------

_regions = st.integers(min_value=0, max_value=999_999).map(lambda n: f"{n:06d}")
_births = st.dates(min_value=dt.date(1890, 1, 1), max_value=TODAY)
_sequences = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")


@st.composite
def valid_ids(draw: st.DrawFn) -> tuple[str, dt.date]:
    birth = draw(_births)
    first17 = draw(_regions) + f"{birth:%Y%m%d}" + draw(_sequences)
    return first17 + id_check_char(first17), birth


@given(valid_ids())
def test_random_valid_ids_parse(sample: tuple[str, dt.date]) -> None:
    number, birth = sample
    rid = parse_resident_id(number, TODAY)
    assert rid.number == number
    assert rid.birth_date == birth
    assert rid.sex == ("男" if int(number[16]) % 2 == 1 else "女")
    # Lower-case x and surrounding blanks are tolerated.
    assert parse_resident_id(f"  {number.lower()} ", TODAY).number == number


@given(valid_ids(), st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=10))
def test_any_single_character_substitution_is_rejected(sample: tuple[str, dt.date], pos: int, shift: int) -> None:
    number, _ = sample
    alphabet = ID_CHARS if pos == 17 else "0123456789"
    replacement = alphabet[(alphabet.index(number[pos]) + shift) % len(alphabet)]
    if replacement == number[pos]:  # only possible for shift == 10 outside position 18
        replacement = alphabet[(alphabet.index(number[pos]) + 1) % len(alphabet)]
    mutated = number[:pos] + replacement + number[pos + 1 :]
    with pytest.raises(ValueError):
        parse_resident_id(mutated, TODAY)


@given(valid_ids(), st.integers(min_value=0, max_value=16))
def test_adjacent_transposition_of_different_digits_is_rejected(sample: tuple[str, dt.date], pos: int) -> None:
    number, _ = sample
    a, b = number[pos], number[pos + 1]
    if a == b or b == "X":
        return
    swapped = number[:pos] + b + a + number[pos + 2 :]
    with pytest.raises(ValueError):
        parse_resident_id(swapped, TODAY)


# --- age -----------------------------------------------------------------------------------------


def test_age_on_birthday_boundaries() -> None:
    birth = dt.date(2008, 11, 22)
    assert age_on(birth, dt.date(2026, 11, 21)) == 17
    assert age_on(birth, dt.date(2026, 11, 22)) == 18
    assert age_on(birth, birth) == 0
    rid = ResidentId("x", birth, "男")
    assert rid.age_on(TODAY) == 18


def test_age_of_a_leap_day_birth() -> None:
    birth = dt.date(2008, 2, 29)
    assert age_on(birth, dt.date(2026, 2, 28)) == 17
    assert age_on(birth, dt.date(2026, 3, 1)) == 18
    assert age_on(birth, dt.date(2028, 2, 29)) == 20


# --- USCC: vectors -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", VALID_USCCS)
def test_valid_uscc_vectors(code: str) -> None:
    assert parse_uscc(code) == code
    assert uscc_check_char(code[:17]) == code[17]
    assert _ref_uscc_check(code[:17]) == code[17]


def test_uscc_weights_match_domain_table() -> None:
    assert [pow(3, i, 31) for i in range(17)] == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    assert USCC_ALPHABET == "0123456789ABCDEFGHJKLMNPQRTUWXY"
    assert len(USCC_ALPHABET) == 31


@pytest.mark.parametrize(
    "first17",
    [
        "N2360426MA1234567",  # village-level collective economic organisation
        "N1110105MA00000AB",  # group-level
        "N3110105123456789",  # township-level
        "Y1110105MA0123456",  # other registration authority
        "A1110000MB0000001",  # CMC reform office
        "52110000500021676",  # civil affairs: social organisation
        "12100000400000000",  # institution
    ],
)
def test_letter_prefixed_uscc_codes_are_accepted(first17: str) -> None:
    # python-stdnum's validator wrongly rejects these (docs/legal-basis.md §7.2).
    code = first17 + uscc_check_char(first17)
    assert parse_uscc(code) == code
    assert parse_uscc(code.lower()) == code
    assert parse_uscc(f" {code[:9]} {code[9:]} ") == code


def test_uscc_invalid_check_character() -> None:
    with pytest.raises(ValueError) as exc:
        parse_uscc("91110000600037341M")
    _chinese_message(exc, "校验位")


@pytest.mark.parametrize("forbidden", "IOSVZ")
@pytest.mark.parametrize("position", [0, 1, 8, 12, 16, 17])
def test_uscc_with_forbidden_letters_rejected(forbidden: str, position: int) -> None:
    code = VALID_USCCS[0]
    mutated = code[:position] + forbidden + code[position + 1 :]
    with pytest.raises(ValueError) as exc:
        parse_uscc(mutated)
    message = _chinese_message(exc, "统一社会信用代码")
    assert forbidden in message
    # Lower-case forms are rejected just the same.
    with pytest.raises(ValueError):
        parse_uscc(mutated.lower())


@pytest.mark.parametrize("text", ["", "9111000060003734", "91110000600037341L0", "91110000600037341"])
def test_uscc_wrong_length(text: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse_uscc(text)
    _chinese_message(exc, "18位")


@pytest.mark.parametrize("position", range(2, 8))
def test_uscc_region_positions_must_be_digits(position: int) -> None:
    first17 = "91110000600037341"
    first17 = first17[:position] + "A" + first17[position + 1 :]
    with pytest.raises(ValueError) as exc:
        parse_uscc(first17 + uscc_check_char(first17))
    _chinese_message(exc, "第3至8位")


@pytest.mark.parametrize("code", VALID_USCCS)
def test_every_single_character_substitution_in_uscc_vectors_is_rejected(code: str) -> None:
    for pos in range(18):
        for replacement in USCC_ALPHABET:
            if replacement == code[pos]:
                continue
            mutated = code[:pos] + replacement + code[pos + 1 :]
            with pytest.raises(ValueError):
                parse_uscc(mutated)


# --- USCC: property-based ------------------------------------------------------------------------

_uscc_chars = st.sampled_from(USCC_ALPHABET)


@st.composite
def valid_usccs(draw: st.DrawFn) -> str:
    head = draw(_uscc_chars) + draw(_uscc_chars)
    region = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    org = "".join(draw(st.lists(_uscc_chars, min_size=9, max_size=9)))
    first17 = head + region + org
    return first17 + uscc_check_char(first17)


@given(valid_usccs())
def test_random_valid_usccs_parse(code: str) -> None:
    assert _ref_uscc_check(code[:17]) == code[17]
    assert parse_uscc(code) == code
    assert parse_uscc(code.lower()) == code


@given(valid_usccs(), st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=30))
def test_any_single_uscc_substitution_is_rejected(code: str, pos: int, shift: int) -> None:
    replacement = USCC_ALPHABET[(USCC_ALPHABET.index(code[pos]) + shift) % 31]
    mutated = code[:pos] + replacement + code[pos + 1 :]
    with pytest.raises(ValueError):
        parse_uscc(mutated)


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
def test_uscc_check_char_matches_independent_formula(first17: str) -> None:
    assert uscc_check_char(first17) == _ref_uscc_check(first17)


# --- masking -------------------------------------------------------------------------------------


def test_mask_id() -> None:
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id(" 360426199101010071 ") == "360426********0071"
    assert mask_id("91110000600037341L") == "911100********341L"
    assert mask_id("AB12345678901") == "AB1234***8901"


@pytest.mark.parametrize("text", ["", "1", "12345678", "E12345678", "E123456789"])
def test_mask_id_short_values_are_fully_hidden(text: str) -> None:
    # A 9-character passport number must not come out whole (or garbled by an overlapping head and tail).
    assert mask_id(text) == "*" * len(text)


@given(st.text(alphabet="0123456789ABCDEFGHX", min_size=0, max_size=40))
def test_mask_id_hides_something_and_keeps_the_length(text: str) -> None:
    masked = mask_id(text)
    assert len(masked) == len(text)
    if text:
        assert "*" in masked
        assert masked != text


def test_mask_id_never_reveals_the_birth_date() -> None:
    masked = mask_id("11010519491231002X")
    assert "19491231" not in masked
    assert len(masked) == 18


def test_mask_phone() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(" 13812345678 ") == "138****5678"
    assert mask_phone("0791-8888888") == "079*****8888"
    assert mask_phone("123456") == "******"
    assert mask_phone("") == ""


@given(st.text(alphabet="0123456789-", min_size=1, max_size=20))
def test_mask_phone_hides_something_and_keeps_the_length(text: str) -> None:
    masked = mask_phone(text)
    assert len(masked) == len(text)
    assert "*" in masked
