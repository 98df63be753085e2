"""The face of the links to other units and to the parties after closing (`Desk.linkage`,
docs/linkage.md): work orders to other units ("1+n"), 法律支持申请 to the judges' workstation or 12368,
and the 满意度回访 after closing. Run on the database thread like every `Desk` method; the services
check the permissions."""

from __future__ import annotations

import datetime as dt

from mediator_app.domain.legal_support import LegalSupportRequest
from mediator_app.domain.linkage import WorkOrder
from mediator_app.domain.satisfaction import SatisfactionVisit
from mediator_app.services import legal_support, satisfaction, workorders
from mediator_app.services.workorders import WorkOrderLine
from mediator_app.storage.database import Database


class LinkageDesk:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- work orders to other units (services/workorders.py) ---------------------------------------

    def issue_work_order(
        self, case_id: int, unit: str, matter: str, action: str, limit_days: int, issued_by: str, today: dt.date
    ) -> WorkOrder:
        return workorders.issue_work_order(self.db, case_id, unit, matter, action, limit_days, issued_by, today)

    def record_work_order_reply(
        self, order_id: int, replied_on: dt.date, reply: str, reply_by: str, today: dt.date
    ) -> WorkOrder:
        return workorders.record_work_order_reply(self.db, order_id, replied_on, reply, reply_by, today)

    def case_work_orders(self, case_id: int) -> list[WorkOrder]:
        return workorders.case_work_orders(self.db, case_id)

    def work_order_lines(self, today: dt.date, overdue_only: bool = False) -> list[WorkOrderLine]:
        return workorders.work_order_lines(self.db, today, overdue_only=overdue_only)

    def export_work_orders(self, today: dt.date) -> bytes:
        return workorders.export_xlsx(self.db, today)

    def work_units(self) -> list[str]:
        return workorders.work_units(self.db)

    def save_work_units(self, names: list[str]) -> list[str]:
        return workorders.save_work_units(self.db, names)

    # -- 法律支持申请 (services/legal_support.py) -----------------------------------------------------

    def draft_legal_summary(self, case_id: int) -> str:
        return legal_support.draft_summary(self.db, case_id)

    def ask_legal_support(
        self, case_id: int, recipient: str, summary: str, question: str, asked_by: str, today: dt.date
    ) -> LegalSupportRequest:
        return legal_support.ask_legal_support(self.db, case_id, recipient, summary, question, asked_by, today)

    def record_legal_answer(
        self, request_id: int, answered_on: dt.date, answer: str, answered_by: str, today: dt.date
    ) -> LegalSupportRequest:
        return legal_support.record_legal_answer(self.db, request_id, answered_on, answer, answered_by, today)

    def case_legal_support(self, case_id: int) -> list[LegalSupportRequest]:
        return legal_support.case_legal_support(self.db, case_id)

    # -- 满意度回访 (services/satisfaction.py) ----------------------------------------------------------

    def record_satisfaction(self, case_id: int, visit: SatisfactionVisit, today: dt.date) -> SatisfactionVisit:
        return satisfaction.record_satisfaction(self.db, case_id, visit, today)

    def case_satisfaction(self, case_id: int) -> list[SatisfactionVisit]:
        return satisfaction.case_satisfaction(self.db, case_id)

    def satisfaction_days(self) -> int:
        return satisfaction.satisfaction_days(self.db)

    def save_satisfaction_days(self, days: int) -> int:
        return satisfaction.save_satisfaction_days(self.db, days)
