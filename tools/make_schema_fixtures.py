"""Write one database per released schema revision, with data, for the migration tests.

    python tools/make_schema_fixtures.py        # writes tests/fixtures/schemas/schema-<rev>.sqlite3

Each file is made by migrating an empty file to that revision with the program's own Alembic scripts, then
copying in the rows of a deterministic demo database (30 cases, every stage) for the tables and columns
that existed at that revision (the search index tables stay empty: the program rebuilds them). The files
are committed: a later migration must upgrade every one of them with every row intact
(tests/integration/test_migrations.py). When a migration is added, run this for the new revision
(`python tools/make_schema_fixtures.py 0004`) and commit the new file; keep the older files as they are.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from alembic import command
from sqlalchemy import URL, create_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mediator_app.domain.model import Committee  # noqa: E402
from mediator_app.services import cases  # noqa: E402
from mediator_app.services.demo import fill_demo  # noqa: E402
from mediator_app.storage.migrate import alembic_config  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "schemas"
CASES, SEED = 30, 11


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")')]


def tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'search_%' AND name <> 'alembic_version'"
    )
    return [str(r[0]) for r in rows]


def at_revision(path: Path, revision: str) -> None:
    engine = create_engine(URL.create("sqlite", database=str(path)))
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "demo.sqlite3"
        db = cases.open_database(source)
        cases.save_committee(
            db,
            Committee(name="东湖村人民调解委员会", short_name="东湖", address="东湖村村委会", court="东湖区人民法院"),
        )
        fill_demo(db, CASES, SEED)
        db.close()
        revisions = sorted(p.name[:4] for p in (ROOT / "mediator_app/storage/migrations/versions").glob("0*.py"))
        for revision in sys.argv[1:] or revisions:
            target = OUT / f"schema-{revision}.sqlite3"
            target.unlink(missing_ok=True)
            at_revision(target, revision)
            with closing(sqlite3.connect(target)) as dst, closing(sqlite3.connect(source)) as src:
                for table in tables(dst):
                    shared = [c for c in columns(dst, table) if c in columns(src, table)]
                    names = ", ".join(f'"{c}"' for c in shared)
                    rows = src.execute(f'SELECT {names} FROM "{table}"').fetchall()
                    dst.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(shared))})', rows)
                dst.commit()
                dst.execute("VACUUM")
            print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
