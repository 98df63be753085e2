"""The schema every form definition (forms/<form>.v<N>.json) must satisfy, as data for `schema.Validator`.

This checks the shape (keys, types, ranges). What only the program knows is checked afterwards in
`forms.py`: that every field and placeholder names something the program can fill, that every
style a section uses is defined, that fonts are bundled and that grid rows fill their columns.
docs/documents.md describes each section type for people who write a local version of a form.
"""

from __future__ import annotations

from typing import Any

ALIGNMENTS = ["left", "center", "right", "justify"]
ROLES = ["申请人", "被申请人"]
EACH = ["investigation", "session", "visit", "agent", "work_order", "legal_support"]
REQUIREMENTS = [
    "agreement",
    "oral_agreement",
    "declined",
    "terminated",
    "agreement_effective",
    "court",
    "referral",
    "referral_result",
]
NUMBERING = ["chinese", "arabic", "circled", "none"]
LIST_SOURCES = ["terms", "field", "items", "confirmation_attachments"]
TABLE_SOURCES = ["toc", "visit_terms", "confirmation_materials"]

_TEXT = {"type": "string"}
_NONEMPTY = {"type": "string", "minLength": 1}
_POSITIVE = {"type": "number", "minimum": 0.1}
_NON_NEGATIVE = {"type": "number", "minimum": 0}
_COUNT = {"type": "integer", "minimum": 0, "maximum": 200}


def _obj(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False}


def _section(kind: str, required: list[str] | None = None, **properties: Any) -> dict[str, Any]:
    common = {"type": {"enum": [kind]}, "style": _NONEMPTY, "when": _NONEMPTY, "blank": {"enum": ["show", "hide"]}}
    return _obj(["type", *(required or [])], **common, **properties)


_FIELD_LIST = {"type": "array", "items": {"$ref": "#/definitions/party_field"}, "minItems": 1}
_CELLS = {"type": "array", "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/cell"}}}

