"""The frozen bundle's command line loads no Qt (tools/rthooks/pyi_rth_pyside6.py).

PyInstaller's own run-time hook imported PySide6.QtCore at every start, so that each `mediator-cli`
command (the window's executable with MEDIATOR_COMMAND_LINE=1 on Linux) loaded shiboken, Qt Core and
ICU first: ~150 ms of a print command. The dynamic loader lists what a process loads (LD_DEBUG=libs);
.ci/run runs this with MEDIATOR_BUNDLE=dist/MediationDesk/mediator-app after the build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.skipif(not os.environ.get("MEDIATOR_BUNDLE"), reason="MEDIATOR_BUNDLE names no frozen mediator-app"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="one executable and LD_DEBUG: Linux"),
]


def loaded_libraries(app: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(app), "--version"],
        env={**os.environ, **env, "LD_DEBUG": "libs"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stderr


def test_the_bundle_command_loads_no_qt() -> None:
    app = Path(os.environ["MEDIATOR_BUNDLE"]).resolve()
    command = loaded_libraries(app, {"MEDIATOR_COMMAND_LINE": "1"})
    assert (
        "mediator-cli"
        in subprocess.run(
            [str(app.parent / "mediator-cli"), "--version"], capture_output=True, text=True, timeout=60
        ).stdout
    )
    assert "libpython" in command  # the loader's list is there at all
    assert "libQt6Core" not in command
    assert "libshiboken6" not in command
