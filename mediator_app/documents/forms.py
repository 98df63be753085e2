"""Form definitions kept as data in forms/<form>.v<N>.json, read and checked before anything is printed.

A definition is checked in two steps and every problem is reported at once, naming its JSON path:
first its shape against `form_schema.FORM_SCHEMA` (`schema.Validator`), then what only the program
knows: every field key and placeholder names a value the program can fill (`fields.FIELDS`) in
the form's scope, every style a section uses is defined, fonts are bundled, grid rows fill their
columns. The format is described in docs/documents.md; which file is used for a form id (the
shipped one or a committee's own) is decided by `catalog`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from mediator_app.documents.catalog import FORM_FILE_RE, FormDefinitionError, locate, read_form_json
from mediator_app.documents.fields import FIELDS, SCOPES_FOR_EACH
from mediator_app.documents.fonts import font_names
from mediator_app.documents.form_schema import FORM_SCHEMA
from mediator_app.documents.schema import Problem, Validator, join
from mediator_app.documents.texts import ORGANISATION_FIELDS, PERSON_FIELDS, REPRESENTATIVE_FIELDS
from mediator_app.frozen import frozen

__all__ = [
    "FooterSpec",
    "Form",
    "FormDefinitionError",
    "Section",
    "TextStyle",
    "load_form",
    "load_form_file",
    "parse_form",
    "placeholders",
]

PAGE_SIZES_MM = {"A4": (210.0, 297.0)}
# Style a section uses when it names none, per section type and role.
DEFAULT_STYLES: dict[str, dict[str, str]] = {
    "committee": {"style": "committee"},
    "title": {"style": "title"},
    "heading": {"style": "heading"},
    "text": {"style": "body"},
    "fields": {"style": "body"},
    "grid": {"style": "cell", "label_style": "label"},
    "parties": {"style": "party", "rep_style": "representative", "label_style": "label"},
    "list": {"style": "body"},
    "qr": {"style": "body"},
    "table": {"style": "cell", "header_style": "label"},
    "signatures": {"style": "signature", "date_style": "signature_date", "seal_style": "seal"},
    "spacer": {},
    "page_break": {},
}
TABLE_COLUMNS = {
    "toc": frozenset({"seq", "title", "page", "note"}),
    "visit_terms": frozenset({"seq", "term", "status", "note"}),
    "confirmation_materials": frozenset({"seq", "name", "copies", "note"}),
}
# Placeholders allowed in templates that are not field keys, by the JSON key of the template.
LOCAL_PLACEHOLDERS = {
    "person": frozenset({"role"}),
    "organisation": frozenset({"role"}),
    "representative": frozenset({"kind"}),
    "other_id_label": frozenset({"id_type"}),
    "deadline": frozenset({"deadline"}),
    "obligee": frozenset({"obligee"}),
    "beneficiary": frozenset({"obligee"}),
    "manner": frozenset({"manner"}),
    "place": frozenset({"place"}),
    "party": frozenset({"role", "name"}),
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
@frozen(repr=False)
class TextStyle:
    """A text style of a form: font, size, leading and alignment."""

    font: str
    size_pt: float
    leading_pt: float
    align: str = "left"
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0
    first_line_indent_chars: float = 0.0
    left_indent_chars: float = 0.0
    right_indent_chars: float = 0.0
    letter_spacing_pt: float = 0.0  # honoured by titles only
    fake_bold: bool = False  # honoured by titles only (no bold face is bundled: the outline is stroked)


# A party's large-print copy: 1.4 × the form's sizes (the agreement's 12 pt body becomes about 17 pt,
# the size of large-print books; the signed copy the law speaks of stays at the form's own sizes).
LARGE_PRINT = 1.4


def enlarged(form: Form, factor: float) -> Form:
    """`form` with every text style's size, leading and spacing times `factor` (margins, page and footer
    as they are): the same content, more pages."""
    styles = {
        name: replace(
            style,
            size_pt=style.size_pt * factor,
            leading_pt=style.leading_pt * factor,
            space_before_pt=style.space_before_pt * factor,
            space_after_pt=style.space_after_pt * factor,
        )
        for name, style in form.styles.items()
    }
    return replace(form, styles=styles, name=form.name + "（大字本）")


@frozen(repr=False)
class FooterSpec:
    """The footer a form prints on each page (page numbers)."""

    text: str  # with {page} and {pages}
    font: str
    size_pt: float
    y_mm: float  # baseline height above the bottom edge of the page


@frozen(repr=False)
class Section:
    """One section of a form: its type, its checked JSON object and its path (for error messages)."""

    type: str
    data: Mapping[str, Any]
    path: str

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def style(self, role: str = "style") -> str:
        return str(self.data.get(role, DEFAULT_STYLES[self.type].get(role, "body")))


@frozen(repr=False)
class Form:
    """A form definition (one of the standard papers) as read from its file."""

    form_id: str
    version: int
    name: str
    short_name: str  # the name in the 卷内目录 (defaults to `name`)
    basis: str
    each: str | None  # printed once per investigation / session / visit / agent
    requires: tuple[str, ...]
    page_size_mm: tuple[float, float]
    margins_mm: Mapping[str, float]
    styles: Mapping[str, TextStyle]
    footer: FooterSpec
    sections: tuple[Section, ...]
    source: str = ""

    def field_keys(self) -> list[str]:
        """Every field key the form prints (fields, cells, placeholders, signers), in order, once each."""
        return list(dict.fromkeys(key for key, _ in _field_refs(self.sections)))

    def reads_dossier(self) -> bool:
        """Does the form print the dossier's contents or counts (`DocumentContext.dossier`)?

        Only such forms change between the dossier's layout passes; the others are built once.
        """
        toc = any(s.type == "table" and s.get("source") == "toc" for s in self.sections)
        return toc or any(key.startswith("dossier.") for key in self.field_keys())


def style_roles(s: Section) -> list[str]:
    """The style roles a section actually uses (only those must be defined)."""
    roles = list(DEFAULT_STYLES[s.type])
    if s.type == "parties":
        roles.remove("label_style" if s.get("layout") == "paragraph" else "rep_style")
    if s.type == "signatures":
        parties = s.get("parties") or {}
        if not (parties.get("dated", True) and parties) and not any(x.get("dated") for x in s.get("signers", [])):
            roles.remove("date_style")
        if "seal" not in s.data:
            roles.remove("seal_style")
    return roles


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def _braces_ok(template: str) -> bool:
    return "{" not in _PLACEHOLDER.sub("", template) and "}" not in _PLACEHOLDER.sub("", template)


# ---------------------------------------------------------------- references to fields


def _templates(value: Any, path: str, key: str = "") -> Iterator[tuple[str, str, str]]:
    """(json key, path, template) of every string inside a section, walking nested objects and lists."""
    if isinstance(value, str):
        yield key, path, value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            if k not in (
                "type",
                "style",
                "label_style",
                "rep_style",
                "header_style",
                "date_style",
                "seal_style",
                "field",
                "date_field",
                "when",
                "source",
                "layout",
                "numbering",
                "blank",
                "align",
                "key",
                "as_role",
                "roles",
            ):
                yield from _templates(v, join(path, k), k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _templates(v, join(path, i), key)


def _field_refs(sections: Iterable[Section]) -> Iterator[tuple[str, str]]:
    """(field key, path) of every field a section refers to: placeholders, field, date_field, when."""
    for section in sections:
        if section.type == "committee":
            yield "committee.name", section.path
        if section.type == "list" and section.get("source") == "terms":
            yield "agreement.terms", section.path
        for key, path, template in _templates(dict(section.data), section.path):
            if key in LOCAL_PLACEHOLDERS:
                continue
            for name in placeholders(template):
                yield name, path
        yield from _direct_refs(section.data, section.path)


def _direct_refs(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            if k in ("field", "date_field", "when") and isinstance(v, str):
                yield v, join(path, k)
            elif k not in ("person", "organisation", "representative", "person_rows", "organisation_rows"):
                yield from _direct_refs(v, join(path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _direct_refs(v, join(path, i))


# ---------------------------------------------------------------- checks only the program can make


class _Checker:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self.fonts = set(font_names())
        self.styles = set(data.get("styles", {}))
        each = data.get("each")
        self.scopes = SCOPES_FOR_EACH.get(each, SCOPES_FOR_EACH[None])

    def add(self, path: str, zh: str, en: str) -> None:
        self.problems.append(Problem(path, zh, en))

    def run(self, sections: tuple[Section, ...]) -> list[Problem]:
        for name, style in self.data["styles"].items():
            self.font(join(join("styles", name), "font"), style["font"])
        self.font("footer.font", self.data["footer"]["font"])
        self.template("footer.text", self.data["footer"]["text"], frozenset({"page", "pages"}))
        for key, path in _field_refs(sections):
            self.field(path, key)
        for section in sections:
            self.section(section)
        return self.problems

    def font(self, path: str, name: str) -> None:
        if name not in self.fonts:
            options = " / ".join(sorted(self.fonts))
            self.add(
                path,
                f"应为本程序附带的字体 {options} 之一，现为“{name}”",
                f"must be a bundled font ({options}), not {name!r}",
            )

    def field(self, path: str, key: str) -> None:
        spec = FIELDS.get(key)
        if spec is None:
            self.add(
                path,
                f"未知的字段 {{{key}}}（可用的字段见 docs/documents.md）",
                f"unknown field {key!r} (see docs/documents.md)",
            )
        elif spec.scope not in self.scopes:
            self.add(
                path,
                f"字段 {{{key}}} 只能用于逐份打印的记录类文书（each = {spec.scope}）",
                f"field {key!r} needs a form printed per {spec.scope}",
            )

    def template(self, path: str, text: str, allowed: frozenset[str]) -> None:
        if not _braces_ok(text):
            self.add(path, "大括号不成对", "unbalanced braces")
        for name in placeholders(text):
            if name not in allowed:
                hint = "、".join("{" + a + "}" for a in sorted(allowed)) or "无"
                self.add(path, f"含有未知的占位符 {{{name}}}（可用：{hint}）", f"unknown placeholder {{{name}}}")

    def style(self, path: str, name: str) -> None:
        if name not in self.styles:
            self.add(
                path, f"使用了未定义的样式“{name}”（请在 styles 中定义）", f"style {name!r} is not defined in styles"
            )

    def section(self, s: Section) -> None:
        for role in style_roles(s):
            self.style(join(s.path, role), s.style(role))
        for key, path, template in _templates(dict(s.data), s.path):
            if key in LOCAL_PLACEHOLDERS:
                self.template(path, template, LOCAL_PLACEHOLDERS[key])
            elif not _braces_ok(template):
                self.add(path, "大括号不成对", "unbalanced braces")
        check = getattr(self, f"_{s.type}", None)
        if check is not None:
            check(s)

    def _text(self, s: Section) -> None:
        if ("text" in s.data) == ("field" in s.data):
            self.add(s.path, "text 与 field 须有且只有一项", "exactly one of text and field is required")

    def _list(self, s: Section) -> None:
        source = s.get("source")
        if source == "field" and "field" not in s.data:
            self.add(join(s.path, "field"), "source 为 field 时须指定 field", "source 'field' needs field")
        if source == "items" and not s.get("items"):
            self.add(join(s.path, "items"), "source 为 items 时须列出 items", "source 'items' needs items")

    def _grid(self, s: Section) -> None:
        self.rows(join(s.path, "rows"), s.get("rows", []), len(s.get("columns", [])))

    def _parties(self, s: Section) -> None:
        for kind, allowed in (
            ("person", PERSON_FIELDS),
            ("organisation", ORGANISATION_FIELDS),
            ("representative", REPRESENTATIVE_FIELDS),
        ):
            for i, spec in enumerate(s.get(kind, [])):
                if spec["field"] not in allowed:
                    self.add(
                        join(join(join(s.path, kind), i), "field"),
                        f"应为 {' / '.join(sorted(allowed))} 之一，现为“{spec['field']}”",
                        f"must be one of {sorted(allowed)}",
                    )
        if s.get("layout") == "grid":
            columns = len(s.get("columns", []))
            if not columns:
                self.add(join(s.path, "columns"), "表格式当事人栏须指定 columns", "grid layout needs columns")
            for kind, allowed in (("person_rows", PERSON_FIELDS), ("organisation_rows", ORGANISATION_FIELDS)):
                self.rows(join(s.path, kind), s.get(kind, []), columns, allowed)
        elif "person" not in s.data or "organisation" not in s.data:
            self.add(
                s.path, "段落式当事人栏须列出 person 与 organisation", "paragraph layout needs person and organisation"
            )

    def rows(
        self,
        path: str,
        rows: list[list[Mapping[str, Any]]],
        columns: int,
        party_fields: frozenset[str] | None = None,
    ) -> None:
        for r, row in enumerate(rows):
            span = sum(int(cell.get("span", 1)) for cell in row)
            if span != columns:
                self.add(
                    join(path, r),
                    f"各格 span 之和应为 {columns}（列数），现为 {span}",
                    f"spans add up to {span}, not {columns}",
                )
            for c, cell in enumerate(row):
                cell_path = join(join(path, r), c)
                if sum(k in cell for k in ("label", "text", "field")) > 1:
                    self.add(cell_path, "label、text、field 最多只能有一项", "at most one of label, text, field")
                if "style" in cell:
                    self.style(join(cell_path, "style"), cell["style"])
                if party_fields is not None and "field" in cell and cell["field"] not in party_fields:
                    self.add(
                        join(cell_path, "field"),
                        f"应为 {' / '.join(sorted(party_fields))} 之一",
                        f"must be one of {sorted(party_fields)}",
                    )

    def _table(self, s: Section) -> None:
        allowed = TABLE_COLUMNS[s.get("source")]
        for i, column in enumerate(s.get("columns", [])):
            if column["key"] not in allowed:
                self.add(
                    join(join(join(s.path, "columns"), i), "key"),
                    f"应为 {' / '.join(sorted(allowed))} 之一，现为“{column['key']}”",
                    f"must be one of {sorted(allowed)}",
                )


def _style(data: Mapping[str, Any]) -> TextStyle:
    values: dict[str, Any] = {
        k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in data.items()
    }
    return TextStyle(**values)


def parse_form(data: Any, source: str = "", expected_id: str | None = None) -> Form:
    """Check a decoded definition; raises FormDefinitionError listing every problem with its JSON path."""
    problems = Validator(FORM_SCHEMA).validate(data)
    if not problems:
        sections = tuple(Section(s["type"], s, join("sections", i)) for i, s in enumerate(data["sections"]))
        problems = _Checker(data).run(sections)
        if expected_id is not None and data["form"] != expected_id:
            problems.append(
                Problem(
                    "form",
                    f"应与文件名中的格式名称“{expected_id}”一致，现为“{data['form']}”",
                    f"must match the file name ({expected_id!r})",
                )
            )
    if problems:
        listed = "；".join(str(p) for p in problems)
        raise FormDefinitionError(f"格式文件 {source or '（未命名）'} 有误（{len(problems)}处）：{listed}")
    margins = data["page"]["margin_mm"]
    return Form(
        form_id=data["form"],
        version=data["version"],
        name=data["name"],
        short_name=data.get("short_name", data["name"]),
        basis=data.get("basis", ""),
        each=data.get("each"),
        requires=tuple(data.get("requires", ())),
        page_size_mm=PAGE_SIZES_MM[data["page"]["size"]],
        margins_mm={k: float(margins[k]) for k in ("top", "bottom", "left", "right")},
        styles={name: _style(s) for name, s in data["styles"].items()},
        footer=FooterSpec(**{k: data["footer"][k] for k in ("text", "font", "size_pt", "y_mm")}),
        sections=sections,
        source=source,
    )


def load_form(form_id: str, override_dir: Path | None = None) -> Form:
    """The checked definition used for `form_id`: the override folder's own version if any, else the shipped one."""
    return load_form_file(locate(form_id, override_dir).path)


def load_form_file(path: Path) -> Form:
    """Read and check one definition file. Cached per file and modification time: an edited file is read again."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise FormDefinitionError(f"找不到格式文件 {path}，请重新安装本程序") from exc
    return _load_cached(str(path), mtime)


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, _mtime_ns: int) -> Form:  # the time only keys the cache: an edited file is read again
    data = read_form_json(Path(path))
    match = FORM_FILE_RE.match(Path(path).name)
    return parse_form(data, path, match[1] if match else None)
