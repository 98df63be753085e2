"""Referrals other than a court's (12345, 110 linkage, grid) and the subject matter's court (issue 12).

A 12345 / police / grid referral records the body that sent it (`Case.referral_body`) beside its
reference (`source_ref`): stored, exported and imported, read as empty from an older file, printed on
the acceptance register's 转办单位 row. A court referral prints its court in the same row (one
value, one road). The subject matter's place (`Case.subject_location`) adds its basic court to the
courts the confirmation package proposes (CPL Art. 205(2); the pure checks are in test_court_referral.py,
which the procedure/ coverage gate runs).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from mediator_app.domain.model import CaseSource
from mediator_app.errors import ValidationError
from mediator_app.exchange.case_json import case_from_json, case_to_json
from mediator_app.services import cases as svc
from mediator_app.services import printing
from mediator_app.services.printing import DatabaseStore, PrintJob
from mediator_app.storage.database import Database
from tests.factories import SIGNED_ON, make_case

CPL_205_2 = "《民事诉讼法》第二百零五条第二项"
BODIES = {
    CaseSource.HOTLINE_12345: ("朝阳区12345市民服务热线办公室", "GD-20261101-0042"),
    CaseSource.POLICE: ("北京市公安局朝阳分局望京派出所", "110联动-2026-318"),
    CaseSource.GRID: ("望京西园第三网格（网格员王红）", "WG-2026-77"),
}


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


@pytest.mark.parametrize("source", list(BODIES))
def test_a_referring_body_is_stored_exported_imported_and_printed(committee_db: Database, source: CaseSource) -> None:
    body, ref = BODIES[source]
    case = make_case(parties=2)
    case.source, case.referral_body, case.source_ref = source, body, ref
    registered = svc.register_case(committee_db, case, today=SIGNED_ON)
    assert registered.id is not None
    saved = svc.get_case(committee_db, registered.id)
    assert (saved.referral_body, saved.source_ref) == (body, ref)
    back = case_from_json(case_to_json(saved), today=SIGNED_ON)
    assert (back.referral_body, back.source_ref) == (body, ref)
    pdf = printing.render(
        DatabaseStore(committee_db), PrintJob.forms(registered.id, ["acceptance_register"], today=SIGNED_ON)
    )
    text = _text(pdf)
    assert "转办单位" in text and body in text and ref in text


def test_a_court_referral_prints_its_court_as_the_referring_body(committee_db: Database) -> None:
    case = make_case(parties=2)
    case.source, case.referral_court, case.referral_ref = (
        CaseSource.COURT,
        "北京市东城区人民法院",
        "（2026）京0101民诉前调9号",
    )
    registered = svc.register_case(committee_db, case, today=SIGNED_ON)
    assert registered.id is not None
    pdf = printing.render(
        DatabaseStore(committee_db), PrintJob.forms(registered.id, ["acceptance_register"], today=SIGNED_ON)
    )
    text = _text(pdf)
    assert "北京市东城区人民法院" in text and "（2026）京0101民诉前调9号" in text


def test_an_older_file_reads_with_no_body_no_place_and_full_capacity(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schemas" / "schema-0008.sqlite3"
    path = tmp_path / "mediation.sqlite3"
    shutil.copyfile(fixture, path)
    db = svc.open_database(path)
    try:
        for row in svc.list_cases(db)[:5]:
            case = svc.get_case(db, row.id)
            assert (case.referral_body, case.subject_location) == ("", "")
            assert all(p.capacity.value == "完全民事行为能力" for p in case.parties)
    finally:
        db.close()


# ---------------------------------------------------------------- the subject matter's court


def test_the_package_offers_the_subject_matters_court(committee_db: Database) -> None:
    from tests import docfixtures

    case = make_case(parties=2)
    case.subject_location = "天津市河西区友谊路10号"
    case_id = docfixtures.agreement_case(committee_db, case, confirm=False)
    saved = svc.get_case(committee_db, case_id)
    assert saved.subject_location == "天津市河西区友谊路10号"
    store = DatabaseStore(committee_db)
    assert "天津市河西区人民法院" in [o.name for o in printing.court_options(printing.read(store, case_id))]
    today = SIGNED_ON + dt.timedelta(days=2)
    pdf = printing.render(store, PrintJob.package(case_id, "天津市河西区人民法院", today=today))
    assert "天津市河西区人民法院" in _text(pdf)


def test_the_command_line_blocks_an_adult_without_a_guardian_and_takes_the_subject_court(
    committee_db: Database, db_path: object, run: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mediator_app.domain.model import Capacity
    from tests import docfixtures

    ward = make_case(parties=2)
    ward.parties[1].capacity = Capacity.LIMITED
    ward.parties[1].representatives = []
    with pytest.raises(ValidationError) as refused:  # registration itself refuses him without a guardian
        docfixtures.agreement_case(committee_db, ward, confirm=False)
    assert any("第二十二条、第二十三条、第二十八条" in e.message for e in refused.value.errors)
    placed = make_case(parties=2)
    placed.subject_location = "天津市河西区友谊路10号"
    case_id = docfixtures.agreement_case(committee_db, placed, confirm=False)
    number = svc.get_case(committee_db, case_id).number
    out = tmp_path / "package.pdf"
    monkeypatch.setenv("MEDIATOR_TODAY", (SIGNED_ON + dt.timedelta(days=2)).isoformat())
    args = ("--db", str(db_path), "render", "confirmation", number)
    code, _, err = run(*args, "--court", "天津市河西区人民法院", "-o", str(out))  # type: ignore[operator]
    assert code == 0 and "天津市河西区人民法院" not in err and out.exists()
