"""Confirmed report snapshots (`report_snapshot`): written once, never updated; the versions of one
period are read newest first. ORM writes inside the caller's unit of work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from mediator_app.storage.tables import ReportSnapshotRow


@dataclass(frozen=True)
class Snapshot:
    id: int
    version: int
    figures: str
    digest: str
    confirmed_at: dt.datetime
    confirmed_by: str
    reason: str
    replaces_id: int | None


def _snapshot(row: ReportSnapshotRow) -> Snapshot:
    assert row.id is not None
    return Snapshot(
        row.id, row.version, row.figures, row.digest, row.confirmed_at, row.confirmed_by, row.reason, row.replaces_id
    )


def versions(session: Session, kind: str, year: int, period: int) -> list[Snapshot]:
    """Every confirmed version of the period, newest first."""
    rows = session.exec(
        select(ReportSnapshotRow)
        .where(ReportSnapshotRow.kind == kind, ReportSnapshotRow.year == year, ReportSnapshotRow.period == period)
        .order_by(col(ReportSnapshotRow.version).desc())
    ).all()
    return [_snapshot(r) for r in rows]


def add(session: Session, kind: str, year: int, period: int, snapshot: Snapshot) -> Snapshot:
    row = ReportSnapshotRow(
        kind=kind,
        year=year,
        period=period,
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
