"""The program's settings in one registry: what each is called, its kind, default and help, and where
it is kept (QSettings: the registry on Windows, an INI file under ~/.config elsewhere).

The 设置 dialog (`settings_dialog`) is built from `SETTINGS`, and code reads a setting with `value(key)`,
so a setting is named and defaulted in one place. Settings of the database (the committee, its
mediators) are not here: they belong to the data file and go with its backups.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QSettings

from mediator_app.ui.text_size import SETTINGS_KEY as TEXT_SIZE_KEY
from mediator_app.ui.text_size import STANDARD, TEXT_SIZES

CHOICE, FOLDER, SWITCH = "choice", "folder", "switch"


class Setting(NamedTuple):
    key: str  # the QSettings key
    label: str
    kind: str  # CHOICE, FOLDER or SWITCH
    default: str | bool
    help: str
    choices: tuple[str, ...] = ()


TEXT_SIZE = TEXT_SIZE_KEY
PDF_FOLDER = "paths/pdf_folder"
LAST_PDF_FOLDER = "paths/last_pdf_folder"  # not shown: where 另存为PDF saved last
TODO_FIRST = "ui/todo_first"

SETTINGS: tuple[Setting, ...] = (
    Setting(TEXT_SIZE, "字号", CHOICE, STANDARD, "全部窗口的字号，也可以按 Ctrl+加号 / Ctrl+减号", tuple(TEXT_SIZES)),
    Setting(
        PDF_FOLDER,
        "另存为PDF的文件夹",
        FOLDER,
        "",
        "另存为PDF时先打开的文件夹；不填时为“文档”文件夹。上次保存的文件夹还在时，先打开上次的",
    ),
    Setting(TODO_FIRST, "启动时先显示今日待办", SWITCH, True, "有已经逾期的事项时，打开程序先显示今日待办"),
)
_BY_KEY = {setting.key: setting for setting in SETTINGS}


def setting(key: str) -> Setting:
    return _BY_KEY[key]


def value(key: str) -> str | bool:
    """The stored value, or the default when none is stored or it is not one the setting allows."""
    entry = _BY_KEY[key]
    stored = QSettings().value(key)
    if entry.kind == SWITCH:
        if isinstance(stored, str):  # an INI file keeps booleans as text
            return stored.lower() == "true"
        return stored if isinstance(stored, bool) else entry.default
    if not isinstance(stored, str) or (entry.choices and stored not in entry.choices):
        return entry.default
    return stored


def set_value(key: str, new: str | bool) -> None:
    entry = _BY_KEY[key]
    if entry.kind == SWITCH and not isinstance(new, bool):
        raise TypeError(f"{key} takes 是/否")
    if entry.choices and new not in entry.choices:
        raise ValueError(f"{key}: {new!r} is not one of {entry.choices}")
    QSettings().setValue(key, new)
