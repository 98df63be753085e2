"""The in-program preview of a rendered document (QtPdf), with 打印… and 另存为PDF….

Printing draws each PDF page as an image onto the printer's page (full-page mode: the PDF carries
its own margins, so it lands on paper exactly as previewed). The image resolution is the
printer's, capped at 300 dpi: a 1200 dpi A4 page would be a 0.5 GB image and looks no better on
an office laser printer. The copy count defaults to the number the law asks for (one per party
plus one for the committee, PML Art. 29); a print job of other documents passes its own count and
words (`ui.documents.choices.copies_hint`). Saving goes through QSaveFile: written to a temporary
file and renamed, so an interrupted save never leaves a half-written PDF under the chosen name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QRectF,
    QSaveFile,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QProgressDialog, QPushButton, QVBoxLayout, QWidget

from mediator_app.errors import UserFacingError
from mediator_app.ui import messages
from mediator_app.ui import settings as app_settings
from mediator_app.ui.screen import fit_to_screen
from mediator_app.ui.widgets import label

MAX_PRINT_DPI = 300
_SETTINGS_SAVE_DIR = app_settings.LAST_PDF_FOLDER
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_file_name(name: str) -> str:
    """A file name Windows and Linux both accept: （2026）朝和调字第1号人民调解协议书.pdf."""
    return _UNSAFE_FILE_CHARS.sub("_", name).strip(" .") or "document.pdf"


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and a rename; raises UserFacingError on failure."""
    out = QSaveFile(str(path))
    if not out.open(QIODevice.OpenModeFlag.WriteOnly):
        raise UserFacingError(f"无法保存到“{path}”：{out.errorString()}")
    if out.write(QByteArray(data)) != len(data) or not out.commit():
        error = out.errorString()
        out.cancelWriting()
        raise UserFacingError(f"保存“{path}”没有成功：{error}（原有文件没有改动）")


def start_folder(remembered: object, preferred: object = "") -> Path:
    """Where 另存为PDF opens: the folder last saved to while it is still there (a USB stick may be
    gone), else the folder chosen in 设置, else the user's documents folder; never the working
    directory (on Windows the installation folder, where a PDF would be lost or not allowed)."""
    for folder in (remembered, preferred):
        if isinstance(folder, str) and folder and Path(folder).is_dir():
            return Path(folder)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    # Qt names ~/Documents even where there is none (a fresh Linux account, docs/install-check.md), and
    # a file dialog given a missing folder opens in the working directory.
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def dialog_folder() -> Path:
    """Where a file dialog opens (saving a PDF or an export, choosing a file to import): `start_folder`
    with the folder last saved to and the one chosen in 设置."""
    return start_folder(QSettings().value(_SETTINGS_SAVE_DIR), app_settings.value(app_settings.PDF_FOLDER))


def remember_folder(saved: Path) -> None:
    """The folder a file was just saved to: the next file dialog opens there."""
    QSettings().setValue(_SETTINGS_SAVE_DIR, str(saved.parent))


class PdfPreviewDialog(QDialog):
    """`copies`: the printer's default copy count; `hint`: the words beside the buttons, with
    ``{pages}`` and ``{copies}`` filled in (default: the agreement's one copy per party plus one,
    or just the page count); `what`: the document's name in the “saved” message."""

    def __init__(
        self,
        pdf: bytes,
        title: str,
        file_name: str,
        copies: int = 1,
        parent: QWidget | None = None,
        *,
        hint: str | None = None,
        what: str = "协议书",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pdf = pdf
        self.file_name = safe_file_name(file_name)
        self.copies = copies
        self.what = what
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        pages = self.document.pageCount()
        if hint is None:
            hint = (
                self.tr("共{pages}页。请打印{copies}份：每位当事人各一份，调解委员会留存一份。")
                if copies > 1
                else self.tr("共{pages}页。")
            )
        self.hint = label(hint.format(pages=pages, copies=copies), "hint", word_wrap=True)
        self.print_button = QPushButton(self.tr("打印…"))
        self.save_button = QPushButton(self.tr("另存为PDF…"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_with_dialog)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        for button in (self.print_button, self.save_button, self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 1000)

    # -- printing ----------------------------------------------------------------------------------

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name.removesuffix(".pdf"))
        printer.setCopyCount(self.copies)
        printer.setFullPage(True)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        # A dossier has twenty pages and more: say how far printing is, and let it be stopped.
        total = len(self._page_range(printer))
        progress = QProgressDialog(self.tr("正在把文书送到打印机…"), self.tr("停止打印"), 0, total, self)
        progress.setWindowTitle(self.tr("打印"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def step(done: int, _total: int) -> bool:
            progress.setValue(done)
            QCoreApplication.processEvents()
            return not progress.wasCanceled()

        try:
            self.print_to(printer, step)
        finally:
            progress.close()

    def _page_range(self, printer: QPrinter) -> range:
        count = self.document.pageCount()
        first, last = printer.fromPage(), printer.toPage()  # 1-based; 0 means “all pages”
        if first <= 0 or last <= 0:
            return range(count)
        return range(max(first, 1) - 1, min(last, count))

    def print_to(self, printer: QPrinter, progress: Callable[[int, int], bool] | None = None) -> int:
        """Draw the pages onto `printer`; returns how many pages were sent.

        `progress(done, total)` is called before each page; returning False stops (the job is aborted)."""
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise UserFacingError(self.tr("无法开始打印，请检查打印机是否已连接并打开。"))
        printed = 0
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            paper = printer.pageLayout().fullRectPixels(printer.resolution())
            pages = self._page_range(printer)
            for page in pages:
                if progress is not None and not progress(printed, len(pages)):
                    printer.abort()
                    break
                if printed:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                image = self.document.render(
                    page, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                )
                scale = min(paper.width() / points.width(), paper.height() / points.height())
                target = QRectF(0, 0, points.width() * scale, points.height() * scale)
                painter.drawImage(target, image)
                printed += 1
        finally:
            painter.end()
        return printed

    # -- saving ------------------------------------------------------------------------------------

    def save_with_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("另存为PDF"), str(dialog_folder() / self.file_name), self.tr("PDF 文件 (*.pdf)")
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            write_atomically(Path(path), self.pdf)
        except UserFacingError as exc:
            messages.warn(self, self.tr("没有保存"), exc.message)
            return
        remember_folder(Path(path))
        messages.inform(self, self.tr("已保存"), self.tr("{what}已保存为：\n{path}").format(what=self.what, path=path))
