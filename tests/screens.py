"""The offscreen platform with a screen of a chosen size (`MEDIATOR_TEST_SCREEN=1366x768`): Qt's
offscreen plugin reads its screens from a JSON file named in the platform string, so that windows are
fitted and screenshots taken as on the office PC's screen."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path


def offscreen_platform(size: str) -> str:
    """`offscreen`, or `offscreen:configfile=…` with one screen of `size` (``WIDTHxHEIGHT``) at 96 dpi."""
    found = re.fullmatch(r"(\d+)x(\d+)", size.strip())
    if found is None:
        return "offscreen"
    width, height = int(found[1]), int(found[2])
    screen = {"name": "office", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config = Path(tempfile.gettempdir()) / f"mediator-test-screen-{width}x{height}.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"
