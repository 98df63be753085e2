"""Identity numbers: the citizen ID number (GB 11643-1999) and the unified social credit code (GB 32100-2015).

Rules: GB 11643-1999 and GB 32100-2015, docs/legal-basis.md §7.1 and §7.2.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")  # ASCII only: str.isdigit() also accepts ² and ٣

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@dataclass(frozen=True)
class ResidentId:
    """A checked 18-character citizen ID number with what it tells about its holder."""

    number: str
    birth_date: dt.date
    sex: str  # "男" or "女"

    def age_on(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)


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


def parse_resident_id(text: str, today: dt.date | None = None) -> ResidentId:
    """Validate a citizen ID number (GB 11643 MOD 11-2) and derive birth date and sex.

    Raises ValueError with a Chinese message that can be shown at the field.
    """
    number = normalise_id(text)
    if len(number) != 18:
        raise ValueError(f"身份证号码应为18位，现为{len(number)}位")
    if not _ID_SHAPE.fullmatch(number):
        raise ValueError("身份证号码前17位应为数字，最后一位为数字或X")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError("身份证号码中的出生日期不是有效日期") from None
    if birth > (today or dt.date.today()) or birth.year < 1890:
        raise ValueError("身份证号码中的出生日期不合理")
    if id_check_char(number[:17]) != number[17]:
        raise ValueError("身份证号码校验位不正确，请核对是否输错")
    sex = "男" if int(number[16]) % 2 == 1 else "女"
    return ResidentId(number, birth, sex)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def parse_uscc(text: str) -> str:
    """Validate a unified social credit code and return it normalised (upper case, no blanks).

    The alphabet check runs over all 18 positions and only positions 3-8 must be digits, so that
    valid codes of village collectives (N...) and others (Y...) are accepted (docs/legal-basis.md §7.2).
    """
    code = "".join(text.split()).upper()
    if len(code) != 18:
        raise ValueError(f"统一社会信用代码应为18位，现为{len(code)}位")
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        raise ValueError(f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用I、O、S、V、Z）")
    if not code[2:8].isdigit():
        raise ValueError("统一社会信用代码第3至8位应为行政区划数字")
    if uscc_check_char(code[:17]) != code[17]:
        raise ValueError("统一社会信用代码校验位不正确，请核对是否输错")
    return code


def mask_id(number: str) -> str:
    """Mask an ID-like number for screens and logs: 110105********002X (PIPL Art. 51)."""
    n = number.strip()
    if len(n) <= 10:  # 6 shown + 4 shown would cover (or overlap) the whole value
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def mask_phone(phone: str) -> str:
    p = phone.strip()
    if len(p) <= 7:  # 3 shown + 4 shown would cover the whole value
        return "*" * len(p)
    return p[:3] + "*" * (len(p) - 7) + p[-4:]
