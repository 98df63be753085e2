"""Message boxes in plain Chinese with Chinese button texts (no dependence on Qt's own translations).

Informational boxes are opened non-modally-blocking (`open()`), so nothing waits on them; the one
question that needs an answer before going on (discard typed input?) blocks. Tests replace these
functions with monkeypatch.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, details: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if details:
        box.setDetailedText(details)
    return box


def inform(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton(_tr("确定"), QMessageBox.ButtonRole.AcceptRole)
    box.open()
    return box


def warn(parent: QWidget | None, title: str, text: str, details: str = "") -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Warning, title, text, details)
    box.addButton(_tr("确定"), QMessageBox.ButtonRole.AcceptRole)
    box.open()
    return box


def crash(parent: QWidget | None, text: str, details: str = "") -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Critical, _tr("程序出错"), text, details)
    box.addButton(_tr("确定"), QMessageBox.ButtonRole.AcceptRole)
    box.open()
    return box


def ask_discard(parent: QWidget | None, what: str) -> bool:
    """'You typed something that is not saved. Close anyway?' Default answer: keep editing."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _tr("尚未保存"),
        _tr("{what}还没有保存。\n\n现在关闭，刚才填写的内容将会丢失。").format(what=what),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    keep = box.addButton(_tr("继续填写"), QMessageBox.ButtonRole.RejectRole)
    discard = box.addButton(_tr("不保存，关闭"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def confirm(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    """A yes/no question whose safe answer (不) is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(_tr("不，返回"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button
