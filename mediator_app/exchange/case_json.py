"""The case exchange file: JSON ``{"format": "mediation-desk/case", "version": 1, "case": {...}}``.

`case_to_json` writes every field of a `Case` under English snake_case keys that mirror the domain
(parties and representatives field for field, in the domain's field order, so that a new plain field
of a party needs no change here);
`case_from_json` reads it back and checks everything: JSON types, required and unknown keys, enum
values, dates, amounts, and then the domain's own registration rules. Each problem becomes a
`FieldError` whose path is the JSON path (``$.case.parties[1].id_number``); all of them are raised
together in one `ValidationError` (the reading half: `exchange.json_reader`). The format and its rules
are documented in docs/json-format.md.

Amounts are strings in yuan (``"12000.00"``), never JSON numbers: a float cannot hold 0.10 exactly
and money is kept in 分 everywhere else (docs/legal-basis.md §7.4).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import typing
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from mediator_app import __version__
from mediator_app.domain.messages import MEDIATOR_NAME_EMPTY
from mediator_app.domain.model import (
    DEFAULT_RETENTION,
    Agreement,
    Case,
    CaseSource,
    IdType,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.domain.stages import Stage
from mediator_app.domain.validation import normalise_party, registration_errors
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.exchange.files import read_bytes, write_atomic
from mediator_app.exchange.json_reader import Reader, show

FORMAT = "mediation-desk/case"
VERSION = 1
MAX_FILE_BYTES = 10 * 1024 * 1024

# ---------------------------------------------------------------- export


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _plain(value: object) -> object:
    """A field value as JSON: an enum by its Chinese value, a date as ISO text, money in yuan."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Money):
        return value.plain()
    return value


