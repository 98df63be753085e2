"""设置 over the settings registry, and 帮助: the user guide inside the program and 关于."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from mediator_app import __version__
from mediator_app.paths import docs_path, resource_path
from mediator_app.ui import settings, text_size
from mediator_app.ui.help import FONTS, GUIDE, about_html, user_guide
from mediator_app.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def clean_settings(qapp: QApplication) -> Iterator[None]:
    for entry in settings.SETTINGS:
        QSettings().remove(entry.key)
    yield
    for entry in settings.SETTINGS:
        QSettings().remove(entry.key)
    text_size.apply_text_size(qapp, text_size.STANDARD, remember=False)


def test_every_setting_has_its_default_until_set() -> None:
    assert settings.value(settings.TEXT_SIZE) == "标准"
    assert settings.value(settings.TODO_FIRST) is True
    assert settings.value(settings.PDF_FOLDER) == ""
    QSettings().setValue(settings.TEXT_SIZE, "巨大")  # not one of the choices (an edited registry)
    assert settings.value(settings.TEXT_SIZE) == "标准"
    with pytest.raises(ValueError):
        settings.set_value(settings.TEXT_SIZE, "巨大")
    settings.set_value(settings.TODO_FIRST, False)
    assert settings.value(settings.TODO_FIRST) is False


def test_the_dialog_saves_every_setting_and_hands_on_the_text_size(qtbot: Any, tmp_path: Path) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert [dialog.fields[e.key] for e in settings.SETTINGS]  # one field per registry entry
    dialog.fields[settings.TEXT_SIZE].setCurrentText("大")  # type: ignore[union-attr]
    dialog.fields[settings.PDF_FOLDER].setText(str(tmp_path))  # type: ignore[union-attr]
    dialog.fields[settings.TODO_FIRST].setChecked(False)  # type: ignore[union-attr]
    with qtbot.waitSignal(dialog.text_size_chosen) as chosen:
        dialog.save_button.click()
    assert chosen.args == ["大"]
    assert settings.value(settings.PDF_FOLDER) == str(tmp_path)
    assert settings.value(settings.TODO_FIRST) is False


def test_the_user_guide_opens_inside_the_program_with_its_pictures(qtbot: Any) -> None:
    guide = docs_path(GUIDE)
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", guide.read_text(encoding="utf-8"))
    assert pictures and all((guide.parent / p).is_file() for p in pictures)  # what the installer ships
    window = user_guide()
    qtbot.addWidget(window)
    assert "使用说明" in window.browser.toPlainText()
    assert "#" not in window.browser.toPlainText().splitlines()[0]  # rendered, not the Markdown source


def test_about_names_the_version_the_data_file_and_every_bundled_font_licence(tmp_path: Path) -> None:
    html = about_html(tmp_path / "mediation.sqlite3")
    assert __version__ in html and str(tmp_path / "mediation.sqlite3") in html
    for _name, licence, file in FONTS:
        assert licence in html and resource_path("fonts", file).is_file()


def test_the_application_icon_is_shipped_for_the_window_and_the_installer() -> None:
    from PySide6.QtGui import QIcon, QImage

    assert not QIcon(str(resource_path("icon.png"))).isNull()
    assert QImage(str(resource_path("icon.ico"))).width() == 256  # build_installer.spec's EXE icon


def test_demo_cases_load_into_an_empty_file_and_never_among_real_cases(
    qtbot: Any, tmp_path: Path, committee_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mediator_app.services import cases as svc
    from mediator_app.ui import messages
    from mediator_app.ui import window_comforts as comforts
    from tests.factories import make_case
    from tests.gui.conftest import wait_for_tasks
    from tests.gui.test_main_window import open_window

    warned: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _p, _t, text, *_a: warned.append(text))
    empty = open_window(qtbot, tmp_path / "training.sqlite3")
    svc.save_committee(empty.desk.db, svc.require_committee(committee_db))  # type: ignore[union-attr]
    comforts.load_demo(empty)
    wait_for_tasks(qtbot)
    qtbot.waitUntil(lambda: empty.case_list.model.rowCount() == comforts.DEMO_CASES, timeout=10_000)
    assert "演示案件" in empty.statusBar().currentMessage()

    svc.register_case(committee_db, make_case())
    real = open_window(qtbot, Path(committee_db.description))
    comforts.load_demo(real)
    wait_for_tasks(qtbot)
    assert warned and "已有 1 件案件" in warned[0]
    assert real.case_list.model.rowCount() == 1
