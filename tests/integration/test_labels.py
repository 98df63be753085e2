"""One label table and one message table: a field is named the same by validation, the JSON import
and the dialogs; a situation is worded the same by every service."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from mediator_app.domain import labels, messages
from mediator_app.domain.labels import LABELS, field_key, field_label
from mediator_app.domain.validation import registration_errors
from mediator_app.errors import UserFacingError, ValidationError
from mediator_app.exchange.case_json import case_from_json, dumps_case
from mediator_app.services import cases as svc
from mediator_app.services import procedure as proc
from tests.factories import make_case


def test_a_path_names_its_field_by_the_one_table() -> None:
    assert field_key("$.case.parties[2].representatives[0].name") == "parties[].representatives[].name"
    assert field_label("parties[1].legal_rep") == "法定代表人或主要负责人"  # PML/CPL wording, as validation says it
    assert field_label("$.case.mediators") == LABELS["mediators"] == "人民调解员"
    assert field_label("$.version") == "格式版本" and field_label("$.case.unknown_key") == "unknown_key"


def _import_errors(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        case_from_json(data, dt.date(2026, 11, 22))
    return {e.path: e.message for e in info.value.errors}


def test_the_json_import_and_validation_use_the_table_words() -> None:
    data = json.loads(dumps_case(make_case()))
    data["case"]["mediators"] = "马德明"
    data["case"]["parties"][1].pop("name")
    errors = _import_errors(data)
    assert errors["$.case.mediators"].startswith(LABELS["mediators"] + "应为列表")
    assert errors["$.case.parties[1].name"] == f"缺少必填项“name”（{LABELS['parties[].name']}）"
    case = make_case()
    case.facts, case.title = " ", "题" * 201
    by_path = {e.path: e.message for e in registration_errors(case, dt.date(2026, 11, 22))}
    assert by_path["facts"] == messages.empty(LABELS["facts"])
    assert by_path["title"] == messages.too_long(LABELS["title"], 200, 201)


def test_a_missing_case_is_worded_once_by_every_service(tmp_path: Path) -> None:
    db = svc.open_database(tmp_path / "x.sqlite3")
    try:
        for call in (
            lambda: svc.get_case(db, 99),
            lambda: proc.workflow(db, 99),
            lambda: proc.accept(db, 99, dt.date(2026, 11, 2)),
            lambda: proc.record_refusal(db, 99, "拒绝"),
        ):
            with pytest.raises(UserFacingError) as info:
                call()
            assert info.value.message == messages.CASE_NOT_FOUND
        with pytest.raises(UserFacingError, match=messages.NO_COMMITTEE.split("，")[0]):
            svc.require_committee(db)
    finally:
        db.close()
    assert set(labels.COMMITTEE_LABELS) == {"name", "short_name", "address", "court", "phone", "case_number_pattern"}
