"""Document definitions kept as data in forms/*.json, read and checked before anything is printed.

A locality that prints a slightly different agreement (other margins, font sizes, wording of the
fixed sentences, which particulars of a party are printed) edits forms/mediation_agreement.json,
not code. The format is described in forms/README.md. A definition is checked as a whole: every
missing key, wrong type and unknown placeholder is reported at once, naming its JSON path.
"""

from __future__ import annotations

import functools
import json
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediator_app.documents.fonts import font_names
from mediator_app.errors import UserFacingError
from mediator_app.paths import forms_path

AGREEMENT_FORM_FILE = "mediation_agreement.json"

ALIGNMENTS = ("left", "center", "right", "justify")
PAGE_SIZES_MM = {"A4": (210.0, 297.0)}

AGREEMENT_STYLES = ("committee", "title", "number", "party", "representative", "heading", "body",
                    "signature", "signature_date", "seal")
# Each fixed text and the placeholders it may use.
AGREEMENT_TEXTS: dict[str, frozenset[str]] = {
    "number": frozenset({"编号"}),
    "facts_heading": frozenset(),
    "disputed_matters": frozenset(),
    "responsibilities_heading": frozenset(),
    "agreement_intro": frozenset(),
    "term_deadline": frozenset({"期限"}),
    "term_obligee": frozenset({"权利人"}),
    "term_manner": frozenset({"履行方式"}),
    "term_place": frozenset({"履行地点"}),
    "breach_heading": frozenset(),
    "effective": frozenset(),
    "copies": frozenset({"份数"}),
}
SIGNATURE_TEXTS: dict[str, frozenset[str]] = {
    "person": frozenset({"角色"}),
    "organisation": frozenset({"角色"}),
    "organisation_signer": frozenset(),
    "representative": frozenset({"代理人"}),
    "blank_date": frozenset(),
    "mediators": frozenset(),
    "recorder": frozenset(),
    "seal": frozenset(),
}
PERSON_FIELDS = frozenset({"name", "sex", "birth_date", "age", "ethnicity", "occupation", "id_number",
                           "address", "phone"})
ORGANISATION_FIELDS = frozenset({"name", "uscc", "address", "legal_rep", "legal_rep_title", "phone"})
REPRESENTATIVE_FIELDS = frozenset({"name", "relation", "id_number", "phone"})


class FormDefinitionError(UserFacingError):
    """A form definition file is missing or wrong: a setup problem, not a user's input error."""


@dataclass(frozen=True)
class TextStyle:
    font: str
    size_pt: float
    leading_pt: float
    align: str = "left"
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0
    first_line_indent_chars: float = 0.0
    left_indent_chars: float = 0.0
    right_indent_chars: float = 0.0
    letter_spacing_pt: float = 0.0  # honoured by the title only
    fake_bold: bool = False  # honoured by the title only


@dataclass(frozen=True)
class FieldSpec:
    field: str  # attribute of the party / representative
    label: str  # printed before the value; empty: the value follows the role directly


@dataclass(frozen=True)
class FooterSpec:
    text: str  # with {页码} and {总页数}
    font: str
    size_pt: float
    y_mm: float  # baseline height above the bottom edge of the page


@dataclass(frozen=True)
class SignatureSpec:
    columns: int
    texts: dict[str, str]  # keys of SIGNATURE_TEXTS
    blank_height_mm: float


@dataclass(frozen=True)
class AgreementForm:
    name: str
    version: int
    page_size_mm: tuple[float, float]
    margins_mm: dict[str, float]  # top, bottom, left, right
    styles: dict[str, TextStyle]
    footer: FooterSpec
    texts: dict[str, str]  # keys of AGREEMENT_TEXTS
    person_fields: tuple[FieldSpec, ...]
    organisation_fields: tuple[FieldSpec, ...]
    representative_fields: tuple[FieldSpec, ...]
    other_id_label: str  # with {证件类型}
    signature: SignatureSpec
    source: str = ""


_MISSING = object()
_TYPE_NAMES = {str: "文字", int: "整数", float: "数字", bool: "true/false", dict: "对象", list: "列表"}


