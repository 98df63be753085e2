"""Expected errors show their message; bugs are logged (masked) and the crash dialog names the log file."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import pytest

from mediator_app.errors import UserFacingError
from mediator_app.ui import errors, messages


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"warn": [], "crash": []}
    monkeypatch.setattr(messages, "warn", lambda _p, _t, text, *_a: seen["warn"].append(text))
    monkeypatch.setattr(messages, "crash", lambda _p, text, details="": seen["crash"].append(text + "\n" + details))
    return seen


def test_user_facing_error_shows_its_message(shown: dict[str, list[str]]) -> None:
    errors.report_exception(UserFacingError("数据文件被其他程序占用，请稍后再试"))
    assert shown == {"warn": ["数据文件被其他程序占用，请稍后再试"], "crash": []}


def test_bug_is_logged_and_crash_dialog_names_the_log(
    shown: dict[str, list[str]], caplog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(errors, "_log_file", Path("/var/log/mediator.log"))
    try:
        raise KeyError("13812345678")
    except KeyError as exc:
        with caplog.at_level(logging.ERROR):
            errors.report_exception(exc)
    [text] = shown["crash"]
    assert "/var/log/mediator.log" in text and "刚才的操作没有完成" in text
    assert "13812345678" not in text and "138****5678" in text  # the details are masked too
    assert caplog.records[-1].exc_info is not None


def test_excepthook_routes_uncaught_exceptions(shown: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # both restored after the test
    monkeypatch.setattr(errors, "_log_file", None)
    errors.install_excepthook(Path("/tmp/m.log"))
    try:
        raise UserFacingError("磁盘已满")
    except UserFacingError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown["warn"] == ["磁盘已满"]
