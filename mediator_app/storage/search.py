"""The case search index: FTS5 trigram tables over a per-case document, kept in step in the same
transaction as every write, and the queries that use them. Design and figures: docs/search.md.

Layout (migration 0003):

- ``search_doc``: one row per case (`SearchDocRow`): the folded, padded text of each tier
  (`domain.search_text`; the free texts zlib-compressed) and the map of which field and party each
  value is. It is exactly what the FTS tables indexed.
- ``search_fts_<tier>``: one contentless FTS5 table per tier (``tokenize='trigram case_sensitive 1'``,
  ``detail=full``), rowid = case id. One table per tier, not one table with five columns: a column
  filter on a phrase that is common in another column makes FTS5 walk every row holding it
  (measured 5-40 ms); separate tables do not even know the other tiers' trigrams. Contentless, so
  the text is stored once (in ``search_doc``, compressed) instead of twice.
- ``search_vocab_<tier>``: fts5vocab tables, to expand a 2-character term into the trigrams that
  start with it.

Writes: repository functions call `changes.mark_changed`; `sync_pending` (run by
`Database.unit_of_work` just before commit) rebuilds each changed case's document from the tables
and replaces it in the FTS tables (FTS ``delete`` with the stored old values, then insert), tier by
tier, only where the text changed. The bulk demo writer inserts `search_doc` rows and fills the FTS
tables once at the end (`rebuild_fts`: ``delete-all``, then one pass over ``search_doc``; as fast as
FTS5's own ``rebuild``, which contentless tables do not have). `ensure_current` (run when a database is opened) rebuilds
everything when the index format changed or a bulk load was interrupted.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from mediator_app.domain.search_text import (
    PAD,
    RANK_OF_TIER,
    RANK_SEQUENCE,
    TIER_NAMES,
    TIERS,
    Entry,
    decode,
    encode_fields,
    entry,
    matches_sequence,
    sequence_target,
    spans,
    tiers_to_check,
)
from mediator_app.domain.stages import Stage
from mediator_app.procedure.deadlines import overdue_from
from mediator_app.storage.changes import take_changed

INDEX_VERSION = "1"  # bump when the document format changes: the next open rebuilds the index
MULTI_TERM_CAP = 2000  # per tier and term, when several terms must all match
VERIFY_CAP = 3000  # candidates checked against the stored text when a term's own set was capped
DOC_COLUMNS = ("entry_map", *TIERS)  # as `doc_values` returns them
_STORED_COLUMNS = ("entry_map", *TIERS[:-1], "texts_z")  # as `search_doc` holds them

Row = Sequence[Any]


def fts_table(tier: str) -> str:
    return f"search_fts_{tier}"


def vocab_table(tier: str) -> str:
    return f"search_vocab_{tier}"


# ---------------------------------------------------------------- what is indexed


@dataclass
class CaseText:
    """What a case's derived data is computed from: its searchable contents, and what decides when it
    becomes overdue (`dispute_case.due_on`), as read from (or about to be written to) the tables.

    Lists are in their stored order: parties by seq, representatives by (party seq, position), terms by
    seq, records by (held_at, id).
    """

    case_id: int
    number: str
    source_ref: str
    title: str
    facts: str
    claims: str
    # (seq, role, name, legal_rep, id_number, uscc, phone, address)
    parties: list[tuple[int, str, str, str, str, str, str, str]] = field(default_factory=list)
    reps: list[tuple[int, str, str, str]] = field(default_factory=list)  # (party seq, name, id_number, phone)
    agreement: tuple[str, str, str] | None = None  # (disputed matters, responsibilities, breach clause)
    terms: list[tuple[int, str]] = field(default_factory=list)  # (seq, action)
    oral_content: str = ""
    court_case_number: str = ""
    records: list[tuple[int, str, str, str]] = field(default_factory=list)  # (id, kind, content, result)
    stage: str = "登记"
    accepted_on: dt.date | None = None
    mediation_days: int = 30
    deadlines: list[tuple[int, dt.date]] = field(default_factory=list)  # (term seq, deadline)
    performed: set[int] = field(default_factory=set)  # term seqs a return visit found performed


def fields_of(text: CaseText) -> list[tuple[str, int | None, str]]:
    """Every searchable field of the case as (code, owner, raw value), in a fixed order per tier."""
    found: list[tuple[str, int | None, str]] = [
        ("C", None, text.number),
        ("S", None, text.source_ref),
        ("K", None, text.court_case_number),
    ]
    reps = {seq: list(group) for seq, group in itertools.groupby(text.reps, key=lambda r: r[0])}
    for seq, role, name, legal_rep, id_number, uscc, phone, address in text.parties:
        found += [
            ("NA" if role == "申请人" else "NR", seq, name),
            ("L", seq, legal_rep),
            ("I", seq, id_number),
            ("U", seq, uscc),
            ("P", seq, phone),
            ("A", seq, address),
        ]
        for _, rep_name, rep_id, rep_phone in reps.get(seq, []):
            found += [("R", seq, rep_name), ("RI", seq, rep_id), ("RP", seq, rep_phone)]
    found += [
        ("T", None, text.title),
        ("F", None, text.facts),
        ("Q", None, text.claims),
        ("O", None, text.oral_content),
    ]
    if text.agreement is not None:
        matters, responsibilities, breach = text.agreement
        found += [("M", None, matters), ("B", None, responsibilities)]
        found += [("E", seq, action) for seq, action in text.terms]
        found.append(("X", None, breach))
    for record_id, kind, content, result in text.records:
        found += [("VI" if kind == "调查" else "VS", record_id, content), ("W", record_id, result)]
    return found


def entries_of(text: CaseText) -> list[Entry]:
    """The case's entries (blank fields left out)."""
    return [e for code, ref, raw in fields_of(text) if (e := entry(code, ref, raw)) is not None]


