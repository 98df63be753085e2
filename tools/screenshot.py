"""Regenerate the README screenshots: docs/screenshot-main.png and docs/screenshot-register.png.

    python tools/screenshot.py            # offscreen; or under `xvfb-run -s "-screen 0 1400x900x24"`

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mediator_app.domain.ids import id_check_char  # noqa: E402
from mediator_app.domain.model import Case, CaseSource, Party, PartyKind, PartyRole  # noqa: E402
from mediator_app.selftest import sample_case, sample_committee  # noqa: E402


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


def demo_cases() -> list[Case]:
    workers = ["张建国", "李卫东", "王小平", "赵铁柱", "孙志强", "周海涛", "吴春生", "郑大勇"]
    wage = Case(
        dispute_type="劳动争议纠纷", source=CaseSource.HOTLINE_12345, source_ref="12345-20241105-0031",
        registered_on=dt.date(2024, 1, 15), mediators=["王秀兰", "陈立新"], recorder="赵明",
        facts="申请人等8名工人在被申请人承包的和平街小区改造工程务工，2023年9月至12月工资共计人民币86400元未发放。",
        claims="请求被申请人支付拖欠的工资。",
        parties=[Party(seq=n, role=PartyRole.APPLICANT, kind=PartyKind.PERSON, name=name,
                       id_number=_id(f"1301021980{n:02d}{10 + n:02d}{100 + 3 * n:03d}"), address="河北省石家庄市长安区")
                 for n, name in enumerate(workers, start=1)]
        + [Party(seq=len(workers) + 1, role=PartyRole.RESPONDENT, kind=PartyKind.ORGANISATION,
                 name="北京恒達建筑劳务有限公司", legal_rep="马德福", legal_rep_title="经理",
                 address="北京市朝阳区望京街9号")],
    )
    family = Case(
        dispute_type="婚姻家庭纠纷", source=CaseSource.GRID, registered_on=dt.date(2024, 2, 20),
        mediators=["刘桂芳"], facts="三兄妹对母亲的赡养费分担和轮流照料安排发生争执。",
        parties=[Party(seq=1, role=PartyRole.APPLICANT, kind=PartyKind.PERSON, name="欧阳秀英",
                       id_number=_id("11010519480612002")),
                 Party(seq=2, role=PartyRole.RESPONDENT, kind=PartyKind.PERSON, name="欧阳建华"),
                 Party(seq=3, role=PartyRole.RESPONDENT, kind=PartyKind.PERSON, name="欧阳建军")],
    )
    return [wage, family, sample_case()]


def build_demo_database(path: Path) -> None:
    from mediator_app.services import cases as svc

    db = svc.open_database(path)
    try:
        svc.save_committee(db, sample_committee())
        for case in demo_cases():
            svc.register_case(db, case)
    finally:
        db.close()


def register_dialog_screenshot(db_path: Path, out: Path) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from mediator_app.app import SCREENSHOT_SIZE
    from mediator_app.services import cases as svc
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
    dialog = RegisterDialog(db)
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


def main() -> int:
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    env = dict(os.environ)
    if not env.get("DISPLAY"):  # under xvfb-run the real X11 platform plugin is used
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="mediator-shots-") as folder:
        db_path = Path(folder) / "demo.sqlite3"
        build_demo_database(db_path)
        env["XDG_CONFIG_HOME"] = folder  # QSettings of the screenshot run stay in the temp folder
        env["XDG_STATE_HOME"] = env["XDG_DATA_HOME"] = folder
        subprocess.run([sys.executable, "-m", "mediator_app", "--db", str(db_path),
                        "--screenshot", str(docs / "screenshot-main.png")], check=True, env=env, cwd=ROOT)
        os.environ.update({k: v for k, v in env.items() if k in ("QT_QPA_PLATFORM", "XDG_CONFIG_HOME")})
        register_dialog_screenshot(db_path, docs / "screenshot-register.png")
    print(f"saved {docs / 'screenshot-main.png'} and {docs / 'screenshot-register.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