class _Reader:
    """Reads typed values by JSON path and collects every problem instead of stopping at the first."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.problems: list[str] = []

    def get(self, path: str, kind: type, default: Any = _MISSING) -> Any:
        node = self.data
        for key in path.split("."):
            if not isinstance(node, dict) or key not in node:
                if default is _MISSING:
                    self.problems.append(f"缺少 {path}")
                    return _fallback(kind)
                return default
            node = node[key]
        if kind is float and isinstance(node, int) and not isinstance(node, bool):
            node = float(node)
        if not isinstance(node, kind) or (kind is int and isinstance(node, bool)):
            self.problems.append(f"{path} 应为{_TYPE_NAMES.get(kind, kind.__name__)}")
            return _fallback(kind)
        return node

    def positive(self, path: str) -> float:
        value: float = self.get(path, float)
        if value <= 0:
            self.problems.append(f"{path} 应为正数")
        return value

    def non_negative(self, path: str, default: float = 0.0) -> float:
        value: float = self.get(path, float, default)
        if value < 0:
            self.problems.append(f"{path} 不能为负数")
        return value

    def template(self, path: str, allowed: Iterable[str]) -> str:
        text: str = self.get(path, str)
        allowed = frozenset(allowed)
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError:
            self.problems.append(f"{path} 的大括号不成对")
            return text
        unknown = sorted(names - allowed)
        if unknown:
            hint = "、".join("{" + a + "}" for a in sorted(allowed)) or "无"
            self.problems.append(f"{path} 含有未知的占位符 {{{unknown[0]}}}（可用：{hint}）")
        return text

    def choice(self, path: str, choices: Iterable[str], default: Any = _MISSING) -> str:
        value: str = self.get(path, str, default)
        options = list(choices)
        if value not in options:
            self.problems.append(f"{path} 应为 {' / '.join(options)} 之一，现为“{value}”")
        return value


def _fallback(kind: type) -> Any:
    return {str: "", int: 0, float: 0.0, bool: False, dict: {}, list: []}.get(kind)


def _style(r: _Reader, path: str) -> TextStyle:
    return TextStyle(
        font=r.choice(f"{path}.font", font_names()),
        size_pt=r.positive(f"{path}.size_pt"),
        leading_pt=r.positive(f"{path}.leading_pt"),
        align=r.choice(f"{path}.align", ALIGNMENTS, "left"),
        space_before_pt=r.non_negative(f"{path}.space_before_pt"),
        space_after_pt=r.non_negative(f"{path}.space_after_pt"),
        first_line_indent_chars=r.non_negative(f"{path}.first_line_indent_chars"),
        left_indent_chars=r.non_negative(f"{path}.left_indent_chars"),
        right_indent_chars=r.non_negative(f"{path}.right_indent_chars"),
        letter_spacing_pt=r.non_negative(f"{path}.letter_spacing_pt"),
        fake_bold=r.get(f"{path}.fake_bold", bool, False),
    )


def _fields(r: _Reader, path: str, allowed: frozenset[str]) -> tuple[FieldSpec, ...]:
    items = r.get(path, list)
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            r.problems.append(f"{path}[{i}] 应为对象")
            continue
        sub = _Reader(item)
        field = sub.choice("field", sorted(allowed))
        label = sub.get("label", str)
        r.problems += [f"{path}[{i}].{p}" for p in sub.problems]
        out.append(FieldSpec(field, label))
    if not any(f.field == "name" for f in out):
        r.problems.append(f"{path} 必须包含 name")
    return tuple(out)


def parse_agreement_form(data: Any, source: str = "") -> AgreementForm:
    """Check a decoded definition; raises FormDefinitionError listing every problem."""
    r = _Reader(data)
    if not isinstance(data, dict):
        raise FormDefinitionError(f"格式文件 {source} 有误：顶层应为对象")
    form = AgreementForm(
        name=r.get("name", str),
        version=r.get("version", int),
        page_size_mm=PAGE_SIZES_MM.get(r.choice("page.size", PAGE_SIZES_MM), PAGE_SIZES_MM["A4"]),
        margins_mm={side: r.positive(f"page.margin_mm.{side}") for side in ("top", "bottom", "left", "right")},
        styles={name: _style(r, f"styles.{name}") for name in AGREEMENT_STYLES},
        footer=FooterSpec(
            text=r.template("footer.text", {"页码", "总页数"}),
            font=r.choice("footer.font", font_names()),
            size_pt=r.positive("footer.size_pt"),
            y_mm=r.positive("footer.y_mm"),
        ),
        texts={key: r.template(f"text.{key}", allowed) for key, allowed in AGREEMENT_TEXTS.items()},
        person_fields=_fields(r, "party_fields.person", PERSON_FIELDS),
        organisation_fields=_fields(r, "party_fields.organisation", ORGANISATION_FIELDS),
        representative_fields=_fields(r, "party_fields.representative", REPRESENTATIVE_FIELDS),
        other_id_label=r.template("party_fields.other_id_label", {"证件类型"}),
        signature=SignatureSpec(
            columns=r.get("signature.columns", int),
            texts={key: r.template(f"signature.{key}", allowed) for key, allowed in SIGNATURE_TEXTS.items()},
            blank_height_mm=r.positive("signature.blank_height_mm"),
        ),
        source=source,
    )
    if form.signature.columns not in (1, 2, 3):
        r.problems.append("signature.columns 应为 1、2 或 3")
    if r.problems:
        raise FormDefinitionError(f"格式文件 {source} 有误：" + "；".join(r.problems))
    return form


def load_agreement_form(path: Path | None = None) -> AgreementForm:
    """Read and check the agreement definition (forms/mediation_agreement.json unless `path` is given).

    Cached per file and modification time, so an edited file is read again.
    """
    path = path or forms_path(AGREEMENT_FORM_FILE)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise FormDefinitionError(f"找不到格式文件 {path}，请重新安装本程序") from exc
    return _load_cached(str(path), mtime)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> AgreementForm:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise FormDefinitionError(f"无法读取格式文件 {path}：{exc.strerror}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise FormDefinitionError(f"格式文件 {path} 不是有效的 JSON（UTF-8）：{exc}") from exc
    return parse_agreement_form(data, path)
