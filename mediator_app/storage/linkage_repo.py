"""Repository for the linkage records: work orders to other units and the committee's unit list.

Reads go through the one loader (`storage.loader`) on the session's own connection; writes through
the ORM with `storage.columns`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session, col, delete, func, select

from mediator_app.domain.linkage import WorkOrder
from mediator_app.storage import columns, loader
from mediator_app.storage.repository import raw_connection
from mediator_app.storage.tables import WorkOrderRow, WorkUnitRow


def add_work_order(session: Session, case_id: int, order: WorkOrder) -> WorkOrder:
    """The order with the next number of its case (1, 2, … per case) and its row id."""
    last = session.exec(select(func.max(WorkOrderRow.seq)).where(WorkOrderRow.case_id == case_id)).one()
    numbered = dataclasses.replace(order, seq=(last or 0) + 1, id=None)
    fields = {k: v for k, v in columns.WORK_ORDER.fields(numbered).items() if k != "id"}
    row = WorkOrderRow(case_id=case_id, **fields)
    session.add(row)
    session.flush()
    return dataclasses.replace(numbered, id=row.id)


def get_work_order(session: Session, order_id: int) -> tuple[int, WorkOrder] | None:
    row = session.get(WorkOrderRow, order_id)
    if row is None:
        return None
    found = [o for o in list_work_orders(session, row.case_id) if o.id == order_id]
    return (row.case_id, found[0]) if found else None


def record_reply(session: Session, order_id: int, replied_on: dt.date, reply: str, reply_by: str) -> None:
    row = session.get(WorkOrderRow, order_id)
    if row is None:
        raise LookupError(order_id)
    row.replied_on, row.reply, row.reply_by = replied_on, reply, reply_by
    session.add(row)


def list_work_orders(session: Session, case_id: int) -> list[WorkOrder]:
    return [o for _, o in loader.list_work_orders(raw_connection(session), case_id)]


def all_work_orders(session: Session, open_only: bool = False) -> list[tuple[int, WorkOrder]]:
    return loader.list_work_orders(raw_connection(session), None, open_only)


def list_work_units(session: Session) -> list[str]:
    return loader.list_work_units(raw_connection(session))


def save_work_units(session: Session, names: list[str]) -> None:
    session.exec(delete(WorkUnitRow))
    session.flush()
    for position, name in enumerate(names):
        session.add(WorkUnitRow(position=position, name=name))


def order_ids(session: Session, case_id: int) -> list[int]:
    return [i for i in session.exec(select(WorkOrderRow.id).where(col(WorkOrderRow.case_id) == case_id)) if i]