def doc_values(text: CaseText) -> tuple[str, ...]:
    """The `search_doc` row (without the case id) in `DOC_COLUMNS` order."""
    encoded = encode_fields(fields_of(text))
    return (encoded.entry_map, *encoded.columns)


def due_on(text: CaseText) -> dt.date | None:
    """`dispute_case.due_on`: after this date the case list shows the case as overdue."""
    return overdue_from(
        Stage(text.stage),
        text.accepted_on,
        text.mediation_days,
        [(deadline, seq in text.performed) for seq, deadline in text.deadlines],
    )


# ---------------------------------------------------------------- reading cases from the tables

_CASE_SQL = "SELECT id, number, source_ref, title, facts, claims, status, accepted_on FROM dispute_case"
_CHILD_SQL = {
    "parties": "SELECT case_id, seq, role, name, legal_rep, id_number, uscc, phone, address FROM party {where} "
    "ORDER BY case_id, seq",
    "reps": "SELECT p.case_id, p.seq, r.name, r.id_number, r.phone FROM representative r "
    "JOIN party p ON p.id = r.party_id {where} ORDER BY p.case_id, p.seq, r.position",
    "agreement": "SELECT case_id, disputed_matters, responsibilities, breach_clause FROM agreement {where} "
    "ORDER BY case_id",
    "terms": "SELECT a.case_id, t.seq, t.action, t.deadline FROM agreement_term t "
    "JOIN agreement a ON a.id = t.agreement_id {where} ORDER BY a.case_id, t.seq",
    "procedure": "SELECT case_id, oral_content, court_case_number, mediation_days FROM case_procedure {where} "
    "ORDER BY case_id",
    "records": "SELECT case_id, id, kind, content, result FROM step_record {where} ORDER BY case_id, held_at, id",
    "performed": "SELECT v.case_id, k.term_seq FROM visit_term_check k JOIN return_visit v ON v.id = k.visit_id "
    "WHERE k.status = '已履行' {where} ORDER BY v.case_id",
}
_CHILD_WHERE = {"reps": "WHERE p.case_id = ?", "terms": "WHERE a.case_id = ?", "performed": "AND v.case_id = ?"}


def _date(value: Any) -> dt.date | None:
    return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _assemble(case: Row, children: Mapping[str, Sequence[Row]]) -> CaseText:
    text = CaseText(
        case_id=case[0],
        number=case[1],
        source_ref=case[2],
        title=case[3],
        facts=case[4],
        claims=case[5],
        stage=case[6],
        accepted_on=_date(case[7]),
    )
    text.parties = [tuple(r[1:]) for r in children["parties"]]
    text.reps = [tuple(r[1:]) for r in children["reps"]]
    if children["agreement"]:
        text.agreement = tuple(children["agreement"][0][1:])
        text.terms = [(r[1], r[2]) for r in children["terms"]]
        text.deadlines = [(r[1], d) for r in children["terms"] if (d := _date(r[3])) is not None]
    if children["procedure"]:
        text.oral_content, text.court_case_number, text.mediation_days = children["procedure"][0][1:]
    text.records = [tuple(r[1:]) for r in children["records"]]
    text.performed = {r[1] for r in children["performed"]}
    return text


