"""Reading a JSON tree into domain values while collecting every problem (`Reader`), and the Chinese
labels of the case file's keys: the checking half of `exchange.case_json`. Each problem is a
`FieldError` whose path is the JSON path; docs/json-format.md has the rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from mediator_app.domain.labels import field_label
from mediator_app.domain.messages import too_long
from mediator_app.domain.money import MAX_FEN, Money
from mediator_app.errors import FieldError

MAX_SEQ = 9999

_E = TypeVar("_E", bound=StrEnum)


# ASCII digits only, matched in full: \d would also take ٣ or ², and $ would allow a trailing newline.
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
AMOUNT_RE = re.compile(r"[0-9]{1,20}(\.[0-9]{1,2})?")
# Lone surrogates (from "\ud842" escapes) cannot be stored as UTF-8; controls other than tab and
# line breaks have no place in a dispute file.
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
LINE_BREAKS = re.compile("[\r\n\t]")


def label_of(path: str, key: str) -> str:
    """The field's label from the one label table (domain/labels.py), by its full path."""
    return field_label(f"{path}.{key}")


class Reader:
    """Collects every problem while turning the JSON tree into domain objects.

    A value that cannot be read is replaced by a harmless placeholder so that reading (and the
    domain validation after it) can go on; its path is remembered so that the domain's complaints
    about the placeholder are not reported on top of the real problem.
    """

    def __init__(self) -> None:
        self.errors: list[FieldError] = []
        self.broken: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))
        self.broken.append(path)

    def covered(self, path: str) -> bool:
        return any(path == b or path.startswith((b + ".", b + "[")) for b in self.broken)

    # -- containers

    def obj(self, value: object, path: str, keys: Mapping[str, bool]) -> dict[str, object] | None:
        if not isinstance(value, dict):
            self.fail(path, "应为对象（用 { } 括起来的一组字段）")
            return None
        for key in value:
            if key not in keys:
                self.fail(f"{path}.{key}", f"未知字段“{key}”（字段名区分大小写，请核对拼写）")
        for key, required in keys.items():
            if required and value.get(key) is None:
                self.fail(f"{path}.{key}", f"缺少必填项“{key}”（{label_of(path, key)}）")
        return value

    def items(self, d: Mapping[str, object], path: str, key: str) -> list[object]:
        value = d.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{path}.{key}", f"{label_of(path, key)}应为列表（用 [ ] 括起来）")
            return []
        return value

    # -- scalars

    def text(
        self, d: Mapping[str, object], path: str, key: str, *, limit: int | None = None, multiline: bool = False
    ) -> str:
        """A string; missing or null reads as "" (a missing required key was reported by `obj`)."""
        value = d.get(key)
        if value is None:
            return ""
        return self.check_text(value, f"{path}.{key}", label_of(path, key), limit=limit, multiline=multiline)

    def check_text(
        self, value: object, path: str, label: str, *, limit: int | None = None, multiline: bool = False
    ) -> str:
        if not isinstance(value, str):
            self.fail(path, f"{label}应为文本（用双引号括起来），现为{json_type(value)}")
            return ""
        if BAD_CHARS.search(value) or (not multiline and LINE_BREAKS.search(value)):
            self.fail(path, f"{label}含有不允许的控制字符或无效字符")
        elif limit is not None and len(value) > limit:
            self.fail(path, too_long(label, limit, len(value)))
        return value

    def integer(self, d: Mapping[str, object], path: str, key: str, default: int | None) -> int | None:
        value = d.get(key)
        if value is None:
            return default
        if type(value) is not int or not 1 <= value <= MAX_SEQ:
            self.fail(f"{path}.{key}", f"{label_of(path, key)}应为1至{MAX_SEQ}之间的整数，现为{show(value)}")
            return default
        return value

    def date(self, d: Mapping[str, object], path: str, key: str) -> dt.date | None:
        value = d.get(key)
        if value is None:
            return None
        where, label = f"{path}.{key}", label_of(path, key)
        if not isinstance(value, str) or not DATE_RE.fullmatch(value):
            self.fail(where, f'{label}应写成“YYYY-MM-DD”形式的文本，例如 "2026-11-22"，现为{show(value)}')
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(where, f"{label}“{value}”不是有效日期")
            return None

    def enum(
        self, d: Mapping[str, object], path: str, key: str, cls: type[_E], default: _E, on_error: _E | None = None
    ) -> _E:
        """One of the enum's Chinese values; `default` when absent, `on_error` (or `default`) when wrong."""
        value = d.get(key)
        if value is None:
            return default
        allowed = "、".join(m.value for m in cls)
        if not isinstance(value, str):
            self.fail(f"{path}.{key}", f"{label_of(path, key)}应为文本，现为{json_type(value)}；可用的值：{allowed}")
        elif value not in {m.value for m in cls}:
            self.fail(f"{path}.{key}", f"{label_of(path, key)}“{value[:40]}”不是可用的值，应为：{allowed}")
        else:
            return cls(value)
        return default if on_error is None else on_error

    def amount(self, d: Mapping[str, object], path: str, key: str) -> Money | None:
        value = d.get(key)
        if value is None:
            return None
        where = f"{path}.{key}"
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.fail(where, f'金额应写成带引号的文本，例如 "12000.00"（不使用数字，以免精度丢失），现为{value!r}')
            return None
        if not isinstance(value, str):
            self.fail(where, f'金额应写成带引号的文本，例如 "12000.00"，现为{json_type(value)}')
            return None
        if value.strip().startswith("-"):
            self.fail(where, f"金额不能为负数（现为“{value}”）")
            return None
        if not AMOUNT_RE.fullmatch(value):
            self.fail(where, f'金额“{value}”格式不正确，应为元，最多两位小数，不带逗号和符号，例如 "12000.50"')
            return None
        yuan, _, cents = value.partition(".")
        fen = int(yuan) * 100 + int(cents.ljust(2, "0") or "0")
        if fen > MAX_FEN:
            self.fail(where, "金额过大")
            return None
        return Money(fen)


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"数字 {value!r}"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "对象"
    return "文本"


def show(value: object) -> str:
    if isinstance(value, str):
        return f"“{value[:40]}”"
    return json_type(value)
