"""The main window's actions in one registry: key, text, shortcut, tip, and whether a case must be selected.

The window creates them with `create_actions` and connects each by key; menus and the tool bar
list keys. Texts are words, not icons: mediators read buttons, they do not decode pictures.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ActionSpec:
    key: str
    text: str
    shortcut: str = ""
    tip: str = ""
    needs_case: bool = False


REGISTER = "register"
EDIT_CASE = "edit_case"
AGREEMENT = "agreement"
PRINT_AGREEMENT = "print_agreement"
REFRESH = "refresh"
TODO = "todo"
COMMITTEE = "committee"
QUIT = "quit"

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(REGISTER, "登记新案件", "Ctrl+N", "登记一件新的纠纷，填写当事人和纠纷情况"),
    ActionSpec(EDIT_CASE, "修改案件信息", "Ctrl+E", "修改所选案件的当事人、纠纷情况等登记信息", needs_case=True),
    ActionSpec(AGREEMENT, "填写协议条款", "Ctrl+T", "填写所选案件的调解协议内容和条款", needs_case=True),
    ActionSpec(PRINT_AGREEMENT, "打印协议书", "Ctrl+P", "预览并打印所选案件的人民调解协议书", needs_case=True),
    ActionSpec(TODO, "今日待办", "F2", "查看所有案件中已经逾期和即将到期的事项"),
    ActionSpec(REFRESH, "刷新", "F5", "重新读取案件列表"),
    ActionSpec(COMMITTEE, "委员会信息…", "", "修改人民调解委员会名称、简称和案件编号格式"),
    ActionSpec(QUIT, "退出", "Ctrl+Q", "关闭调解工作台"),
)

TOOLBAR = (TODO, REGISTER, EDIT_CASE, AGREEMENT, PRINT_AGREEMENT, REFRESH)
CASE_MENU = (TODO, REGISTER, EDIT_CASE, AGREEMENT, PRINT_AGREEMENT, None, REFRESH, None, COMMITTEE, None, QUIT)


def create_actions(parent: QWidget) -> dict[str, QAction]:
    actions = {}
    for spec in ACTIONS:
        action = QAction(QCoreApplication.translate("actions", spec.text), parent)
        if spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        tip = QCoreApplication.translate("actions", spec.tip)
        action.setToolTip(f"{action.text()}（{spec.shortcut}）：{tip}" if spec.shortcut else tip)
        action.setStatusTip(tip)
        action.setObjectName(f"action_{spec.key}")
        actions[spec.key] = action
    return actions


def case_actions() -> list[str]:
    """Keys of the actions that need a selected case."""
    return [spec.key for spec in ACTIONS if spec.needs_case]
