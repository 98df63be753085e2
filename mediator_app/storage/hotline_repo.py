"""12345 hotline work orders in `hotline_order` (docs/hotline.md): ORM reads and writes inside the
caller's session, every column through the column table `feature_columns.HOTLINE`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from sqlmodel import Session, col, select

from mediator_app.domain.hotline import HotlineOrder
from mediator_app.storage import feature_columns
from mediator_app.storage.feature_tables import HotlineOrderRow


def _order(row: HotlineOrderRow) -> HotlineOrder:
    return HotlineOrder(**feature_columns.HOTLINE.domain(tuple(getattr(row, n) for n in feature_columns.HOTLINE.names)))


def by_numbers(session: Session, committee_id: int, numbers: Iterable[str]) -> dict[str, HotlineOrder]:
    """The stored orders among `numbers`, by number (the import's look-up before it writes)."""
    wanted = sorted(set(numbers))
    found: dict[str, HotlineOrder] = {}
    for start in range(0, len(wanted), 500):  # stay under every engine's limit of bound parameters
        chunk = wanted[start : start + 500]
        rows = session.exec(
            select(HotlineOrderRow).where(
                HotlineOrderRow.committee_id == committee_id, col(HotlineOrderRow.order_no).in_(chunk)
            )
        ).all()
        found.update((r.order_no, _order(r)) for r in rows)
    return found


def get(session: Session, order_id: int) -> HotlineOrder:
    row = session.get(HotlineOrderRow, order_id)
    if row is None:
        raise LookupError(order_id)
    return _order(row)


def committee_of(session: Session, order_id: int) -> int:
    """The committee the order was assigned to (LookupError for no such order)."""
    row = session.get(HotlineOrderRow, order_id)
    if row is None:
        raise LookupError(order_id)
    return row.committee_id


def list_orders(session: Session, committee_id: int | None, statuses: Iterable[str] = ()) -> list[HotlineOrder]:
    """The committee's orders (every committee's for None: the centre), newest assignment first; only
    those in `statuses` when given."""
    query = select(HotlineOrderRow)
    if committee_id is not None:
        query = query.where(HotlineOrderRow.committee_id == committee_id)
    wanted = list(statuses)
    if wanted:
        query = query.where(col(HotlineOrderRow.status).in_(wanted))
    rows = session.exec(query.order_by(col(HotlineOrderRow.assigned_at).desc(), col(HotlineOrderRow.id).desc()))
    return [_order(r) for r in rows.all()]


def of_case(session: Session, case_id: int) -> list[HotlineOrder]:
    """The orders turned into or attached to the case, oldest first."""
    rows = session.exec(
        select(HotlineOrderRow).where(HotlineOrderRow.case_id == case_id).order_by(col(HotlineOrderRow.id))
    )
    return [_order(r) for r in rows.all()]


def replies_between(session: Session, committee_id: int, first: dt.datetime, last: dt.datetime) -> list[HotlineOrder]:
    """Orders whose reply was signed off between `first` and `last` (the reply export)."""
    rows = session.exec(
        select(HotlineOrderRow)
        .where(
            HotlineOrderRow.committee_id == committee_id,
            col(HotlineOrderRow.approved_at) >= first,
            col(HotlineOrderRow.approved_at) < last,
        )
        .order_by(col(HotlineOrderRow.approved_at), col(HotlineOrderRow.id))
    )
    return [_order(r) for r in rows.all()]


def add(session: Session, committee_id: int, order: HotlineOrder) -> HotlineOrder:
    fields = feature_columns.HOTLINE.fields(order)
    fields.pop("id", None)
    row = HotlineOrderRow(committee_id=committee_id, **fields)
    session.add(row)
    session.flush()
    return dataclasses.replace(order, id=row.id)


def add_many(session: Session, committee_id: int, orders: Iterable[HotlineOrder]) -> None:
    """New orders in one flush: SQLAlchemy batches the INSERTs (an import of a month's export)."""
    rows = []
    for order in orders:
        fields = feature_columns.HOTLINE.fields(order)
        fields.pop("id", None)
        rows.append(HotlineOrderRow(committee_id=committee_id, **fields))
    session.add_all(rows)
    session.flush()


def save(session: Session, order: HotlineOrder) -> HotlineOrder:
    """Write every field of a stored order (the service decided what may change)."""
    if order.id is None:
        raise ValueError("save needs a stored order")
    row = session.get(HotlineOrderRow, order.id)
    if row is None:
        raise LookupError(order.id)
    for name, value in feature_columns.HOTLINE.fields(order).items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    return order
