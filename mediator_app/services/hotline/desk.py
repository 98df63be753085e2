"""The 12345 work-order window's face (`Desk.hotline`): one typed method per thing the window asks for,
delegating to the hotline services; run on the database thread like every `Desk` method."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mediator_app.domain.hotline import HotlineOrder, Reply
from mediator_app.domain.model import Case, Party
from mediator_app.frozen import frozen
from mediator_app.procedure.hotline import OrderDeadlines, deadlines
from mediator_app.services import history
from mediator_app.services.calendar import holiday_calendar
from mediator_app.services.history import EarlierDispute
from mediator_app.services.hotline import importing, orders, replies
from mediator_app.services.hotline.importing import Preview, Progress
from mediator_app.storage.database import Database


@frozen
class OrderLine:
    """One row of the window's list: the order and its time limits today."""

    order: HotlineOrder
    limits: OrderDeadlines

    def reply_days_left(self, today: dt.date) -> int | None:
        due = self.limits.reply_by
        return None if due is None or not self.order.is_open else (due - today).days


class HotlineDesk:
    def __init__(self, db: Database) -> None:
        self.db = db

    def overview(self) -> list[OrderLine]:
        """Every order with its time limits, newest assignment first."""
        days, calendar = orders.days_by_type(), holiday_calendar()
        return [OrderLine(o, deadlines(o, days, calendar)) for o in orders.list_orders(self.db)]

    def of_case(self, case_id: int) -> list[HotlineOrder]:
        return orders.orders_of_case(self.db, case_id)

    def preview(self, path: Path, progress: Progress | None = None) -> Preview:
        return importing.preview_file(self.db, path, progress)

    def import_file(self, path: Path, progress: Progress | None = None) -> Preview:
        return importing.import_file(self.db, path, progress)

    def sign(self, order_id: int, now: dt.datetime) -> HotlineOrder:
        return orders.sign_order(self.db, order_id, now)

    def convert(self, order_id: int, dispute_type: str, respondent: Party, today: dt.date) -> Case:
        return orders.convert_to_case(self.db, order_id, dispute_type, respondent, today)

    def earlier_disputes(self, order: HotlineOrder) -> list[EarlierDispute]:
        """Cases of the same caller (name and phone) or at the same address: candidates to attach to."""
        caller = orders.caller_party(order)
        return history.earlier_disputes(self.db, [caller], [order.address] if order.address else [])

    def link(self, order_id: int, case_id: int) -> HotlineOrder:
        return orders.link_to_case(self.db, order_id, case_id)

    def return_order(self, order_id: int, reason: str, now: dt.datetime) -> HotlineOrder:
        return orders.return_order(self.db, order_id, reason, now)

    def extend(self, order_id: int, reason: str, until: dt.date, basis: str, today: dt.date) -> HotlineOrder:
        return orders.extend_order(self.db, order_id, reason, until, basis, today)

    def reply(self, order_id: int, reply: Reply, now: dt.datetime) -> HotlineOrder:
        return orders.save_reply(self.db, order_id, reply, now)

    def approve(self, order_id: int, now: dt.datetime) -> HotlineOrder:
        return orders.approve_reply(self.db, order_id, now)

    def export_replies(self, first: dt.date, last: dt.date, now: dt.datetime) -> tuple[bytes, int]:
        return replies.export_replies(self.db, first, last, now)

    def reply_slip(self, order_id: int) -> bytes:
        return replies.reply_slip(self.db, order_id)

    def import_satisfaction(self, path: Path) -> replies.SatisfactionResult:
        return replies.import_satisfaction(self.db, path)
