"""设置 → 数据库: which database this computer works on, for a technician setting up a township centre
(docs/centre.md, section 4).

Shows the database in use (a server's password masked), takes a ``postgresql://`` address, tests it
(`Desk.check_server` on the database thread: connected with the server's version and the schema's
state, or why not, in Chinese) and keeps it for the next start where `--db` and $MEDIATOR_DB are
read (`paths.save_server`, `paths.database_location`). An empty address goes back to this computer's
own data file. The program switches databases only at its next start: nothing half-open meanwhile.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from mediator_app.errors import UserFacingError
from mediator_app.paths import DB_ENV_VAR, is_server_url, masked_url, save_server, saved_server, status_location
from mediator_app.ui.errors import report_exception
from mediator_app.ui.tasks import run_db
from mediator_app.ui.widgets import label

if TYPE_CHECKING:
    from mediator_app.storage.server_probe import ServerCheck

PLACEHOLDER = "postgresql://用户名@服务器地址:5432/数据库名"


def _check(url: str) -> ServerCheck:
    """The connection test, on the database thread (imports SQLAlchemy: never on the GUI thread)."""
    from mediator_app.services.desk import Desk

    return Desk.check_server(url)


class DatabaseBox(QWidget):
    """The 数据库 tab of 设置; `save()` keeps the address (or goes back to the file) when it changed."""

    def __init__(self, current: Path | str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved = saved_server()
        self.shown = masked_url(self.saved) if self.saved else ""
        in_use = self.tr("正在使用：{where}").format(where=status_location(current)) if current is not None else ""
        self.in_use = label(in_use, "hint", word_wrap=True)
        self.address = QLineEdit(self.shown, placeholderText=PLACEHOLDER)
        self.address.setObjectName("server_address")
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test)
        self.result = label("", "hint", word_wrap=True)
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.in_use)
        layout.addLayout(row)
        layout.addWidget(self.result)
        help_text = self.tr(
            "乡镇（街道）调解中心的多台电脑共用一台数据库服务器时，填写技术人员给的地址；"
            "留空则使用这台电脑上的数据文件。保存后，下次启动程序时生效。"
        )
        if os.environ.get(DB_ENV_VAR):
            help_text += self.tr("（这台电脑设置了环境变量 {name}，它优先于这里的地址。）").format(name=DB_ENV_VAR)
        layout.addWidget(label(help_text, "hint", word_wrap=True))
        layout.addStretch(1)

    def typed(self) -> str | None:
        """The address to keep: the saved one when the masked text was left as it was."""
        text = self.address.text().strip()
        if not text:
            return None
        return self.saved if text == self.shown and self.saved else text

    def problem(self) -> str | None:
        """Why the typed address cannot be kept, in Chinese; None when it can."""
        typed = self.typed()
        if typed is not None and not is_server_url(typed):
            return self.tr("数据库地址应以 postgresql:// 开头，例如 {example}").format(example=PLACEHOLDER)
        return None

    def test(self) -> None:
        typed = self.typed()
        problem = self.problem() if typed else self.tr("请先填写数据库服务器的地址")
        if problem is not None or typed is None:
            self._show(False, problem or "")
            return
        self.test_button.setEnabled(False)
        self.result.setText(self.tr("正在连接…"))
        run_db(_check, typed, owner=self).on_success(lambda found: self._show(found.ok, found.message)).on_error(
            self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserFacingError):  # a bug: the crash dialog, not a line under the address
            self._show(False, "")
            report_exception(exc, self)
            return
        self._show(False, exc.message)

    def _show(self, ok: bool, message: str) -> None:
        self.test_button.setEnabled(True)
        self.result.setProperty("role", "hint" if ok else "error")
        self.result.setText(message)
        self.result.style().polish(self.result)

    def save(self) -> bool:
        """Keep the address if it changed; True when the next start will open another database."""
        typed = self.typed()
        if typed == self.saved:
            return False
        save_server(typed)
        self.saved, self.shown = typed, masked_url(typed) if typed else ""
        return True
