"""The real program starts its window on the xcb platform (an X server, as on a Linux desktop), not only
offscreen: a missing system library shows up here, as it would on a mediator's PC."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.program_env import program_env


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (apt install xvfb)")
    number = 90 + os.getpid() % 9
    server = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert socket.exists(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def start_and_shoot(program: list[str], display: str, tmp_path: Path) -> Path:
    """Start `program` (the window's command) on xcb with `--screenshot`; it must exit 0 and log the window."""
    shot = tmp_path / "xcb-main.png"
    env = program_env(tmp_path, "xcb", DISPLAY=display, XDG_RUNTIME_DIR=str(tmp_path))
    result = subprocess.run(
        [*program, "--db", str(tmp_path / "d.sqlite3"), "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    log_text = (tmp_path / "MediationDesk" / "log" / "mediator.log").read_text(encoding="utf-8")
    assert "window shown" in log_text
    return shot


@pytest.mark.slow
def test_the_window_starts_on_xcb_under_xvfb(display: str, tmp_path: Path) -> None:
    width, height = png_size(start_and_shoot([sys.executable, "-m", "mediator_app"], display, tmp_path))
    assert width >= 800 and height >= 500  # --screenshot sets the size of the README image


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("MEDIATOR_BUNDLE"), reason="MEDIATOR_BUNDLE names no frozen mediator-app")
def test_the_bundle_window_starts_on_xcb_with_the_system_libraries(display: str, tmp_path: Path) -> None:
    """The frozen bundle leaves X11/xcb, glib, fontconfig, D-Bus and CUPS to the system
    (tools/system_libs.py): with the README's packages installed its window starts (.ci/run runs this
    with MEDIATOR_BUNDLE=dist/MediationDesk/mediator-app)."""
    app = Path(os.environ["MEDIATOR_BUNDLE"]).resolve()
    assert png_size(start_and_shoot([str(app)], display, tmp_path))[0] >= 800
