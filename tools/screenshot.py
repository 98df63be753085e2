"""Regenerate the screenshots: docs/screenshot-main.png, docs/screenshot-register.png, and the procedure
screens docs/screenshots/procedure-1-registered.png, -2-mediating.png, -3-performing.png and todo.png.

    python tools/screenshot.py            # offscreen; or under `xvfb-run -s "-screen 0 1400x900x24"`
    python tools/screenshot.py procedure  # only the procedure screens
    python tools/screenshot.py documents  # only 打印文书 and 司法确认申请材料 (docs/screenshots/documents-*.png)

Builds a throw-away database with demo cases (the self-test's neighbours' dispute with the rare
names 刘䶮 and 吉𠮷祥 — the newest, so it is the one selected — a wage dispute with many workers, a
family dispute), then runs the real program with the hidden `--screenshot` option, and shows the
register dialog with a wrong ID number after 保存 so the picture also shows how errors look.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screenshot_cases import PROCEDURE_SIZE, PROCEDURE_TODAY, build_demo_database, build_procedure_database  # noqa: E402


def register_dialog_screenshot(db_path: Path, out: Path) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from mediator_app.app import SCREENSHOT_SIZE
    from mediator_app.services import cases as svc
    from mediator_app.services.desk import Desk
    from mediator_app.ui.fonts import install_fonts
    from mediator_app.ui.register import RegisterDialog
    from mediator_app.ui.style import apply_style
    from mediator_app.ui.tasks import executor, set_synchronous

    QCoreApplication.setOrganizationName("MediationDeskScreenshots")
    app = QApplication.instance() or QApplication([])
    install_fonts(app)
    apply_style(app)
    set_synchronous(True)
    db = svc.open_database(db_path)
    dialog = RegisterDialog(Desk(db))  # the dialog takes the typed service face (it was given the Database)
    dialog.resize(SCREENSHOT_SIZE[0] - 100, SCREENSHOT_SIZE[1])
    dialog.dispute_type.setCurrentText("邻里纠纷")
    dialog.mediators.setText("王秀兰")
    dialog.facts.setText("楼上住户装修时拆改承重墙附近隔墙，楼下住户担心房屋安全，双方发生争吵。")
    dialog.claims.setText("请求楼上住户停止拆改并恢复原状。")
    editor = dialog.editor
    editor.name.setText("刘䶮")
    editor.id_number.setText("110105196503151020")
    editor.ethnicity.setEditText("汉族")
    editor.address.setText("北京市朝阳区和平街15号楼3单元201室")
    editor.phone.setText("13812345678")
    dialog.select_item("parties", 1)
    editor.name.setText("吉𠮷祥")
    editor.id_number.setText("130102198801013518")  # wrong check digit: the picture shows the message
    dialog.show()
    dialog.save_button.click()
    for _ in range(5):
        app.processEvents()
    dialog.grab().save(str(out))
    executor().wait()
    dialog.mark_clean()
    dialog.close()
    db.close()


# ---------------------------------------------------------------- the procedure screens


def _main_window(db_path: Path, out: Path) -> tuple[Any, Callable[[], None]]:
    """The main window at 1366×768 on `db_path`, jobs run inline, the program's today fixed; and a
    function that lets Qt handle what is pending (layout, paint)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from mediator_app.ui.clock import Clock
    from mediator_app.ui.fonts import install_fonts
    from mediator_app.ui.main_window import MainWindow
    from mediator_app.ui.style import apply_style
    from mediator_app.ui.tasks import set_synchronous

    QCoreApplication.setOrganizationName("MediationDeskScreenshots")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install_fonts(app)
    apply_style(app)
    set_synchronous(True)
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(db_path, clock=Clock(PROCEDURE_TODAY))
    window.resize(*PROCEDURE_SIZE)
    window.show()
    window.open_database()

    def settle() -> None:
        for _ in range(10):
            app.processEvents()

    return window, settle


def procedure_screenshots(db_path: Path, ids: dict[str, int], out: Path) -> list[Path]:
    """The main window at 1366×768 with each case selected, and the to-do list."""
    from mediator_app.ui.tasks import executor

    window, settle = _main_window(db_path, out)
    saved = []
    for name, key, tab in (
        ("procedure-1-registered", "registered", 0),
        ("procedure-2-mediating", "mediating", 0),
        ("procedure-2-records", "mediating", 2),
        ("procedure-3-performing", "performing", 0),
        ("procedure-signing", "signing", 0),
    ):
        window.left_tabs.setCurrentIndex(0)
        window.select_case(ids[key])
        window.case_pane.tabs.setCurrentIndex(tab)
        settle()
        path = out / f"{name}.png"
        window.grab().save(str(path))
        saved.append(path)
    window.show_todo()
    settle()
    path = out / "todo.png"
    window.grab().save(str(path))
    saved.append(path)
    saved += _dialog_screenshots(window, ids, out, settle)
    executor().wait()
    window.close()
    if window.db is not None:
        window.db.close()
    return saved


