"""What accounts cost a command: `mediator-cli list` and a lean-path `render` on the same small demo
file, without accounts (本机用户) and with an administrator (every command logs in: one Argon2id check,
t=3, m=64 MiB, p=4, plus the login's audit row), interleaved in one run.

    python bench/bench_login.py [--runs 7] [--cases 200]

Also times one password check alone (`argon2.PasswordHasher().verify`). Prints medians side by side;
the target is that a command with accounts stays within 0.3 s of the same command without.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argon2 import PasswordHasher  # noqa: E402

from mediator_app.services import accounts, cases, demo  # noqa: E402

USER, PASSWORD = "bench", "bench-password"


def _cli(db: Path, *argv: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mediator_app.cli.main", "--db", str(db), *argv],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cases", type=int, default=200)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-login-"))
    try:
        plain = folder / "plain.sqlite3"
        db = cases.open_database(plain)
        demo.fill_demo(db, args.cases, 1)
        db.close()
        with_accounts = folder / "accounts.sqlite3"
        shutil.copy(plain, with_accounts)
        db = cases.open_database(with_accounts)
        accounts.create_first_admin(db, USER, "测试", PASSWORD)
        db.close()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "MEDIATOR_USER": USER, "MEDIATOR_PASSWORD": PASSWORD}
        commands = {
            "list": ("list",),
            "render blank form": ("render", "rights_notice", "--blank", "-o", str(folder / "a.pdf")),
        }
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.runs):
            for name, command in commands.items():
                for kind, path in (("without accounts", plain), ("with accounts", with_accounts)):
                    times.setdefault((name, kind), []).append(_cli(path, *command, env=env))
        hasher = PasswordHasher()
        stored = hasher.hash(PASSWORD)
        checks = []
        for _ in range(args.runs):
            started = time.perf_counter()
            hasher.verify(stored, PASSWORD)
            checks.append(time.perf_counter() - started)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"median of {args.runs} runs, {args.cases} demo cases")
    print(f"{'command':<20}{'without accounts':>18}{'with accounts':>16}{'difference':>12}")
    for name in commands:
        without = statistics.median(times[(name, "without accounts")])
        with_ = statistics.median(times[(name, "with accounts")])
        print(f"{name:<20}{without:>16.3f} s{with_:>14.3f} s{with_ - without:>+10.3f} s")
    print(f"{'one password check':<20}{'':>18}{statistics.median(checks):>14.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
