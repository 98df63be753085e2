"""A case a court sends (委派/委托调解) and the competent courts for the joint application (CPL Art. 205).

Pure: the referring court is the only court offered for a court referral, another court or none
blocks (Art. 205(1)); otherwise a court with no connection the program can see warns (Art. 205(2)).
Through the services: the referral fields are stored, exported and imported, survive the migration
of an older file, and are printed on the presiding certificate; through `mediator-cli render
confirmation`: a block exits non-zero with the article, a warning prints 提示 with the article.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from mediator_app.domain.model import CaseSource, Committee
from mediator_app.domain.records import ProcedureState
from mediator_app.exchange.case_json import case_from_json, case_to_json
from mediator_app.procedure.confirmation import BLOCK, WARN, court_checks, court_options, same_court
from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from tests.factories import SIGNED_ON, make_case, make_committee

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

CPL_205_1 = "《民事诉讼法》第二百零五条第一项"
CPL_205_2 = "《民事诉讼法》第二百零五条第二项"
REFERRING = "北京市东城区人民法院"
REF = "（2026）京0101民诉前调123号"


def _referred(court: str = REFERRING) -> object:
    case = make_case(parties=2)
    case.source = CaseSource.COURT
    case.referral_court, case.referral_ref, case.referral_deadline = court, REF, dt.date(2026, 12, 20)
    return case


def test_a_court_referral_offers_only_the_referring_court() -> None:
    case = _referred()
    options = court_options(case, make_committee(), ProcedureState(confirmation_court="北京市朝阳区人民法院"))  # type: ignore[arg-type]
    assert [(o.name, o.required) for o in options] == [(REFERRING, True)]
    assert REF in options[0].basis and "第二百零五条第一项" in options[0].basis


@pytest.mark.parametrize(
    ("court", "blocked"),
    [
        (REFERRING, False),
        ("  北京市东城区人民法院 ", False),
        ("东城区人民法院", False),  # written without the city
        ("", False),  # not chosen yet: only the missing referral would block
        ("北京市朝阳区人民法院", True),  # the committee's own court is not the referring court
        ("北京市第二中级人民法院", True),
    ],
)
def test_another_court_than_the_referring_one_is_blocked(court: str, blocked: bool) -> None:
    checks = court_checks(_referred(), make_committee(), court)  # type: ignore[arg-type]
    assert bool(checks) == blocked
    if blocked:
        assert checks[0].level == BLOCK and checks[0].rule == CPL_205_1
        assert REFERRING in checks[0].message and court in checks[0].message


def test_a_court_referral_without_its_court_is_blocked_with_the_fix() -> None:
    case = _referred(court="")
    assert court_options(case, make_committee(), ProcedureState()) == []  # type: ignore[arg-type]
    checks = court_checks(case, make_committee(), "北京市朝阳区人民法院")  # type: ignore[arg-type]
    assert [(c.level, c.rule) for c in checks] == [(BLOCK, CPL_205_1)]
    assert "修改案件信息" in checks[0].message and "委派（委托）法院" in checks[0].message


@pytest.mark.parametrize(
    ("court", "warned"),
    [
        ("北京市朝阳区人民法院", False),  # the committee's court, and the parties' domicile
        ("北京市朝阳区人民法院望京人民法庭", False),  # a tribunal of that basic court
        ("朝阳区人民法院", False),
        ("天津市和平区人民法院", False),  # the second party's domicile, set below
        ("北京市海淀区人民法院", True),  # no connection the program can see
        ("长春市朝阳区人民法院", True),  # the same district name in another city
        ("", False),
    ],
)
def test_a_court_without_a_visible_connection_warns_citing_art_205_2(court: str, warned: bool) -> None:
    case = make_case(parties=2)
    case.parties[1].address = "天津市和平区南京路1号"
    checks = court_checks(case, make_committee(), court)
    assert [(c.level, c.rule) for c in checks] == ([(WARN, CPL_205_2)] if warned else [])
    if warned:
        assert "标的物所在地" in checks[0].message and "改选" in checks[0].message


def test_court_names_are_data_not_code() -> None:
    bare = Committee(name="桃源村人民调解委员会", short_name="桃源村")
    case = make_case(parties=2)
    for party in case.parties:
        party.address = "青山镇桃源村三组"  # no county in the address: no domicile court inferred
    assert court_options(case, bare, ProcedureState()) == []
    assert court_checks(case, bare, "阳新县人民法院")[0].level == WARN  # nothing to compare with: a warning
    assert same_court("湖北省阳新县人民法院", "阳新县人民法院青山人民法庭")
    assert not same_court("", "阳新县人民法院")


# ---------------------------------------------------------------- the subject matter's court (Art. 205(2))


def test_the_subject_matters_court_is_proposed_when_its_place_is_recorded() -> None:
    case = make_case(parties=2)
    assert "北京市海淀区人民法院" not in [o.name for o in court_options(case, make_committee(), ProcedureState())]
    case.subject_location = "北京市海淀区西三旗建材城东路8号院3号楼"
    options = court_options(case, make_committee(), ProcedureState())
    subject = [o for o in options if o.kind == "subject"]
    assert [o.name for o in subject] == ["北京市海淀区人民法院"]
    assert subject[0].inferred and "标的物所在地" in subject[0].basis and CPL_205_2 in subject[0].basis
    assert court_checks(case, make_committee(), "北京市海淀区人民法院") == []
    # A place with no county-level unit in it gives no court to propose.
    case.subject_location = "村东头的承包地"
    assert not [o for o in court_options(case, make_committee(), ProcedureState()) if o.kind == "subject"]
    # Without the place recorded the same court only warns, and the warning says to record it.
    case.subject_location = ""
    checks = court_checks(case, make_committee(), "北京市海淀区人民法院")
    assert [(c.level, c.rule) for c in checks] == [(WARN, CPL_205_2)] and "填写标的物所在地" in checks[0].message


def test_a_court_referral_still_offers_only_its_court_with_a_subject_place() -> None:
    case = make_case(parties=2)
    case.source, case.referral_court = CaseSource.COURT, "北京市东城区人民法院"
    case.subject_location = "北京市海淀区西三旗建材城东路8号院"
    assert [o.name for o in court_options(case, make_committee(), ProcedureState())] == ["北京市东城区人民法院"]


# ---------------------------------------------------------------- services, JSON, migration, print


def test_referral_fields_are_stored_exported_and_imported(committee_db: Database) -> None:
    case = _referred()
    registered = svc.register_case(committee_db, case, today=SIGNED_ON)  # type: ignore[arg-type]
    assert registered.id is not None
    saved = svc.get_case(committee_db, registered.id)
    assert (saved.referral_court, saved.referral_ref, saved.referral_deadline) == (
        REFERRING,
        REF,
        dt.date(2026, 12, 20),
    )
    data = case_to_json(saved)
    assert data["case"]["referral_deadline"] == "2026-12-20"
    back = case_from_json(data, today=SIGNED_ON)
    assert (back.referral_court, back.referral_ref, back.referral_deadline) == (
        REFERRING,
        REF,
        dt.date(2026, 12, 20),
    )


def test_an_older_file_reads_as_not_referred_after_the_migration(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schemas" / "schema-0003.sqlite3"
    path = tmp_path / "mediation.sqlite3"
    shutil.copyfile(fixture, path)
    db = svc.open_database(path)
    try:
        first = svc.list_cases(db)[0]
        case = svc.get_case(db, first.id)
        assert (case.referral_court, case.referral_ref, case.referral_deadline) == ("", "", None)
    finally:
        db.close()


def test_the_certificate_names_the_referring_court_and_its_number(committee_db: Database) -> None:
    from mediator_app.services import printing
    from mediator_app.services.printing import DatabaseStore, PrintJob
    from tests import docfixtures
    from tests.pdfcheck import pdf_text, squeeze

    case_id = docfixtures.agreement_case(committee_db, _referred(), confirm=False)  # type: ignore[arg-type]
    today = SIGNED_ON + dt.timedelta(days=2)
    store = DatabaseStore(committee_db)
    assert [o.name for o in printing.court_options(printing.read(store, case_id))] == [REFERRING]
    pdf = printing.render(store, PrintJob.package(case_id, REFERRING, today=today))
    text = squeeze(pdf_text(pdf))
    assert f"{REFERRING}：" in text and f"受{REFERRING}委派（委托）调解（{REF}）" in text
    with pytest.raises(printing.ConfirmationBlocked) as caught:
        printing.render(store, PrintJob.package(case_id, "北京市朝阳区人民法院", today=today))
    assert CPL_205_1 in caught.value.message


def test_the_command_line_blocks_another_court_and_warns_of_an_unconnected_one(
    committee_db: Database, db_location: object, run: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests import docfixtures

    referred = docfixtures.agreement_case(committee_db, _referred(), confirm=False)  # type: ignore[arg-type]
    plain = docfixtures.agreement_case(committee_db, make_case(parties=2), confirm=False)
    numbers = [svc.get_case(committee_db, i).number for i in (referred, plain)]
    out = tmp_path / "package.pdf"
    monkeypatch.setenv("MEDIATOR_TODAY", (SIGNED_ON + dt.timedelta(days=2)).isoformat())
    args = ("--db", str(db_location), "render", "confirmation")
    code, _, err = run(*args, numbers[0], "--court", "北京市朝阳区人民法院", "-o", str(out))  # type: ignore[operator]
    assert code == 2 and CPL_205_1 in err and not out.exists()
    code, stdout, _ = run(*args, numbers[0], "-o", str(out))  # type: ignore[operator]
    assert code == 0 and f"受理法院：{REFERRING}" in stdout
    out.unlink()
    code, _, err = run(*args, numbers[1], "--court", "北京市海淀区人民法院", "-o", str(out))  # type: ignore[operator]
    assert code == 0 and "提示：北京市海淀区人民法院" in err and CPL_205_2 in err and out.exists()
