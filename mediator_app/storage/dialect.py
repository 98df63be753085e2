"""The one seam between storage's SQL and the database engine: the placeholder style and every
SQLite-specific fragment (connection pragmas, ``INDEXED BY``, the FTS5 trigram statements of the
search index) come from a `Dialect`, so that no other module spells them.

Two engines: SQLite (an SQLCipher connection, ``sqlcipher3.dbapi2``, speaks the sqlite3 API and is
SQLite to this module) and PostgreSQL through psycopg 3 (``%s`` parameters; the search index is one
plain table per tier with a pg_trgm GIN index, searched with ``LIKE ANY``: docs/centre.md).
`dialect_of` recognises a DB-API connection of either driver and a SQLAlchemy `Connection`.

No SQLAlchemy import here: the lean command-line path uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BUSY_TIMEOUT_MS = 10_000  # wait this long for another workstation's write lock before giving up


@dataclass(frozen=True)
class SqliteDialect:
    """SQLite (and SQLCipher, which speaks the same SQL)."""

    name: str = "sqlite"
    param: str = "?"  # DB-API paramstyle "qmark"

    # What an audit append runs first so that two writers never read the same chain head: nothing
    # here, where BEGIN IMMEDIATE already lets one writer at a time into the file (storage.engine).
    chain_lock: str | None = None

    def marks(self, n: int) -> str:
        """``n`` parameters, comma-separated (for ``IN (…)`` and ``VALUES (…)``)."""
        return ", ".join([self.param] * n)

    def connect_pragmas(self, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> tuple[str, ...]:
        """Run on every new connection: foreign keys enforced (ON DELETE CASCADE), wait for locks."""
        return ("PRAGMA foreign_keys=ON", f"PRAGMA busy_timeout={busy_timeout_ms}")

    def journal_mode(self, mode: str) -> str:
        """WAL lets readers go on while one workstation writes; DELETE where WAL is impossible."""
        return f"PRAGMA journal_mode={mode}"

    def durable(self) -> str:
        """A commit that returned survives a power cut (NORMAL in WAL mode may lose it)."""
        return "PRAGMA synchronous=FULL"

    def indexed_by(self, index: str) -> str:
        """Make the planner read this index (the case list's covering indexes: one ordered scan)."""
        return f" INDEXED BY {index}"

    def test_in_scan(self, column: str) -> str:
        """A column reference the planner may not use as an index (``+c.id``: test membership while
        scanning the chosen index rather than look every row up by id)."""
        return f"+{column}"

    def years_before(self, date_sql: str, years: int) -> str:
        """The ISO text of the same calendar day `years` earlier than the date `date_sql` (compared as
        text with another ISO date; 29 February gives "YYYY-02-29", after every 28 February)."""
        return f"printf('%04d', CAST(substr({date_sql}, 1, 4) AS INTEGER) - {int(years)}) || substr({date_sql}, 5)"

    # -------- the FTS5 trigram index (storage.search; tables made by migration 0003)

    has_vocab: bool = True  # a 2-character term is expanded into the indexed trigrams that start with it

    def fts_match(self, table: str, _column: str) -> str:
        return f"SELECT rowid FROM {table} WHERE {table} MATCH {self.param} ORDER BY rowid DESC LIMIT {self.param}"

    def fts_phrases(self, phrases: list[str]) -> str:
        """The parameter of `fts_match` for "any of these substrings": an FTS5 OR of quoted phrases."""
        return " OR ".join('"' + p.replace('"', '""') + '"' for p in phrases)

    def fts_insert(self, table: str, column: str) -> str:
        return f"INSERT INTO {table}(rowid, {column}) VALUES ({self.param}, {self.param})"

    def fts_delete(self, table: str, column: str) -> str:
        """Remove a row from a contentless table: FTS5 needs the values it indexed."""
        return f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', {self.param}, {self.param})"

    def fts_delete_all(self, table: str) -> str:
        return f"INSERT INTO {table}({table}) VALUES ('delete-all')"

    def fts_hashsize(self, table: str, size: int) -> str | None:
        return f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {int(size)})"

    def vocab_range(self, table: str, bounded: bool) -> str:
        """The indexed trigrams from a lower bound (and below an upper one) of an fts5vocab table."""
        upper = f" AND term < {self.param}" if bounded else ""
        return f"SELECT term FROM {table} WHERE term >= {self.param}{upper}"

    def sync_id_sequence(self, _table: str) -> str | None:
        """After rows were inserted with explicit ids: nothing to do (SQLite takes max(rowid) + 1)."""
        return None

    def cache_size(self, kib: int | None = None) -> str | None:
        """Read the page cache size, or set it to `kib` KiB (a negative cache_size is in KiB)."""
        return "PRAGMA cache_size" if kib is None else f"PRAGMA cache_size = {int(kib)}"


