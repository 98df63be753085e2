"""设置 → 数据库's connection test against a real PostgreSQL server (storage/server_probe.py): connected,
with the server's version and the schema's state; refused; wrong password; no such user or database.
And where the address is kept for the next start (paths.save_server, database_location)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediator_app import paths
from mediator_app.errors import UserFacingError
from mediator_app.storage.server_probe import ServerCheck, check_server
from tests import engines
from tests.pgcluster import SUPERUSER, Cluster

PROBE_USER, PROBE_PASSWORD = "probe_desk", "right-pass-2026"


@pytest.fixture(scope="module")
def server(pg_cluster: Cluster | None) -> Iterator[Cluster]:
    """The session's cluster with one login that must give its password (scram-sha-256), the rule
    put first in pg_hba.conf so that the other logins stay as they were (trust)."""
    cluster = engines.require(pg_cluster)
    cluster.execute(f"CREATE ROLE {PROBE_USER} LOGIN PASSWORD '{PROBE_PASSWORD}'")
    hba = cluster.data / "pg_hba.conf"
    before = hba.read_text()
    hba.write_text(f"host all {PROBE_USER} 127.0.0.1/32 scram-sha-256\n{before}")
    cluster.execute("SELECT pg_reload_conf()")
    yield cluster
    hba.write_text(before)
    cluster.execute("SELECT pg_reload_conf()")
    cluster.execute(f"DROP ROLE {PROBE_USER}")


def _url(cluster: Cluster, database: str, login: str = SUPERUSER) -> str:
    return f"postgresql://{login}@127.0.0.1:{cluster.port}/{database}"


def test_a_migrated_database_is_connected_with_its_version_and_schema(server: Cluster) -> None:
    found = check_server(_url(server, engines.TEMPLATE_DB))
    assert found.ok and found.message.startswith("已连接：PostgreSQL ") and "数据表与本程序的版本一致" in found.message
    # A staff login before the technician's grants (docs/centre.md, section 2), then after them.
    server.execute(f"CREATE DATABASE probe_grants TEMPLATE {engines.TEMPLATE_DB}")
    try:
        password = f"postgresql://{PROBE_USER}:{PROBE_PASSWORD}@127.0.0.1:{server.port}/probe_grants"
        found = check_server(password)
        assert not found.ok and "没有读写调解工作台数据表的权限" in found.message
        server.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {PROBE_USER}", "probe_grants")
        found = check_server(password)
        assert found.ok and "数据表与本程序的版本一致" in found.message and PROBE_PASSWORD not in found.message
    finally:
        server.execute("DROP DATABASE probe_grants WITH (FORCE)")


def test_an_empty_database_says_how_to_create_the_tables(server: Cluster) -> None:
    server.execute("CREATE DATABASE probe_empty")
    try:
        found = check_server(_url(server, "probe_empty"))
    finally:
        server.execute("DROP DATABASE probe_empty WITH (FORCE)")
    assert found.ok and "还没有调解工作台的数据表" in found.message and "init" in found.message


def test_the_reasons_a_connection_fails_are_told_in_chinese(server: Cluster) -> None:
    wrong = f"postgresql://{PROBE_USER}:wrong@127.0.0.1:{server.port}/{engines.TEMPLATE_DB}"
    assert check_server(wrong) == ServerCheck(False, "用户名或密码不正确，服务器拒绝了登录")
    missing_db = check_server(_url(server, "no_such_db"))
    assert not missing_db.ok and missing_db.message.startswith("服务器上没有这个数据库（no_such_db）")
    missing_user = check_server(_url(server, engines.TEMPLATE_DB, "nobody_here"))
    assert not missing_user.ok and missing_user.message == "服务器上没有这个用户名（nobody_here）"
    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    refused = check_server(f"postgresql://{SUPERUSER}@127.0.0.1:{closed}/x")
    assert not refused.ok and refused.message.startswith("服务器拒绝连接")
    with pytest.raises(UserFacingError, match="数据库地址格式不对"):
        check_server("postgresql://desk@server:port/x")


def test_the_saved_address_is_where_the_next_start_looks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "user_data_dir", lambda: tmp_path / "data")
    monkeypatch.delenv(paths.DB_ENV_VAR, raising=False)
    assert paths.saved_server() is None
    assert paths.database_location() == tmp_path / "data" / "mediation.sqlite3"
    url = "postgresql://desk01:secret@192.168.1.10:5432/mediation?sslmode=verify-full"
    paths.save_server(url)
    assert paths.database_location() == url and paths.saved_server() == url
    assert paths.saved_server_file().stat().st_mode & 0o077 == 0  # only this user may read the password
    assert paths.masked_url(url) == "postgresql://desk01:***@192.168.1.10:5432/mediation?sslmode=verify-full"
    assert paths.database_location("other.sqlite3") == Path("other.sqlite3")  # --db wins
    monkeypatch.setenv(paths.DB_ENV_VAR, str(tmp_path / "env.sqlite3"))
    assert paths.database_location() == tmp_path / "env.sqlite3"  # and the environment variable
    paths.save_server(None)
    monkeypatch.delenv(paths.DB_ENV_VAR)
    assert paths.database_location() == tmp_path / "data" / "mediation.sqlite3"
