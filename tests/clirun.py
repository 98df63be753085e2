"""Running `mediator-cli` in process for the CLI tests (the `run` fixture in `tests/conftest.py`), and
what its output may not hold."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pytest

from mediator_app.cli.main import main

Run = Callable[..., tuple[int, str, str]]
ID_OR_MOBILE = re.compile(r"\d{17}[\dX]|(?<!\d)1[3-9]\d{9}(?!\d)")  # an unmasked ID number or mobile


def run_cli(capsys: pytest.CaptureFixture[str], argv: Sequence[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `mediator-cli argv`."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def act_as(monkeypatch: pytest.MonkeyPatch, user: str, password: str) -> None:
    """The account every later command acts as (MEDIATOR_USER / MEDIATOR_PASSWORD, docs/privacy.md)."""
    monkeypatch.setenv("MEDIATOR_USER", user)
    monkeypatch.setenv("MEDIATOR_PASSWORD", password)
