"""Test-wide setup. Qt must run offscreen (no display needed): set before anything imports Qt."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

pytest_plugins = ["tests.clirun"]  # the `run` fixture for the CLI tests


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    # The offscreen platform plugin warns whenever a top-level window's size limits change
    # (QPlatformWindow::propagateSizeHints has no offscreen implementation). Real platforms (xcb,
    # windows) implement it; the message says nothing about the program, so it must not fail a test.
    config.addinivalue_line("qt_log_ignore", r"This plugin does not support propagateSizeHints\(\)")
