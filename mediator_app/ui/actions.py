"""The main window's actions in one registry: key, text, shortcut, tip, and whether a case must be selected.

The window creates them with `create_actions` and connects each by key; menus and the tool bar
list keys (`add_menus_and_toolbar`). Texts are words, not icons: mediators read buttons, they do not decode pictures.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget


class ActionSpec(NamedTuple):  # not a dataclass: this module is imported before the first paint
    key: str
    text: str
    shortcut: str = ""
    tip: str = ""
    needs_case: bool = False
    permission: str = ""  # a `domain.access.Permission` value: the role may not use it without (ui/access/gate.py)


REGISTER = "register"
ORAL_ENTRY = "oral_entry"
EDIT_CASE = "edit_case"
AGREEMENT = "agreement"
STATISTICS = "case_statistics"
VOID = "void_case"
CORRECT = "correct_party"
ENCRYPT = "encrypt"
RETENTION = "retention"
WORK_ORDERS = "work_orders"
WORK_UNITS = "work_units"
LEGAL_SUPPORT = "legal_support"
SATISFACTION = "satisfaction"
SATISFACTION_DAYS = "satisfaction_days"
PRINT_AGREEMENT = "print_agreement"
PRINT_DOCUMENTS = "print_documents"
PRINT_BLANK = "print_blank"
PRINT_DOSSIER = "print_dossier"
CONFIRMATION_PACKAGE = "confirmation_package"
REFRESH = "refresh"
FIND = "find"
TODO = "todo"
COMMITTEE = "committee"
BACKUP = "backup"
STATISTICS_WINDOW = "statistics_window"
HOTLINE = "hotline"
ACCOUNTS = "accounts"
LOCK = "lock"
AUDIT = "audit"
PIPL_REPORT = "pipl_report"
QUIT = "quit"
SETTINGS = "settings"
DEMO = "demo"
GUIDE = "guide"
ABOUT = "about"
TEXT_BIGGER = "text_bigger"
TEXT_SMALLER = "text_smaller"
TEXT_SIZE_PREFIX = "text_size:"  # + 标准 / 大 / 特大 (ui.text_size.TEXT_SIZES)

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(REGISTER, "登记新案件", "Ctrl+N", "登记一件新的纠纷，填写当事人和纠纷情况", permission="登记案件"),
    ActionSpec(
        ORAL_ENTRY,
        "口头协议登记",
        "Ctrl+K",
        "当场调解、口头达成协议的纠纷，一屏登记完毕并计入统计",
        permission="登记案件",
    ),
    ActionSpec(EDIT_CASE, "修改案件信息", "Ctrl+E", "修改所选案件的当事人、纠纷情况等登记信息", True, "办理案件"),
    ActionSpec(AGREEMENT, "填写协议条款", "Ctrl+T", "填写所选案件的调解协议内容和条款", True, "办理案件"),
    ActionSpec(STATISTICS, "统计信息…", "", "填写所选案件的难度、涉及人数和金额、预防效果等统计信息", True, "办理案件"),
    ActionSpec(
        CORRECT, "更正当事人信息…", "", "当事人请求更正登记的个人信息：记明提出人和更正的项目", True, "办理案件"
    ),
    ActionSpec(
        VOID,
        "作废案件…",
        "",
        "登记错误或重复登记、尚未受理的案件作废：案件保留并写明理由，编号不再使用",
        True,
        "作废案件",
    ),
    ActionSpec(
        WORK_ORDERS,
        "工作联系单…",
        "",
        "需要派出所、国土所、劳动监察等单位协助时，发工作联系单（协办函），记录回复，打印",
        True,
        "办理案件",
    ),
    ActionSpec(
        LEGAL_SUPPORT,
        "法律支持申请…",
        "",
        "向法官工作站或12368申请法律指导（案情摘要隐去当事人姓名），记录答复，打印",
        True,
        "办理案件",
    ),
    ActionSpec(SATISFACTION, "满意度回访…", "", "结案后回访当事人：满意、基本满意或不满意，记录原因", True, "办理案件"),
    ActionSpec(
        SATISFACTION_DAYS,
        "满意度回访提醒…",
        "",
        "结案后第几天把未回访的案件列入今日待办",
        permission="设置委员会",
    ),
    ActionSpec(WORK_UNITS, "协办单位…", "", "发工作联系单时可选的单位名单", permission="设置委员会"),
    ActionSpec(PRINT_AGREEMENT, "打印协议书", "Ctrl+P", "预览并打印所选案件的人民调解协议书", True, "打印文书"),
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
        permission="打印文书",
    ),
    ActionSpec(
        CONFIRMATION_PACKAGE,
        "司法确认申请材料…",
        "",
        "选择受理法院，检查能否申请，生成交给法院的申请材料",
        needs_case=True,
        permission="打印文书",
    ),
    ActionSpec(TODO, "今日待办", "F2", "查看所有案件中已经逾期和即将到期的事项"),
    ActionSpec(REFRESH, "刷新", "F5", "重新读取案件列表"),
    ActionSpec(FIND, "查找案件", "Ctrl+F", "按姓名、案件编号、身份证号、电话或地址查找案件"),
    ActionSpec(COMMITTEE, "委员会信息…", "", "修改人民调解委员会名称、简称和案件编号格式", permission="设置委员会"),
    ActionSpec(BACKUP, "数据备份…", "", "立即备份数据、查看已有的备份、从备份恢复", permission="备份与恢复"),
    ActionSpec(
        RETENTION,
        "到期卷宗…",
        "",
        "列出已过保管期限的归档卷宗，由调委会主任决定如何处理（程序不删除）",
        permission="结案归档",
    ),
    ActionSpec(
        ENCRYPT,
        "加密数据文件…",
        "",
        "把数据文件加密，电脑或文件被拿走也打不开（原文件保留到确认之后）",
        permission="备份与恢复",
    ),
    ActionSpec(STATISTICS_WINDOW, "统计报表…", "", "生成、核对、确认月报季报年报，另存为 XLSX 或 PDF"),
    ActionSpec(HOTLINE, "12345工单…", "", "导入12345热线工单，签收、转为案件、退单、回复，导出回复"),
    ActionSpec(ACCOUNTS, "账户管理…", "", "建立账户、重置密码、变更角色、锁定设置（管理员）", permission="管理账户"),
    ActionSpec(LOCK, "锁定屏幕", "Ctrl+L", "离开座位时锁定，回来输入密码继续，已填写的内容不会丢失"),
    ActionSpec(
        AUDIT, "审计记录…", "", "查看谁在何时对哪件案件做了什么，核对审计记录是否被改动", permission="查看审计记录"
    ),
    ActionSpec(
        PIPL_REPORT,
        "个人信息查阅报告…",
        "",
        "按证件号码列出本委员会保存的某人的全部个人信息，供本人查阅",
        permission="导出案件",
    ),
    ActionSpec(QUIT, "退出", "Ctrl+Q", "关闭调解工作台"),
    ActionSpec(DEMO, "载入演示案件（培训用）…", "", "在还没有案件的数据文件中生成虚构的演示案件，供培训和试用"),
    ActionSpec(GUIDE, "使用说明", "F1", "从登记到签订协议，一步一步怎么做（带图）"),
    ActionSpec(ABOUT, "关于调解工作台", "", "版本、数据文件在哪里、内置字体和软件库的许可证"),
    ActionSpec(SETTINGS, "设置…", "", "字号、另存为PDF的文件夹、启动时先显示什么"),
    # Ctrl+加号: the menu shows Ctrl++, as the user guide says it; the key is Ctrl+= on a keyboard (no
    # Shift needed), which works too (set_shortcuts). The menu showed “Ctrl+=” (README-only trial).
    ActionSpec(TEXT_BIGGER, "放大字号", "Ctrl++", "全部窗口的字放大一级（标准、大、特大）"),
    ActionSpec(TEXT_SMALLER, "缩小字号", "Ctrl+-", "全部窗口的字缩小一级"),
    *(
        ActionSpec(TEXT_SIZE_PREFIX + size, size, "", f"全部窗口使用“{size}”号字，下次启动时保持")
        for size in ("标准", "大", "特大")
    ),
)

# 口头协议登记 is in the 案件 menu (Ctrl+K), not on the tool bar: at 150 % the bar has no room for a ninth
# button without pushing 打印文书 and 刷新 into the overflow menu (tests/e2e/test_fit.py).
TOOLBAR = (TODO, REGISTER, EDIT_CASE, AGREEMENT, PRINT_AGREEMENT, PRINT_DOCUMENTS, REFRESH)
CASE_MENU = (
    TODO,
    FIND,
    REGISTER,
    ORAL_ENTRY,
    EDIT_CASE,
    AGREEMENT,
    WORK_ORDERS,
    LEGAL_SUPPORT,
    SATISFACTION,
    PRINT_AGREEMENT,
    None,
    CORRECT,
    VOID,
    None,
    REFRESH,
    None,
    COMMITTEE,
    None,
    QUIT,
)
DOCUMENT_MENU = (PRINT_DOCUMENTS, PRINT_AGREEMENT, PRINT_DOSSIER, CONFIRMATION_PACKAGE, None, PRINT_BLANK)
TOOLS_MENU = (
    HOTLINE,
    STATISTICS_WINDOW,
    BACKUP,
    AUDIT,
    PIPL_REPORT,
    RETENTION,
    None,
    ACCOUNTS,
    ENCRYPT,
    LOCK,
    None,
    DEMO,
)
TEXT_SIZE_MENU = tuple(spec.key for spec in ACTIONS if spec.key.startswith(TEXT_SIZE_PREFIX))
SETTINGS_MENU = (TEXT_BIGGER, TEXT_SMALLER, None, WORK_UNITS, SATISFACTION_DAYS, SETTINGS)
HELP_MENU = (GUIDE, None, ABOUT)
# On before anyone has logged in (the login or first-administrator dialog is up, the file did not open)
# and while the screen is locked: nothing that reads, changes or prints the room's cases or forms, only
# 退出, the text size and 帮助 (PIPL Art. 51; a trial found 打印文书 on under the login dialog).
WITHOUT_LOGIN = frozenset({QUIT, GUIDE, ABOUT, TEXT_BIGGER, TEXT_SMALLER, *TEXT_SIZE_MENU})


def create_actions(parent: QWidget) -> dict[str, QAction]:
    """The actions with their texts and tips; their shortcuts come with `set_shortcuts`."""
    actions = {}
    for spec in ACTIONS:
        # QAction(parent) and its text set after: the (text, parent) overload makes PySide6 ask QIcon
        # whether a str converts to an icon, which builds QIcon's Python enums (ThemeIcon has 151
        # members) before the first paint (docs/architecture.md, "Start-up").
        action = QAction(parent)
        action.setText(QCoreApplication.translate("actions", spec.text))
        tip = QCoreApplication.translate("actions", spec.tip)
        action.setToolTip(f"{action.text()}（{spec.shortcut}）：{tip}" if spec.shortcut else tip)
        action.setStatusTip(tip)
        action.setObjectName(f"action_{spec.key}")
        actions[spec.key] = action
    return actions


def add_menus_and_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> None:
    """案件, 文书, 工具, 设置 (字号) and 帮助 menus and the tool bar, from the key lists above."""
    for title, keys in (("案件(&A)", CASE_MENU), ("文书(&D)", DOCUMENT_MENU), ("工具(&T)", TOOLS_MENU)):
        menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", title))
        for key in keys:
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[key])
    settings = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "设置(&S)"))
    sizes = settings.addMenu(QCoreApplication.translate("MainWindow", "字号"))
    group = QActionGroup(window)  # one size at a time, the current one ticked
    for key in TEXT_SIZE_MENU:
        actions[key].setCheckable(True)
        group.addAction(actions[key])
        sizes.addAction(actions[key])
    for key in SETTINGS_MENU:
        if key is None:
            settings.addSeparator()
        else:
            settings.addAction(actions[key])
    help_menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "帮助(&H)"))
    for key in HELP_MENU:
        if key is None:
            help_menu.addSeparator()
        else:
            help_menu.addAction(actions[key])
    toolbar = QToolBar(QCoreApplication.translate("MainWindow", "常用操作"), window)
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    # Text only (there are no icons): set through the property, which does not make PySide build
    # the whole Qt namespace of enums (≈25 ms) before the first paint.
    toolbar.setProperty("toolButtonStyle", 2)  # Qt::ToolButtonTextOnly
    for key in TOOLBAR:
        toolbar.addAction(actions[key])
    window.addToolBar(toolbar)
    from mediator_app.ui.toolbar_rows import ToolBarRows

    ToolBarRows(window, toolbar)  # a second row rather than the overflow chevron (parented to the window)


def set_shortcuts(actions: dict[str, QAction]) -> None:
    """Give the actions their keyboard shortcuts. Separate from `create_actions` because the first
    setShortcut makes PySide build every enum of the Qt namespace (≈25 ms), which the main window
    does after its first paint."""
    from PySide6.QtGui import QKeySequence

    for spec in ACTIONS:
        if spec.shortcut:
            actions[spec.key].setShortcut(QKeySequence(spec.shortcut))
    actions[TEXT_BIGGER].setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])


def permissions() -> dict[str, str]:
    """Each action's permission (a `domain.access.Permission` value), for the actions that need one."""
    return {spec.key: spec.permission for spec in ACTIONS if spec.permission}


def case_actions() -> list[str]:
    """Keys of the actions that need a selected case."""
    return [spec.key for spec in ACTIONS if spec.needs_case]


def enabled(key: str, signed_in: bool, has_case: bool) -> bool:
    """Whether an action is on: `signed_in` someone logged in and the screen not locked; `has_case` a
    case is selected and shown (and the committee set up)."""
    if key in WITHOUT_LOGIN:
        return True
    return has_case if key in _CASE_KEYS else signed_in


_CASE_KEYS = frozenset(case_actions())
