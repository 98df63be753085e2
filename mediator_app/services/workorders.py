"""Work orders to other units ("1+n", docs/linkage.md): issuing a 工作联系单/协办函 from a case with a
time limit in working days (the program's holiday calendar), recording the unit's reply, the list
across cases (today's overdue ones for 今日待办 and `mediator-cli workorders`), its XLSX export, and
the committee's unit list (a setting; the shipped defaults while it is empty).

Every write is one transaction with its audit row. Matters and replies are free text: ID and phone
numbers typed into them are masked in lists and exports (`domain.masking.mask_text`, PIPL Art. 51);
the printed letter, which goes to the unit that needs them, carries them as typed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlmodel import Session

from mediator_app.domain.access import Actor
from mediator_app.domain.access import Permission as P
from mediator_app.domain.linkage import UNIT_LIMIT, WorkOrder, name_errors, reply_errors, work_order_errors
from mediator_app.domain.masking import mask_text
from mediator_app.domain.model import Case
from mediator_app.domain.validation import raise_if
from mediator_app.errors import FieldError, UserFacingError, ValidationError
from mediator_app.frozen import frozen
from mediator_app.paths import resource_path
from mediator_app.procedure.calendar import add_working_days
from mediator_app.procedure.deadlines import DUE_SOON_DAYS, DueItem
from mediator_app.services.access import case_for, require, require_case
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.xlsx_stream import workbook
from mediator_app.storage import linkage_repo as lrepo
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

DUE_KIND = "协办期限"
DUE_RULE = "工作联系单约定的办理时限（工作日，节假日顺延）"
ORDER_NOT_FOUND = "没有找到这份工作联系单，可能已被删除"
EXPORT_HEADER = (
    "联系单编号",
    "案件编号",
    "案件名称",
    "协办单位",
    "协办事项",
    "请求事项",
    "办理时限（工作日）",
    "发函日期",
    "回复期限",
    "发函人",
    "状态",
    "回复日期",
    "回复内容",
    "回复人",
)


@frozen
class WorkOrderLine:
    """One order with its case, as lists, 今日待办 and the export show it (texts masked)."""

    case_id: int
    case_number: str
    case_title: str
    order: WorkOrder
    status: str
    days_left: int
    overdue: bool

    @property
    def number(self) -> str:
        return self.order.number(self.case_number)


def issue_work_order(
    db: Database,
    case_id: int,
    unit: str,
    matter: str,
    action: str,
    limit_days: int,
    issued_by: str,
    today: dt.date,
) -> WorkOrder:
    """A new 工作联系单 of the case, due `limit_days` working days after `today` (first day not counted)."""
    actor = require(db, P.EDIT)
    raise_if(work_order_errors(unit, matter, action, limit_days, issued_by))
    due = add_working_days(today, limit_days, holiday_calendar())
    order = WorkOrder(unit.strip(), matter.strip(), action.strip(), limit_days, today, due, issued_by.strip())
    with db.unit_of_work() as session:
        case = case_for(session, actor, case_id)
        saved = lrepo.add_work_order(session, case_id, order)
        repo.add_audit(session, "发出工作联系单", case_id, f"{saved.number(case.number)} 致{saved.unit}")
    return saved


def record_work_order_reply(
    db: Database, order_id: int, replied_on: dt.date, reply: str, reply_by: str, today: dt.date
) -> WorkOrder:
    """The unit's reply, once: a recorded reply is not changed afterwards (it is part of the dossier)."""
    actor = require(db, P.EDIT)
    with db.unit_of_work() as session:
        found = lrepo.get_work_order(session, order_id)
        if found is None:
            raise UserFacingError(ORDER_NOT_FOUND)
        case_id, order = found
        case = case_for(session, actor, case_id)
        raise_if(reply_errors(order, replied_on, reply, today) + name_errors(reply_by=reply_by))
        lrepo.record_reply(session, order_id, replied_on, reply.strip(), reply_by.strip())
        repo.add_audit(session, "记录协办回复", case_id, f"{order.number(case.number)} {order.unit}")
    return dataclasses.replace(order, replied_on=replied_on, reply=reply.strip(), reply_by=reply_by.strip())


def case_work_orders(db: Database, case_id: int) -> list[WorkOrder]:
    actor = require(db, P.VIEW)
    with db.reader() as session:
        case_for(session, actor, case_id)
        return sorted(lrepo.list_work_orders(session, case_id), key=lambda o: o.seq)


