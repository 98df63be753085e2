"""Chinese for the few words of Qt's own dialogs that Qt's zh_CN catalogue lacks.

qtbase_zh_CN.qm (installed by `app.install_qt_translations`) translates Qt's file dialog, except two
labels of its form: "&Look in:" and "Files of &type:" stayed English in 另存为PDF, 导出 and every other
file dialog (found in the fresh-Debian trial, docs/install-check.md), and so did a folder's type in the
file list ("Folder"). A translator installed after the
catalogue answers those first and passes every other word on.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

# (Qt's context, Qt's source text) → the label, written as the catalogue writes its own ("文件名称(&N)：").
MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    # The 类型 column of the file list: a folder's type said "Folder" (asked with the disambiguation
    # "All other platforms", which the same word serves on every platform), a drive's "Drive".
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
}


class MissingQtWords(QTranslator):
    """The words of `MISSING`; no answer (None, a null string to Qt; an empty string would be taken as
    the translation) lets Qt ask the next translator, the catalogue."""

    def translate(
        self,
        context: str,
        source: str,
        disambiguation: str | None = None,  # noqa: ARG002 - Qt's signature; one word serves every variant
        n: int = -1,  # noqa: ARG002 - nor a plural
    ) -> str | None:
        return MISSING.get((str(context), source))
