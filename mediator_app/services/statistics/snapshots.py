"""Confirming a report (确认 → frozen): its figures are stored as JSON with their SHA-256 and never
change afterwards, whatever happens to the cases; a correction is a new version with its reason,
pointing at the one it replaces, and both are kept. Each confirmation writes an audit row carrying
the hash (docs/statistics.md, "Confirmed reports"). `freeze` is that machinery for any snapshot: the
以案定补 claim lists use it too (docs/subsidy.md)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable

from sqlmodel import Session

from mediator_app.domain.access import Permission
from mediator_app.errors import UserFacingError
from mediator_app.services.access import require
from mediator_app.services.statistics import scope
from mediator_app.services.statistics.period import CAPTIONS, Period
from mediator_app.services.statistics.report import Report
from mediator_app.storage import repository as repo
from mediator_app.storage import snapshot_repo
from mediator_app.storage.database import Database
from mediator_app.storage.snapshot_repo import Snapshot

__all__ = ["Snapshot", "SnapshotKey", "confirm", "freeze", "frozen", "versions"]

SnapshotKey = tuple[str, int, int, str]  # kind, year, period number, subject (a report's: `scope.subject`)


def _frozen_report(snapshot: Snapshot) -> Report:
    return Report.from_json(snapshot.figures)


def versions(db: Database, period: Period, committee_id: int | None = None) -> list[Report]:
    """The confirmed versions of a period, newest first (each as it was frozen): of the report of
    `committee_id`, of the person's committee, or of the whole centre (`scope.resolve`); a
    committee's confirmed reports and the centre's are kept apart."""
    subject = scope.resolve(db, committee_id).subject
    with db.reader() as session:
        found = snapshot_repo.versions(session, period.kind.value, period.year, period.number, subject)
    return [_frozen_report(s) for s in found]


def frozen(db: Database, period: Period, committee_id: int | None = None) -> Report | None:
    """The newest confirmed version of the period, or None."""
    found = versions(db, period, committee_id)
    return found[0] if found else None


def freeze(
    session: Session,
    key: SnapshotKey,
    figures: Callable[[int], str],
    actor: str,
    reason: str,
    what: str,
    action: str,
) -> Snapshot:
    """Store the next version of `key` (kind, year, period, subject) in the caller's unit of work, its
    figures made by `figures(version)`, with their SHA-256 in an audit row `action` naming `what`. A
    version after the first needs the reason for the correction and points at the one it replaces.
    Shared by the statistics reports and the 以案定补 claim lists (services.subsidy)."""
    kind, year, period, subject = key
    earlier = snapshot_repo.versions(session, kind, year, period, subject)
    if earlier and not reason.strip():
        raise UserFacingError(f"{what}已确认过第{earlier[0].version}版；更正须写明理由")
    version = earlier[0].version + 1 if earlier else 1
    text = figures(version)
    digest = hashlib.sha256(text.encode()).hexdigest()
    replaces = earlier[0].id if earlier else None
    made = Snapshot(0, version, text, digest, repo.utcnow(), actor, reason.strip(), replaces, subject)
    stored = snapshot_repo.add(session, kind, year, period, made)
    detail = f"{what}第{version}版，SHA-256 {digest}" + (f"；更正理由：{reason.strip()}" if earlier else "")
    repo.add_audit(session, action, None, detail, actor)
    return stored


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
    whose = scope.confirmer(db, report.committee_id)
    period = report.period
    confirmed = report

    def figures(version: int) -> str:
        nonlocal confirmed
        confirmed = dataclasses.replace(report, version=version, confirmed_by=actor.strip(), reason=reason.strip())
        return confirmed.to_json()

    key = (period.kind.value, period.year, period.number, whose.subject)
    what = f"{scope.named(whose.unit, whose.committee_id)}{period.label}{CAPTIONS[period.kind]}"
    with db.unit_of_work() as session:
        freeze(session, key, figures, actor.strip(), reason, what, "确认统计报表")
    return confirmed
