"""storage.loader returns exactly what the ORM repositories return: on a SQLite file through the lean
sqlite3 path, on PostgreSQL over a psycopg connection (the module is marked `engines`).

Compared on a demo database of a few hundred cases with procedure records, return visits and case
history, and on hand-made cases with rare characters, None and empty values. Also: the schema guard
(`SCHEMA_HEAD`, the columns read) and the stored formats of what the loader writes (the audit row).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from mediator_app.domain.model import (
    Agreement,
    Case,
    CaseSource,
    Committee,
    IdType,
    Party,
    PartyKind,
    PartyRole,
    Representative,
    RepresentativeKind,
    Term,
)
from mediator_app.domain.money import Money
from mediator_app.domain.records import RecordKind, ReturnVisit, StepRecord, TermCheck
from mediator_app.services import cases, demo
from mediator_app.services import procedure as proc
from mediator_app.storage import columns as column_tables
from mediator_app.storage import feature_columns, loader
from mediator_app.storage import procedure_repo as prepo
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database
from mediator_app.storage.dialect import SQLITE, dialect_of
from mediator_app.storage.engine import BUSY_TIMEOUT_MS
from mediator_app.storage.migrate import head_revision
from mediator_app.storage.tables import AuditRow, SQLModel
from tests.conftest import ENGINES
from tests.engines import is_postgres, module_location
from tests.integration import orm_reference

DEMO_CASES, SEED = 300, 5
pytestmark = pytest.mark.engines  # the loader over sqlite3 and over psycopg

TODAY = dt.date(2026, 11, 22)
STORED_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")  # SQLAlchemy's SQLite DATETIME

# Columns of the tables the loader reads that it leaves out on purpose (not part of the domain objects).
UNREAD = {
    "dispute_case": {"year", "seq", "created_at", "updated_at", "due_on", "priority"},
    "case_mediator": {"id"},
    "representative": {"id"},
    "agreement_term": {"id"},
    "visit_term_check": {"id"},
    "audit_log": {"id"},
}


def test_schema_head_is_the_newest_migration() -> None:
    head = head_revision()
    assert head == loader.SCHEMA_HEAD, (
        f"A migration was added (newest revision {head!r}, the loader reads {loader.SCHEMA_HEAD!r}). Check that "
        "storage/loader.py still reads every column the repositories read (COLUMNS and the loaders; "
        f"tests/integration/test_loader.py compares them), then set loader.SCHEMA_HEAD = {head!r}. Until then "
        "`mediator-cli render` takes the normal (slower) path for every database."
    )


def test_loader_knows_every_column_of_the_tables_it_reads() -> None:
    feature_tables = {t.name: t.names for t in feature_columns.TABLES}  # read outside the print path
    for table, columns in {**loader.COLUMNS, **feature_tables}.items():
        defined = set(SQLModel.metadata.tables[table].columns.keys())
        assert set(columns) <= defined, f"{table}: the loader reads columns that do not exist"
        assert defined - set(columns) == UNREAD.get(table, set()), (
            f"{table} has columns the loader neither reads nor knows to leave out: decide in storage/loader.py "
            "(and UNREAD in this test)"
        )


def test_column_tables_cover_every_column_written() -> None:
    """What a writer inserts (`insert_names`: read columns plus those only writers set) is exactly the
    table's columns, and every domain field a column holds exists on the domain type."""
    for table in (*column_tables.TABLES, *feature_columns.TABLES):
        assert set(table.insert_names) == set(SQLModel.metadata.tables[table.name].columns.keys()), table.name
        assert len(set(table.insert_names)) == len(table.insert_names)


def test_dialect_seam() -> None:
    conn = sqlite3.connect(":memory:")
    try:
        assert dialect_of(conn) is SQLITE
        assert SQLITE.marks(3) == "?, ?, ?"
    finally:
        conn.close()
    with pytest.raises(TypeError, match="no SQL dialect"):
        dialect_of(object())


def test_constants_agree_with_the_normal_path() -> None:
    assert loader.BUSY_TIMEOUT_MS == BUSY_TIMEOUT_MS
    assert set(loader.STATE_CONVERTERS) == set(prepo.STATE_FIELDS)


# ---------------------------------------------------------------- the demo database


