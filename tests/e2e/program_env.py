"""The environment an end-to-end test starts the real program in: nothing of the developer's own
(home, settings, data and log folders all in the test's folder), the checkout on the path, and the
account the window logs in with (on a new file it creates that administrator: docs/privacy.md)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def program_env(home: Path, platform: str = "offscreen", **extra: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": platform,
        "XDG_CONFIG_HOME": str(home),
        "XDG_DATA_HOME": str(home),
        "XDG_STATE_HOME": str(home),
        "MEDIATOR_USER": os.environ["MEDIATOR_USER"],
        "MEDIATOR_PASSWORD": os.environ["MEDIATOR_PASSWORD"],
        **extra,
    }
