"""A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a temporary folder,
`pg_ctl start` on a free local port, `pg_ctl stop` and the folder removed at the end.

The server binaries are looked up on PATH, then in Debian's ``/usr/lib/postgresql/<major>/bin``.
`initdb` refuses to run as root; as root the cluster is made and run as the ``postgres`` user
(Debian's package creates it) through ``runuser``.

Each test gets a database of its own, copied from a migrated template (``CREATE DATABASE …
TEMPLATE``: a file copy on the server, far cheaper than running the migrations per test).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "mediator_test"


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    root = Path("/usr/lib/postgresql")
    majors = sorted((p for p in root.glob("*/bin") if (p / "initdb").exists()), key=lambda p: int(p.parent.name))
    return majors[-1] if majors else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


@dataclass
class Cluster:
    bin_dir: Path
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def libpq(self, database: str = "postgres") -> str:
        """The same address for psycopg.connect (no SQLAlchemy driver name)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _as_server_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", *args]),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self._ctl("-l", str(self.folder / "server.log"), "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")

    def restart(self) -> None:
        """Stop (fast: open sessions are cut) and start again, as a server restart in a centre does."""
        self._ctl("-m", "fast", "-l", str(self.folder / "server.log"), "restart")

    def execute(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.libpq(database), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]


def start_cluster(folder: Path | None = None, settings: str = "") -> Cluster:
    """A new cluster, started; `stop_cluster` ends it. Raises FileNotFoundError without the binaries.

    `folder`: keep the cluster there (made when it has no data directory yet, else started again on
    the port it was made with: a benchmark's loaded database survives between runs); `settings`:
    extra postgresql.conf lines, written when the cluster is made."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    if folder is not None and (folder / "data" / "PG_VERSION").exists():
        cluster = Cluster(bin_dir, folder, _configured_port(folder / "data" / "postgresql.conf"))
        cluster.start()
        return cluster
    if folder is None:
        # Not pytest's tmp_path: its folders are private to the test user, and the server may run as postgres.
        folder = Path(tempfile.mkdtemp(prefix="mediator-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(bin_dir, folder, _free_port())
    subprocess.run(
        _as_server_user(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(cluster.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                # C.UTF-8: pg_trgm counts CJK characters as word characters (under the C locale it
                # makes no trigrams of Chinese text at all and every search reads the whole table).
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    with (cluster.data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"port = {cluster.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{cluster.data}'\n"
            # A throwaway cluster: no fsync (the fault test restarts the server, it does not cut power).
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n" + settings
        )
    cluster.start()
    return cluster


def _configured_port(conf: Path) -> int:
    """The port a kept cluster was made with (the last ``port =`` line of its postgresql.conf)."""
    ports = [line.split("=", 1)[1].strip() for line in conf.read_text().splitlines() if line.startswith("port =")]
    return int(ports[-1])


def stop_cluster(cluster: Cluster, keep: bool = False) -> None:
    """Stop the server; remove its folder unless `keep`."""
    with contextlib.suppress(subprocess.CalledProcessError):
        cluster.stop()
    if not keep:
        shutil.rmtree(cluster.folder, ignore_errors=True)


def start_standby(primary: Cluster) -> Cluster:
    """A hot standby of `primary` (streaming replication, as a county's statistics replica is set up:
    docs/centre.md): `pg_basebackup -R -X stream` into a new folder, started on another port; returned
    once it answers reads in recovery. `stop_cluster` ends it. The primary must have ``wal_level =
    replica`` (PostgreSQL's default) and a replication entry for 127.0.0.1 in pg_hba.conf (added here,
    reloaded, when initdb did not write one)."""
    hba = primary.data / "pg_hba.conf"
    entries = [line.split()[:4] for line in hba.read_text().splitlines() if not line.startswith("#")]
    if not any(
        e[:2] == ["host", "replication"] and e[2:] in (["all", "127.0.0.1/32"], [SUPERUSER, "127.0.0.1/32"])
        for e in entries
    ):
        with hba.open("a") as out:
            out.write(f"host replication {SUPERUSER} 127.0.0.1/32 trust\n")
        primary.execute("SELECT pg_reload_conf()")
    folder = Path(tempfile.mkdtemp(prefix="mediator-pg-standby-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    standby = Cluster(primary.bin_dir, folder, _free_port())
    backup = [str(_tool(primary.bin_dir, "pg_basebackup")), "-h", "127.0.0.1", "-p", str(primary.port), "-U", SUPERUSER]
    backup += ["-D", str(standby.data), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast"]
    try:
        subprocess.run(_as_server_user(backup), check=True, capture_output=True)
        with (standby.data / "postgresql.conf").open("a") as conf:  # the primary's lines are copied: these win
            conf.write(
                f"port = {standby.port}\nunix_socket_directories = '{standby.data}'\n"
                "hot_standby = on\nhot_standby_feedback = on\n"
            )
        standby.start()
        _wait_until(lambda: _one(standby, "SELECT pg_is_in_recovery()") is True)
    except BaseException:
        stop_cluster(standby)
        raise
    return standby


def _tool(bin_dir: Path, name: str) -> Path:
    """A server program beside pg_ctl: on PATH only pg_ctl and initdb may be linked (as here, in
    /usr/local/bin), the others stay in the folder the link points to."""
    here = bin_dir / name
    return here if here.exists() else Path(os.path.realpath(bin_dir / "pg_ctl")).parent / name


def wait_replayed(primary: Cluster, standby: Cluster, timeout_s: float = 30.0) -> float:
    """Wait until `standby` has replayed everything `primary` wrote so far; the seconds it took."""
    import time

    target = _one(primary, "SELECT pg_current_wal_lsn()::text")
    began = time.monotonic()
    _wait_until(lambda: _one(standby, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") is True, timeout_s)
    return time.monotonic() - began


def wait_true(cluster: Cluster, sql: str, database: str = "postgres", timeout_s: float = 30.0) -> None:
    """Wait until `sql` (one boolean) is true on `cluster`: a standby shows what a test needs to see
    (replayed to the primary's LSN, it still read the old row once in CI: the test waits for the row)."""
    _wait_until(lambda: _one(cluster, sql, database) is True, timeout_s)


def _one(cluster: Cluster, sql: str, database: str = "postgres") -> object:
    import psycopg

    with psycopg.connect(cluster.libpq(database), autocommit=True) as conn:
        row = conn.execute(sql).fetchone()  # type: ignore[arg-type]
    return None if row is None else row[0]


def _wait_until(done: Callable[[], bool], timeout_s: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        with contextlib.suppress(Exception):  # a server still starting refuses connections
            if done():
                return
        if time.monotonic() > deadline:
            raise TimeoutError("the PostgreSQL standby did not catch up in time")
        time.sleep(0.05)


@contextlib.contextmanager
def running_cluster() -> Iterator[Cluster]:
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        stop_cluster(cluster)
