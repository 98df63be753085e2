"""One program window per database file, checked with real processes: a second window is told who holds
the file (machine, user, since when) and exits; a crashed holder's lock is taken over; the command line
still works beside an open window."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mediator_app.instance_lock import DatabaseInUse, Holder, claim, lock_path, this_host
from tests.e2e.program_env import program_env

HOLD = (
    "import sys, time; from pathlib import Path; from mediator_app.instance_lock import claim\n"
    "lock = claim(Path(sys.argv[1])); print('held', flush=True); time.sleep(120)\n"
)


def env_for(tmp_path: Path) -> dict[str, str]:
    return program_env(tmp_path, USER="mediator-a")


def holder_process(db: Path, tmp_path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True, env=env_for(tmp_path)
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_process_is_told_who_holds_the_file_and_a_crashed_holder_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    proc = holder_process(db, tmp_path)
    try:
        assert stat.S_IMODE(lock_path(db).stat().st_mode) == 0o600  # names a user and a machine
        with pytest.raises(DatabaseInUse) as refused:
            claim(db)
        holder = refused.value.holder
        assert holder is not None and (holder.host, holder.user, holder.pid) == (this_host(), "mediator-a", proc.pid)
        assert "正在被这台电脑上的用户“mediator-a”" in refused.value.message and "起" in refused.value.message
    finally:
        proc.send_signal(signal.SIGKILL)  # a crash: the note stays, the system's lock goes
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    assert Holder.parse(lock_path(db).read_text(encoding="utf-8")) is not None
    lock = claim(db)
    assert lock.taken_from is not None and lock.taken_from.pid == proc.pid
    lock.release()
    assert lock_path(db).read_text(encoding="utf-8") == ""  # closed properly: nothing to take over
    again = claim(db)
    assert again.taken_from is None
    again.release()


@pytest.mark.slow
def test_a_second_window_on_the_same_file_says_who_has_it_while_the_cli_still_works(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    env = env_for(tmp_path)
    first = subprocess.Popen(
        [sys.executable, "-m", "mediator_app", "--db", str(db)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (lock_path(db).exists() and lock_path(db).stat().st_size and db.exists()):
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            assert time.monotonic() < deadline, "the first window never took the lock"
            time.sleep(0.2)
        second = subprocess.run(
            [sys.executable, "-m", "mediator_app", "--db", str(db)],
            env={**env, "MEDIATOR_NO_DIALOGS": "1", "USER": "mediator-b"},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 4
        assert "正在被这台电脑上的用户“mediator-a”" in second.stderr and f"进程 {first.pid}" in second.stderr
        assert "Traceback" not in second.stderr
        cli = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from mediator_app.cli.main import main; sys.exit(main())",
                "--db",
                str(db),
                "list",
            ],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert cli.returncode == 0, cli.stderr
        assert first.poll() is None  # the first window is untouched
    finally:
        first.send_signal(signal.SIGTERM if os.name == "posix" else signal.SIGINT)
        try:
            first.wait(timeout=30)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()
        if first.stderr is not None:
            first.stderr.close()


@pytest.mark.slow
def test_closing_soon_after_start_waits_for_the_days_backup_instead_of_making_a_second(tmp_path: Path) -> None:
    import datetime as dt

    from mediator_app.services import backup as backup_service
    from mediator_app.services import cases as svc
    from tests.factories import make_committee

    db = tmp_path / "d.sqlite3"
    opened = svc.open_database(db)
    svc.save_committee(opened, make_committee())
    opened.close()
    old = backup_service.make_backup(db, "daily", now=dt.datetime.now() - dt.timedelta(days=2))
    result = subprocess.run(
        # --screenshot closes the program by itself once the window is shown (app._arrange_screenshot).
        [sys.executable, "-m", "mediator_app", "--db", str(db), "--screenshot", str(tmp_path / "s.png")],
        env=env_for(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    kinds = [b.kind for b in backup_service.list_backups(old.made.path.parent)]
    assert kinds == ["daily", "daily"]  # today's (finished before the exit), and the old one
    log_text = (tmp_path / "MediationDesk" / "log" / "mediator.log").read_text(encoding="utf-8")
    assert "no backup on exit" in log_text
    assert lock_path(db).read_text(encoding="utf-8") == ""  # released after the backup