def _add_history(db: Database) -> None:
    """Return visits, more records and transitions written through the procedure services (the bulk
    demo writes records and states, but no visits or history)."""
    with db.reader() as session:
        summaries = repo.list_case_summaries(session)
    performing = [s.id for s in summaries if s.status == "履行中"][:12]
    mediating = [s.id for s in summaries if s.status in ("受理", "调解中")][:3]
    assert performing and mediating
    for n, case_id in enumerate(performing):
        case = cases.get_case(db, case_id)
        assert case.agreement is not None
        checks = [
            TermCheck(t.seq, "已履行" if n % 2 else "部分履行", "" if n % 3 else "已付一半")
            for t in case.agreement.terms
        ]
        for visited_on in (dt.date(2026, 11, 21), dt.date(2026, 11, 20)):  # stored out of order
            proc.record_visit(
                db,
                case_id,
                ReturnVisit(
                    visited_on=visited_on,
                    visitor="王桂兰",
                    visited="当事人",
                    satisfaction="满意",
                    terms=checks,
                    new_risk="" if n % 2 else "无",
                    note="回访",
                ),
                today=TODAY,
            )
    for case_id in mediating:
        proc.record_session(
            db,
            case_id,
            StepRecord(
                kind=RecordKind.SESSION,
                held_at=dt.datetime(2026, 11, 21, 9, 0),
                place="调解室",
                staff="李建国",
                recorder="",
                content="各方陈述",
                parties_present="双方",
                result="未达成",
            ),
            today=TODAY,
        )
        proc.terminate(db, case_id, "分歧较大，无法达成协议", routes_notified=True, today=TODAY)


@pytest.fixture(scope="module", params=ENGINES)
def demo_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, Path | str]]:
    with module_location(request, tmp_path_factory.mktemp("loader") / "demo.sqlite3") as location:
        db = cases.open_database(location)
        assert demo.fill_demo(db, DEMO_CASES, SEED) == DEMO_CASES
        _add_history(db)
        yield db, location
        db.close()


@contextmanager
def lean(db: Database, location: Path | str) -> Iterator[Any]:
    """The loader's own connection: the lean sqlite3 path on a file (no SQLAlchemy), the pool's psycopg
    connection on a server."""
    if isinstance(location, Path):
        with loader.reader(location) as conn:
            yield conn
    else:
        with db.read_connection() as conn:
            yield conn


def _compare(db: Database, path: Path | str, case_id: int) -> None:
    with db.reader() as session, lean(db, path) as conn:
        orm_case = repo.load_case(session, case_id)
        assert loader.load_case(conn, case_id) == orm_case
        assert loader.find_case_id(conn, orm_case.number) == repo.find_case_id(session, orm_case.number) == case_id
        assert loader.load_state(conn, case_id) == prepo.load_state(session, case_id)
        assert loader.list_records(conn, case_id) == prepo.list_records(session, case_id)
        assert loader.list_visits(conn, case_id) == prepo.list_visits(session, case_id)
        assert loader.list_transitions(conn, case_id) == prepo.list_transitions(session, case_id)


def test_the_loader_reads_what_the_orm_rows_hold(demo_db: tuple[Database, Path | str]) -> None:
    """Against an independent reference (SQLAlchemy's own conversions, field by field), now that the
    repositories themselves read through the loader."""
    db, _ = demo_db
    with db.reader() as session:
        ids = [s.id for s in repo.list_case_summaries(session)]
        conn = repo.raw_connection(session)
        for case_id in ids:
            assert loader.load_case(conn, case_id) == orm_reference.orm_case(session, case_id)
            assert loader.load_state(conn, case_id) == orm_reference.orm_state(session, case_id)
            assert loader.list_records(conn, case_id) == orm_reference.orm_records(session, case_id)
            assert loader.list_visits(conn, case_id) == orm_reference.orm_visits(session, case_id)
            assert loader.list_transitions(conn, case_id) == orm_reference.orm_transitions(session, case_id)
            found = loader.load_case_file(conn, case_id)
            assert found is not None and found.case == loader.load_case(conn, case_id)
        streamed = list(loader.iter_case_files(conn))
        # Still inside the session: its connection goes back to the pool when the block ends.
        for f in streamed[::7]:
            assert f == loader.load_case_file(conn, f.case.id or 0)
    assert [f.case.id for f in streamed] == sorted(ids)


