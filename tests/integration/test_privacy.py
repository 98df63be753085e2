"""Personal data on demand and the PIPL duties: a reveal is recorded; (more below)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mediator_app.errors import UserFacingError
from mediator_app.services import audit, cases, privacy
from mediator_app.storage.database import Database
from tests.factories import make_case

pytestmark = pytest.mark.usefixtures("committee_db")


def _last_audit(path: Path) -> tuple[str, str, int]:
    with closing(sqlite3.connect(path)) as conn:
        row = conn.execute("SELECT action, detail, case_id FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row[0], row[1], row[2]


def test_revealing_a_full_id_number_is_recorded_without_the_number(committee_db: Database, db_path: Path) -> None:
    saved = cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 2))
    assert saved.id is not None
    full = saved.parties[0].id_number
    shown = privacy.reveal(committee_db, saved.id, 1, privacy.Revealed.ID_NUMBER, actor="王德明")
    assert shown.value == full and "*" not in shown.value
    action, detail, case_id = _last_audit(db_path)
    assert (action, case_id) == (privacy.VIEW_ACTION, saved.id)
    assert "第1位当事人的证件号码" in detail and full not in detail
    assert audit.verify(committee_db).ok


def test_a_reveal_that_finds_nothing_records_nothing(committee_db: Database, db_path: Path) -> None:
    saved = cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 2))
    assert saved.id is not None
    before = _last_audit(db_path)
    with pytest.raises(UserFacingError, match="没有第9位当事人"):
        privacy.reveal(committee_db, saved.id, 9, privacy.Revealed.PHONE)
    assert _last_audit(db_path) == before
