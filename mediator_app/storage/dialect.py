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

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from mediator_app.frozen import frozen
from mediator_app.storage.search_forms import (
    BUCKET_ROWS,
    COARSE_ROWS,
    Lookup,
    bucket_index,
    indexes,
    like_lookup,
    lookup,
    phrase_patterns,
    stored,
)

BUSY_TIMEOUT_MS = 10_000  # wait this long for another workstation's write lock before giving up


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
# eq=False: compared by identity, nothing compares them by value.
@frozen(eq=False, repr=False)
class SqliteDialect:
    """SQLite (and SQLCipher, which speaks the same SQL)."""

    name: str = "sqlite"
    param: str = "?"  # DB-API paramstyle "qmark"

    # What an audit append runs first so that two writers never read the same chain head: nothing
    # here, where BEGIN IMMEDIATE already lets one writer at a time into the file (storage.engine).
    chain_lock: str | None = None

    # A filter change counts the case list's matches at once here: counting is cheap in a file of a
    # room's 100,000 cases (3-47 ms, docs/search.md; `storage.case_list.first_page`).
    count_first: bool = True

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

    # A 2-character term is expanded into the indexed trigrams that start with it (`vocab_range`). The
    # flags' types tell mypy which dialect a test of them leaves, so that a method only one engine
    # needs (`fts_match`, `vocab_range` here, the walk's statements on PostgreSQL) is defined there alone.
    has_vocab: Literal[True] = True

    def fts_match(self, table: str, _column: str) -> str:
        """The newest ids whose text matches (FTS5 walks its doclists newest first and stops at the limit)."""
        return f"SELECT rowid FROM {table} WHERE {table} MATCH {self.param} ORDER BY rowid DESC LIMIT {self.param}"

    def fts_phrases(self, _tier: str, phrases: list[str]) -> tuple[str]:
        """The parameters of `fts_match` (before the limit) for "any of these substrings" in a tier: an
        FTS5 OR of quoted phrases."""
        return (" OR ".join('"' + p.replace('"', '""') + '"' for p in phrases),)

    def fts_insert(self, table: str, column: str) -> str:
        return f"INSERT INTO {table}(rowid, {column}) VALUES ({self.param}, {self.param})"

    def fts_delete(self, table: str, column: str) -> str:
        """Remove a row from a contentless table: FTS5 needs the values it indexed."""
        return f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', {self.param}, {self.param})"

    def fts_delete_all(self, table: str) -> str:
        return f"INSERT INTO {table}({table}) VALUES ('delete-all')"

    def fts_hashsize(self, table: str, size: int) -> str | None:
        return f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {int(size)})"

    # No walk by id ranges: FTS5 walks its doclists newest first and stops at the limit.
    bucket_rows: None = None
    each_time: tuple[tuple[str, bool], ...] = ()  # sqlite3's execute takes no options

    coarse_rows: None = None  # nor coarse buckets (migration 0018 is PostgreSQL's)

    def fts_stored(self, _tier: str, text: str) -> str:
        return text

    def fts_index_drop(self, _tier: str) -> tuple[str, ...]:
        """Before a rebuild fills a tier's table: nothing here (FTS5 builds its index as it goes)."""
        return ()

    def fts_index_create(self, _tier: str) -> tuple[str, ...]:
        return ()

    def rebuild_memory(self) -> str | None:
        """Memory for building the search index in one go: the page cache (`cache_size`) does it here."""
        return None

    def copy_from(self, _table: str, _names: Sequence[str]) -> str | None:
        """No COPY: many rows go in as one prepared INSERT run per row (executemany)."""
        return None

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


PROBE_ROWS = 128  # the newest rows `fts_probe` reads in case-id order
SAMPLE_PERCENT = 0.05  # of a search table's pages, read by `fts_sample` (about 450 of 1,000,000 rows)


