"""Qt-only fixtures: the application set up like the real one, the shared `db` (tests/conftest.py)
kept open until background jobs finish, waiting for background jobs, typing Chinese, and message
boxes that do not block.

Chinese text is typed with input-method commit strings (`type_text`), the way a pinyin IME
delivers it: `qtbot.keyClicks` with non-ASCII text aborts the process (docs/tech-notes.md, "Qt facts").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from mediator_app.storage.database import Database
from mediator_app.ui import change_watch, messages
from mediator_app.ui.fonts import install_fonts
from mediator_app.ui.gui_gc import GuiThreadCollector, collect_on_gui_thread
from mediator_app.ui.style import apply_style
from mediator_app.ui.tasks import executor


@pytest.fixture(scope="session", autouse=True)
def ui_app(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> QApplication:
    """Fonts, style and locale as in the real program; QSettings kept in a temporary folder."""
    QCoreApplication.setOrganizationName("MediationDeskTests")
    QCoreApplication.setApplicationName("MediationDeskTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("settings")))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_fonts(qapp)
    apply_style(qapp)
    return qapp


@pytest.fixture(scope="package", autouse=True)
def gui_thread_collection(ui_app: QApplication) -> Iterator[GuiThreadCollector]:
    """Cycles collected on the GUI thread only, as in the program (ui/gui_gc.py): the tests make many
    Python-owned windows. Automatic collection is on again for the suites after this package, which
    run no event loop to collect on."""
    collector = collect_on_gui_thread(ui_app)
    yield collector
    executor().wait()
    collector.uninstall()


@pytest.fixture
def db(db: Database) -> Iterator[Database]:
    """The shared `db` (tests/conftest.py), and background jobs finished before it is closed."""
    yield db
    executor().wait()


class Answers:
    """Records the blocking questions asked and answers them as told."""

    def __init__(self) -> None:
        self.discard = True
        self.confirm = True
        self.asked: list[str] = []

    def ask_discard(self, _parent: Any, what: str) -> bool:
        self.asked.append(f"discard:{what}")
        return self.discard

    def ask_confirm(self, _parent: Any, _title: str, text: str, _yes: str) -> bool:
        self.asked.append(f"confirm:{text}")
        return self.confirm


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorded = Answers()
    monkeypatch.setattr(messages, "ask_discard", recorded.ask_discard)
    monkeypatch.setattr(messages, "confirm", recorded.ask_confirm)
    return recorded


@pytest.fixture(autouse=True)
def _no_change_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """A window's watch of other workstations' changes (ui/change_watch.py) polls once an hour here:
    a reload at a random moment would answer a test's wait for its own reload. Its tests set the
    interval themselves (tests/gui/test_change_watch.py)."""
    monkeypatch.setattr(change_watch, "POLL_MS", 3_600_000)


@pytest.fixture(autouse=True)
def _drain_tasks(qtbot: Any) -> Iterator[None]:
    yield
    qtbot.waitUntil(lambda: executor().pending() == 0, timeout=10_000)


def wait_for_tasks(qtbot: Any, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: executor().pending() == 0, timeout=timeout)


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` into a line edit, text area or editable combo as an input method commits it."""
    target = widget.lineEdit() if isinstance(widget, QComboBox) and widget.lineEdit() else widget
    target.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)
