"""Use cases for moving a case between databases through the case file (docs/json-format.md).

Import registers the file's case as a NEW case of this database: it receives this committee's next
number, and the number it had where it was exported is kept (in `source_ref` when that is empty,
and always in the audit log). The procedure starts again at 登记 here: the file carries the case's
contents, not the other committee's procedural records (notices, sessions, signatures), and the
guards of the state machine must not be skipped; the stage it had is noted in the audit log.
Everything is written in one transaction, after the whole file has been validated, so a bad file
leaves the database exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

from mediator_app.domain.access import Permission
from mediator_app.domain.model import Case
from mediator_app.domain.stages import Stage
from mediator_app.domain.statistics import intake_stats
from mediator_app.domain.validation import validate_registration
from mediator_app.exchange.case_json import read_case_file, write_case_file
from mediator_app.services.access import require
from mediator_app.services.cases import committee_for, find_case, insert_registered
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database


def import_case(
    db: Database,
    case: Case,
    today: dt.date | None = None,
    special_groups: Collection[str] = (),
    committee_id: int | None = None,
) -> Case:
    """Register a case read from a file as a new case; returns it with its new number and id.
    `special_groups` and `committee_id` (the committee it goes to): as `services.cases.register_case`."""
    require(db, Permission.REGISTER)
    stats = intake_stats(special_groups)
    original, original_stage = case.number.strip(), case.status
    case.id, case.committee_id, case.number = None, None, ""
    case.status = Stage.REGISTERED
    if original and not case.source_ref.strip():
        case.source_ref = original
    validate_registration(case, today)
    committee = committee_for(db, committee_id)
    with db.unit_of_work() as session:
        saved = insert_registered(session, case, committee, stats)
        origin = "，".join(x for x in (f"原编号：{original}" if original else "", f"原阶段：{original_stage}") if x)
        repo.add_audit(session, "导入案件", saved.id, f"{saved.number}（{origin}）")
    return saved


def import_case_file(
    db: Database,
    path: Path,
    today: dt.date | None = None,
    special_groups: Collection[str] = (),
    committee_id: int | None = None,
) -> tuple[Case, str]:
    """Read, validate and import a case file; returns the new case and the number it had in the file."""
    case = read_case_file(path, today)
    original = case.number
    return import_case(db, case, today, special_groups, committee_id), original


def export_case_file(db: Database, number: str, path: Path) -> Case:
    """Write one case to a case file (atomically), recording the export in the audit log first (PIPL
    Art. 51): the audit row is committed before the file exists, so no file leaves unrecorded; a write
    that then fails is recorded as not completed."""
    require(db, Permission.EXPORT)
    case = find_case(db, number)
    where = f"{case.number} → {Path(path).name}"
    with db.unit_of_work() as session:
        repo.add_audit(session, "导出案件", case.id, where)
    try:
        write_case_file(path, case)
    except BaseException:
        with db.unit_of_work() as session:
            repo.add_audit(session, "导出未完成", case.id, where)
        raise
    return case