def load_case_text(conn: Connection, case_id: int) -> CaseText | None:
    case = conn.exec_driver_sql(_CASE_SQL + " WHERE id = ?", (case_id,)).first()
    if case is None:
        return None
    children = {
        name: list(conn.exec_driver_sql(sql.format(where=_CHILD_WHERE.get(name, "WHERE case_id = ?")), (case_id,)))
        for name, sql in _CHILD_SQL.items()
    }
    return _assemble(case, children)


def iter_case_texts(conn: Connection) -> Iterator[CaseText]:
    """Every case in id order, streamed: one sorted query per table, merged by case id."""
    streams = {name: _Stream(iter(conn.exec_driver_sql(sql.format(where="")))) for name, sql in _CHILD_SQL.items()}
    for case in conn.exec_driver_sql(_CASE_SQL + " ORDER BY id"):
        yield _assemble(case, {name: stream.take(case[0]) for name, stream in streams.items()})


class _Stream:
    """Rows sorted by case id (first column); `take` returns those of one case."""

    def __init__(self, rows: Iterator[Row]) -> None:
        self._rows, self._next = rows, next(rows, None)

    def take(self, case_id: int) -> list[Row]:
        out = []
        while self._next is not None and self._next[0] <= case_id:
            if self._next[0] == case_id:
                out.append(self._next)
            self._next = next(self._rows, None)
        return out


# ---------------------------------------------------------------- keeping the index in step


def sync_pending(session: Session) -> None:
    """Bring the index up to date for the cases this unit of work changed (called before commit)."""
    changed = take_changed(session)
    if not changed:
        return
    session.flush()
    conn = session.connection()
    for case_id in sorted(changed):
        sync_case(conn, case_id)


def _stored(values: Sequence[Any]) -> tuple[Any, ...]:
    """`doc_values` order → `search_doc` columns (the texts compressed)."""
    return (*values[:-1], zlib.compress(values[-1].encode("utf-8"), 6))


def _unstored(values: Sequence[Any]) -> tuple[Any, ...]:
    return (*values[:-1], zlib.decompress(values[-1]).decode("utf-8"))


def stored_doc(conn: Connection, case_id: int) -> tuple[str, ...] | None:
    """The document `search_doc` holds for a case (what the FTS tables indexed), `DOC_COLUMNS` order."""
    row = conn.exec_driver_sql(
        f"SELECT {', '.join(_STORED_COLUMNS)} FROM search_doc WHERE case_id = ?", (case_id,)
    ).first()
    return _unstored(row) if row is not None else None


def sync_case(conn: Connection, case_id: int) -> None:
    """Make the case's derived data match the tables: its `due_on`, its search document and FTS entries
    (removed if the case is gone)."""
    text = load_case_text(conn, case_id)
    if text is not None:
        due = due_on(text)
        stored_due = _date(conn.exec_driver_sql("SELECT due_on FROM dispute_case WHERE id = ?", (case_id,)).scalar())
        if due != stored_due:
            conn.exec_driver_sql(
                "UPDATE dispute_case SET due_on = ? WHERE id = ?", (due.isoformat() if due else None, case_id)
            )
    new = doc_values(text) if text is not None else None
    old = stored_doc(conn, case_id)
    if old == new:
        return
    for i, tier in enumerate(TIERS, start=1):
        before, after = (old[i] if old else None), (new[i] if new else None)
        if before == after:
            continue
        table = fts_table(tier)
        if before is not None:
            conn.exec_driver_sql(
                f"INSERT INTO {table}({table}, rowid, {tier}) VALUES ('delete', ?, ?)", (case_id, before)
            )
        if after is not None:
            conn.exec_driver_sql(f"INSERT INTO {table}(rowid, {tier}) VALUES (?, ?)", (case_id, after))
    if new is None:
        conn.exec_driver_sql("DELETE FROM search_doc WHERE case_id = ?", (case_id,))
    elif old is None:
        insert_docs(conn, [(case_id, *new)])
    else:
        assignments = ", ".join(f"{c} = ?" for c in _STORED_COLUMNS)
        conn.exec_driver_sql(f"UPDATE search_doc SET {assignments} WHERE case_id = ?", (*_stored(new), case_id))


