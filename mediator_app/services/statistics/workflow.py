"""The road of a report, as every door takes it (the CLI now, the 统计 window later): generate from the
cases and check (生成 → 校验), confirm and freeze (确认), write the file (XLSX or PDF) from the frozen
figures when there are any, with an audit row for every file written."""

from __future__ import annotations

import datetime as dt

from mediator_app.domain.access import Permission
from mediator_app.services.access import require
from mediator_app.services.statistics import checks, report, scope, snapshots
from mediator_app.services.statistics.period import CAPTIONS, Period
from mediator_app.services.statistics.report import Report
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database


def generate(db: Database, period: Period, today: dt.date, committee_id: int | None = None) -> Report:
    """The report as the cases stand now, with what the checks found (one read snapshot): of
    `committee_id`'s cases, or the person's committee's, or every case's (`scope.resolve`)."""
    # The centre's report counts every committee (one 调委会明细 row each) under the centre's own
    # committee's name; a committee's counts its own cases under its name (docs/centre.md).
    chosen = scope.resolve(db, committee_id)
    with db.stats_connection() as conn:
        made = report.build_on(conn, period, chosen.unit, today, chosen.committee_id)
        checks.check_on(conn, made)
    return made


def current(db: Database, period: Period, today: dt.date, committee_id: int | None = None) -> Report:
    """The newest confirmed version of the period (of that scope), or a freshly generated report."""
    return snapshots.frozen(db, period, committee_id) or generate(db, period, today, committee_id)


def generate_and_confirm(
    db: Database, period: Period, today: dt.date, actor: str, reason: str = "", committee_id: int | None = None
) -> Report:
    return snapshots.confirm(db, generate(db, period, today, committee_id), actor, reason)


def file_bytes(db: Database, made: Report, suffix: str, actor: str = "") -> bytes:
    """The report as `.xlsx` or `.pdf` bytes; the export is audited (what, which version)."""
    require(db, Permission.REPORT)
    if suffix == ".xlsx":
        from mediator_app.services.statistics.xlsx import workbook_bytes

        data = workbook_bytes(made)
    else:
        from mediator_app.services.printing.reports import report_bytes

        data = report_bytes(made)
    period = made.period
    version = f"第{made.version}版" if made.version else "未确认"
    whose = scope.named(made.unit, made.committee_id)
    with db.unit_of_work() as session:
        repo.add_audit(
            session, "导出统计报表", None, f"{whose}{period.label}{CAPTIONS[period.kind]}（{version}，{suffix}）", actor
        )
    return data