def like_pattern(text: str) -> str:
    """A LIKE pattern for "contains `text`" (``\\`` is PostgreSQL's default LIKE escape)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class PostgresDialect:
    """PostgreSQL 15+ through psycopg 3 (paramstyle "format").

    The search tables ``search_fts_<tier>`` (migration 0003 on PostgreSQL) are ordinary tables
    (case_id, text) with a pg_trgm GIN index on the text: ``LIKE '%…%'`` is served by the index for
    3+ characters and checked exactly on every candidate (the same substring semantics as FTS5's
    trigram tokenizer). No vocabulary table: a 2-character term is a plain ``LIKE``.
    """

    name: str = "postgresql"
    param: str = "%s"
    has_vocab: bool = False

    # Writers run side by side here: the chain's head is read under a transaction-scoped advisory lock
    # (released at commit or rollback), so appends from several workstations queue instead of both
    # taking the same next id (tests/integration/test_centre_processes.py). 0x4D44534B: "MDSK".
    chain_lock: str | None = "SELECT pg_advisory_xact_lock(1296323403)"

    def years_before(self, date_sql: str, years: int) -> str:
        """The same calendar day `years` earlier than the date `date_sql`, as a date (the columns are
        dates here; 29 February gives 28 February)."""
        return f"(({date_sql}) - make_interval(years => {int(years)}))::date"

    def marks(self, n: int) -> str:
        return ", ".join([self.param] * n)

    def indexed_by(self, _index: str) -> str:
        return ""  # PostgreSQL's planner has no hints; it chooses the case list's indexes itself

    def test_in_scan(self, column: str) -> str:
        return column

    def fts_match(self, table: str, column: str) -> str:
        return f"SELECT case_id FROM {table} WHERE {column} LIKE ANY({self.param}) ORDER BY case_id DESC LIMIT {self.param}"

    def fts_phrases(self, phrases: list[str]) -> list[str]:
        return [like_pattern(p) for p in phrases]

    def fts_insert(self, table: str, column: str) -> str:
        return f"INSERT INTO {table}(case_id, {column}) VALUES ({self.param}, {self.param})"

    def fts_delete(self, table: str, column: str) -> str:
        return f"DELETE FROM {table} WHERE case_id = {self.param} AND {column} = {self.param}"

    def fts_delete_all(self, table: str) -> str:
        return f"DELETE FROM {table}"

    def fts_hashsize(self, _table: str, _size: int) -> str | None:
        return None

    def vocab_range(self, table: str, bounded: bool) -> str:  # pragma: no cover - has_vocab is False
        raise NotImplementedError(f"no vocabulary table {table} on PostgreSQL (bounded={bounded})")

    def cache_size(self, _kib: int | None = None) -> str | None:
        return None

    def sync_id_sequence(self, table: str) -> str | None:
        """After rows were inserted with explicit ids (bulk writes, transfer): move the id sequence past them."""
        return f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"


SQLITE = SqliteDialect()
POSTGRES = PostgresDialect()
Dialect = SqliteDialect | PostgresDialect  # the type storage code is written against


def dialect_of(conn: Any) -> Dialect:
    """The dialect of a DB-API connection (sqlite3, sqlcipher3's dbapi2, psycopg) or of a SQLAlchemy
    `Connection` (duck-typed by its ``dialect.name``: no SQLAlchemy import here)."""
    engine_name = getattr(getattr(conn, "dialect", None), "name", None)
    if engine_name == "sqlite":
        return SQLITE
    if engine_name == "postgresql":
        return POSTGRES
    module = type(conn).__module__
    if module.startswith(("sqlite3", "sqlcipher3", "pysqlite")):
        return SQLITE
    if module.startswith("psycopg"):
        return POSTGRES
    raise TypeError(f"no SQL dialect for a {module}.{type(conn).__name__} connection")