def insert_docs(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert `search_doc` rows (case id, then `DOC_COLUMNS`) without touching the FTS tables (bulk path)."""
    if rows:
        marks = ", ".join("?" * (len(_STORED_COLUMNS) + 1))
        conn.exec_driver_sql(
            f"INSERT INTO search_doc(case_id, {', '.join(_STORED_COLUMNS)}) VALUES ({marks})",
            [(row[0], *_stored(row[1:])) for row in rows],
        )


def _set_meta(conn: Connection, key: str, value: str) -> None:
    conn.exec_driver_sql(
        "INSERT INTO search_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def mark_stale(conn: Connection) -> None:
    """The FTS tables no longer match `search_doc` (a bulk load is under way); the next open rebuilds."""
    _set_meta(conn, "state", "stale")


FTS5_HASH_BYTES = 1024 * 1024  # FTS5's default pending-data limit
REBUILD_HASH_BYTES = 16 * 1024 * 1024  # ... while rebuilding
REBUILD_CACHE_KIB = 65536


def rebuild_fts(conn: Connection, progress: Callable[[int, int], None] | None = None) -> None:
    """Index `search_doc` afresh in every FTS table (``delete-all``, then one pass each) and record
    the index as current.

    A larger page cache and FTS5 hash while doing so: ~30% faster (fewer, larger level-0 segments to
    merge); both are put back afterwards.
    """
    cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{REBUILD_CACHE_KIB}")
    try:
        for step, (tier, column) in enumerate(zip(TIERS, _STORED_COLUMNS[1:], strict=True), start=1):
            table = fts_table(tier)
            conn.exec_driver_sql(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
            conn.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {REBUILD_HASH_BYTES})")
            rows = iter(conn.exec_driver_sql(f"SELECT case_id, {column} FROM search_doc"))
            while chunk := [tuple(r) for r in itertools.islice(rows, 5000)]:
                if column == "texts_z":
                    chunk = [(case_id, zlib.decompress(z).decode("utf-8")) for case_id, z in chunk]
                if values := [r for r in chunk if r[1]]:
                    conn.exec_driver_sql(f"INSERT INTO {table}(rowid, {tier}) VALUES (?, ?)", values)
            conn.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {FTS5_HASH_BYTES})")
            if progress is not None:
                progress(step, len(TIERS))
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
    _set_meta(conn, "version", INDEX_VERSION)
    _set_meta(conn, "state", "ok")


def rebuild(conn: Connection, batch: int = 2000, progress: Callable[[int], None] | None = None) -> int:
    """Recompute every case's derived data (`due_on`, search document) from the tables, then index the
    documents afresh; returns the number of cases."""
    conn.exec_driver_sql("DELETE FROM search_doc")
    done = 0
    dues: list[tuple[str | None, int]] = []
    texts = iter_case_texts(conn)
    while chunk := list(itertools.islice(texts, batch)):
        insert_docs(conn, [(t.case_id, *doc_values(t)) for t in chunk])
        dues += [((d.isoformat() if (d := due_on(t)) else None), t.case_id) for t in chunk]
        done += len(chunk)
        if progress is not None:
            progress(done)
    if dues:  # after the scan of dispute_case has finished
        conn.exec_driver_sql("UPDATE dispute_case SET due_on = ? WHERE id = ?", dues)
    rebuild_fts(conn)
    return done


def is_current(conn: Connection) -> bool:
    meta: dict[str, str] = {key: value for key, value in conn.exec_driver_sql("SELECT key, value FROM search_meta")}
    return meta.get("version") == INDEX_VERSION and meta.get("state") == "ok"


def ensure_current(engine: Engine) -> bool:
    """Rebuild the index if its format is older than this program's or a bulk load left it stale."""
    with engine.connect() as conn:
        if is_current(conn):
            return False
    with engine.begin() as conn:
        if not is_current(conn):  # another workstation may have rebuilt it meanwhile
            rebuild(conn)
            return True
    return False


# ---------------------------------------------------------------- queries


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _after(text: str) -> str | None:
    """The smallest string greater than every string that starts with `text` (None: unbounded)."""
    code = ord(text[-1]) + 1
    if 0xD800 <= code <= 0xDFFF:
        code = 0xE000
    return text[:-1] + chr(code) if code <= 0x10FFFF else None


def match_expression(conn: Connection, tier_index: int, term: str) -> str | None:
    """The FTS5 MATCH expression for `term` in one tier, or None when the term cannot match there."""
    if len(term) >= 3:
        return _quote(term)
    if len(term) == 1:
        return f"{_quote(PAD + term)} OR {_quote(term + PAD)}" if tier_index == TIER_NAMES else None
    upper = _after(term)
    sql = f"SELECT term FROM {vocab_table(TIERS[tier_index])} WHERE term >= ?" + (" AND term < ?" if upper else "")
    trigrams = [t for (t,) in conn.exec_driver_sql(sql, (term, upper) if upper else (term,)) if t.startswith(term)]
    return " OR ".join(_quote(t) for t in trigrams) if trigrams else None


def _sequence_hits(conn: Connection, term: str, limit: int) -> list[int]:
    target = sequence_target(term)
    if target is None:
        return []
    year, seq = target
    if year is None:
        rows = conn.exec_driver_sql("SELECT id FROM dispute_case WHERE seq = ? ORDER BY id DESC LIMIT ?", (seq, limit))
    else:
        rows = conn.exec_driver_sql(
            "SELECT id FROM dispute_case WHERE seq = ? AND year = ? ORDER BY id DESC LIMIT ?", (seq, year, limit)
        )
    return [r[0] for r in rows]


def _tier_hits(conn: Connection, tier_index: int, expression: str, limit: int) -> list[int]:
    table = fts_table(TIERS[tier_index])
    rows = conn.exec_driver_sql(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?", (expression, limit)
    )
    return [r[0] for r in rows]


def whole_name_expression(term: str) -> str:
    """MATCH expression for a name that is exactly `term` (values are PAD-separated in the tier)."""
    return _quote(PAD + term + PAD)


def ranked_cases(conn: Connection, term: str, limit: int) -> list[tuple[int, int]]:
    """The best `limit` cases for one term as (case id, rank): rank first, newest (highest id) next;
    among the name matches, the cases with a name that is exactly the term come first (孟婷 before
    孟婷娟: a mediator looks a party up by the whole name)."""
    out: dict[int, int] = {}
    for case_id in _sequence_hits(conn, term, limit):
        out.setdefault(case_id, RANK_SEQUENCE)
    for tier_index, tier in enumerate(TIERS):
        if len(out) >= limit:
            break
        expression = match_expression(conn, tier_index, term)
        if expression is None:
            continue
        expressions = [whole_name_expression(term), expression] if tier_index == TIER_NAMES else [expression]
        for each in expressions:
            # Up to len(out) of them may be cases already found in a better tier (or as a whole name).
            for case_id in _tier_hits(conn, tier_index, each, limit + len(out)):
                if len(out) >= limit:
                    break
                out.setdefault(case_id, RANK_OF_TIER[tier])
    return list(out.items())


def case_ranks(conn: Connection, term: str, cap: int) -> tuple[dict[int, int], bool]:
    """Every case the term matches with its best rank, reading at most `cap` rows per tier.

    The bool is False when a tier had more than `cap` matches (the dict then holds the newest ones).
    """
    ranks: dict[int, int] = {}
    complete = True
    hits = _sequence_hits(conn, term, cap + 1)
    complete &= len(hits) <= cap
    for case_id in hits[:cap]:
        ranks.setdefault(case_id, RANK_SEQUENCE)
    for tier_index, tier in enumerate(TIERS):
        expression = match_expression(conn, tier_index, term)
        if expression is None:
            continue
        hits = _tier_hits(conn, tier_index, expression, cap + 1)
        complete &= len(hits) <= cap
        for case_id in hits[:cap]:
            ranks.setdefault(case_id, RANK_OF_TIER[tier])
    return ranks, complete


@dataclass(frozen=True)
class StoredDoc:
    """A case's stored search document with the case fields a result line shows."""

    case_id: int
    number: str
    title: str
    dispute_type: str
    status: str
    registered_on: dt.date
    year: int
    seq: int
    columns: tuple[str, ...]  # one per tier, as indexed
    entry_map: str

    def entries(self, tiers: Iterable[int] | None = None) -> list[Entry]:
        return decode(self.columns, self.entry_map, tiers)

    def matching_entries(self, terms: Sequence[str], whole: Iterable[int] = ()) -> list[Entry]:
        """The party names (who is who), every entry of the `whole` tiers, and the entries a term may
        match (`spans` decides)."""
        tiers = tiers_to_check(terms, self.columns)
        keep = {TIER_NAMES, *whole}
        out = []
        for tier, (column, codes) in enumerate(zip(self.columns, self.entry_map.split(";"), strict=True)):
            if not column or (tier not in tiers and tier not in keep):
                continue
            for value, code in zip(column[len(PAD) : -len(PAD)].split(PAD), codes.split(","), strict=True):
                if tier in keep or any(t in value for t in terms):
                    name, _, ref = code.partition(":")
                    out.append(Entry(name, int(ref) if ref else None, value))
        return out


def load_docs(conn: Connection, case_ids: Iterable[int]) -> dict[int, StoredDoc]:
    ids = list(case_ids)
    out: dict[int, StoredDoc] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.exec_driver_sql(
            f"SELECT d.case_id, c.number, c.title, c.dispute_type, c.status, c.registered_on, c.year, c.seq, "
            f"d.{', d.'.join(_STORED_COLUMNS)} FROM search_doc d JOIN dispute_case c ON c.id = d.case_id "
            f"WHERE d.case_id IN ({', '.join('?' * len(chunk))})",
            tuple(chunk),
        )
        for r in rows:
            day = r[5] if isinstance(r[5], dt.date) else dt.date.fromisoformat(r[5])
            values = _unstored(r[8:])
            out[r[0]] = StoredDoc(r[0], r[1], r[2], r[3], r[4], day, r[6], r[7], tuple(values[1:]), values[0])
    return out


def best_rank(term: str, doc: StoredDoc) -> int | None:
    """The rank of the term's best match in a stored document (the Python twin of the index), or None."""
    if matches_sequence(term, doc.year, doc.seq):
        return RANK_SEQUENCE
    ranks = [RANK_OF_TIER[TIERS[e.tier]] for e in doc.matching_entries([term]) if spans(term, e)]
    return min(ranks) if ranks else None


@dataclass(frozen=True)
class Found:
    ranked: list[tuple[int, int]]  # (case id, rank), best first
    has_more: bool  # more cases match than were returned
    complete: bool  # False: several very common terms; the newest matches were searched, not all


def find(conn: Connection, terms: Sequence[str], limit: int) -> Found:
    """Cases matching every term, best rank first, then newest (one term: whole names first among the
    name matches, `ranked_cases`)."""
    if not terms or limit <= 0:
        return Found([], False, True)
    if len(terms) == 1:
        ranked = ranked_cases(conn, terms[0], limit + 1)
        return Found(ranked[:limit], len(ranked) > limit, True)
    per_term = [(term, *case_ranks(conn, term, MULTI_TERM_CAP)) for term in terms]
    exact = [(term, ranks) for term, ranks, complete in per_term if complete]
    base = exact or [(term, ranks) for term, ranks, _ in per_term]
    candidates = set.intersection(*(set(ranks) for _, ranks in base))
    complete = bool(exact)
    rank: dict[int, int] = {c: min(ranks[c] for _, ranks in base) for c in candidates}
    unchecked = [term for term, _, done in per_term if not done] if exact else []
    if unchecked and candidates:
        ordered = sorted(candidates, key=lambda c: (rank[c], -c))
        if len(ordered) > VERIFY_CAP:
            ordered, complete = ordered[:VERIFY_CAP], False
        docs = load_docs(conn, ordered)
        kept: dict[int, int] = {}
        for case_id in ordered:
            doc = docs.get(case_id)
            found = [best_rank(term, doc) for term in unchecked] if doc else [None]
            if all(r is not None for r in found):
                kept[case_id] = min(rank[case_id], *(r for r in found if r is not None))
        rank = kept
    ordered = sorted(rank, key=lambda c: (rank[c], -c))
    return Found([(c, rank[c]) for c in ordered[:limit]], len(ordered) > limit, complete)
