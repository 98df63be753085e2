"""A case loaded from the database carries its numbers as value objects; the stored and exported text
is what was typed (normalised by validation), unchanged by them."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from mediator_app.domain.ids import IdNumber, Phone, Uscc
from mediator_app.exchange.case_json import dumps_case
from mediator_app.services import cases as svc
from tests.factories import make_case, make_committee


def test_loaded_parties_carry_value_objects_and_the_columns_keep_text(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite3"
    db = svc.open_database(path)
    try:
        svc.save_committee(db, make_committee())
        case = make_case(3)
        case.agreement = None
        saved = svc.register_case(db, case, today=dt.date(2026, 11, 22))
        assert saved.id is not None
        loaded = svc.get_case(db, saved.id)
    finally:
        db.close()
    person = next(p for p in loaded.parties if p.is_person)
    organisation = next(p for p in loaded.parties if not p.is_person)
    assert isinstance(person.id_number, IdNumber) and isinstance(person.phone, Phone)
    assert isinstance(organisation.uscc, Uscc) and organisation.uscc_value.problem == ""
    assert person.id_value.resident is not None and person.id_value.resident.birth_date == person.birth_date
    conn = sqlite3.connect(path)
    try:
        stored = dict(conn.execute("SELECT name, id_number FROM party"))
    finally:
        conn.close()
    assert stored[person.name] == str(person.id_number) and type(stored[person.name]) is str
    exported = json.loads(dumps_case(loaded))["case"]["parties"]
    assert [p["id_number"] for p in exported] == [str(p.id_number) for p in loaded.parties]
