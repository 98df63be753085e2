"""Every released schema, with data, upgrades to the newest with every row intact and a verified backup first.

The fixture files (tests/fixtures/schemas/schema-<revision>.sqlite3) are made by
tools/make_schema_fixtures.py: a deterministic demo database's rows in each earlier schema.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mediator_app.services import cases as svc
from mediator_app.services import search
from mediator_app.storage.backup import backup_folder, list_backups, verify
from mediator_app.storage.migrate import head_revision

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
SCHEMAS = sorted(FIXTURES.glob("schema-*.sqlite3"))


def snapshot(path: Path) -> dict[str, set[tuple[object, ...]]]:
    """Every row of every ordinary table, as tuples in column order, with the column names first."""
    out: dict[str, set[tuple[object, ...]]] = {}
    with closing(sqlite3.connect(path)) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'search_%' AND name <> 'alembic_version'"
            )
        ]
        for table in names:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            rows = conn.execute(f'SELECT {", ".join(columns)} FROM "{table}"').fetchall()
            out[table] = {(tuple(columns), *row) for row in rows} if rows else set()
    return out


def project(rows: set[tuple[object, ...]], columns: tuple[str, ...]) -> set[tuple[object, ...]]:
    """The same rows read in a later schema, cut down to the columns the earlier schema had."""
    out = set()
    for row in rows:
        names, values = row[0], row[1:]
        index = [names.index(c) for c in columns]  # type: ignore[union-attr]
        out.add((columns, *(values[i] for i in index)))
    return out


def test_every_released_schema_has_a_fixture() -> None:
    shipped = sorted(p.name[:4] for p in (Path(svc.__file__).parents[1] / "storage/migrations/versions").glob("0*.py"))
    assert [p.stem.removeprefix("schema-") for p in SCHEMAS] == shipped
    assert shipped[-1] == head_revision()


@pytest.mark.parametrize("fixture", SCHEMAS, ids=lambda p: p.stem)
def test_an_earlier_schema_upgrades_with_every_row_intact(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "mediation.sqlite3"
    shutil.copyfile(fixture, path)
    before = snapshot(path)
    assert before["dispute_case"], "the fixture holds cases"
    db = svc.open_database(path)
    try:
        after = snapshot(path)
        for table, rows in before.items():
            if not rows:
                continue
            columns = next(iter(rows))[0]
            assert project(after[table], columns) == rows, table  # type: ignore[arg-type]
        assert len(svc.list_cases(db)) == len(before["dispute_case"])
        name = next(iter(before["party"]))
        party_name = name[1 + list(name[0]).index("name")]  # type: ignore[arg-type]
        assert search.search(db, str(party_name)).hits, "the search index was built"
    finally:
        db.close()
    backups = list_backups(backup_folder(path))
    if fixture.stem.endswith(head_revision()):
        assert backups == []  # nothing to migrate, nothing backed up
    else:
        assert [b.kind for b in backups] == ["migration"]
        assert verify(backups[0].path).rows["dispute_case"] == len(before["dispute_case"])
        with closing(sqlite3.connect(backups[0].path)) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == fixture.stem[-4:]


def test_0014_numbers_snapshot_versions_per_subject(tmp_path: Path) -> None:
    """A report frozen before 0014 reads as subject ""; after it, each claim list's mediator has versions
    of its own, and a subject's version is still unique."""
    path = tmp_path / "mediation.sqlite3"
    shutil.copyfile(FIXTURES / "schema-0011.sqlite3", path)
    row = (
        "INSERT INTO report_snapshot (kind, year, period, version, figures, digest, confirmed_at, confirmed_by, reason)"
    )
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(row + " VALUES ('monthly', 2026, 11, 1, '{}', 'x', '2026-12-01 09:00:00', '王主任', '')")
    svc.open_database(path).close()
    subject = row.replace("reason)", "reason, subject)")
    with closing(sqlite3.connect(path)) as conn, conn:
        assert conn.execute("SELECT subject FROM report_snapshot").fetchall() == [("",)]
        for name in ("王秀兰", "马德明"):
            conn.execute(
                subject + " VALUES ('subsidy', 2026, 11, 1, '{}', 'x', '2026-12-01 09:00:00', '王主任', '', ?)", (name,)
            )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                subject + " VALUES ('subsidy', 2026, 11, 1, '{}', 'x', '2026-12-01 09:00:00', '王主任', '', '马德明')"
            )