FORM_SCHEMA: dict[str, Any] = {
    "definitions": {
        "style": _obj(
            ["font", "size_pt", "leading_pt"],
            font=_NONEMPTY,
            size_pt=_POSITIVE,
            leading_pt=_POSITIVE,
            align={"enum": ALIGNMENTS},
            space_before_pt=_NON_NEGATIVE,
            space_after_pt=_NON_NEGATIVE,
            first_line_indent_chars=_NON_NEGATIVE,
            left_indent_chars=_NON_NEGATIVE,
            right_indent_chars=_NON_NEGATIVE,
            letter_spacing_pt=_NON_NEGATIVE,
            fake_bold={"type": "boolean"},
        ),
        "party_field": _obj(["field", "label"], field=_NONEMPTY, label=_TEXT),
        "cell": _obj(
            [],
            label=_TEXT,
            text=_TEXT,
            field=_NONEMPTY,
            span={"type": "integer", "minimum": 1, "maximum": 12},
            min_height_mm=_NON_NEGATIVE,
            align={"enum": ALIGNMENTS},
            blank_lines=_COUNT,
            style=_NONEMPTY,
            party_places={"type": "boolean"},
        ),
        "lines_item": _obj(["label"], label=_TEXT, field=_NONEMPTY, blank_chars=_COUNT),
        "signer": _obj(["label"], label=_TEXT, field=_NONEMPTY, dated={"type": "boolean"}),
        "column": _obj(
            ["header", "key", "width"], header=_TEXT, key=_NONEMPTY, width=_POSITIVE, align={"enum": ALIGNMENTS}
        ),
        "section": {
            "type": "object",
            "discriminator": {
                "property": "type",
                "mapping": {
                    "committee": _section("committee", suffix=_TEXT),
                    "title": _section("title", text=_NONEMPTY),
                    "heading": _section("heading", ["text"], text=_NONEMPTY),
                    "text": _section(
                        "text",
                        text=_TEXT,
                        field=_NONEMPTY,
                        lead=_TEXT,
                        blank_lines=_COUNT,
                        keep_together={"type": "boolean"},
                    ),
                    "fields": _section(
                        "fields",
                        ["items"],
                        items={"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/lines_item"}},
                        columns={"type": "integer", "minimum": 1, "maximum": 4},
                        underline={"type": "boolean"},
                    ),
                    "grid": _section(
                        "grid",
                        ["columns", "rows"],
                        label_style=_NONEMPTY,
                        columns={"type": "array", "minItems": 1, "items": _POSITIVE},
                        rows={**_CELLS, "minItems": 1},
                        min_row_height_mm=_NON_NEGATIVE,
                    ),
                    "parties": _section(
                        "parties",
                        ["layout"],
                        layout={"enum": ["paragraph", "grid"]},
                        rep_style=_NONEMPTY,
                        label_style=_NONEMPTY,
                        roles={"type": "array", "items": {"enum": ROLES}, "minItems": 1},
                        as_role=_TEXT,
                        person=_FIELD_LIST,
                        organisation=_FIELD_LIST,
                        representative=_FIELD_LIST,
                        other_id_label=_TEXT,
                        columns={"type": "array", "minItems": 1, "items": _POSITIVE},
                        person_rows=_CELLS,
                        organisation_rows=_CELLS,
                        role_width=_POSITIVE,
                    ),
                    "list": _section(
                        "list",
                        ["source"],
                        source={"enum": LIST_SOURCES},
                        field=_NONEMPTY,
                        items={"type": "array", "items": _TEXT},
                        numbering={"enum": NUMBERING},
                        intro=_TEXT,
                        blank_lines=_COUNT,
                        texts=_obj(
                            [], deadline=_TEXT, obligee=_TEXT, beneficiary=_TEXT, manner=_TEXT, place=_TEXT, party=_TEXT
                        ),
                    ),
                    "table": _section(
                        "table",
                        ["source", "columns"],
                        source={"enum": TABLE_SOURCES},
                        header_style=_NONEMPTY,
                        blank_rows=_COUNT,
                        min_row_height_mm=_NON_NEGATIVE,
                        columns={"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/column"}},
                    ),
                    "signatures": _section(
                        "signatures",
                        [],
                        date_style=_NONEMPTY,
                        seal_style=_NONEMPTY,
                        columns={"type": "integer", "minimum": 1, "maximum": 3},
                        blank_height_mm=_NON_NEGATIVE,
                        date_text=_TEXT,
                        continued_number_label=_NONEMPTY,
                        keep_with_previous={"type": "boolean"},  # accepted in older files, no longer read
                        parties=_obj(
                            [],
                            roles={"type": "array", "items": {"enum": ROLES}, "minItems": 1},
                            as_role=_TEXT,
                            person=_TEXT,
                            organisation=_TEXT,
                            organisation_signer=_TEXT,
                            representative=_TEXT,
                            dated={"type": "boolean"},
                            date_field=_NONEMPTY,
                        ),
                        signers={"type": "array", "items": {"$ref": "#/definitions/signer"}},
                        seal=_obj(["text"], text=_TEXT, date_field=_NONEMPTY, signer=_TEXT),
                    ),
                    "qr": _section("qr", ["field"], field=_NONEMPTY, size_mm=_POSITIVE, caption=_TEXT),
                    "spacer": _section("spacer", ["height_mm"], height_mm=_NON_NEGATIVE),
                    "page_break": _section("page_break"),
                },
            },
        },
    },
    **_obj(
        ["form", "version", "name", "page", "styles", "footer", "sections"],
        form={"type": "string", "minLength": 1},
        version={"type": "integer", "minimum": 1},
        name=_NONEMPTY,
        short_name=_NONEMPTY,
        basis=_TEXT,
        each={"enum": EACH},
        requires={"type": "array", "items": {"enum": REQUIREMENTS}},
        page=_obj(
            ["size", "margin_mm"],
            size={"enum": ["A4"]},
            margin_mm=_obj(
                ["top", "bottom", "left", "right"], top=_POSITIVE, bottom=_POSITIVE, left=_POSITIVE, right=_POSITIVE
            ),
        ),
        styles={"type": "object", "additionalProperties": {"$ref": "#/definitions/style"}},
        footer=_obj(["text", "font", "size_pt", "y_mm"], text=_TEXT, font=_NONEMPTY, size_pt=_POSITIVE, y_mm=_POSITIVE),
        sections={"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/section"}},
    ),
}