def _mirror_json(obj: Any) -> dict[str, Any]:
    """Every field of a `Party` or `Representative` under its own name, in field order (a party's
    representatives as a list of their own)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        out[f.name] = [_mirror_json(v) for v in value] if isinstance(value, list) else _plain(value)
    return out


def _term_json(t: Term) -> dict[str, Any]:
    return {
        "seq": t.seq,
        "obligor": t.obligor,
        "obligee": t.obligee,
        "action": t.action,
        "amount": None if t.amount is None else t.amount.plain(),
        "deadline": _iso(t.deadline),
        "manner": t.manner,
        "place": t.place,
    }


def _agreement_json(a: Agreement) -> dict[str, Any]:
    return {
        "disputed_matters": a.disputed_matters,
        "responsibilities": a.responsibilities,
        "breach_clause": a.breach_clause,
        "signed_on": _iso(a.signed_on),
        "terms": [_term_json(t) for t in a.terms],
    }


def case_to_json(case: Case) -> dict[str, Any]:
    """The whole case as a JSON-ready dict (database ids are not exported; they mean nothing elsewhere)."""
    body = {
        "number": case.number,
        "title": case.title,
        "dispute_type": case.dispute_type,
        "source": case.source.value,
        "source_ref": case.source_ref,
        "referral_court": case.referral_court,
        "referral_ref": case.referral_ref,
        "referral_deadline": _iso(case.referral_deadline),
        "referral_body": case.referral_body,
        "subject_location": case.subject_location,
        "registered_on": _iso(case.registered_on),
        "accepted_on": _iso(case.accepted_on),
        "facts": case.facts,
        "claims": case.claims,
        "mediators": list(case.mediators),
        "recorder": case.recorder,
        "privacy_notice_on": _iso(case.privacy_notice_on),
        "retention": case.retention,
        "status": case.status,
        "parties": [_mirror_json(p) for p in case.parties],
        "agreement": None if case.agreement is None else _agreement_json(case.agreement),
    }
    return {"format": FORMAT, "version": VERSION, "generator": f"mediator-app {__version__}", "case": body}


def dumps_case(case: Case) -> str:
    """The file text: UTF-8 characters written as they are (rare characters stay readable), indented."""
    return json.dumps(case_to_json(case), ensure_ascii=False, indent=2) + "\n"


def write_case_file(path: Path, case: Case) -> None:
    write_atomic(path, dumps_case(case).encode("utf-8"))


# ---------------------------------------------------------------- import: keys and labels

_TOP_KEYS = {"format": True, "version": True, "generator": False, "case": True}
_CASE_KEYS = {
    "number": False,
    "title": False,
    "dispute_type": True,
    "source": True,
    "source_ref": False,
    "referral_court": False,
    "referral_ref": False,
    "referral_deadline": False,
    "referral_body": False,
    "subject_location": False,
    "registered_on": True,
    "accepted_on": False,
    "facts": True,
    "claims": False,
    "mediators": False,
    "recorder": False,
    "privacy_notice_on": False,
    "retention": False,
    "status": False,
    "parties": True,
    "agreement": False,
}


def _mirror_keys(cls: type) -> dict[str, bool]:
    """The keys of a type the file mirrors field for field: required = the field has no default."""
    return {
        f.name: f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in dataclasses.fields(cls)
    }


# Parties and representatives mirror the domain field for field (`_mirror_json`, `_mirror_read`): a new
# plain field of either is exported and read without a change here.
_PARTY_KEYS = _mirror_keys(Party)
_REP_KEYS = _mirror_keys(Representative)
_TEXT_LIMITS = {"ethnicity": 20, "occupation": 100, "legal_rep_title": 50, "relation": 50}
_AGREEMENT_KEYS = {
    "disputed_matters": False,
    "responsibilities": False,
    "breach_clause": False,
    "signed_on": False,
    "terms": False,
}
_TERM_KEYS = {
    "seq": True,
    "obligor": True,
    "obligee": False,
    "action": True,
    "amount": False,
    "deadline": False,
    "manner": False,
    "place": False,
}

# Errors are listed in the order the fields appear in an exported file.
_KEY_ORDER = {
    k: i
    for i, k in enumerate(
        dict.fromkeys([*_TOP_KEYS, *_CASE_KEYS, *_PARTY_KEYS, *_REP_KEYS, *_AGREEMENT_KEYS, *_TERM_KEYS])
    )
}
_PATH_TOKEN = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def _document_order(error: FieldError) -> tuple[int, ...]:
    return tuple(
        int(index) if index else _KEY_ORDER.get(key, len(_KEY_ORDER)) for key, index in _PATH_TOKEN.findall(error.path)
    )


# ---------------------------------------------------------------- import: the tree


def _mirror_read(r: Reader, d: Mapping[str, object], path: str, cls: type, seq: int) -> dict[str, Any]:
    """The plain fields of a mirrored type (`_mirror_keys`) read from `d`, by each field's type; lists
    are left to the caller."""
    hints = typing.get_type_hints(cls)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        if hint is int:  # the party's number
            out[f.name] = r.integer(d, path, f.name, seq) or seq
        elif isinstance(hint, type) and issubclass(hint, StrEnum):
            enum: type[StrEnum] = hint
            default = f.default if isinstance(f.default, enum) else next(iter(enum))
            # An unreadable id_type falls back to 其他 so that no checksum complaint is added to its error.
            out[f.name] = r.enum(d, path, f.name, enum, default, on_error=IdType.OTHER if hint is IdType else None)
        elif hint == dt.date | None:
            out[f.name] = r.date(d, path, f.name)
        elif hint is str:
            out[f.name] = r.text(d, path, f.name, limit=_TEXT_LIMITS.get(f.name))
    return out


def _representative(r: Reader, value: object, path: str) -> Representative:
    d = r.obj(value, path, _REP_KEYS)
    if d is None:
        return Representative(kind=RepresentativeKind.AGENT, name="?")
    return Representative(**_mirror_read(r, d, path, Representative, 0))


def _party(r: Reader, value: object, path: str, index: int) -> Party:
    d = r.obj(value, path, _PARTY_KEYS)
    if d is None:
        return Party(seq=index + 1, role=PartyRole.APPLICANT, kind=PartyKind.PERSON, name="?")
    representatives = [
        _representative(r, v, f"{path}.representatives[{j}]") for j, v in enumerate(r.items(d, path, "representatives"))
    ]
    return Party(**_mirror_read(r, d, path, Party, index + 1), representatives=representatives)


def _term(r: Reader, value: object, path: str, index: int) -> Term:
    d = r.obj(value, path, _TERM_KEYS)
    if d is None:
        return Term(seq=index + 1, obligor=1, action="?", deadline=None)
    return Term(
        seq=r.integer(d, path, "seq", index + 1) or index + 1,
        obligor=r.integer(d, path, "obligor", 0) or 0,
        obligee=r.integer(d, path, "obligee", None),
        action=r.text(d, path, "action", multiline=True),
        amount=r.amount(d, path, "amount"),
        deadline=r.date(d, path, "deadline"),
        manner=r.text(d, path, "manner", multiline=True),
        place=r.text(d, path, "place"),
    )


def _agreement(r: Reader, value: object, path: str) -> Agreement | None:
    if value is None:
        return None
    d = r.obj(value, path, _AGREEMENT_KEYS)
    if d is None:
        return None
    return Agreement(
        disputed_matters=r.text(d, path, "disputed_matters", multiline=True),
        responsibilities=r.text(d, path, "responsibilities", multiline=True),
        breach_clause=r.text(d, path, "breach_clause", multiline=True),
        signed_on=r.date(d, path, "signed_on"),
        terms=[_term(r, v, f"{path}.terms[{i}]", i) for i, v in enumerate(r.items(d, path, "terms"))],
    )


def _case(r: Reader, value: object, path: str) -> Case | None:
    d = r.obj(value, path, _CASE_KEYS)
    if d is None:
        return None
    mediators = [
        r.check_text(v, f"{path}.mediators[{i}]", "调解员姓名", limit=100)
        for i, v in enumerate(r.items(d, path, "mediators"))
    ]
    for i, name in enumerate(mediators):
        if not name.strip() and not r.covered(f"{path}.mediators[{i}]"):
            r.fail(f"{path}.mediators[{i}]", MEDIATOR_NAME_EMPTY)
    return Case(
        number=r.text(d, path, "number", limit=100),
        title=r.text(d, path, "title"),
        dispute_type=r.text(d, path, "dispute_type"),
        source=r.enum(d, path, "source", CaseSource, CaseSource.OTHER),
        source_ref=r.text(d, path, "source_ref", limit=100),
        referral_court=r.text(d, path, "referral_court", limit=100),
        referral_ref=r.text(d, path, "referral_ref", limit=100),
        referral_deadline=r.date(d, path, "referral_deadline"),
        referral_body=r.text(d, path, "referral_body", limit=100),
        subject_location=r.text(d, path, "subject_location", limit=200),
        registered_on=r.date(d, path, "registered_on") or dt.date(2000, 1, 1),
        accepted_on=r.date(d, path, "accepted_on"),
        facts=r.text(d, path, "facts", multiline=True),
        claims=r.text(d, path, "claims", multiline=True),
        mediators=mediators,
        recorder=r.text(d, path, "recorder", limit=100),
        privacy_notice_on=r.date(d, path, "privacy_notice_on"),
        retention=r.text(d, path, "retention", limit=10) or DEFAULT_RETENTION,
        status=r.enum(d, path, "status", Stage, Stage.REGISTERED),
        parties=[_party(r, v, f"{path}.parties[{i}]", i) for i, v in enumerate(r.items(d, path, "parties"))],
        agreement=_agreement(r, d.get("agreement"), f"{path}.agreement"),
    )


def _check_header(data: object) -> dict[str, object]:
    """Stop at once when this is not our file or not a version this program reads."""
    if not isinstance(data, dict):
        raise ValidationError([FieldError("$", "文件内容应为一个 JSON 对象（以 { 开头）")])
    fmt = data.get("format")
    if fmt != FORMAT:
        got = "没有 format 字段" if fmt is None else f"format 为{show(fmt)}"
        raise ValidationError([FieldError("$.format", f'这不是调解工作台的案件文件（{got}，应为 "{FORMAT}"）')])
    version = data.get("version")
    if type(version) is not int:
        raise ValidationError([FieldError("$.version", f"格式版本应为整数 {VERSION}，现为{show(version)}")])
    if version > VERSION:
        raise ValidationError(
            [
                FieldError(
                    "$.version",
                    f"这是第{version}版格式的案件文件，本程序只能读取第{VERSION}版，请升级调解工作台后再导入",
                )
            ]
        )
    if version != VERSION:
        raise ValidationError([FieldError("$.version", f"不支持的格式版本 {version}，应为 {VERSION}")])
    return data


def case_from_json(data: object, today: dt.date | None = None) -> Case:
    """Read a parsed case file; raises `ValidationError` naming every problem by its JSON path.

    The returned case is normalised and valid for registration (the same rules as the intake
    dialog). Its `number` is the number it had where it was exported; `id` is None.
    """
    top = _check_header(data)
    r = Reader()
    r.obj(top, "$", _TOP_KEYS)
    r.text(top, "$", "generator", limit=200)
    # A missing "case" was reported by `obj` above; reading it again would only repeat that.
    case = None if top.get("case") is None else _case(r, top["case"], "$.case")
    if case is not None:
        today = today or dt.date.today()
        for party in case.parties:
            normalise_party(party, today)
        for err in registration_errors(case, today):
            path = f"$.case.{err.path}"
            if not r.covered(path):
                r.errors.append(FieldError(path, err.message))
    if r.errors:
        raise ValidationError(sorted(r.errors, key=_document_order))
    assert case is not None
    return case


# ---------------------------------------------------------------- import: text and files

_JSON_MESSAGES = (
    ("Expecting value", "此处缺少一个值（或有多余的逗号）"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Expecting property name enclosed in double quotes", "字段名应使用英文双引号括起来（或有多余的逗号）"),
    ("Unterminated string", "文本缺少结束的双引号"),
    ("Invalid control character", "文本中有不允许的控制字符（换行应写成 \\n）"),
    ("Invalid \\escape", "无效的转义符"),
    ("Invalid \\uXXXX escape", "无效的 \\u 转义符"),
    ("Extra data", "JSON 结束后还有多余的内容"),
)


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


MAX_NUMBER_DIGITS = 30  # no number in a case file is longer (sequence numbers, years); Python refuses 4,300+


class _NumberTooLongError(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _number(text: str) -> int | float:
    """A JSON number, refused when absurdly long (a 4,300-digit integer made the program crash)."""
    if len(text) > MAX_NUMBER_DIGITS:
        raise _NumberTooLongError(len(text))
    return float(text) if any(c in text for c in ".eE") else int(text)


def parse_case_text(text: str, source: str = "文件", today: dt.date | None = None) -> Case:
    """Parse and validate the text of a case file; `source` names it in messages (e.g. the file name)."""
    if not text.strip():
        raise UserFacingError(f"{source}是空的，没有案件内容")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_number, parse_float=_number)
    except _NumberTooLongError as exc:
        raise UserFacingError(
            f"{source}中有一个长达 {exc.digits} 位的数字，不是案件文件中会有的内容（数字最多 {MAX_NUMBER_DIGITS} 位）"
        ) from None
    except json.JSONDecodeError as exc:
        reason = next((zh for en, zh in _JSON_MESSAGES if exc.msg.startswith(en)), exc.msg)
        raise UserFacingError(f"{source}不是有效的 JSON：第{exc.lineno}行第{exc.colno}列：{reason}") from None
    except _DuplicateKeyError as exc:
        raise UserFacingError(f"{source}中同一对象里字段“{exc.key}”出现了两次，无法确定以哪一个为准") from None
    except RecursionError:
        raise UserFacingError(f"{source}的嵌套层次过深，不是案件文件") from None
    return case_from_json(data, today)


def read_case_file(path: Path, today: dt.date | None = None) -> Case:
    """Read, parse and validate a case file (UTF-8, a byte-order mark is tolerated)."""
    raw = read_bytes(path, MAX_FILE_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserFacingError(
            f"文件“{path}”不是 UTF-8 编码（第{exc.start + 1}个字节无法识别），请以 UTF-8 编码保存后再导入"
        ) from None
    return parse_case_text(text, f"文件“{Path(path).name}”", today)