def work_order_lines(
    db: Database, today: dt.date, *, overdue_only: bool = False, open_only: bool = False
) -> list[WorkOrderLine]:
    """Every case's orders (open ones first by due date), those of cases the person may not see left out."""
    actor = require(db, P.VIEW)
    with db.reader() as session:
        return _lines(session, actor, today, open_only or overdue_only, overdue_only)


def _lines(session: Session, actor: Actor, today: dt.date, open_only: bool, overdue_only: bool) -> list[WorkOrderLine]:
    cases: dict[int, Case | None] = {}
    out = []
    for case_id, order in lrepo.all_work_orders(session, open_only):
        if overdue_only and not order.overdue(today):
            continue
        if case_id not in cases:
            case = repo.load_case(session, case_id)
            cases[case_id] = case if _may_see(actor, case) else None
        seen = cases[case_id]
        if seen is None:
            continue
        out.append(
            WorkOrderLine(
                case_id,
                seen.number,
                mask_text(seen.display_title),
                order,
                order.status(today),
                order.days_left(today),
                order.overdue(today),
            )
        )
    return sorted(out, key=lambda line: (line.order.replied, line.order.due_on, line.case_number, line.order.seq))


def _may_see(actor: Actor, case: Case) -> bool:
    try:
        require_case(actor, case)
    except UserFacingError:
        return False
    return True


def due_work_orders(db: Database, today: dt.date, soon: int = DUE_SOON_DAYS) -> list[tuple[WorkOrderLine, DueItem]]:
    """今日待办: open orders overdue or due within `soon` days, each as a dated item (overdue: red)."""
    lines = work_order_lines(db, today, open_only=True)
    return [(line, _due_item(line, today)) for line in lines if line.days_left <= soon]


def _due_item(line: WorkOrderLine, today: dt.date) -> DueItem:
    order = line.order
    text = f"{line.number} 致{order.unit}：{mask_text(order.matter)}"
    return DueItem(DUE_KIND, text, order.due_on, order.days_left(today), DUE_RULE)


def export_rows(lines: list[WorkOrderLine]) -> list[tuple[object, ...]]:
    """The export's rows, texts masked (PIPL Art. 51)."""
    return [
        (
            line.number,
            line.case_number,
            line.case_title,
            line.order.unit,
            mask_text(line.order.matter),
            mask_text(line.order.action),
            line.order.limit_days,
            line.order.issued_on.isoformat(),
            line.order.due_on.isoformat(),
            line.order.issued_by,
            line.status,
            line.order.replied_on.isoformat() if line.order.replied_on else "",
            mask_text(line.order.reply),
            line.order.reply_by,
        )
        for line in lines
    ]


def export_xlsx(db: Database, today: dt.date, *, overdue_only: bool = False) -> bytes:
    """The orders as an XLSX sheet (工作联系单), audited as an export."""
    require(db, P.EXPORT)
    lines = work_order_lines(db, today, overdue_only=overdue_only)
    data = workbook([("工作联系单", EXPORT_HEADER, export_rows(lines))])
    with db.unit_of_work() as session:
        repo.add_audit(session, "导出工作联系单", None, f"{len(lines)}份")
    return data


def default_units() -> list[str]:
    data = json.loads(resource_path("linkage", "units.json").read_text(encoding="utf-8"))
    return [str(u) for u in data["units"]]


def work_units(db: Database) -> list[str]:
    """The committee's unit list, or the shipped defaults while it has none of its own."""
    require(db, P.VIEW)
    with db.reader() as session:
        own = lrepo.list_work_units(session)
    return own or default_units()


def save_work_units(db: Database, names: list[str]) -> list[str]:
    """Replace the unit list (blank lines dropped, the order kept, each name once)."""
    require(db, P.SETTINGS)
    cleaned = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    errors = [
        FieldError(f"units[{i}]", f"单位名称不能超过{UNIT_LIMIT}个字")
        for i, n in enumerate(cleaned)
        if len(n) > UNIT_LIMIT
    ]
    if not cleaned:
        errors.append(FieldError("units", "至少需要一个协办单位"))
    if errors:
        raise ValidationError(errors)
    with db.unit_of_work() as session:
        lrepo.save_work_units(session, cleaned)
        repo.add_audit(session, "设置协办单位", None, f"{len(cleaned)}个")
    return cleaned
