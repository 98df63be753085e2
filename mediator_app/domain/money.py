"""Money kept as an integer number of 分 (fen), parsed from user text and written in 大写 and figures.

Upper-case rules: PBOC 《正确填写票据和结算凭证的基本规定》 and GB/T 15835 §5.2.4 (docs/legal-basis.md §7.4).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from mediator_app.frozen import frozen

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")
# One trillion yuan is far beyond any mediated dispute; the bound keeps the wording rules simple.
MAX_FEN = 10**16 - 1
_AMOUNT_RE = re.compile(r"^\d+(\.\d{1,2})?$")


@frozen(order=True)
class Money:
    """A non-negative amount of Renminbi in 分."""

    fen: int

    def __post_init__(self) -> None:
        if not isinstance(self.fen, int) or isinstance(self.fen, bool):
            raise TypeError("Money.fen must be an int")
        if self.fen < 0:
            raise ValueError("金额不能为负数")
        if self.fen > MAX_FEN:
            raise ValueError("金额过大")

    @classmethod
    def parse(cls, text: str) -> Money:
        """Parse what a user typed ("12000", "12,000.50", "１２０００元") into Money.

        Raises ValueError with a Chinese message for negative, non-numeric or over-precise input.
        """
        cleaned = (
            text.strip()
            .translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,"))
            .replace(",", "")
            .removeprefix("¥")
            .removeprefix("￥")
            .removesuffix("元")
            .strip()
        )
        if not cleaned:
            raise ValueError("请填写金额")
        if cleaned.startswith("-"):
            raise ValueError("金额不能为负数")
        if not _AMOUNT_RE.match(cleaned):
            raise ValueError("金额应为数字，最多两位小数，例如 12000 或 12000.50")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:  # pragma: no cover - the regex already rules this out
            raise ValueError("金额应为数字") from None
        return cls(int(value * 100))

    @property
    def yuan(self) -> Decimal:
        return Decimal(self.fen) / 100

    def figures(self) -> str:
        """¥12,000.00"""
        return f"¥{self.fen // 100:,}.{self.fen % 100:02d}"

    def plain(self) -> str:
        """12000.00 — for input fields and JSON."""
        return f"{self.fen // 100}.{self.fen % 100:02d}"

    def daxie(self) -> str:
        """壹万贰仟元整 (without the 人民币 prefix)."""
        return to_daxie(self.fen)

    def legal(self) -> str:
        """人民币壹万贰仟元整（¥12,000.00） — the form printed on agreements."""
        return f"人民币{self.daxie()}（{self.figures()}）"


def _four_digits(group: int) -> str:
    """Write 0 < group < 10000 with 拾佰仟, one 零 for each run of inner zeros."""
    out: list[str] = []
    zero_pending = False
    for pos in range(3, -1, -1):
        digit = group // 10**pos % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS[digit] + _SMALL_UNITS[pos])
    return "".join(out)


def _integer_part(yuan: int) -> str:
    groups: list[int] = []
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    out: list[str] = []
    need_zero = False
    for idx in range(len(groups) - 1, -1, -1):
        group = groups[idx]
        if group == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or group < 1000):
            out.append("零")
        out.append(_four_digits(group) + _BIG_UNITS[idx])
        need_zero = False
    return "".join(out)


def to_daxie(fen: int) -> str:
    """大写 for an amount in 分, e.g. 1_200_000 -> 壹万贰仟元整, 1_640_902 -> 壹万陆仟肆佰零玖元零贰分."""
    if fen < 0:
        raise ValueError("金额不能为负数")
    yuan, jiao, fen_digit = fen // 100, fen // 10 % 10, fen % 10
    if yuan == 0 and jiao == 0 and fen_digit == 0:
        return "零元整"
    out = _integer_part(yuan) + "元" if yuan else ""
    if yuan and (jiao or fen_digit) and (yuan % 10 == 0 or not jiao):
        # Rule 4: a zero in the 元 place before 角 (1680.32 -> …捌拾元零叁角贰分) and a zero 角
        # before 分 (16409.02 -> …零玖元零贰分) are written as 零.
        out += "零"
    if jiao:
        out += _DIGITS[jiao] + "角"
    if fen_digit:
        out += _DIGITS[fen_digit] + "分"
    elif not jiao:
        out += "整"  # rule 2: 整 after 元; optional after 角 and omitted here, as in the PBOC examples
    return out
