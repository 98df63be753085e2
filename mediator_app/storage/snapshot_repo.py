"""Confirmed snapshots (`report_snapshot`): written once, never updated; the versions of one period
(and subject: a 以案定补 claim list's mediator, "" for a statistics report) are read newest first.
ORM writes inside the caller's unit of work."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from mediator_app.frozen import frozen
from mediator_app.storage.feature_tables import ReportSnapshotRow


@frozen
class Snapshot:
    id: int
    version: int
    figures: str
    digest: str
    confirmed_at: dt.datetime
    confirmed_by: str
    reason: str
    replaces_id: int | None
    subject: str = ""


def _snapshot(row: ReportSnapshotRow) -> Snapshot:
    assert row.id is not None
    return Snapshot(
        row.id,
        row.version,
        row.figures,
        row.digest,
        row.confirmed_at,
        row.confirmed_by,
        row.reason,
        row.replaces_id,
        row.subject,
    )


def versions(session: Session, kind: str, year: int, period: int, subject: str = "") -> list[Snapshot]:
    """Every confirmed version of the period's `subject`, newest first."""
    rows = session.exec(
        select(ReportSnapshotRow)
        .where(
            ReportSnapshotRow.kind == kind,
            ReportSnapshotRow.year == year,
            ReportSnapshotRow.period == period,
            ReportSnapshotRow.subject == subject,
        )
        .order_by(col(ReportSnapshotRow.version).desc())
    ).all()
    return [_snapshot(r) for r in rows]


def newest_per_subject(session: Session, kind: str, year: int, period: int) -> dict[str, Snapshot]:
    """The newest confirmed version of each subject of the period."""
    rows = session.exec(
        select(ReportSnapshotRow)
        .where(ReportSnapshotRow.kind == kind, ReportSnapshotRow.year == year, ReportSnapshotRow.period == period)
        .order_by(col(ReportSnapshotRow.version).desc())
    ).all()
    newest: dict[str, Snapshot] = {}
    for row in rows:
        newest.setdefault(row.subject, _snapshot(row))
    return newest


def add(session: Session, kind: str, year: int, period: int, snapshot: Snapshot) -> Snapshot:
    row = ReportSnapshotRow(
        kind=kind,
        year=year,
        period=period,
        subject=snapshot.subject,
        version=snapshot.version,
        figures=snapshot.figures,
        digest=snapshot.digest,
        confirmed_at=snapshot.confirmed_at,
        confirmed_by=snapshot.confirmed_by,
        reason=snapshot.reason,
        replaces_id=snapshot.replaces_id,
    )
    session.add(row)
    session.flush()
    return _snapshot(row)