@frozen(eq=False, repr=False)
class PostgresDialect:
    """PostgreSQL 15+ through psycopg 3 (paramstyle "format").

    The search tables ``search_fts_<tier>`` (migration 0003 on PostgreSQL) are ordinary tables
    (case_id, text) with a GIN index over the case's bucket of ids and the text (btree_gin and
    pg_trgm, migration 0016); they hold the text doubled (migration 0015, `search_forms.doubled`), but for the ASCII
    digits and letters of the ids tier (`search_forms.SINGLE_IN_TIER`, migration 0017): ``LIKE '%…%'`` of the
    term in the stored form is served by the index (but for 2 digits or letters there) and
    checked exactly on every candidate (the same substring semantics as FTS5's trigram tokenizer).
    No vocabulary table: a 2-character term needs no expansion.
    """

    name: str = "postgresql"
    param: str = "%s"
    has_vocab: Literal[False] = False

    # Writers run side by side here: the chain's head is read under a transaction-scoped advisory lock
    # (released at commit or rollback), so appends from several workstations queue instead of both
    # taking the same next id (tests/integration/test_centre_processes.py). 0x4D44534B: "MDSK".
    chain_lock: str | None = "SELECT pg_advisory_xact_lock(1296323403)"

    # A filter change shows the first page and no count: an exact count of a county's 1,000,000 cases
    # grows with them (70-530 ms), and even one that stops at 1,000 or 10,000 matches cost 220-340 ms
    # with a mediator, overdue and a type together (docs/centre.md). The exact count follows as a
    # second read (`storage.case_list.first_page`).
    count_first: bool = False

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

    # The search walks each tier newest first in id ranges (`search_walk.walk`): the GIN index is over
    # (case_id / BUCKET_ROWS, text) (btree_gin, migration 0016), so a step's index scan hands over only
    # the candidates of its range to be checked, however many cases hold the term in all.
    bucket_rows: int = BUCKET_ROWS
    # The driver's options for a statement planned for its own parameters every time. psycopg prepares a
    # statement run five times, and PostgreSQL then may keep a generic plan: for the walk's range step
    # a backward scan of the primary key filtering every row (250 ms for a 2-character word of the facts
    # at 100,000 cases, where the plan for the actual buckets and patterns takes 10 ms).
    each_time: tuple[tuple[str, bool], ...] = (("prepare", False),)

    def fts_probe(self, table: str, column: str) -> str:
        """The newest `PROBE_ROWS` rows, read in case-id order from the primary key: their lowest id, their
        number and the ids among them (newest first) whose text is LIKE one of the patterns (the one
        parameter). A term in a large share of the cases fills the page here."""
        newest = f"SELECT case_id, {column} FROM {table} ORDER BY case_id DESC LIMIT {PROBE_ROWS}"
        return (
            f"SELECT min(case_id), count(*), array_agg(case_id ORDER BY case_id DESC) "
            f"FILTER (WHERE {column} LIKE ANY({self.param})) FROM ({newest}) AS newest"
        )

    def fts_like(self, column: str, patterns: list[str]) -> Lookup:
        """Rows whose `column` is LIKE one of `patterns`, looked up in the column's trigram index."""
        return like_lookup(column, patterns, self.param)

    def fts_match_range(self, table: str, where: str) -> str:
        """The newest ids, at most the limit, with id < high in the given buckets that meet `where` (a
        `Lookup`'s condition: a row whose text holds one of its phrases). Parameters: the list of
        buckets, the lookup's value, high, the limit.

        The buckets are the index's first column, compared for equality: a range (``BETWEEN``) makes GIN
        collect every row below its upper end (21-42 ms at 100,000 cases, measured), an equality reads
        one bucket's entry. The matches are gathered in a materialised CTE, so that they can only come
        from the GIN index: given ``ORDER BY case_id … LIMIT`` the planner, misled by its estimate of
        LIKE, walked the primary key backwards checking every row instead (90 ms for a 2-character
        given name at 100,000 cases, where the index takes 5 ms)."""
        p = self.param
        return (
            f"WITH m AS MATERIALIZED (SELECT case_id FROM {table} WHERE (case_id / {BUCKET_ROWS}) = ANY({p}::integer[]) "
            f"AND {where}) SELECT case_id FROM m WHERE case_id < {p} ORDER BY case_id DESC LIMIT {p}"
        )

    def fts_match_below(self, table: str, where: str) -> str:
        """The ids that meet `where` (a `Lookup`'s condition), newest first, at most `cap` of them in the
        table's order (`fts_match_range`'s CTE, without buckets). Parameters: the lookup's value, the cap.

        The cap bounds the scan: gathered whole, a term in half of 1,000,000 cases read and checked
        every row (12.7 s, the planner's estimate choosing a sequential scan), where stopping at 1,000
        took 105 ms. Fewer rows than the cap are all the matches."""
        p = self.param
        return (
            f"WITH m AS MATERIALIZED (SELECT case_id FROM {table} WHERE {where} LIMIT {p}) "
            f"SELECT case_id FROM m ORDER BY case_id DESC"
        )

    # The coarse buckets of 16 buckets each (migration 0018), the index's first column: the walk covers
    # a range where the term is rare in one GIN scan per coarse bucket instead of 16.
    coarse_rows: int = COARSE_ROWS

    def fts_match_in(self, table: str, where: str, rows: int) -> str:
        """The ids in the given buckets of `rows` ids (`BUCKET_ROWS` or `COARSE_ROWS`) that meet `where`
        (a `Lookup`'s condition), at most `cap` of them, in the table's order (not newest first). Parameters:
        the list of buckets, the lookup's value, the cap.

        The cap is applied outside the materialised CTE, which PostgreSQL computes only as far as it is
        read: the CTE is planned for all its rows (the GIN index, as `fts_match_range`), and its bitmap
        heap scan stops at the cap. With the LIMIT inside, a term the planner thinks common would be
        read by a sequential scan expected to meet the cap early, over the whole table when the buckets
        hold none. A cap of 1 asks whether the buckets hold any match: the index scans, then the
        candidates checked up to the first match."""
        p = self.param
        return (
            f"WITH m AS MATERIALIZED (SELECT case_id FROM {table} WHERE (case_id / {int(rows)}) = ANY({p}::integer[]) "
            f"AND {where}) SELECT case_id FROM m LIMIT {p}"
        )

    def fts_estimate(self, table: str, where: str) -> str:
        """The planner's estimate of the rows that meet `where` (a `Lookup`'s condition; its value is the
        one parameter): ``EXPLAIN`` of the whole table's match, read from its sample of the column,
        without reading a row."""
        return f"EXPLAIN (FORMAT JSON) SELECT case_id FROM {table} WHERE {where}"

    def fts_sample(self, table: str, column: str) -> str:
        """The rows of a sample of the table's pages (the same pages each time: cached after the first),
        how many of them are LIKE one of the patterns (the one parameter), and the table's row count
        as of its last ANALYZE."""
        return (
            f"SELECT count(*), count(*) FILTER (WHERE {column} LIKE ANY({self.param})), "
            f"(SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass) "
            f"FROM {table} TABLESAMPLE SYSTEM ({SAMPLE_PERCENT}) REPEATABLE (1)"
        )

    def fts_phrases(self, tier: str, phrases: list[str]) -> tuple[list[str]]:
        """LIKE patterns for "any of these substrings" in a tier's table, in the form it stores (`fts_stored`)."""
        return (phrase_patterns(tier, phrases),)

    def fts_stored(self, tier: str, text: str) -> str:
        """What the tier's table holds for a text (`search_forms.stored`)."""
        return stored(tier, text)

    def fts_lookup(self, tier: str, phrases: list[str]) -> Lookup:
        """How the walk looks `phrases` up in the tier's table (`search_forms.lookup`)."""
        return lookup(tier, phrases, self.param)

    def fts_insert(self, table: str, column: str) -> str:
        return f"INSERT INTO {table}(case_id, {column}) VALUES ({self.param}, {self.param})"

    def fts_delete(self, table: str, column: str) -> str:
        return f"DELETE FROM {table} WHERE case_id = {self.param} AND {column} = {self.param}"

    def fts_delete_all(self, table: str) -> str:
        # TRUNCATE, not DELETE: a rebuild of 1,000,000 rows leaves no dead rows behind.
        return f"TRUNCATE {table}"

    def fts_hashsize(self, _table: str, _size: int) -> str | None:
        return None

    def fts_index_drop(self, tier: str) -> tuple[str, ...]:
        """A rebuild drops the tier's search indexes and makes them afresh after the rows are in: one
        sorted build instead of a GIN insert per row."""
        return tuple(f"DROP INDEX IF EXISTS {name}" for name, _ in indexes(tier))

    def fts_index_create(self, tier: str) -> tuple[str, ...]:
        """The indexes migrations 0018-0022 made (same names, same columns and operator classes)."""
        return tuple(bucket_index(f"search_fts_{tier}", key, name) for name, key in indexes(tier))

    def rebuild_memory(self) -> str | None:
        """For the rest of the rebuild's transaction: GIN builds sort in memory (the default 64 MB
        spills 1,000,000 cases' texts to disk)."""
        return "SET LOCAL maintenance_work_mem = '512MB'"

    def copy_from(self, table: str, names: Sequence[str]) -> str | None:
        """Many rows in one COPY stream (psycopg's ``cursor.copy``): the bulk writer's inserts of 10,000
        demo cases took 3.5 s instead of 7.7 s with psycopg's pipelined executemany (measured under the
        profiler, shared machine)."""
        return f"COPY {table} ({', '.join(names)}) FROM STDIN"

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


def insert_rows(conn: Any, table: str, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert many rows into `table` inside the caller's transaction, over a SQLAlchemy `Connection`
    (duck-typed): PostgreSQL streams them with COPY through the driver connection, SQLite runs one
    INSERT per row with executemany (its prepared statement is as fast as SQLite gets)."""
    d = dialect_of(conn)
    statement = d.copy_from(table, names)
    if statement is None:
        batch = rows if isinstance(rows, list) else list(rows)
        if batch:
            conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({d.marks(len(names))})", batch)
        return
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
