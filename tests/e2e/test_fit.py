"""Every window fits a 1366×768 screen at 100 %, 125 % and 150 % (`QT_SCALE_FACTOR`, what Windows'
display scaling does to a Qt program), on the xcb platform under Xvfb: `tools/fit_check.py` opens the
main window, 修改案件信息, 登记新案件, 填写协议条款, 打印文书, 设置, 登录 and 另存为PDF on a demo database and reports any window larger
than the available screen, any widget cut or outside its window, a tool-bar button in the overflow
menu, a cut tab without tooltip, a dialog that scrolls sideways, a stage strip of more than two lines,
a case-list cell elided for the demo rows (one of them with a long committee number; its number may be
cut in the middle where that keeps rows in sight), fewer than MIN_ROWS rows of the case list in sight, and English
left in the file dialog; and with the text size 特大 at 100 % and at 150 % (911×512 logical pixels: the tool
bar takes short words, the stage strip turns compact, the dialogs stack their columns and scroll down
only). The scale must be set before the application exists: one process per scale."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mediator_app.ui.caselist.room import MIN_ROWS
from tests.e2e.test_xcb_start import display, png_size

ROOT = Path(__file__).resolve().parents[2]

__all__ = ["display"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("scale", "size", "only"),
    [("1", "标准", ""), ("1.25", "标准", ""), ("1.5", "标准", ""), ("1", "特大", ""), ("1.5", "特大", "")],
)
def test_every_window_fits_1366x768(display: str, scale: str, size: str, only: str, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("QT_")}
    env.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "fit_check.py"), scale, str(tmp_path), size, *([only] if only else [])],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"scale {scale}: 0 problems" in result.stdout
    if not only or "main" in only:  # the case list's rows in sight: a mediator chooses among several
        rows = re.search(r"case list: (\d+) rows in view", result.stdout)
        assert rows is not None and int(rows.group(1)) >= MIN_ROWS, result.stdout
    suffix = f"{round(float(scale) * 100)}{'-xlarge' if size == '特大' else ''}"
    names = only.split(",") if only else ["main", "register", "new", "agreement", "print", "settings", "login", "save"]
    for name in names:
        width, height = png_size(tmp_path / f"{name}-{suffix}.png")
        assert width <= 1366 + 1 and height <= 768 + 1, name  # device pixels (911 px × 1.5 rounds to 1367)
