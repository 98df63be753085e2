"""Repository for the linkage records: work orders to other units, legal-support requests,
satisfaction visits and the committee's unit list.

Reads go through the one loader (`storage.loader`) on the session's own connection; writes through
the ORM with `storage.columns`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlmodel import Session, delete, func, select

from mediator_app.domain.legal_support import LegalSupportRequest
from mediator_app.domain.linkage import WorkOrder
from mediator_app.domain.satisfaction import SatisfactionVisit
from mediator_app.storage import columns, feature_columns, loader
from mediator_app.storage.columns import Table
from mediator_app.storage.repository import raw_connection
from mediator_app.storage.tables import LegalSupportRow, SatisfactionVisitRow, WorkOrderRow, WorkUnitRow


def _numbered(session: Session, row_type: Any, table: Table, case_id: int, item: Any) -> Any:
    """`item` stored as the next of its case (seq 1, 2, … per case), returned with its seq and row id."""
    last = session.exec(select(func.max(row_type.seq)).where(row_type.case_id == case_id)).one()
    numbered = dataclasses.replace(item, seq=(last or 0) + 1, id=None)
    row = row_type(case_id=case_id, **{k: v for k, v in table.fields(numbered).items() if k != "id"})
    session.add(row)
    session.flush()
    return dataclasses.replace(numbered, id=row.id)


def add_work_order(session: Session, case_id: int, order: WorkOrder) -> WorkOrder:
    """The order with the next number of its case and its row id."""
    saved: WorkOrder = _numbered(session, WorkOrderRow, columns.WORK_ORDER, case_id, order)
    return saved


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


def add_legal_support(session: Session, case_id: int, request: LegalSupportRequest) -> LegalSupportRequest:
    saved: LegalSupportRequest = _numbered(session, LegalSupportRow, columns.LEGAL_SUPPORT, case_id, request)
    return saved


def list_legal_support(session: Session, case_id: int) -> list[LegalSupportRequest]:
    return loader.list_legal_support(raw_connection(session), case_id)


def get_legal_support(session: Session, request_id: int) -> tuple[int, LegalSupportRequest] | None:
    row = session.get(LegalSupportRow, request_id)
    if row is None:
        return None
    found = [r for r in list_legal_support(session, row.case_id) if r.id == request_id]
    return (row.case_id, found[0]) if found else None


def record_legal_answer(session: Session, request_id: int, answered_on: dt.date, answer: str, by: str) -> None:
    row = session.get(LegalSupportRow, request_id)
    if row is None:
        raise LookupError(request_id)
    row.answered_on, row.answer, row.answered_by = answered_on, answer, by
    session.add(row)


def add_satisfaction(session: Session, case_id: int, visit: SatisfactionVisit) -> SatisfactionVisit:
    fields = {k: v for k, v in feature_columns.SATISFACTION.fields(visit).items() if k != "id"}
    row = SatisfactionVisitRow(case_id=case_id, **fields)
    session.add(row)
    session.flush()
    return dataclasses.replace(visit, id=row.id)


def list_satisfaction(session: Session, case_id: int) -> list[SatisfactionVisit]:
    return loader.list_satisfaction(raw_connection(session), case_id)
