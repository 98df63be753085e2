"""Qt's own dialogs speak Chinese, and 另存为PDF opens in the documents folder or the last one used."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QStandardPaths, QTranslator
from PySide6.QtWidgets import QApplication

from mediator_app.app import QT_TRANSLATIONS, install_qt_translations
from mediator_app.ui.preview import start_folder

pytestmark = pytest.mark.gui


def test_the_chinese_qt_catalogue_is_in_the_wheel() -> None:
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert (folder / f"{QT_TRANSLATIONS[0]}.qm").is_file()


def test_file_and_print_dialogs_speak_chinese(qapp: QApplication) -> None:
    def words() -> list[str]:
        return [
            QCoreApplication.translate("QFileDialog", "Look in:"),
            QCoreApplication.translate("QFileDialog", "Files of type:"),
            QCoreApplication.translate("QPrintDialog", "Print"),
        ]

    assert words()[0] == "Look in:"  # the tests' application has no translation of its own
    assert install_qt_translations(qapp)
    try:
        assert words() == ["查找范围：", "文件类型：", "打印"]
    finally:
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()


def test_save_as_pdf_starts_in_the_last_folder_while_it_exists(tmp_path: Path) -> None:
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    assert start_folder(str(tmp_path)) == tmp_path
    assert start_folder(str(tmp_path / "gone")) == documents  # a USB stick taken out
    assert start_folder(None) == documents
    assert start_folder(None) != Path.cwd()
