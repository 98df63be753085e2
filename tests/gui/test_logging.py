"""Logging: personal numbers masked in every record (message, arguments, traceback), Qt messages routed in."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import qWarning

from mediator_app.domain.masking import mask_text
from mediator_app.logging_setup import (
    MaskingFilter,
    SizeRotatingFileHandler,
    hold_records,
    records_held,
    remove_handlers,
    setup_logging,
)
from mediator_app.ui.qtlog import install_qt_message_handler

ID = "11010519650315102X"
MOBILE = "13812345678"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"身份证{ID}已登记", "身份证110105********102X已登记"),
        (f"id={ID.lower()}", "id=110105********102x"),
        (f"电话{MOBILE}，", "电话138****5678，"),
        ("电话 +86 138-1234-5678", "电话 +86 138-****-5678"),  # the length is kept
        ("电话 138 1234 5678", "电话 138 **** 5678"),
        ("座机010-64701234不是手机", "座机010-64701234不是手机"),
        ("案号（2026）朝和调字第12号，金额1200000分", "案号（2026）朝和调字第12号，金额1200000分"),
        ("19位数字1101051965031510201不是身份证", "19位数字1101051965031510201不是身份证"),
    ],
)
def test_mask_personal_numbers(text: str, expected: str) -> None:
    assert mask_text(text) == expected


def test_filter_masks_message_args_and_traceback() -> None:
    try:
        raise ValueError(f"bad id {ID}")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "party %s phone %s", (ID, MOBILE), sys.exc_info())
    record.stack_info = f"stack with {MOBILE}"
    assert MaskingFilter().filter(record) is True
    formatted = logging.Formatter().format(record)
    assert ID not in formatted and MOBILE not in formatted
    assert "party 110105********102X phone 138****5678" in formatted
    assert "ValueError: bad id 110105********102X" in formatted
    assert "stack with 138****5678" in formatted


def test_log_file_never_holds_the_numbers(tmp_path: Path) -> None:
    log_file = setup_logging(tmp_path / "logs", console=False)
    try:
        logging.getLogger("mediator_app.services").warning("registered %s, %s", ID, MOBILE)
        try:
            raise RuntimeError(ID)
        except RuntimeError:
            logging.getLogger("mediator_app.ui").exception("crash for %s", MOBILE)
    finally:
        remove_handlers()
        logging.captureWarnings(False)
    assert log_file == tmp_path / "logs" / "mediator.log"
    text = log_file.read_text(encoding="utf-8")
    assert ID not in text and MOBILE not in text
    assert text.count("110105********102X") == 2 and text.count("138****5678") == 2


def test_records_held_before_the_first_paint_reach_the_log_file_masked(tmp_path: Path) -> None:
    """The window's start holds its records and sets the log file up after its first paint (app.run_gui)."""
    hold_records()
    try:
        assert records_held()
        logging.getLogger("mediator_app.app").info("starting for %s", ID)
        logging.getLogger("mediator_app.app").debug("below the level: not kept")
        log_file = setup_logging(tmp_path / "logs", console=False)
        assert not records_held()
        logging.getLogger("mediator_app.app").warning("after, phone %s", MOBILE)
    finally:
        remove_handlers()
        logging.captureWarnings(False)
    assert log_file is not None
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == ["starting for 110105********102X", "after, phone 138****5678"]
    assert "INFO" in lines[0] and "WARNING" in lines[1]


def test_log_file_rotates_before_it_passes_the_limit_and_keeps_the_backups(tmp_path: Path) -> None:
    path = tmp_path / "mediator.log"
    handler = SizeRotatingFileHandler(path, max_bytes=200, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("test.rotation")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for n in range(30):
            logger.warning("第%02d条记录 %s", n, "x" * 20)  # 44 bytes a line in UTF-8
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["mediator.log", "mediator.log.1", "mediator.log.2"]  # never more than `backups`
    for name in files:
        assert 0 < (tmp_path / name).stat().st_size < 200
    newest = path.read_text(encoding="utf-8").splitlines()
    assert newest[-1].startswith("第29条记录")  # nothing lost at the end, nothing split across files
    previous = (tmp_path / "mediator.log.1").read_text(encoding="utf-8").splitlines()
    assert int(previous[-1][1:3]) + 1 == int(newest[0][1:3])


def test_qt_messages_go_to_python_logging(caplog: pytest.LogCaptureFixture) -> None:
    previous = install_qt_message_handler()
    try:
        with caplog.at_level(logging.DEBUG, logger="qt"):
            qWarning(f"font problem for {MOBILE}")
    finally:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(previous)
    [record] = [r for r in caplog.records if r.name == "qt"]
    assert record.levelno == logging.WARNING and record.getMessage().startswith("font problem")
