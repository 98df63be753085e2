"""The case exchange file: JSON ``{"format": "mediation-desk/case", "version": 1, "case": {...}}``.

`case_to_json` writes every field of a `Case` under English snake_case keys that mirror the domain;
`case_from_json` reads it back and checks everything: JSON types, required and unknown keys, enum
values, dates, amounts, and then the domain's own registration rules. Each problem becomes a
`FieldError` whose path is the JSON path (``$.case.parties[1].id_number``); all of them are raised
together in one `ValidationError`. The format and its rules are documented in docs/json-format.md.

Amounts are strings in yuan (``"12000.00"``), never JSON numbers: a float cannot hold 0.10 exactly
and money is kept in 分 everywhere else (docs/legal-basis.md §7.4).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from mediator_app import __version__
from mediator_app.domain.model import (
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
from mediator_app.domain.money import MAX_FEN, Money
from mediator_app.domain.stages import Stage
from mediator_app.domain.validation import normalise_party, registration_errors
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.exchange.files import read_bytes, write_atomic

FORMAT = "mediation-desk/case"
VERSION = 1
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_SEQ = 9999

_E = TypeVar("_E", bound=StrEnum)

# ---------------------------------------------------------------- export


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _representative_json(rep: Representative) -> dict[str, Any]:
    return {
        "kind": rep.kind.value,
        "name": rep.name,
        "id_type": rep.id_type.value,
        "id_number": rep.id_number,
        "phone": rep.phone,
        "relation": rep.relation,
    }


def _party_json(p: Party) -> dict[str, Any]:
    return {
        "seq": p.seq,
        "role": p.role.value,
        "kind": p.kind.value,
        "name": p.name,
        "id_type": p.id_type.value,
        "id_number": p.id_number,
        "sex": p.sex,
        "birth_date": _iso(p.birth_date),
        "ethnicity": p.ethnicity,
        "occupation": p.occupation,
        "address": p.address,
        "phone": p.phone,
        "uscc": p.uscc,
        "legal_rep": p.legal_rep,
        "legal_rep_title": p.legal_rep_title,
        "representatives": [_representative_json(r) for r in p.representatives],
    }


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
        "registered_on": _iso(case.registered_on),
        "accepted_on": _iso(case.accepted_on),
        "facts": case.facts,
        "claims": case.claims,
        "mediators": list(case.mediators),
        "recorder": case.recorder,
        "status": case.status,
        "parties": [_party_json(p) for p in case.parties],
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
    "registered_on": True,
    "accepted_on": False,
    "facts": True,
    "claims": False,
    "mediators": False,
    "recorder": False,
    "status": False,
    "parties": True,
    "agreement": False,
}
_PARTY_KEYS = {
    "seq": True,
    "role": True,
    "kind": True,
    "name": True,
    "id_type": False,
    "id_number": False,
    "sex": False,
    "birth_date": False,
    "ethnicity": False,
    "occupation": False,
    "address": False,
    "phone": False,
    "uscc": False,
    "legal_rep": False,
    "legal_rep_title": False,
    "representatives": False,
}
_REP_KEYS = {"kind": True, "name": True, "id_type": False, "id_number": False, "phone": False, "relation": False}
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


_LABELS = {
    "format": "格式标识",
    "version": "格式版本",
    "generator": "生成程序",
    "case": "案件",
    "number": "案件编号",
    "title": "案件名称",
    "dispute_type": "纠纷类型",
    "source": "案件来源",
    "source_ref": "来源编号",
    "registered_on": "登记日期",
    "accepted_on": "受理日期",
    "facts": "纠纷简要情况",
    "claims": "申请事项",
    "mediators": "调解员",
    "recorder": "记录人",
    "status": "办理状态",
    "parties": "当事人",
    "agreement": "调解协议",
    "seq": "序号",
    "role": "当事人地位",
    "kind": "类型",
    "name": "姓名或名称",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "sex": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "occupation": "职业",
    "address": "住址",
    "phone": "联系电话",
    "uscc": "统一社会信用代码",
    "legal_rep": "法定代表人或主要负责人",
    "legal_rep_title": "职务",
    "representatives": "代理人",
    "relation": "与当事人关系",
    "disputed_matters": "争议事项",
    "responsibilities": "各方责任",
    "breach_clause": "违约责任",
    "signed_on": "协议签订日期",
    "terms": "协议条款",
    "obligor": "义务人",
    "obligee": "权利人",
    "action": "履行内容",
    "amount": "金额",
    "deadline": "履行期限",
    "manner": "履行方式",
    "place": "履行地点",
}

# ASCII digits only, matched in full: \d would also take ٣ or ², and $ would allow a trailing newline.
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_AMOUNT_RE = re.compile(r"[0-9]{1,20}(\.[0-9]{1,2})?")
# Lone surrogates (from "\ud842" escapes) cannot be stored as UTF-8; controls other than tab and
# line breaks have no place in a dispute file.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\r\n\t]")


def _label(key: str) -> str:
    return _LABELS.get(key, key)


class _Reader:
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
                self.fail(f"{path}.{key}", f"缺少必填项“{key}”（{_label(key)}）")
        return value

    def items(self, d: Mapping[str, object], path: str, key: str) -> list[object]:
        value = d.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{path}.{key}", f"{_label(key)}应为列表（用 [ ] 括起来）")
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
        return self.check_text(value, f"{path}.{key}", _label(key), limit=limit, multiline=multiline)

    def check_text(
        self, value: object, path: str, label: str, *, limit: int | None = None, multiline: bool = False
    ) -> str:
        if not isinstance(value, str):
            self.fail(path, f"{label}应为文本（用双引号括起来），现为{_json_type(value)}")
            return ""
        if _BAD_CHARS.search(value) or (not multiline and _LINE_BREAKS.search(value)):
            self.fail(path, f"{label}含有不允许的控制字符或无效字符")
        elif limit is not None and len(value) > limit:
            self.fail(path, f"{label}过长（最多{limit}字，现为{len(value)}字）")
        return value

    def integer(self, d: Mapping[str, object], path: str, key: str, default: int | None) -> int | None:
        value = d.get(key)
        if value is None:
            return default
        if type(value) is not int or not 1 <= value <= MAX_SEQ:
            self.fail(f"{path}.{key}", f"{_label(key)}应为1至{MAX_SEQ}之间的整数，现为{_show(value)}")
            return default
        return value

    def date(self, d: Mapping[str, object], path: str, key: str) -> dt.date | None:
        value = d.get(key)
        if value is None:
            return None
        where, label = f"{path}.{key}", _label(key)
        if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
            self.fail(where, f'{label}应写成“YYYY-MM-DD”形式的文本，例如 "2026-11-22"，现为{_show(value)}')
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
            self.fail(f"{path}.{key}", f"{_label(key)}应为文本，现为{_json_type(value)}；可用的值：{allowed}")
        elif value not in {m.value for m in cls}:
            self.fail(f"{path}.{key}", f"{_label(key)}“{value[:40]}”不是可用的值，应为：{allowed}")
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
            self.fail(where, f'金额应写成带引号的文本，例如 "12000.00"，现为{_json_type(value)}')
            return None
        if value.strip().startswith("-"):
            self.fail(where, f"金额不能为负数（现为“{value}”）")
            return None
        if not _AMOUNT_RE.fullmatch(value):
            self.fail(where, f'金额“{value}”格式不正确，应为元，最多两位小数，不带逗号和符号，例如 "12000.50"')
            return None
        yuan, _, cents = value.partition(".")
        fen = int(yuan) * 100 + int(cents.ljust(2, "0") or "0")
        if fen > MAX_FEN:
            self.fail(where, "金额过大")
            return None
        return Money(fen)


def _json_type(value: object) -> str:
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


def _show(value: object) -> str:
    if isinstance(value, str):
        return f"“{value[:40]}”"
    return _json_type(value)


# ---------------------------------------------------------------- import: the tree


def _representative(r: _Reader, value: object, path: str) -> Representative:
    d = r.obj(value, path, _REP_KEYS)
    if d is None:
        return Representative(kind=RepresentativeKind.AGENT, name="?")
    return Representative(
        kind=r.enum(d, path, "kind", RepresentativeKind, RepresentativeKind.AGENT),
        name=r.text(d, path, "name"),
        id_type=r.enum(d, path, "id_type", IdType, IdType.RESIDENT_ID, on_error=IdType.OTHER),
        id_number=r.text(d, path, "id_number"),
        phone=r.text(d, path, "phone"),
        relation=r.text(d, path, "relation", limit=50),
    )


def _party(r: _Reader, value: object, path: str, index: int) -> Party:
    d = r.obj(value, path, _PARTY_KEYS)
    if d is None:
        return Party(seq=index + 1, role=PartyRole.APPLICANT, kind=PartyKind.PERSON, name="?")
    return Party(
        seq=r.integer(d, path, "seq", index + 1) or index + 1,
        role=r.enum(d, path, "role", PartyRole, PartyRole.APPLICANT),
        kind=r.enum(d, path, "kind", PartyKind, PartyKind.PERSON),
        name=r.text(d, path, "name"),
        # An unreadable id_type falls back to 其他 so that no checksum complaint is added to its error.
        id_type=r.enum(d, path, "id_type", IdType, IdType.RESIDENT_ID, on_error=IdType.OTHER),
        id_number=r.text(d, path, "id_number"),
        sex=r.text(d, path, "sex"),
        birth_date=r.date(d, path, "birth_date"),
        ethnicity=r.text(d, path, "ethnicity", limit=20),
        occupation=r.text(d, path, "occupation", limit=100),
        address=r.text(d, path, "address"),
        phone=r.text(d, path, "phone"),
        uscc=r.text(d, path, "uscc"),
        legal_rep=r.text(d, path, "legal_rep"),
        legal_rep_title=r.text(d, path, "legal_rep_title", limit=50),
        representatives=[
            _representative(r, v, f"{path}.representatives[{j}]")
            for j, v in enumerate(r.items(d, path, "representatives"))
        ],
    )


def _term(r: _Reader, value: object, path: str, index: int) -> Term:
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


def _agreement(r: _Reader, value: object, path: str) -> Agreement | None:
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


def _case(r: _Reader, value: object, path: str) -> Case | None:
    d = r.obj(value, path, _CASE_KEYS)
    if d is None:
        return None
    mediators = [
        r.check_text(v, f"{path}.mediators[{i}]", "调解员姓名", limit=100)
        for i, v in enumerate(r.items(d, path, "mediators"))
    ]
    for i, name in enumerate(mediators):
        if not name.strip() and not r.covered(f"{path}.mediators[{i}]"):
            r.fail(f"{path}.mediators[{i}]", "调解员姓名不能为空")
    return Case(
        number=r.text(d, path, "number", limit=100),
        title=r.text(d, path, "title"),
        dispute_type=r.text(d, path, "dispute_type"),
        source=r.enum(d, path, "source", CaseSource, CaseSource.OTHER),
        source_ref=r.text(d, path, "source_ref", limit=100),
        registered_on=r.date(d, path, "registered_on") or dt.date(2000, 1, 1),
        accepted_on=r.date(d, path, "accepted_on"),
        facts=r.text(d, path, "facts", multiline=True),
        claims=r.text(d, path, "claims", multiline=True),
        mediators=mediators,
        recorder=r.text(d, path, "recorder", limit=100),
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
        got = "没有 format 字段" if fmt is None else f"format 为{_show(fmt)}"
        raise ValidationError([FieldError("$.format", f'这不是调解工作台的案件文件（{got}，应为 "{FORMAT}"）')])
    version = data.get("version")
    if type(version) is not int:
        raise ValidationError([FieldError("$.version", f"格式版本应为整数 {VERSION}，现为{_show(version)}")])
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
    r = _Reader()
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


def parse_case_text(text: str, source: str = "文件", today: dt.date | None = None) -> Case:
    """Parse and validate the text of a case file; `source` names it in messages (e.g. the file name)."""
    if not text.strip():
        raise UserFacingError(f"{source}是空的，没有案件内容")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
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
