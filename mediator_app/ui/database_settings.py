"""设置 → 数据库: which database this computer works on, for a technician setting up a township centre
(docs/centre.md, section 4).

Shows the database in use (a server's password masked), takes a ``postgresql://`` address, tests it
(`Desk.check_server` on the database thread: connected with the server's version and the schema's
state, or why not, in Chinese) and keeps it for the next start where `--db` and $MEDIATOR_DB are
read (`paths.save_server`, `paths.database_location`). An empty address goes back to this computer's
own data file. The program switches databases only at its next start: nothing half-open meanwhile.
A second address, optional, names the read replica the statistics read (`paths.save_stats_server`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from mediator_app.errors import UserFacingError
from mediator_app.paths import (
    DB_ENV_VAR,
    STATS_ENV_VAR,
    is_server_url,
    masked_url,
    save_server,
    save_stats_server,
    saved_server,
    saved_stats_server,
    status_location,
)
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


class AddressRow(QWidget):
    """One server address of 设置 → 数据库: typed (a saved password shown as ***), tested on the database
    thread, kept by `store` when it changed. `empty`: what 测试连接 says when nothing is typed."""

    def __init__(
        self,
        saved: str | None,
        store: Callable[[str | None], None],
        empty: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.saved, self.store, self.empty = saved, store, empty
        self.shown = masked_url(self.saved) if self.saved else ""
        self.address = QLineEdit(self.shown, placeholderText=PLACEHOLDER)
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test)
        self.result = label("", "hint", word_wrap=True)
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)

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
        problem = self.problem() if typed else self.empty
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

    def refuse(self) -> QLineEdit | None:
        """Show why the typed address cannot be kept and return its field; None when it can be kept."""
        problem = self.problem()
        if problem is None:
            return None
        self.result.setText(problem)
        return self.address

    def save(self) -> bool:
        """Keep the address if it changed; True when it did."""
        typed = self.typed()
        if typed == self.saved:
            return False
        self.store(typed)
        self.saved, self.shown = typed, masked_url(typed) if typed else ""
        return True


class DatabaseBox(QWidget):
    """The 数据库 tab of 设置: the server this computer works on, and the read replica its statistics read
    (docs/centre.md, "The county's server, on paper"); `save()` keeps what changed."""

    def __init__(self, current: Path | str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        in_use = self.tr("正在使用：{where}").format(where=status_location(current)) if current is not None else ""
        self.in_use = label(in_use, "hint", word_wrap=True)
        self.server = AddressRow(saved_server(), save_server, self.tr("请先填写数据库服务器的地址"), self)
        self.server.address.setObjectName("server_address")
        # The attributes of the server's row, as before there were two (the dialog and its tests use them).
        self.address, self.test_button, self.result = self.server.address, self.server.test_button, self.server.result
        self.stats = AddressRow(saved_stats_server(), save_stats_server, self.tr("请先填写统计库的地址"), self)
        self.stats.address.setObjectName("stats_address")
        self.stats.address.setPlaceholderText(self.tr("统计库（只读热备库），可不填"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.in_use)
        layout.addWidget(self.server)
        layout.addWidget(
            self._help(
                "乡镇（街道）调解中心的多台电脑共用一台数据库服务器时，填写技术人员给的地址；"
                "留空则使用这台电脑上的数据文件。保存后，下次启动程序时生效。",
                DB_ENV_VAR,
            )
        )
        layout.addWidget(label(self.tr("统计库（只读热备库）"), word_wrap=True))
        layout.addWidget(self.stats)
        layout.addWidget(
            self._help(
                "县里有统计用的只读热备库时填写：统计报表、主任看板、平台导出和以案定补从它读取，"
                "保存和确认仍在上面的服务器。热备库连不上时，统计改从服务器读取，状态栏会说明。",
                STATS_ENV_VAR,
            )
        )
        layout.addStretch(1)

    def _help(self, text: str, env_var: str) -> QLabel:
        """The help under an address, saying when an environment variable overrides it."""
        if os.environ.get(env_var):
            text += self.tr("（这台电脑设置了环境变量 {name}，它优先于这里的地址。）").format(name=env_var)
        return label(text, "hint", word_wrap=True)

    def typed(self) -> str | None:
        return self.server.typed()

    def problem(self) -> str | None:
        return self.server.problem()

    def test(self) -> None:
        self.server.test()

    def refuse(self) -> QLineEdit | None:
        """Show why an address typed cannot be kept (the server's first) and return its field; None
        when both can be kept."""
        return self.server.refuse() or self.stats.refuse()

    def save(self) -> bool:
        """Keep the addresses that changed; True when the next start will open another database or read
        its statistics elsewhere."""
        server = self.server.save()
        return self.stats.save() or server
