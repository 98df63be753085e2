"""The main window's actions in one registry: key, text, shortcut, tip, and whether a case must be selected.

The window creates them with `create_actions` and connects each by key; menus and the tool bar
list keys (`add_menus_and_toolbar`). Texts are words, not icons: mediators read buttons, they do not decode pictures.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget


class ActionSpec(NamedTuple):  # not a dataclass: this module is imported before the first paint
    key: str
    text: str
    shortcut: str = ""
    tip: str = ""
    needs_case: bool = False


REGISTER = "register"
EDIT_CASE = "edit_case"
AGREEMENT = "agreement"
PRINT_AGREEMENT = "print_agreement"
PRINT_DOCUMENTS = "print_documents"
PRINT_BLANK = "print_blank"
PRINT_DOSSIER = "print_dossier"
CONFIRMATION_PACKAGE = "confirmation_package"
REFRESH = "refresh"
TODO = "todo"
COMMITTEE = "committee"
BACKUP = "backup"
AUDIT = "audit"
PIPL_REPORT = "pipl_report"
QUIT = "quit"

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(REGISTER, "登记新案件", "Ctrl+N", "登记一件新的纠纷，填写当事人和纠纷情况"),
    ActionSpec(EDIT_CASE, "修改案件信息", "Ctrl+E", "修改所选案件的当事人、纠纷情况等登记信息", needs_case=True),
    ActionSpec(AGREEMENT, "填写协议条款", "Ctrl+T", "填写所选案件的调解协议内容和条款", needs_case=True),
    ActionSpec(PRINT_AGREEMENT, "打印协议书", "Ctrl+P", "预览并打印所选案件的人民调解协议书", needs_case=True),
    # Not needs_case: without a case 打印文书 offers the blank forms (the day the computer is needed least).
    ActionSpec(
        PRINT_DOCUMENTS,
        "打印文书",
        "Ctrl+Shift+P",
        "勾选本案要打印的文书，合成一份预览并打印；没有选中案件时打印空白文书",
    ),
    ActionSpec(PRINT_BLANK, "打印空白文书…", "", "打印手写填写用的空白文书，不需要选中案件"),
    ActionSpec(
        PRINT_DOSSIER,
        "打印卷宗…",
        "",
        "按归档顺序生成本案卷宗：封面、卷内目录、全部文书（带页号）和封底",
        needs_case=True,
    ),
    ActionSpec(
        CONFIRMATION_PACKAGE,
        "司法确认申请材料…",
        "",
        "选择受理法院，检查能否申请，生成交给法院的申请材料",
        needs_case=True,
    ),
    ActionSpec(TODO, "今日待办", "F2", "查看所有案件中已经逾期和即将到期的事项"),
    ActionSpec(REFRESH, "刷新", "F5", "重新读取案件列表"),
    ActionSpec(COMMITTEE, "委员会信息…", "", "修改人民调解委员会名称、简称和案件编号格式"),
    ActionSpec(BACKUP, "数据备份…", "", "立即备份数据、查看已有的备份、从备份恢复"),
    ActionSpec(AUDIT, "审计记录…", "", "查看谁在何时对哪件案件做了什么，核对审计记录是否被改动"),
    ActionSpec(PIPL_REPORT, "个人信息查阅报告…", "", "按证件号码列出本委员会保存的某人的全部个人信息，供本人查阅"),
    ActionSpec(QUIT, "退出", "Ctrl+Q", "关闭调解工作台"),
)

TOOLBAR = (TODO, REGISTER, EDIT_CASE, AGREEMENT, PRINT_AGREEMENT, PRINT_DOCUMENTS, REFRESH)
CASE_MENU = (TODO, REGISTER, EDIT_CASE, AGREEMENT, PRINT_AGREEMENT, None, REFRESH, None, COMMITTEE, None, QUIT)
DOCUMENT_MENU = (PRINT_DOCUMENTS, PRINT_AGREEMENT, PRINT_DOSSIER, CONFIRMATION_PACKAGE, None, PRINT_BLANK)
TOOLS_MENU = (BACKUP, AUDIT, PIPL_REPORT)


def create_actions(parent: QWidget) -> dict[str, QAction]:
    """The actions with their texts and tips; their shortcuts come with `set_shortcuts`."""
    actions = {}
    for spec in ACTIONS:
        action = QAction(QCoreApplication.translate("actions", spec.text), parent)
        tip = QCoreApplication.translate("actions", spec.tip)
        action.setToolTip(f"{action.text()}（{spec.shortcut}）：{tip}" if spec.shortcut else tip)
        action.setStatusTip(tip)
        action.setObjectName(f"action_{spec.key}")
        actions[spec.key] = action
    return actions


def add_menus_and_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> None:
    """案件, 文书 and 工具 menus and the tool bar, from the key lists above."""
    for title, keys in (("案件(&A)", CASE_MENU), ("文书(&D)", DOCUMENT_MENU), ("工具(&T)", TOOLS_MENU)):
        menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", title))
        for key in keys:
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[key])
    toolbar = QToolBar(QCoreApplication.translate("MainWindow", "常用操作"), window)
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    # Text only (there are no icons): set through the property, which does not make PySide build
    # the whole Qt namespace of enums (≈25 ms) before the first paint.
    toolbar.setProperty("toolButtonStyle", 2)  # Qt::ToolButtonTextOnly
    for key in TOOLBAR:
        toolbar.addAction(actions[key])
    window.addToolBar(toolbar)


def set_shortcuts(actions: dict[str, QAction]) -> None:
    """Give the actions their keyboard shortcuts. Separate from `create_actions` because the first
    setShortcut makes PySide build every enum of the Qt namespace (≈25 ms), which the main window
    does after its first paint."""
    from PySide6.QtGui import QKeySequence

    for spec in ACTIONS:
        if spec.shortcut:
            actions[spec.key].setShortcut(QKeySequence(spec.shortcut))


def case_actions() -> list[str]:
    """Keys of the actions that need a selected case."""
    return [spec.key for spec in ACTIONS if spec.needs_case]
