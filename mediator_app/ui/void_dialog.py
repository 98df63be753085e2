"""案件 → 作废案件: voiding a case registered by mistake or twice, from the window.

The case is never deleted (PIPL Art. 51: the file accounts for what was held): `services.cases.void_case`
keeps it, shown as 已作废, with the reason and the person in its history and the audit trail, and refuses
a case already accepted (受理) with the reason and what to do instead. Asked here: the reason, with the
case named so that the wrong case is not voided by a slip of the mouse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit

from mediator_app.ui.errors import report_exception
from mediator_app.ui.tasks import run_db

if TYPE_CHECKING:
    from mediator_app.ui.main_window import MainWindow


def ask_void(window: MainWindow) -> None:
    """Ask the reason, then void the shown case on the database thread and refresh the list."""
    case, desk = window.case_view.case, window.desk
    if case is None or case.id is None or desk is None:
        return
    case_id = case.id
    parties = "、".join(p.name for p in case.parties[:3])
    reason, ok = QInputDialog.getText(
        window,
        window.tr("作废案件"),
        window.tr(
            "作废案件 {number}（{parties}）。\n案件不会删除，会显示为“已作废”，编号不再使用。\n请写明作废的理由："
        )
        .replace("{number}", case.number)
        .replace("{parties}", parties),
        QLineEdit.EchoMode.Normal,
    )
    if not ok:
        return

    def voided(number: str) -> None:
        window.show_status(window.tr("已作废案件 {number}，理由已记入办理经过和审计记录").replace("{number}", number))
        window.refresh_all()

    run_db(lambda: desk.void_case(case_id, reason), owner=window).on_success(voided).on_error(
        lambda exc: report_exception(exc, window)
    )
