"""Testing a PostgreSQL address before a workstation is set to it (设置 → 数据库): connect once, read
the server's version and the schema's revision, and say in Chinese what stands in the way (refused,
unreachable, wrong password, no such user or database, not allowed from this computer, too old).
Opens no pool that stays, runs no migration, writes nothing. docs/centre.md, section 4.
"""

from __future__ import annotations

import re

from sqlalchemy.exc import DBAPIError

from mediator_app.frozen import frozen
from mediator_app.storage.migrate import current_revisions, head_revision, known_revisions
from mediator_app.storage.postgres import PostgresServer

MIN_SERVER_VERSION = 150_000  # PostgreSQL 15, the oldest the program is tested on (docs/centre.md, section 1)


@frozen
class ServerCheck:
    """The outcome of one connection test: `ok` when the program can work on this database."""

    ok: bool
    message: str


# What libpq or the server says, and what the technician is told (first match wins).
_REFUSALS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("password authentication failed",), "用户名或密码不正确，服务器拒绝了登录"),
    (("no password supplied", "fe_sendauth"), "服务器要求密码：请写在地址中，或写在这台电脑的密码文件（pgpass）中"),
    (("no pg_hba.conf entry",), "服务器不允许这台电脑连接：请技术人员在服务器的 pg_hba.conf 中加上这台电脑"),
    (("ssl", "certificate"), "加密连接（TLS）没有建立：请检查地址中的 sslmode 和根证书"),
    (("connection refused",), "服务器拒绝连接：地址或端口不对，或服务器上的 PostgreSQL 没有运行"),
    (
        ("timeout expired", "could not translate host name", "no route to host", "network is unreachable"),
        "连接不到服务器（超时或找不到这个地址）：请检查网线、服务器地址和防火墙",
    ),
)


def refusal(exc: DBAPIError) -> str:
    """The Chinese reason a connection (or its first read) was refused."""
    text = str(exc.orig)
    lower = text.lower()
    if missing := re.search(r'database "([^"]+)" does not exist', text):
        return f"服务器上没有这个数据库（{missing[1]}）：请检查地址最后的数据库名，或先按说明建立数据库"
    if missing := re.search(r'role "([^"]+)" does not exist', text):
        return f"服务器上没有这个用户名（{missing[1]}）"
    if "permission denied" in lower:
        return "已连接，但这个用户名没有读写调解工作台数据表的权限：请技术人员按说明文档 docs/centre.md 第2节授权"
    for phrases, message in _REFUSALS:
        if any(phrase in lower for phrase in phrases):
            return message
    return f"无法连接：{text.strip().splitlines()[-1] if text.strip() else type(exc.orig).__name__}"


def schema_state(revisions: tuple[str, ...]) -> tuple[bool, str]:
    """Whether this program can work on a database at `revisions`, and what to tell."""
    if not revisions:
        return True, (
            "数据库中还没有调解工作台的数据表：请技术人员用数据库所有者的账户运行一次 "
            "mediator-cli --db … init 建立（说明文档 docs/centre.md 第2节）"
        )
    if revisions == (head_revision(),):
        return True, "数据表与本程序的版本一致"
    if set(revisions) <= known_revisions():
        return True, f"数据表是旧版本（{', '.join(revisions)}）：用所有者账户第一次连接时自动升级"
    return False, f"数据表由更新版本的调解工作台建立（{', '.join(revisions)}）：请先把这台电脑上的程序升级到最新版本"


def check_server(url: str) -> ServerCheck:
    """Connect to `url` once and say what is there (raises UserFacingError for an address that is not
    one: the same message as at start)."""
    target = PostgresServer(url)
    engine = target.create_engine()
    try:
        with engine.connect() as conn:
            version = str(conn.exec_driver_sql("SHOW server_version").scalar())
            number = int(str(conn.exec_driver_sql("SHOW server_version_num").scalar()))
            revisions = current_revisions(conn)
            standby = bool(conn.exec_driver_sql("SELECT pg_is_in_recovery()").scalar())
    except DBAPIError as exc:
        return ServerCheck(False, refusal(exc))
    finally:
        engine.dispose()
    if number < MIN_SERVER_VERSION:
        return ServerCheck(False, f"已连接，但服务器是 PostgreSQL {version}，本程序需要 15 或更新的版本")
    usable, state = schema_state(revisions)
    if standby:  # a streaming read replica: the statistics may read it, nobody can save on it
        state += "。这是只读的热备库：可以用作统计库，不能保存案件"
    return ServerCheck(usable, f"已连接：PostgreSQL {version}，{target.describe()}。{state}")
