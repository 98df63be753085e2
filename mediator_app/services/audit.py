"""The audit trail's anchor and its check: the signed checkpoint beside the database, the head recorded
beside each backup, and `verify` (what `mediator-cli audit verify` and the audit view report).

The chain itself (`storage.audit_chain`) shows any edited, inserted, reordered or deleted row except the
newest ones: cut the last rows off and the rest is still a whole chain. So the head (the newest row's id
and hash) is kept outside the table as well, signed with HMAC-SHA-256:

- the **checkpoint** ``<database>.audit-head``, rewritten after every transaction that wrote audit rows
  (`Database.after_audit`, and the lean print path) and after a restore;
- a **sidecar** ``<backup>.audit-head`` beside each backup, with the head the backup holds.

The HMAC key: for an encrypted database it is derived from the database key (HMAC of a fixed label under
it), so no one without the key can write a checkpoint that verifies. A plain database has no secret; its
key is 32 random bytes in ``<database>.audit-key`` (owner-only). Anyone who can edit the plain database
file can also read that key, so there the checkpoint catches mistakes and tools that touch only the
database (a row deleted with ``sqlite3``), not a deliberate forger: that needs the encrypted database.

No SQLAlchemy import at module level: the lean print path records its head through `anchor_for`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from mediator_app.domain.access import Permission
from mediator_app.domain.access import check as allowed
from mediator_app.domain.masking import mask_text
from mediator_app.frozen import frozen
from mediator_app.services.audit_anchor import (
    CHECKPOINT_SUFFIX,
    PLAIN_KEY_SUFFIX,
    Anchor,
    CheckpointProblem,
    anchor_for,
    checkpoint_path,
    record_on_file,
    sidecar_path,
)
from mediator_app.storage import audit_query
from mediator_app.storage.audit_chain import Head
from mediator_app.storage.audit_chain import head as chain_head
from mediator_app.storage.audit_check import Break, ChainState, iter_rows, row_hash_at, walk
from mediator_app.storage.audit_query import AuditEntry, AuditFilter

if TYPE_CHECKING:
    from mediator_app.storage.database import Database

# Re-exported: the audit view's data types (free of SQLAlchemy) and the anchor (services.audit_anchor).
__all__ = [
    "CHECKPOINT_SUFFIX",
    "PLAIN_KEY_SUFFIX",
    "Anchor",
    "AuditEntry",
    "AuditFilter",
    "CheckpointProblem",
    "anchor_for",
    "checkpoint_path",
    "record_on_file",
    "sidecar_path",
]
# ---------------------------------------------------------------- the check


@frozen
class AuditReport:
    """What `verify` found. `problems` in Chinese, the first broken link first; empty when all holds."""

    rows: int
    head: Head
    anchored: Head | None
    problems: tuple[str, ...]
    broken: Break | None = None
    on_server: bool = False  # no checkpoint beside a file: the chain alone was checked

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok and self.on_server:
            return (
                f"审计记录链条完整：共 {self.rows} 条，首尾相接（最新为第 {self.head.last_id} 号）。"
                "服务器上的数据库旁没有检查点文件：删去最新记录要靠服务器的备份（pg_dump）核对。"
            )
        if self.ok:
            return f"审计记录完整：共 {self.rows} 条，链条首尾相接，与检查点一致（最新为第 {self.head.last_id} 号）。"
        return "审计记录有问题：" + "；".join(self.problems)


def check(
    state: ChainState, anchored: Head | None, hash_at: Any, anchor_problem: str = "", *, on_server: bool = False
) -> AuditReport:
    """Compare the walked chain with the anchored head (`hash_at(id)`: the stored row_hash of a row, or None).
    `on_server`: a database on a server has no checkpoint file (docs/centre.md): the chain alone is checked."""
    problems: list[str] = []
    if state.broken is not None:
        problems.append(f"第一处断开：{state.broken.message}")
    if on_server:
        pass
    elif anchor_problem:
        problems.append(anchor_problem)
    elif anchored is None:
        if state.rows:
            problems.append("数据文件旁边没有检查点文件：无法确认最新的记录没有被删除（检查点文件可能被删除或移走了）")
    elif anchored.last_id > state.head.last_id and state.broken is None:
        missing = anchored.last_id - state.head.last_id
        problems.append(
            f"最新的记录被删除了：检查点记录到第 {anchored.last_id} 号，审计表中只到第 {state.head.last_id} 号"
            f"（少了 {missing} 条）"
        )
    elif anchored.last_id <= state.head.last_id and hash_at(anchored.last_id) != anchored.last_hash:
        problems.append(f"第 {anchored.last_id} 号记录与检查点不符：它或它之前的记录被改写过")
    elif anchored.last_id < state.head.last_id and state.broken is None:
        problems.append(
            f"检查点之后还有 {state.head.last_id - anchored.last_id} 条记录（第 {anchored.last_id + 1}–"
            f"{state.head.last_id} 号）没有被检查点确认：可能是程序在写检查点前中断，也可能是后来插入的，请逐条核对"
        )
    return AuditReport(state.rows, state.head, anchored, tuple(problems), state.broken, on_server)


def verify_connection(conn: Any, anchor: Anchor | None) -> AuditReport:
    """Walk the chain on `conn` (one read transaction) and compare it with the anchor's checkpoint, then
    with the heads recorded beside the backups (`backup_problem`)."""
    anchored, problem = None, ""
    if anchor is not None:
        try:
            anchored = anchor.read()
        except CheckpointProblem as exc:
            problem = str(exc)
    state = walk(iter_rows(conn))
    report = check(state, anchored, lambda row_id: row_hash_at(conn, row_id), problem, on_server=anchor is None)
    found = backup_problem(conn, anchor, state.head) if anchor is not None and state.broken is None else ""
    if found:
        return dataclasses.replace(report, problems=(*report.problems, found))
    return report


def backup_problem(conn: Any, anchor: Anchor, live: Head) -> str:
    """What the heads beside the backups say against the live log: a backup made since the last restore
    holds rows up to its head, so the live log must hold that row with that hash. This catches the newest
    rows cut off together with a checkpoint rewritten to match (possible on a plain file, whose signing
    key lies beside it): the backups on another disk keep the truth. Backups from before the last
    restore are passed over (a restore takes the log back legitimately); newest backup first, the first
    disagreement reported."""
    from mediator_app.storage.backup import backup_folder, list_backups

    db_path = anchor.path.with_name(anchor.path.name.removesuffix(CHECKPOINT_SUFFIX))
    since = _last_restore(conn)
    for made in list_backups(backup_folder(db_path)):
        if made.kind == "restore" or (since is not None and made.made_at.astimezone(dt.UTC) <= since):
            continue
        when = f"{made.made_at:%Y年%m月%d日 %H:%M}的备份"
        try:
            head = anchor.read(sidecar_path(made.path))
        except CheckpointProblem:
            # Not signed with this database's key: the backup of another database file in the same folder
            # (they share backups/), or a damaged sidecar. Neither says anything about this log.
            continue
        if head is None:
            continue  # a backup made before checkpoints existed, or its sidecar not written (said then)
        if head.last_id > live.last_id:
            return (
                f"{when}记录到第 {head.last_id} 号，审计表中只到第 {live.last_id} 号："
                f"最新的 {head.last_id - live.last_id} 条记录被删除了"
            )
        if row_hash_at(conn, head.last_id) != head.last_hash:
            return f"第 {head.last_id} 号记录与{when}的检查点不符：它或它之前的记录被改写过"
    return ""


def _last_restore(conn: Any) -> dt.datetime | None:
    cur = conn.cursor()
    try:
        cur.execute("SELECT max(at) FROM audit_log WHERE action = '恢复数据'")
        row = cur.fetchone()
    finally:
        cur.close()
    if row is None or row[0] is None:
        return None
    at = row[0] if isinstance(row[0], dt.datetime) else dt.datetime.fromisoformat(str(row[0]))
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)  # stored in UTC without an offset


def verify(db: Database) -> AuditReport:
    """Check the audit trail of an open database against its checkpoint."""
    allowed(db.actor, Permission.AUDIT)
    anchor = db.audit_anchor if isinstance(db.audit_anchor, Anchor) else None
    with db.read_connection() as conn:
        return verify_connection(conn, anchor)


def change_stamp(db: Database) -> Head:
    """What moves whenever anyone commits a write: the audit chain's head. Every write adds an audit
    row, and rows are appended one writer at a time until commit (BEGIN IMMEDIATE on SQLite, the
    chain's advisory lock on PostgreSQL), so the newest id only grows, in commit order. One probe of
    the primary key's end, no permission needed (it shows nothing of a case): the workstations poll it
    to refresh their lists when another one changed something (ui/change_watch.py)."""
    with db.read_connection() as conn:
        return chain_head(conn)


# ---------------------------------------------------------------- the audit view


def local_day_bounds(since: dt.date | None, until: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Local calendar days (from `since` through `until`, inclusive) as the UTC bounds the log is stored in."""

    def start(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time()).astimezone(dt.UTC)

    return (
        None if since is None else start(since),
        None if until is None else start(until + dt.timedelta(days=1)),
    )


def entries(db: Database, f: AuditFilter, limit: int = 1000) -> list[AuditEntry]:
    """The director's audit view: entries newest first, details masked (`domain.masking`)."""
    allowed(db.actor, Permission.AUDIT)
    with db.read_connection() as conn:
        found = audit_query.entries(conn, f, limit)
    return [dataclasses.replace(e, detail=mask_text(e.detail)) for e in found]


def filter_choices(db: Database) -> tuple[list[str], list[str]]:
    """(actors, actions) that occur in the log."""
    allowed(db.actor, Permission.AUDIT)
    with db.read_connection() as conn:
        return audit_query.distinct(conn, "actor"), audit_query.distinct(conn, "action")
