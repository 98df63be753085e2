"""Storage on a real temporary SQLite file: migrations, round trips, numbering, transactions."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from mediator_app.domain.ids import id_check_char
from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    Committee,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.errors import UserFacingError, ValidationError
from mediator_app.services import cases as svc
from mediator_app.storage.database import Database
from mediator_app.storage.migrate import head_revision, include_name
from mediator_app.storage.tables import SQLModel
from tests.engines import sql
from tests.factories import make_case, make_committee


def _id(prefix17: str) -> str:
    return prefix17 + id_check_char(prefix17)


def _case(names: tuple[str, ...] = ("刘䶮", "吉𠮷祥"), registered: dt.date = dt.date(2026, 11, 20)) -> Case:
    parties = [
        Party(
            seq=i,
            role=PartyRole.APPLICANT if i == 1 else PartyRole.RESPONDENT,
            kind=PartyKind.PERSON,
            name=name,
            id_number=_id(f"36042619910101{i:03d}"),
            address="东湖村三组",
            phone="13800138000",
        )
        for i, name in enumerate(names, start=1)
    ]
    return Case(
        dispute_type="邻里纠纷",
        source=CaseSource.APPLICATION,
        registered_on=registered,
        facts="楼上卫生间漏水，致楼下天花板受损。",
        claims="赔偿维修费",
        parties=parties,
        mediators=["王德明"],
        recorder="赵小红",
    )


pytestmark = [pytest.mark.usefixtures("committee_db"), pytest.mark.engines]  # `db` holds the committee below


@pytest.fixture
def committee() -> Committee:
    return Committee(name="东湖村人民调解委员会", short_name="东湖")


def test_migrated_schema_matches_models(tmp_path: Path) -> None:
    database = svc.open_database(tmp_path / "fresh.sqlite3")
    with database.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_name": include_name}), SQLModel.metadata
        )
        assert MigrationContext.configure(conn).get_current_heads() == (head_revision(),)
    database.close()
    assert diff == []


@pytest.mark.sqlite_only
def test_pragmas_are_set(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_database_newer_than_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    svc.open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = path.read_bytes()
    with pytest.raises(UserFacingError, match="更新版本"):
        svc.open_database(path)
    assert path.read_bytes() == before


def test_case_round_trip_keeps_everything(db: Database) -> None:
    case = _case()
    case.parties[0].representatives.append(
        Representative(kind=RepresentativeKind.AGENT, name="孙律", relation="律师", phone="010-88886666")
    )
    case.agreement = Agreement(
        disputed_matters="维修费用承担",
        responsibilities="被申请人负主要责任",
        terms=[
            Term(
                seq=1,
                obligor=2,
                obligee=1,
                action="支付维修费",
                deadline=dt.date(2026, 12, 31),
                amount=Money(1_200_000),
                manner="银行转账",
                place="东湖村委会",
            ),
            Term(seq=2, obligor=2, action="修复卫生间防水层", deadline=dt.date(2027, 1, 15)),
        ],
        signed_on=dt.date(2026, 11, 22),
    )
    saved = svc.register_case(db, case, today=dt.date(2026, 11, 22))
    loaded = svc.get_case(db, saved.id)
    assert loaded == saved
    assert [p.name for p in loaded.parties] == ["刘䶮", "吉𠮷祥"]
    assert loaded.parties[0].sex == "男" and loaded.parties[0].birth_date == dt.date(1991, 1, 1)
    assert loaded.agreement is not None and loaded.agreement.terms[0].amount == Money(1_200_000)


def test_rare_characters_stored_as_exact_code_points(db: Database) -> None:
    saved = svc.register_case(db, _case())
    with db.engine.connect() as conn:
        query = sql(db, "SELECT name FROM party WHERE case_id=? ORDER BY seq")
        names = [r[0] for r in conn.exec_driver_sql(query, (saved.id,))]
    assert names == ["刘䶮", "吉𠮷祥"]
    assert [hex(ord(c)) for c in names[1]] == ["0x5409", "0x20bb7", "0x7965"]


def test_case_numbers_per_year_and_never_reused(db: Database) -> None:
    first = svc.register_case(db, _case())
    second = svc.register_case(db, _case())
    older = svc.register_case(db, _case(registered=dt.date(2025, 3, 1)))
    assert first.number == "（2026）东湖调字第1号"
    assert second.number == "（2026）东湖调字第2号"
    assert older.number == "（2025）东湖调字第1号"
    with db.unit_of_work() as session:  # even a deleted case keeps its number used up
        session.exec(text("DELETE FROM dispute_case WHERE id = :i").bindparams(i=second.id))
    assert svc.register_case(db, _case()).number == "（2026）东湖调字第3号"


def test_invalid_case_writes_nothing(db: Database) -> None:
    case = _case()
    case.parties[1].id_number = case.parties[1].id_number[:-1] + ("0" if case.parties[1].id_number[-1] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        svc.register_case(db, case)
    assert info.value.errors[0].path == "parties[1].id_number"
    assert svc.list_cases(db) == []
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT last_seq FROM case_counter").fetchall() == []


def test_failure_inside_transaction_rolls_back_everything(db: Database) -> None:
    case = _case()
    case.agreement = Agreement(
        disputed_matters="x", terms=[Term(seq=1, obligor=1, action="道歉", deadline=dt.date(2026, 12, 1))]
    )
    saved = svc.register_case(db, case)
    broken = svc.get_case(db, saved.id)
    assert broken.agreement is not None
    broken.agreement.terms[0].deadline = None  # bypasses validation: the database must refuse and roll back
    from mediator_app.storage import repository as repo

    with pytest.raises(ValueError), db.unit_of_work() as session:
        repo.update_case(session, broken)
    assert svc.get_case(db, saved.id) == saved


def test_negative_amount_refused_by_database_constraint(db: Database) -> None:
    saved = svc.register_case(db, _case())
    with pytest.raises(Exception, match=r"(?i)check constraint"), db.engine.begin() as conn:
        agreement_id = conn.exec_driver_sql(
            sql(
                db,
                "INSERT INTO agreement (case_id, disputed_matters, responsibilities, breach_clause) "
                "VALUES (?, '', '', '') RETURNING id",
            ),
            (saved.id,),
        ).scalar_one()
        conn.exec_driver_sql(
            sql(
                db,
                "INSERT INTO agreement_term (agreement_id, seq, obligor_seq, action, amount_fen, deadline, manner, "
                "place) VALUES (?, 1, 1, 'x', -1, '2026-12-01', '', '')",
            ),
            (agreement_id,),
        )


def test_many_parties(db: Database) -> None:
    names = (*(f"工人{i}" for i in range(1, 28)), "某建筑劳务有限公司")
    case = _case(names=names)
    company = case.parties[-1]
    company.kind, company.role, company.id_number = PartyKind.ORGANISATION, PartyRole.RESPONDENT, ""
    company.uscc, company.legal_rep = "91110108551385082Q", "钱经理"
    saved = svc.register_case(db, case)
    loaded = svc.get_case(db, saved.id)
    assert len(loaded.parties) == 28 and loaded.copies() == 29
    assert svc.list_cases(db)[0].party_count == 28


def test_foreign_keys_cascade_on_delete(db: Database) -> None:
    saved = svc.register_case(db, _case())
    with db.engine.begin() as conn:
        conn.exec_driver_sql(sql(db, "DELETE FROM dispute_case WHERE id = ?"), (saved.id,))
        assert conn.exec_driver_sql("SELECT count(*) FROM party").scalar() == 0


def test_audit_row_written_with_each_registration(db: Database) -> None:
    saved = svc.register_case(db, _case())
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            sql(db, "SELECT action, detail FROM audit_log WHERE case_id = ?"), (saved.id,)
        ).fetchall()
    assert rows == [("登记案件", saved.number)]


def test_upgrade_from_first_revision_keeps_cases(tmp_path: Path) -> None:
    from alembic import command

    from mediator_app.services import procedure as proc
    from mediator_app.storage.engine import SqliteFile
    from mediator_app.storage.migrate import alembic_config

    path = tmp_path / "old.sqlite3"
    engine = SqliteFile(path).create_engine()
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO committee (name, short_name, address, court, case_number_pattern)"
            " VALUES ('东湖村人民调解委员会', '东湖', '', '', '（{年}）{简称}调字第{序号}号')"
        )
        conn.exec_driver_sql(
            "INSERT INTO dispute_case (committee_id, number, year, seq, title, dispute_type, source, source_ref,"
            " registered_on, facts, claims, recorder, status, created_at, updated_at) VALUES (1, 'N1', 2026, 1, '',"
            " '邻里纠纷', '当事人申请', '', '2026-11-01', '漏水', '', '', '登记', '2026-11-01', '2026-11-01')"
        )
    engine.dispose()
    database = svc.open_database(path)
    view = proc.workflow(database, 1, dt.date(2026, 11, 2))
    assert view.stage.value == "登记" and view.history == ()
    assert svc.find_case(database, "N1").facts == "漏水"
    database.close()


def test_path_with_url_characters_opens_that_very_file(tmp_path: Path) -> None:
    folder = tmp_path / "中文 文件夹?#%41"
    database = svc.open_database(folder / "room.sqlite3")
    database.close()
    assert (folder / "room.sqlite3").exists()


@pytest.mark.parametrize(
    ("sqlite_message", "said"),
    [
        ("database is locked", "正被另一个窗口或程序长时间占用"),
        ("database or disk is full", "磁盘空间已满"),
        ("attempt to write a readonly database", "只读"),
        ("database disk image is malformed", "已损坏"),
        ("disk I/O error", "读写磁盘出错"),
    ],
)
def test_foreseeable_database_failures_are_explained_and_roll_back(
    tmp_path: Path, sqlite_message: str, said: str
) -> None:
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    from mediator_app.storage.database import DatabaseUnavailable

    db = svc.open_database(tmp_path / "f.sqlite3")
    svc.save_committee(db, make_committee())

    def fail(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("INSERT INTO dispute_case"):
            raise OperationalError(statement, (), sqlite3.OperationalError(sqlite_message))

    event.listen(db.engine, "before_cursor_execute", fail)
    with pytest.raises(DatabaseUnavailable, match=said) as caught:
        svc.register_case(db, make_case())
    event.remove(db.engine, "before_cursor_execute", fail)
    assert str(tmp_path / "f.sqlite3") in caught.value.message
    assert svc.list_cases(db) == []  # nothing half-written
    db.close()
