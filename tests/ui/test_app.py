"""The composition root: the self-test (no display, no QtWidgets), options, first paint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mediator_app.app import parse_args

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_self_test_succeeds_without_loading_widgets(tmp_path: Path) -> None:
    code = ("import sys; from mediator_app.app import main; rc = main(['--self-test']); "
            "assert 'PySide6.QtWidgets' not in sys.modules, 'QtWidgets imported'; sys.exit(rc)")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}  # no DISPLAY, no Qt platform
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("自检通过 self-test OK") and result.stdout.count("\n") == 1


def test_options() -> None:
    args = parse_args(["--db", "/tmp/x.sqlite3"])
    assert args.db == "/tmp/x.sqlite3" and not args.self_test and args.screenshot is None
    assert parse_args(["--self-test"]).self_test


@pytest.mark.slow
def test_screenshot_option_shows_the_window_and_saves_it(tmp_path: Path) -> None:
    shot = tmp_path / "main.png"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "mediator_app", "--db", str(tmp_path / "d.sqlite3"),
                             "--screenshot", str(shot)], capture_output=True, text=True, env=env, cwd=tmp_path,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes().startswith(b"\x89PNG")
    log_text = (tmp_path / "MediationDesk" / "log" / "mediator.log").read_text(encoding="utf-8")
    assert "window shown" in log_text and "fonts registered" in log_text