def test_every_demo_case_reads_the_same(demo_db: tuple[Database, Path | str]) -> None:
    db, path = demo_db
    with db.reader() as session, lean(db, path) as conn:
        ids = [s.id for s in repo.list_case_summaries(session)]
        assert loader.first_committee(conn) == repo.first_committee(session) is not None
        assert loader.find_case_id(conn, "（1999）不存在调字第1号") is None
    assert len(ids) == DEMO_CASES
    for case_id in ids:
        _compare(db, path, case_id)
    # The comparison covered what it should: every kind of content is in the data.
    with lean(db, path) as conn:
        loaded = [loader.load_case(conn, i) for i in ids]
        history = [t for i in ids for t in loader.list_transitions(conn, i)]
        visits = [v for i in ids for v in loader.list_visits(conn, i)]
        records = [r for i in ids for r in loader.list_records(conn, i)]
    parties = [p for c in loaded for p in c.parties]
    terms = [t for c in loaded if c.agreement for t in c.agreement.terms]
    assert any(p.representatives for p in parties) and any(p.birth_date is None for p in parties)
    assert any(t.amount is None for t in terms) and any(t.obligee is None for t in terms)
    assert any(c.accepted_on is None for c in loaded) and any(c.agreement is None for c in loaded)
    assert any("䶮" in p.name or "𠮷" in p.name for p in parties)
    assert len(visits) >= 24 and all(v.terms for v in visits) and len(records) > DEMO_CASES
    assert history and all(t.at.tzinfo is dt.UTC for t in history)
    assert {r.kind for r in records} == set(RecordKind)


def test_document_context_over_the_session_connection(demo_db: tuple[Database, Path | str]) -> None:
    """Printing reads through the loader on the ORM session's own connection: the same context as the
    repositories give, and the connection is handed back to SQLAlchemy as it was."""
    from mediator_app.services import printing

    db, _ = demo_db
    today = dt.date(2026, 11, 22)
    with db.reader() as session:
        ids = [s.id for s in repo.list_case_summaries(session)][:40]
    for case_id in ids:
        with db.reader() as session:
            expected = printing.read_context(printing.store.SessionReader(session), case_id, today=today)
        assert printing.read(printing.DatabaseStore(db), case_id, today=today) == expected
    if is_postgres(db):  # psycopg rows are tuples; named rows are sqlite3's row factory
        return
    with db.reader() as session:
        raw = session.connection().connection.driver_connection
        assert raw.row_factory is None
        with loader.named_rows(raw):
            assert raw.row_factory is sqlite3.Row
        assert raw.row_factory is None
        assert repo.first_committee(session) is not None  # SQLAlchemy still reads it


def test_missing_case(demo_db: tuple[Database, Path | str]) -> None:
    db, path = demo_db
    with lean(db, path) as conn:
        with pytest.raises(LookupError):
            loader.load_case(conn, 10**6)
        with pytest.raises(LookupError):
            loader.load_state(conn, 10**6)
        assert loader.list_records(conn, 10**6) == loader.list_visits(conn, 10**6) == []


# ---------------------------------------------------------------- rare characters, None and empty values


def _sparse_case(names: tuple[str, str]) -> Case:
    """Two parties with as little as the database allows: None dates, empty strings, no representatives on one."""
    first = Party(
        seq=1,
        role=PartyRole.APPLICANT,
        kind=PartyKind.PERSON,
        name=names[0],
        id_type=IdType.OTHER,
        representatives=[Representative(kind=RepresentativeKind.GUARDIAN, name="𠀁某", relation="")],
    )
    second = Party(
        seq=2,
        role=PartyRole.RESPONDENT,
        kind=PartyKind.ORGANISATION,
        name=names[1],
        uscc="",
        legal_rep="",
        legal_rep_title="",
        address="",
    )
    return Case(
        dispute_type="其他纠纷",
        source=CaseSource.OTHER,
        registered_on=dt.date(2026, 1, 1),
        facts="",
        parties=[first, second],
        mediators=[],
    )


def test_rare_characters_none_and_empty_values(db_location: Path | str, db: Database) -> None:
    path = db_location
    with db.unit_of_work() as session:  # the repository directly: storage keeps what validation would refuse
        committee = repo.save_committee(session, Committee(name="𠮷䶮村人民调解委员会", short_name="𠮷䶮"))
        empty = repo.insert_case(session, _sparse_case(("刘䶮", "吉𠮷祥有限公司")), committee)
        sparse = _sparse_case(("𠮷", "䶮"))
        sparse.agreement = Agreement(
            terms=[
                Term(seq=1, obligor=2, action="赔偿", deadline=dt.date(2026, 2, 1), amount=Money(0), obligee=1),
                Term(seq=2, obligor=1, action="道歉", deadline=dt.date(2026, 2, 2)),
            ]
        )
        with_terms = repo.insert_case(session, sparse, committee)
        bare = repo.insert_case(session, _sparse_case(("甲", "乙")), committee)
        bare.agreement = Agreement()  # an agreement with nothing in it is not the same as none
        repo.update_case(session, bare)
    assert empty.id and with_terms.id and bare.id
    for case_id in (empty.id, with_terms.id, bare.id):  # no case_procedure row: the default state
        _compare(db, path, case_id)
    with lean(db, path) as conn:
        read = loader.load_case(conn, with_terms.id)
        assert loader.load_case(conn, bare.id).agreement == Agreement()
        assert loader.load_case(conn, empty.id).agreement is None
        assert loader.first_committee(conn) == committee
    assert [p.name for p in read.parties] == ["𠮷", "䶮"]
    assert read.parties[0].representatives[0].name == "𠀁某"
    assert read.parties[0].birth_date is None and read.parties[1].phone == "" and read.mediators == []
    assert read.agreement is not None
    assert [t.amount for t in read.agreement.terms] == [Money(0), None]
    assert [t.obligee for t in read.agreement.terms] == [1, None]


