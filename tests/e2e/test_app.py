"""The composition root: the self-test (no display, no QtWidgets), options, first paint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mediator_app.app import parse_args
from tests.e2e.program_env import program_env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_self_test_succeeds_without_loading_widgets(tmp_path: Path) -> None:
    code = (
        "import sys; from mediator_app.app import main; rc = main(['--self-test']); "
        "assert 'PySide6.QtWidgets' not in sys.modules, 'QtWidgets imported'; sys.exit(rc)"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}  # no DISPLAY, no Qt platform
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("自检通过 self-test OK") and result.stdout.count("\n") == 1


def test_options() -> None:
    args = parse_args(["--db", "/tmp/x.sqlite3"])
    assert args.db == "/tmp/x.sqlite3" and not args.self_test and args.screenshot is None
    assert parse_args(["--self-test"]).self_test


@pytest.mark.slow
def test_screenshot_option_shows_the_window_and_saves_it(tmp_path: Path) -> None:
    shot = tmp_path / "main.png"
    env = program_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mediator_app", "--db", str(tmp_path / "d.sqlite3"), "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes().startswith(b"\x89PNG")
    log_text = (tmp_path / "MediationDesk" / "log" / "mediator.log").read_text(encoding="utf-8")
    assert "window shown" in log_text and "fonts registered" in log_text


@pytest.mark.slow
def test_first_paint_comes_before_the_heavy_modules(tmp_path: Path) -> None:
    """The frame paints first; the case list, procedure screens, printing, the database layer and the
    crash dialog's module are imported after (MainWindow.finish_building, the database thread)."""
    code = (
        "import enum, gc, os, sys, runpy\n"
        "enums = []\n"  # the Python enums PySide6 built, by name
        "create = enum.EnumType._create_\n"
        "def recorded(cls, name, *args, **kwargs):\n"
        "    enums.append(name)\n"
        "    return create(cls, name, *args, **kwargs)\n"
        "enum.EnumType._create_ = recorded\n"
        "real_exit = os._exit\n"
        "def at_first_paint(code):\n"
        "    print('modules', ' '.join(sorted(sys.modules)), flush=True)\n"
        "    print('enums', ' '.join(enums), flush=True)\n"
        "    print('gc', gc.isenabled(), flush=True)\n"
        "    from PySide6.QtWidgets import QApplication\n"
        "    print('icon', QApplication.windowIcon().isNull(), flush=True)\n"
        "    import builtins\n"
        "    print('import', builtins.__import__.__name__, flush=True)\n"
        "    real_exit(code)\n"
        "os._exit = at_first_paint\n"
        f"sys.argv = ['mediator-app', '--db', {str(tmp_path / 'd.sqlite3')!r}, '--first-paint-exit']\n"
        "runpy.run_module('mediator_app', run_name='__main__')\n"
    )
    env = program_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("first-paint ") and float(lines[0].split()[1]) > 0
    loaded = set(lines[1].split()[1:])
    assert {"PySide6.QtWidgets", "mediator_app.ui.main_window"} <= loaded  # it did paint the main window
    heavy = {
        "sqlalchemy",
        "sqlmodel",
        "alembic",
        "reportlab",
        "mediator_app.services",
        "mediator_app.storage",
        "mediator_app.ui.caselist",
        "mediator_app.ui.procedure",
        "mediator_app.ui.documents",
        "mediator_app.ui.messages",
        "PySide6.QtPdf",
        "logging.handlers",
        "dataclasses",
        "platformdirs",  # the log folder is found after the first paint (logging_setup.hold_records)
        # The lock file's note is written after the first paint (app._write_lock_note); the clock and the
        # log masking import what they need when first used (≈20 M instructions together).
        "json",
        "datetime",
        "getpass",
        "mediator_app.domain.masking",
    }
    assert not heavy & loaded
    # QIcon's enums (ThemeIcon: 151 members) are not built: actions are made as QAction(parent), whose
    # (text, parent) overload would ask QIcon whether a str converts (ui/actions.py).
    built = set(lines[2].split()[1:])
    assert {"Language", "Weight"} <= built  # QLocale's and QFont's are (the recording works)
    assert not {"ThemeIcon", "Key"} & built  # neither QIcon's nor the Qt namespace's (Qt.Key)
    assert lines[3] == "gc False"  # no cyclic collection before the paint (app.run_gui)
    lines = lines[:2] + lines[4:]
    assert lines[2] == "icon True"  # set after the first paint (app.set_window_icon: QIcon's enums cost ≈10 ms)
    # PySide6's `__feature__` hook is taken out again (app.drop_feature_import_hook): it read the source of
    # every module an import statement named.
    assert lines[3].startswith("import ") and lines[3] != "import __feature_import__"


def test_no_module_selects_a_pyside_feature() -> None:
    """The program takes PySide6's `__feature__` import hook out at start (app.drop_feature_import_hook),
    so `from __feature__ import snake_case` (or true_property) would be silently ignored: none may use it."""
    import re

    package = Path(__file__).resolve().parents[2] / "mediator_app"
    selecting = re.compile(r"^\s*(from\s+__feature__\s+import|import\s+__feature__)", re.MULTILINE)
    users = [path.name for path in package.rglob("*.py") if selecting.search(path.read_text(encoding="utf-8"))]
    assert users == []
