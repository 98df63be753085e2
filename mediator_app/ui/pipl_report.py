"""工具 → 个人信息查阅报告: the access report of one person (PIPL Art. 45) from the window.

Asks for the person's ID number, makes the report on the database thread (`services.privacy`, which
records its making in the audit trail) and shows it in the PDF preview, from where it is printed or
saved. The ID number typed here is not kept anywhere but in the report.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from mediator_app.ui.errors import report_exception
from mediator_app.ui.tasks import run_db

if TYPE_CHECKING:
    from mediator_app.documents.access_report import AccessReport
    from mediator_app.services.desk import Desk


def ask_for_report(parent: QWidget, desk: Desk, today: dt.date) -> None:
    """Ask the ID number, then make and show the report."""
    id_number, ok = QInputDialog.getText(
        parent,
        parent.tr("个人信息查阅报告"),
        parent.tr("请输入提出查阅请求的本人的证件号码（请先核对其身份证件）："),
        QLineEdit.EchoMode.Normal,
    )
    if not ok or not id_number.strip():
        return

    def show(result: tuple[AccessReport, bytes]) -> None:
        from mediator_app.ui.preview import PdfPreviewDialog

        report, pdf = result
        hint = parent.tr("共{pages}页，涉及{n}件案件。交本人一份；本次查阅已记入审计记录。").replace(
            "{n}", str(len(report.cases))
        )
        PdfPreviewDialog(
            pdf, parent.tr("个人信息查阅报告"), "个人信息查阅报告.pdf", 1, parent, hint=hint, what="查阅报告"
        ).open()

    run_db(lambda: desk.access_report_pdf(id_number, today), owner=parent).on_success(show).on_error(
        lambda exc: report_exception(exc, parent)
    )
