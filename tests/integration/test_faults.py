"""Foreseeable faults made real in a child process - a full disk (RLIMIT_FSIZE: the kernel's real EFBIG
on every write past the limit), a log file that cannot be written - each with a Chinese message, no
traceback, and nothing lost: the database stays whole with every earlier row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import cases as svc
from mediator_app.services.demo import fill_demo
from tests.factories import make_committee

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE and SIGXFSZ as on Linux")

# The child: ignore SIGXFSZ (else the kernel kills it at the limit), then allow files to grow only
# LIMIT bytes past the size they have when the job starts.
PRELUDE = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
def limit(nbytes):
    resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))
"""


def run_child(code: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",  # under the limit Python would leave truncated .pyc files behind
    }
    return subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("faults") / "d.sqlite3"
    db = svc.open_database(path)
    svc.save_committee(db, make_committee())
    fill_demo(db, 30, 5)
    db.close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def copy_of(filled: Path, tmp_path: Path) -> Path:
    target = tmp_path / "d.sqlite3"
    target.write_bytes(filled.read_bytes())
    return target


def whole(path: Path) -> tuple[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0], conn.execute(
            "SELECT count(*) FROM dispute_case"
        ).fetchone()[0]


def test_a_full_disk_while_saving_rolls_back_with_a_chinese_message(filled: Path, tmp_path: Path) -> None:
    db = copy_of(filled, tmp_path)
    result = run_child(
        """
        from pathlib import Path
        from mediator_app.errors import UserFacingError
        from mediator_app.services import cases as svc
        from tests.factories import make_case
        db = svc.open_database(Path(sys.argv[1]))
        svc.register_case(db, make_case())  # the WAL has room for this one
        limit(Path(sys.argv[1] + "-wal").stat().st_size)
        case = make_case()
        case.facts = "事实" * 4000
        try:
            svc.register_case(db, case)
        except UserFacingError as exc:
            print("MESSAGE", exc.message)
        """,
        tmp_path,
        str(db),
    )
    assert result.returncode == 0, result.stderr
    # SQLite names EFBIG an I/O error (a real ENOSPC is SQLITE_FULL: "磁盘空间已满，……数据文件完好").
    assert "MESSAGE" in result.stdout and "磁盘已满" in result.stdout and "这次没有保存" in result.stdout
    assert whole(db) == ("ok", 31)  # the first save is there, the second was rolled back


def test_a_full_disk_during_a_backup_leaves_no_backup_and_says_so(filled: Path, tmp_path: Path) -> None:
    db = copy_of(filled, tmp_path)
    before = case_rows(db)
    result = run_child(
        """
        from pathlib import Path
        from mediator_app.cli.main import main
        limit(64 * 1024)
        sys.exit(main(["--db", sys.argv[1], "backup"]))
        """,
        tmp_path,
        str(db),
    )
    assert result.returncode == 2, result.stderr
    assert "磁盘已满" in result.stderr and "Traceback" not in result.stderr
    assert not list((tmp_path / "backups").glob("*"))  # no .part, nothing that looks like a backup
    # the cases are as they were and the file is whole; the audit trail holds the attempt (docs/privacy.md)
    assert case_rows(db) == before
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2")]
    assert actions[-1] == "备份数据" and actions[0] in ("备份未完成", "备份数据")


def case_rows(db: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT * FROM dispute_case ORDER BY id").fetchall()


def test_a_full_disk_while_writing_a_pdf_keeps_the_old_file(filled: Path, tmp_path: Path) -> None:
    db = copy_of(filled, tmp_path)
    pdf = tmp_path / "agreement.pdf"
    pdf.write_bytes(b"%PDF-1.4 the earlier file")
    result = run_child(
        """
        from mediator_app.cli.main import main
        limit(40 * 1024)  # room for the database's -shm (32 KiB), not for the PDF
        sys.exit(main(["--db", sys.argv[1], "render", "agreement", "2025-1", "-o", sys.argv[2]]))
        """,
        tmp_path,
        str(db),
        str(pdf),
    )
    assert result.returncode == 2, result.stderr
    assert "磁盘空间不足" in result.stderr and "Traceback" not in result.stderr
    assert pdf.read_bytes() == b"%PDF-1.4 the earlier file"
    assert [p.name for p in tmp_path.glob(".agreement.pdf.*")] == []


def test_a_log_file_that_cannot_be_written_falls_back_to_stderr_masked_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "state" / "MediationDesk" / "log" / "mediator.log").mkdir(parents=True)  # a folder in its way
    result = run_child(
        """
        import logging
        from mediator_app.logging_setup import setup_logging
        print("LOGFILE", setup_logging(console=False))
        logging.getLogger("x").warning("party 110105199001010021 phone 13812345678")
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "LOGFILE None" in result.stdout
    assert "无法写入日志文件夹" in result.stderr and "日志只输出到屏幕" in result.stderr
    assert "110105199001010021" not in result.stderr and "13812345678" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_log_file_that_fills_the_disk_mid_run_says_so_once(tmp_path: Path) -> None:
    result = run_child(
        """
        import logging
        from mediator_app.logging_setup import setup_logging
        setup_logging(console=False)
        limit(2048)
        for n in range(100):
            logging.getLogger("x").warning("line %d of a long session, id 110105199001010021", n)
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("无法写入日志文件") == 1
    assert "line 99" in result.stderr and "110105199001010021" not in result.stderr
    assert "Traceback" not in result.stderr and "Logging error" not in result.stderr


def test_the_cli_goes_on_when_its_log_folder_cannot_be_made(filled: Path, tmp_path: Path) -> None:
    db = copy_of(filled, tmp_path)
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "MediationDesk").write_text("a file where the folder should be", encoding="utf-8")
    result = run_child(
        """
        from mediator_app.cli.main import main
        sys.exit(main(["--db", sys.argv[1], "list"]))
        """,
        tmp_path,
        str(db),
    )
    assert result.returncode == 0 and "共 30 件" in result.stdout
    assert "Traceback" not in result.stderr
    assert os.path.isfile(tmp_path / "state" / "MediationDesk")


def test_a_missing_forms_folder_is_said_and_other_commands_still_work(
    run: Any, filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mediator_app.documents import catalog

    monkeypatch.setattr(catalog, "shipped_dir", lambda: tmp_path / "gone" / "forms")  # really not there
    code, _out, err = run("--db", str(filled), "forms")
    assert code == 2 and "找不到程序自带的文书格式文件夹" in err and "重新安装" in err
    code, _out, err = run("--db", str(filled), "render", "agreement", "2025-1", "-o", str(tmp_path / "a.pdf"))
    assert code == 2 and "重新安装" in err and not (tmp_path / "a.pdf").exists()
    assert run("--version")[0] == 0
    assert run("--db", str(filled), "list")[0] == 0


def test_a_deeply_nested_override_file_names_the_file_and_nothing_dies(
    run: Any, filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mediator_app.documents import catalog

    overrides = tmp_path / "own-forms"
    overrides.mkdir()
    bad = overrides / "mediation_agreement.v9.json"
    bad.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    monkeypatch.setattr(catalog, "default_override_dir", lambda: overrides)
    assert run("--version")[0] == 0
    code, out, _err = run("--db", str(filled), "forms")
    assert code == 0 and "嵌套层次过深" in out
    code, _out, err = run("--db", str(filled), "render", "agreement", "2025-1", "-o", str(tmp_path / "a.pdf"))
    assert code == 2 and str(bad) in err and "嵌套层次过深" in err and "Traceback" not in err
