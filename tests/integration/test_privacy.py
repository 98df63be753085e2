"""Personal data on demand and the PIPL duties: a reveal is recorded; a correction saves and records what
changed; the access report holds the person's own entries only, as a PDF, and its making is recorded; the
notice acknowledgement and the retention are stored; dossiers past their retention are listed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from mediator_app.documents.access_report import report_lines
from mediator_app.domain.masking import mask_phone
from mediator_app.errors import UserFacingError, ValidationError
from mediator_app.exchange.case_json import read_case_file
from mediator_app.services import audit, cases, privacy, transfer
from mediator_app.storage.database import Database
from tests.clirun import Run
from tests.engines import sql
from tests.factories import make_case

pytestmark = [pytest.mark.usefixtures("committee_db"), pytest.mark.engines]  # on SQLite and on PostgreSQL


def _last_audit(db: Database) -> tuple[str, str, int]:
    with db.read_connection() as conn:
        row = conn.execute("SELECT action, detail, case_id FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row[0], row[1], row[2]


def test_revealing_a_full_id_number_is_recorded_without_the_number(committee_db: Database) -> None:
    saved = cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 2))
    assert saved.id is not None
    full = saved.parties[0].id_number
    shown = privacy.reveal(committee_db, saved.id, 1, privacy.Revealed.ID_NUMBER, actor="王德明")
    assert shown.value == full and "*" not in shown.value
    action, detail, case_id = _last_audit(committee_db)
    assert (action, case_id) == (privacy.VIEW_ACTION, saved.id)
    assert "第1位当事人的证件号码" in detail and full not in detail
    assert audit.verify(committee_db).ok


def test_a_reveal_that_finds_nothing_records_nothing(committee_db: Database) -> None:
    saved = cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 2))
    assert saved.id is not None
    before = _last_audit(committee_db)
    with pytest.raises(UserFacingError, match="没有第9位当事人"):
        privacy.reveal(committee_db, saved.id, 9, privacy.Revealed.PHONE)
    assert _last_audit(committee_db) == before


def test_a_correction_saves_the_new_value_and_records_what_changed(committee_db: Database) -> None:
    saved = cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 2))
    assert saved.id is not None
    old = saved.parties[0]
    corrected = dataclasses.replace(old, address="东湖村五组8号", phone="13700001111")
    changed = privacy.correct_party(committee_db, saved.id, corrected, requested_by=old.name, actor="王德明")
    assert changed == ["住址", f"联系电话（{mask_phone(old.phone)}→137****1111）"]
    again = cases.get_case(committee_db, saved.id).parties[0]
    assert (again.address, again.phone) == ("东湖村五组8号", "13700001111")
    action, detail, _ = _last_audit(committee_db)
    assert action == privacy.CORRECTION_ACTION and f"应{old.name}请求更正第1位当事人的住址、联系电话" in detail
    assert "13700001111" not in detail and "东湖村五组8号" not in detail
    with pytest.raises(UserFacingError, match="没有需要更正"):
        privacy.correct_party(committee_db, saved.id, corrected, requested_by=old.name)
    with pytest.raises(ValidationError):  # an invalid correction writes nothing
        privacy.correct_party(committee_db, saved.id, dataclasses.replace(old, id_number="110105196803090312"), "本人")
    assert _last_audit(committee_db)[0] == privacy.CORRECTION_ACTION


def test_the_access_report_holds_the_persons_own_entries_only(committee_db: Database) -> None:
    first = cases.register_case(committee_db, make_case(3, number=""), dt.date(2026, 11, 2))
    cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 5))
    person = first.parties[0]
    report, pdf = privacy.access_report_pdf(committee_db, person.id_number.lower(), dt.date(2026, 12, 6))
    assert len(report.cases) == 2 and all(c.as_party[0].name == person.name for c in report.cases)
    lines = "\n".join(text for _style, text in report_lines(report))
    assert person.id_number in lines and person.address in lines
    assert first.parties[1].name not in lines and first.parties[1].id_number not in lines  # not the others'
    assert pdf.startswith(b"%PDF")
    action, detail, case_id = _last_audit(committee_db)
    assert action == privacy.REPORT_ACTION and case_id is None and person.id_number not in detail
    nobody = privacy.access_report(committee_db, "11010519491231002X", dt.date(2026, 12, 6))
    assert nobody.cases == ()
    with pytest.raises(UserFacingError, match="完整的证件号码"):
        privacy.access_report(committee_db, "1101", dt.date(2026, 12, 6))


def test_mediator_cli_pipl_report_writes_the_pdf(
    committee_db: Database, db_location: Path | str, tmp_path: Path, run: Run
) -> None:
    saved = cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 2))
    out = tmp_path / "报告.pdf"
    code, stdout, stderr = run(
        "pipl", "report", "--db", str(db_location), "--id", saved.parties[0].id_number, "-o", str(out)
    )
    assert code == 0, stderr
    assert "涉及 1 件案件" in stdout and out.read_bytes().startswith(b"%PDF")
    assert out.stat().st_mode & 0o077 == 0  # owner-only: the person's full data


def _archive(db: Database, case_id: int, at: str, retention: str) -> None:
    with db.unit_of_work() as session:
        conn = session.connection()
        conn.exec_driver_sql(
            sql(db, "UPDATE dispute_case SET status = '结案归档', retention = ? WHERE id = ?"), (retention, case_id)
        )
        conn.exec_driver_sql(
            sql(
                db,
                "INSERT INTO transition_log (case_id, at, actor, event, from_stage, to_stage, note) "
                "VALUES (?, ?, '王德明', '结案归档', '回访', '结案归档', '')",
            ),
            (case_id, at),
        )


def test_dossiers_past_their_retention_are_listed_for_the_director(
    committee_db: Database, db_location: Path | str, run: Run
) -> None:
    made = [cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 2)) for _ in range(4)]
    ids = [c.id for c in made if c.id is not None]
    _archive(committee_db, ids[0], "2015-06-30 02:00:00.000000", "10年")  # ran out 2025-06-30
    _archive(committee_db, ids[1], "2015-06-30 02:00:00.000000", "30年")
    _archive(committee_db, ids[2], "2001-01-01 02:00:00.000000", "永久")
    _archive(committee_db, ids[3], "2016-12-07 02:00:00.000000", "10年")  # runs out 2026-12-07
    due = privacy.past_retention(committee_db, dt.date(2026, 12, 6))
    assert [(d.number, d.expired_on) for d in due] == [(made[0].number, dt.date(2025, 6, 30))]
    assert [d.number for d in privacy.past_retention(committee_db, dt.date(2026, 12, 7))] == [
        made[0].number,
        made[3].number,
    ]
    code, out, _err = run("pipl", "retention", "--db", str(db_location))
    assert code == 0 and made[0].number in out and "卷已过保管期限" in out  # the command counts from today
    assert made[1].number not in out and made[2].number not in out


def test_the_notice_acknowledgement_and_retention_are_stored_and_travel_in_the_case_file(
    committee_db: Database, tmp_path: Path
) -> None:
    case = dataclasses.replace(make_case(2, number=""), privacy_notice_on=dt.date(2026, 11, 2), retention="30年")
    saved = cases.register_case(committee_db, case, dt.date(2026, 11, 2))
    assert saved.id is not None
    again = cases.get_case(committee_db, saved.id)
    assert (again.privacy_notice_on, again.retention) == (dt.date(2026, 11, 2), "30年")
    path = tmp_path / "case.json"
    transfer.export_case_file(committee_db, saved.number, path)
    back = read_case_file(path, dt.date(2026, 12, 6))
    assert (back.privacy_notice_on, back.retention) == (dt.date(2026, 11, 2), "30年")
    with pytest.raises(ValidationError) as caught:
        cases.register_case(committee_db, dataclasses.replace(case, retention="5年"), dt.date(2026, 11, 2))
    assert [e.path for e in caught.value.errors] == ["retention"]
    with pytest.raises(ValidationError) as caught:
        cases.register_case(
            committee_db, dataclasses.replace(case, privacy_notice_on=dt.date(2026, 10, 1)), dt.date(2026, 11, 2)
        )
    assert [e.path for e in caught.value.errors] == ["privacy_notice_on"]


def test_the_access_report_lists_the_hotline_orders_the_person_called_in(committee_db: Database) -> None:
    from mediator_app.domain.hotline import HotlineOrder
    from mediator_app.storage import hotline_repo

    first = cases.register_case(committee_db, make_case(2, number=""), dt.date(2026, 11, 2))
    person, other = first.parties[0], first.parties[1]
    assert person.phone and first.id is not None
    digits = "".join(c for c in person.phone if c.isdigit())
    called = f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"  # as the hotline's export writes it
    third = "110105194912310021"  # another person's ID number in the request text
    orders = [
        HotlineOrder("GD001", "投诉举报", caller="刘女士", phone=called, content=f"楼上漏水，邻居身份证{third}"),
        HotlineOrder("GD002", "求助", caller=person.name, phone="13900000000", content="请求调解", case_id=first.id),
        HotlineOrder("GD003", "咨询", caller=person.name, phone="13700000000", content="同名的另一个人"),
        HotlineOrder("GD004", "求助", caller=other.name, phone="13600000000", content="对方的工单", case_id=first.id),
    ]
    committee = cases.get_committee(committee_db)
    assert committee is not None and committee.id is not None
    with committee_db.unit_of_work() as session:
        for order in orders:
            hotline_repo.add(session, committee.id, order)
    report = privacy.access_report(committee_db, person.id_number, dt.date(2026, 12, 6))
    assert sorted(o.order_no for o in report.orders) == ["GD001", "GD002"]  # by phone; by name on own case
    by_no = {o.order_no: o for o in report.orders}
    assert by_no["GD002"].case_number == first.number and by_no["GD001"].case_number == ""
    lines = "\n".join(text for _style, text in report_lines(report))
    assert "共涉及1件案件、2件12345热线工单" in lines and called in lines  # the person's own number, in full
    assert third not in lines and "楼上漏水" in lines  # another's number in the text is masked
    assert "对方的工单" not in lines and "同名的另一个人" not in lines
    _action, detail, _case = _last_audit(committee_db)
    assert detail.endswith("1件案件，2件热线工单") and digits not in detail
