"""Copy a whole database into another one, row for row, ids kept: a village room's SQLite file into the
township centre's PostgreSQL database, or back (`mediator-cli transfer`, docs/centre.md).

Every table of the schema is copied (committee, cases, parties, agreements, procedure records, return
visits, the case history and the audit log), in foreign-key order, through SQLAlchemy Core, so each
engine gets its own types (dates, booleans, bytes). The search index is not copied: it is rebuilt
from the copied tables in the same transaction (`derived.rebuild`).

All or nothing: the copy is one transaction on the target, so an interrupted transfer (cable, power,
Ctrl+C) leaves the target as it was and is simply run again. A target that already holds exactly the
source's rows (a transfer that finished before) is recognised by its counts and checksums and left
alone; a target holding anything else is refused, nothing written.

Verified: per table, the number of rows and a SHA-256 over every row in primary-key order, each
value in a form both engines give back alike (`_plain`), read from the source and then from the
committed target.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator

from sqlalchemy import Connection, Engine, Table, func, insert, select
from sqlmodel import SQLModel

import mediator_app.storage.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from mediator_app.frozen import frozen
from mediator_app.storage import derived
from mediator_app.storage.dialect import dialect_of

CHUNK = 2000  # rows per executemany: bounded memory for 100,000 cases


def copied_tables() -> list[Table]:
    """The tables a transfer copies, parents before children (the search index is rebuilt instead)."""
    return [t for t in SQLModel.metadata.sorted_tables if not t.name.startswith("search_")]


@frozen
class TableSum:
    rows: int
    sha256: str


Sums = dict[str, TableSum]


def _plain(value: object) -> object:
    """A value as both engines return it: a UTC timestamp without its zone, memoryview as bytes."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, memoryview):
        return value.tobytes()
    return value


def _rows(conn: Connection, table: Table) -> Iterator[tuple[object, ...]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execution_options(yield_per=CHUNK).execute(select(*table.columns).order_by(*order))
    for row in result:
        yield tuple(_plain(v) for v in row)


def checksums(conn: Connection) -> Sums:
    """Rows and SHA-256 of every copied table."""
    out: Sums = {}
    for table in copied_tables():
        digest, count = hashlib.sha256(), 0
        for row in _rows(conn, table):
            digest.update(repr(row).encode("utf-8"))
            count += 1
        out[table.name] = TableSum(count, digest.hexdigest())
    return out


def _is_empty(conn: Connection) -> bool:
    return all(conn.execute(select(func.count()).select_from(t)).scalar_one() == 0 for t in copied_tables())


class TargetNotEmpty(Exception):
    """The target holds other data: nothing was written (the caller words the message)."""

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__(f"target not empty: {counts}")
        self.counts = counts


class CopyMismatch(Exception):
    """After the copy, the target's counts or checksums differ from the source's (a bug or a fault)."""

    def __init__(self, tables: list[str]) -> None:
        super().__init__(f"copy differs in: {', '.join(tables)}")
        self.tables = tables


@frozen
class CopyResult:
    sums: Sums  # of the source, equal to the target's
    already_done: bool  # the target held exactly these rows before: nothing was written


def copy_database(source: Engine, target: Engine, progress: Callable[[str, int], None] | None = None) -> CopyResult:
    """Copy every row of `source` into the empty `target` in one transaction, rebuild the target's
    search index, and verify counts and checksums (`CopyMismatch` if they differ)."""
    with source.connect() as src:
        sums = checksums(src)
        with target.begin() as dst:
            if not _is_empty(dst):
                if checksums(dst) == sums:
                    return CopyResult(sums, already_done=True)
                counts = {
                    t.name: dst.execute(select(func.count()).select_from(t)).scalar_one() for t in copied_tables()
                }
                raise TargetNotEmpty({name: n for name, n in counts.items() if n})
            for table in copied_tables():
                _copy_table(src, dst, table)
                if progress is not None:
                    progress(table.name, sums[table.name].rows)
            derived.rebuild(dst)
    with target.connect() as check:
        after = checksums(check)
    wrong = [name for name, s in sums.items() if after.get(name) != s]
    if wrong:
        raise CopyMismatch(wrong)
    return CopyResult(sums, already_done=False)


def _utc(value: object) -> object:
    return value.replace(tzinfo=dt.UTC) if isinstance(value, dt.datetime) and value.tzinfo is None else value


def _copy_table(src: Connection, dst: Connection, table: Table) -> None:
    names = [c.name for c in table.columns]
    # The UTC moments (audit log, case history): SQLite gives them back without a zone, in UTC.
    aware = {c.name for c in table.columns if getattr(c.type, "timezone", False)}
    statement = insert(table)
    chunk: list[dict[str, object]] = []
    for row in _rows(src, table):
        chunk.append({n: _utc(v) if n in aware else v for n, v in zip(names, row, strict=True)})
        if len(chunk) >= CHUNK:
            dst.execute(statement, chunk)
            chunk = []
    if chunk:
        dst.execute(statement, chunk)
    if "id" in names and (sync := dialect_of(dst).sync_id_sequence(table.name)):
        dst.exec_driver_sql(sync)  # PostgreSQL: the next new row must not take a copied id
