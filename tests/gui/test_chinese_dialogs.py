"""Qt's own dialogs speak Chinese, and 另存为PDF opens in the documents folder or the last one used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QStandardPaths, QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QFileSystemModel, QLabel

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


def test_every_word_of_the_file_dialog_a_user_sees_is_chinese(qapp: QApplication) -> None:
    """The labels of the dialog's form ("&Look in:", "Files of &type:") are missing from Qt's
    catalogue: they stayed English in the fresh-Debian trial (docs/install-check.md)."""
    assert install_qt_translations(qapp)
    try:
        dialog = QFileDialog(None, "另存为PDF", str(Path.home()), "PDF 文件 (*.pdf)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own: what Linux shows
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        words = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
        words += [w.toolTip() for w in dialog.findChildren(QAbstractButton)]
        latin = [w for w in words if re.search("[A-Za-z]", re.sub("&.", "", w))]  # "保存(&S)": S is a key
        assert "查找范围(&L)：" in words and "文件类型(&T)：" in words
        assert latin == []
        # the 类型 column of a folder in the list (it said "Folder")
        model = dialog.findChild(QFileSystemModel)
        assert model is not None
        folder = model.index(str(Path.home()))
        assert model.type(folder) == "文件夹"
        dialog.deleteLater()
    finally:
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()


def test_save_as_pdf_starts_in_the_last_folder_while_it_exists(tmp_path: Path) -> None:
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    if not documents.is_dir():  # a fresh Linux account: Qt names a folder that is not there
        documents = Path.home()
    assert start_folder(str(tmp_path)) == tmp_path
    assert start_folder(str(tmp_path / "gone")) == documents  # a USB stick taken out
    assert start_folder(None) == documents
    assert start_folder(None) != Path.cwd()