@pytest.mark.sqlite_only  # the lean path's own writer and SQLite's stored text
def test_datetimes_as_sqlalchemy_stores_them(tmp_path: Path) -> None:
    """Aware datetimes: stored in UTC without an offset, read back aware and equal; naive ones unchanged."""
    path = tmp_path / "times.sqlite3"
    db = cases.open_database(path)
    beijing = dt.timezone(dt.timedelta(hours=8))
    moment = dt.datetime(2026, 11, 22, 8, 5, 3, 7, tzinfo=beijing)
    with db.unit_of_work() as session:
        session.add(AuditRow(at=moment, actor="甲", case_id=None, action="orm", detail=""))
    with loader.writer(path) as conn:
        loader.add_audit(conn, "fast", None, now=moment)
    with loader.writer(path) as conn:
        loader.add_audit(conn, "now", 7, "（2026）第1号")
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT action, at, actor, case_id, detail FROM audit_log ORDER BY id").fetchall()
    raw.close()
    assert rows[0][1] == rows[1][1] == loader.stored_utc(moment) == "2026-11-22 00:05:03.000007"
    assert rows[1][2:] == (loader.DEFAULT_ACTOR, None, "")
    assert STORED_DATETIME.match(rows[2][1]) and rows[2][2:] == ("本机用户", 7, "（2026）第1号")
    with db.reader() as session:
        read = {r.action: r.at for r in session.exec(SQLModel.metadata.tables["audit_log"].select())}
    assert read["fast"] == read["orm"] == moment and read["fast"].tzinfo is not None
    assert dt.datetime.now(dt.UTC) - read["now"] < dt.timedelta(minutes=5)
    db.close()


# ---------------------------------------------------------------- which files the lean path reads


def test_can_read_only_a_database_at_the_head_revision(tmp_path: Path) -> None:
    path = tmp_path / "room.sqlite3"
    assert not loader.can_read(path)  # missing
    assert not path.exists()
    cases.open_database(path).close()
    assert loader.can_read(path)
    for revision in ("0001", "9999_from_the_future"):
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.close()
        assert not loader.can_read(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (loader.SCHEMA_HEAD,))
        conn.execute("INSERT INTO alembic_version VALUES ('0002')")  # two heads: not ours to judge
    conn.close()
    assert not loader.can_read(path)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).close()  # an empty SQLite file: no version table
    assert not loader.can_read(other)
    text = tmp_path / "case.json"
    text.write_text('{"format": "mediation-desk/case"}', encoding="utf-8")
    assert not loader.can_read(text)
    assert not loader.can_read(tmp_path)  # a folder


def test_reader_is_read_only_and_writer_never_creates(tmp_path: Path) -> None:
    path = tmp_path / "中文 文件夹#" / "room.sqlite3"  # as_uri() escapes what a URI would misread
    cases.open_database(path).close()
    with loader.reader(path) as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            loader.add_audit(conn, "x", None)
    with pytest.raises(sqlite3.OperationalError), loader.writer(tmp_path / "missing.sqlite3"):
        pass
    assert not (tmp_path / "missing.sqlite3").exists()
    with pytest.raises(ZeroDivisionError), loader.writer(path) as conn:  # rolled back
        loader.add_audit(conn, "rolled back", None)
        raise ZeroDivisionError
    with loader.reader(path) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'rolled back'").fetchone()[0] == 0


def test_state_fields_follow_the_dataclass() -> None:
    """A new ProcedureState field is read with the conversion of its type, without a change to loader."""
    kinds = {f.name: f.type for f in dataclasses.fields(loader.ProcedureState) if f.name != "stage"}
    assert set(kinds) == set(loader.STATE_CONVERTERS)
    assert loader.STATE_CONVERTERS["handled_elsewhere"](1) is True
    assert loader.STATE_CONVERTERS["sealed_on"]("2026-11-22") == dt.date(2026, 11, 22)
    assert loader.STATE_CONVERTERS["sealed_on"](None) is None