def _dialog_screenshots(window: Any, ids: dict[str, int], out: Path, settle: Callable[[], None]) -> list[Path]:
    """受理, 记录调解 and 记录签署 as a mediator fills them in (for the user guide)."""
    saved = []

    def shoot(key: str, button: str, name: str, fill: Callable[[Any], None]) -> None:
        window.left_tabs.setCurrentIndex(0)
        window.select_case(ids[key])
        window.case_pane.tabs.setCurrentIndex(0)
        settle()
        window.case_pane.panel.buttons[button].click()
        settle()
        dialog = window.case_pane.dialog
        fill(dialog)
        settle()
        path = out / f"{name}.png"
        dialog.grab().save(str(path))
        saved.append(path)
        dialog.mark_clean()
        dialog.reject()
        settle()

    def accept(dialog: Any) -> None:
        dialog.rights.setChecked(True)
        dialog.elsewhere.set_value("否")

    def session(dialog: Any) -> None:  # the first session of the wage dispute: the parties' choices too
        dialog.place.setText("和平街社区人民调解室")
        dialog.mediator_choice.setCurrentIndex(0)
        dialog.publicity.set_value("公开")
        dialog.content_edit.setText(
            "申请人张建国等8人陈述：2026年8月至10月在和平街小区改造工程务工，工资共计86400元至今未发。\n"
            "被申请人委托代理人陈述：工程款尚未结算，同意先行支付一半。"
        )
        dialog.result_edit.setText(
            "双方同意被申请人于11月30日前先付43200元，余款待结算后支付，下次调解时签订书面协议。"
        )

    def signatures(dialog: Any) -> None:
        dialog.parties.set_value(dt.date(2026, 11, 19))
        dialog.mediator.set_value(dt.date(2026, 11, 19))
        dialog.sealed.set_value(dt.date(2026, 11, 20))

    shoot("registered", "受理", "dialog-accept", accept)
    shoot("overdue", "记录调解", "dialog-session", session)
    shoot("signing", "记录签署", "dialog-signatures", signatures)
    return saved


# ---------------------------------------------------------------- printing documents

DIALOG_AT_1366 = (1120, 720)  # what fit_to_screen gives 打印文书 on a 1366×768 screen


def documents_screenshots(db_path: Path, ids: dict[str, int], out: Path) -> list[Path]:
    """打印文书 for the case being mediated, with the agreement ticked before it is complete (the red
    box explains), and 司法确认申请材料 for the performing case (the window about to close) with one
    party not ticked as an applicant (a check that blocks, in red, beside the orange warnings)."""
    from mediator_app.ui.tasks import executor

    window, settle = _main_window(db_path, out)
    saved = []
    window.select_case(ids["mediating"])
    settle()
    dialog = window.documents.print_documents()
    dialog.resize(*DIALOG_AT_1366)
    settle()
    dialog.boxes["mediation_agreement"].setChecked(True)
    dialog.preview()
    settle()
    path = out / "documents-print.png"
    dialog.grab().save(str(path))
    saved.append(path)
    dialog.reject()
    settle()

    window.select_case(ids["performing"])
    settle()
    package = window.documents.confirmation_package()
    assert package is not None
    package.resize(1040, 728)
    settle()
    package.applicant_boxes[2].setChecked(False)  # one party left out: the application must be joint
    settle()
    path = out / "documents-confirmation.png"
    package.grab().save(str(path))
    saved.append(path)
    package.reject()
    executor().wait()
    window.close()
    if window.db is not None:
        window.db.close()
    return saved


def documents_main(docs: Path) -> int:
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="mediator-shots-") as folder:
        os.environ["XDG_CONFIG_HOME"] = folder
        db_path = Path(folder) / "documents.sqlite3"
        ids = build_procedure_database(db_path)
        for path in documents_screenshots(db_path, ids, docs / "screenshots"):
            print(f"saved {path}")
    return 0


def demo_account() -> None:
    """The demo files have no accounts: the window creates this administrator and works as it
    (docs/privacy.md). Without it the window waits at the first-administrator dialog, and a picture
    of it shows an empty list."""
    os.environ.setdefault("MEDIATOR_USER", "demo")
    os.environ.setdefault("MEDIATOR_PASSWORD", "demo-screenshots")


def main() -> int:
    demo_account()
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    if sys.argv[1:] == ["procedure"]:
        return procedure_main(docs)
    if sys.argv[1:] == ["documents"]:
        return documents_main(docs)
    env = dict(os.environ)
    if not env.get("DISPLAY"):  # under xvfb-run the real X11 platform plugin is used
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="mediator-shots-") as folder:
        db_path = Path(folder) / "demo.sqlite3"
        build_demo_database(db_path)
        env["XDG_CONFIG_HOME"] = folder  # QSettings of the screenshot run stay in the temp folder
        env["XDG_STATE_HOME"] = env["XDG_DATA_HOME"] = folder
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mediator_app",
                "--db",
                str(db_path),
                "--screenshot",
                str(docs / "screenshot-main.png"),
            ],
            check=True,
            env=env,
            cwd=ROOT,
        )
        os.environ.update({k: v for k, v in env.items() if k in ("QT_QPA_PLATFORM", "XDG_CONFIG_HOME")})
        register_dialog_screenshot(db_path, docs / "screenshot-register.png")
    print(f"saved {docs / 'screenshot-main.png'} and {docs / 'screenshot-register.png'}")
    procedure_main(docs)
    return documents_main(docs)


def procedure_main(docs: Path) -> int:
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="mediator-shots-") as folder:
        os.environ["XDG_CONFIG_HOME"] = folder
        db_path = Path(folder) / "procedure.sqlite3"
        ids = build_procedure_database(db_path)
        for path in procedure_screenshots(db_path, ids, docs / "screenshots"):
            print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
