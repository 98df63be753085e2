"""Printing the standard documents: 打印文书 (this case's or blank forms), 打印卷宗, 司法确认申请材料."""

from mediator_app.ui.documents.confirmation_package import ConfirmationPackageDialog
from mediator_app.ui.documents.controller import DocumentPrinting
from mediator_app.ui.documents.print_dialog import PreviewRequest, PrintDocumentsDialog

__all__ = ["ConfirmationPackageDialog", "DocumentPrinting", "PreviewRequest", "PrintDocumentsDialog"]
