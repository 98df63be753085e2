"""Identity numbers: the citizen ID number (GB 11643-1999), the unified social credit code
(GB 32100-2015) and phone numbers, as value objects parsed once and trusted after.

`IdNumber`, `Uscc` and `Phone` are the text as stored (a `str`: the database columns and the JSON
file keep their format) carrying what parsing found: the birth date, sex and region of a citizen ID,
the normalised code, the problem to show at the field, the masked form for screens and logs. A
`Party` or `Representative` turns its text into them when it is built (from a dialog, the JSON
import or a database row alike), and everything after it (validation, the case view, the earlier
disputes, the documents) asks the value instead of parsing the text again (`id_number_of`, …).
Rules: GB 11643-1999 (the ID number's fields, MOD 11-2 check) and GB 32100-2015, docs/legal-basis.md §7.1 and §7.2.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property

from mediator_app.domain.masking import mask_id, mask_phone
from mediator_app.frozen import frozen

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")  # ASCII only: str.isdigit() also accepts ² and ٣

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@frozen
class ResidentId:
    """A checked 18-character citizen ID number with what it tells about its holder."""

    number: str
    birth_date: dt.date
    sex: str  # "男" or "女"

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    @property
    def region(self) -> str:
        """The six-digit administrative division code of the issuing place (GB/T 2260)."""
        return self.number[:6]


def age_on(birth: dt.date, day: dt.date) -> int:
    years = day.year - birth.year
    return years - ((day.month, day.day) < (birth.month, birth.day))


def normalise_id(text: str) -> str:
    """Strip blanks and turn full-width digits and a lower-case x into the canonical form."""
    table = str.maketrans("０１２３４５６７８９ｘＸx", "0123456789XXX")
    return "".join(text.split()).translate(table)


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _read_resident(number: str) -> tuple[ResidentId | None, dt.date | None, str]:
    """(the parsed ID or None, the birth date its digits give, the problem) for a normalised number;
    the birth date's plausibility against today is left to `IdNumber.problem_on`."""
    if len(number) != 18:
        return None, None, f"身份证号码应为18位，现为{len(number)}位"
    if not _ID_SHAPE.fullmatch(number):
        return None, None, "身份证号码前17位应为数字，最后一位为数字或X"
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None, None, "身份证号码中的出生日期不是有效日期"
    if birth.year < 1890:
        return None, birth, _IMPLAUSIBLE_BIRTH
    if id_check_char(number[:17]) != number[17]:
        return None, birth, _CHECKSUM_PROBLEM
    return ResidentId(number, birth, "男" if int(number[16]) % 2 == 1 else "女"), birth, ""


_IMPLAUSIBLE_BIRTH = "身份证号码中的出生日期不合理"


class IdNumber(str):
    """An identity document's number as typed or stored, read once as a citizen ID number (GB 11643).

    Whether the citizen-ID rules apply is the document type's business (`IdType.has_checksum`); the
    reading is done the first time it is asked for and kept.
    """

    @cached_property
    def _reading(self) -> tuple[ResidentId | None, dt.date | None, str]:
        return _read_resident(normalise_id(self))

    @property
    def resident(self) -> ResidentId | None:
        """The checked citizen ID (birth date, sex, region), or None when the number is not a valid one."""
        return self._reading[0]

    @property
    def blank(self) -> bool:
        return not self.strip()

    def problem_on(self, today: dt.date) -> str:
        """Why this is not a valid citizen ID number on `today` (a birth after it is implausible); "" if it is."""
        _, birth, problem = self._reading
        if birth is not None and birth > today and problem in ("", _CHECKSUM_PROBLEM):
            return _IMPLAUSIBLE_BIRTH
        return problem

    @property
    def normalised(self) -> str:
        """Blanks stripped, full-width digits and a lower-case x made canonical (what is compared and stored)."""
        return normalise_id(self)

    def canonical(self) -> IdNumber:
        """The normalised number as an IdNumber, with this one's reading (not parsed again)."""
        if self.normalised == self:
            return self
        out = IdNumber(self.normalised)
        out.__dict__["_reading"] = self._reading  # cached_property's slot: the same digits read the same
        return out

    def masked(self) -> str:
        return mask_id(self)


_CHECKSUM_PROBLEM = "身份证号码校验位不正确，请核对是否输错"


def id_number_of(value: str) -> IdNumber:
    """`value` as an IdNumber: the same object when it already is one (parsed once, trusted after)."""
    return value if isinstance(value, IdNumber) else IdNumber(value)


def parse_resident_id(text: str, today: dt.date | None = None) -> ResidentId:
    """Validate a citizen ID number (GB 11643 MOD 11-2) and derive birth date and sex.

    Raises ValueError with a Chinese message that can be shown at the field.
    """
    number = id_number_of(text)
    problem = number.problem_on(today or dt.date.today())
    if problem:
        raise ValueError(problem)
    assert number.resident is not None
    return number.resident


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _uscc_problem(code: str) -> str:
    """The alphabet check runs over all 18 positions and only positions 3-8 must be digits, so that
    valid codes of village collectives (N...) and others (Y...) are accepted (docs/legal-basis.md §7.2)."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，现为{len(code)}位"
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        return f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用I、O、S、V、Z）"
    if not code[2:8].isdigit():
        return "统一社会信用代码第3至8位应为行政区划数字"
    if uscc_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确，请核对是否输错"
    return ""


class Uscc(str):
    """A unified social credit code as typed or stored, checked once (GB 32100-2015)."""

    @cached_property
    def normalised(self) -> str:
        """Upper case, no blanks: the form that is checked, stored and compared."""
        return "".join(self.split()).upper()

    @cached_property
    def problem(self) -> str:
        """Why the code is not valid; "" when it is."""
        return _uscc_problem(self.normalised)

    @property
    def region(self) -> str:
        """The administrative division code in positions 3-8 ("" for an invalid code)."""
        return "" if self.problem else self.normalised[2:8]

    def canonical(self) -> Uscc:
        """The normalised code as a Uscc, already checked."""
        if self.normalised == self:
            return self
        out = Uscc(self.normalised)
        out.__dict__["problem"] = self.problem
        return out

    def masked(self) -> str:
        return mask_id(self)


def uscc_of(value: str) -> Uscc:
    return value if isinstance(value, Uscc) else Uscc(value)


def parse_uscc(text: str) -> str:
    """Validate a unified social credit code and return it normalised (upper case, no blanks)."""
    code = uscc_of(text)
    if code.problem:
        raise ValueError(code.problem)
    return code.normalised


PHONE_SHAPE = re.compile(r"[0-9+\-() ]{5,20}")
PHONE_PROBLEM = "联系电话格式不正确，只能包含数字、空格、+、-"


class Phone(str):
    """A phone number as typed or stored: digits, blanks, + - ( ), 5 to 20 characters."""

    @cached_property
    def problem(self) -> str:
        """Why the number cannot be a phone number; "" when it can (or is blank: phones are optional)."""
        text = self.strip()
        return PHONE_PROBLEM if text and not PHONE_SHAPE.fullmatch(text) else ""

    @property
    def digits(self) -> str:
        """The digits alone (what the earlier-disputes search compares)."""
        return "".join(c for c in self if c.isascii() and c.isdigit())

    def masked(self) -> str:
        return mask_phone(self)


def phone_of(value: str) -> Phone:
    return value if isinstance(value, Phone) else Phone(value)
