"""Confirming a report (确认 → frozen): its figures are stored as JSON with their SHA-256 and never
change afterwards, whatever happens to the cases; a correction is a new version with its reason,
pointing at the one it replaces, and both are kept. Each confirmation writes an audit row carrying
the hash (docs/statistics.md, "Confirmed reports")."""

from __future__ import annotations

import dataclasses
import hashlib

from mediator_app.domain.access import Permission
from mediator_app.errors import UserFacingError
from mediator_app.services.access import require
from mediator_app.services.statistics.period import CAPTIONS, Period
from mediator_app.services.statistics.report import Report
from mediator_app.storage import repository as repo
from mediator_app.storage import snapshot_repo
from mediator_app.storage.database import Database
from mediator_app.storage.snapshot_repo import Snapshot

__all__ = ["Snapshot", "confirm", "frozen", "versions"]


def _frozen_report(snapshot: Snapshot) -> Report:
    return Report.from_json(snapshot.figures)


def versions(db: Database, period: Period) -> list[Report]:
    """The confirmed versions of a period, newest first (each as it was frozen)."""
    require(db, Permission.VIEW)
    with db.reader() as session:
        return [
            _frozen_report(s) for s in snapshot_repo.versions(session, period.kind.value, period.year, period.number)
        ]


def frozen(db: Database, period: Period) -> Report | None:
    """The newest confirmed version of the period, or None."""
    found = versions(db, period)
    return found[0] if found else None


def confirm(db: Database, report: Report, actor: str, reason: str = "") -> Report:
    """Freeze the report as the next version of its period. A report with problems is not confirmed;
    a second version needs the reason for the correction."""
    require(db, Permission.REPORT)
    if report.version:
        raise UserFacingError("这份报表已经确认过；如需更正，请重新生成后再确认")
    if report.problems:
        raise UserFacingError(f"报表还有{len(report.problems)}处问题未解决，不能确认；请先改正案件后重新生成")
    if not actor.strip():
        raise UserFacingError("请填写确认人（统计员或委员会主任）")
    period = report.period
    with db.unit_of_work() as session:
        earlier = snapshot_repo.versions(session, period.kind.value, period.year, period.number)
        if earlier and not reason.strip():
            raise UserFacingError(f"{period.label}的报表已确认过第{earlier[0].version}版；更正须写明理由")
        version = earlier[0].version + 1 if earlier else 1
        confirmed = dataclasses.replace(report, version=version, confirmed_by=actor.strip(), reason=reason.strip())
        figures = confirmed.to_json()
        digest = hashlib.sha256(figures.encode()).hexdigest()
        replaces = earlier[0].id if earlier else None
        snapshot = Snapshot(0, version, figures, digest, repo.utcnow(), actor.strip(), reason.strip(), replaces)
        snapshot_repo.add(session, period.kind.value, period.year, period.number, snapshot)
        what = f"{period.label}{CAPTIONS[period.kind]}第{version}版，SHA-256 {digest}"
        repo.add_audit(
            session, "确认统计报表", None, what + (f"；更正理由：{reason.strip()}" if earlier else ""), actor
        )
    return confirmed
