"""Where things are: bundled resources and forms (source tree or frozen bundle), and the user's data.

`resource_path()` is the one way to find a shipped file; it works from a source checkout, an
editable install and a PyInstaller bundle (``sys._MEIPASS``). No Qt here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mediator_app import APP_NAME

DB_ENV_VAR = "MEDIATOR_DB"
STATS_ENV_VAR = "MEDIATOR_STATS_DB"  # the statistics' read replica (docs/centre.md)


def bundle_root() -> Path:
    """The folder that holds `resources/` and `forms/`."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return bundle_root().joinpath("resources", *parts)


def docs_path(*parts: str) -> Path:
    """The user guide and its pictures (帮助 → 使用说明)."""
    return bundle_root().joinpath("docs", *parts)


def forms_path(*parts: str) -> Path:
    return bundle_root().joinpath("forms", *parts)


def migrations_path() -> Path:
    return Path(__file__).resolve().parent / "storage" / "migrations"


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def user_log_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def user_cache_dir() -> Path:
    """Files the program can rebuild at any time (parsed font tables)."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


SERVER_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_server_url(text: str) -> bool:
    """Whether a ``--db`` value names a PostgreSQL server (a township centre, docs/centre.md), not a file."""
    return text.strip().lower().startswith(SERVER_SCHEMES)


def database_location(cli_value: str | None = None) -> Path | str:
    """The database: a ``postgresql://`` URL (from ``--db`` or $MEDIATOR_DB) as given; else the file
    either names; else the server saved in 设置 → 数据库 (`saved_server`); else the default file."""
    for value in (cli_value, None if cli_value else os.environ.get(DB_ENV_VAR)):
        if value and is_server_url(value):
            return value.strip()
    if not cli_value and not os.environ.get(DB_ENV_VAR):
        saved = saved_server()
        if saved is not None:
            return saved
    return default_db_path(cli_value)


def saved_server_file() -> Path:
    """Where 设置 → 数据库 keeps this computer's server address (the user data folder, not QSettings:
    `mediator-cli` reads it too, without Qt)."""
    return user_data_dir() / "server.txt"


def saved_server() -> str | None:
    """The server address saved in 设置 → 数据库, or None (this computer works on its own file)."""
    return _saved_url(saved_server_file())


def save_server(url: str | None) -> None:
    """Keep `url` for the next start (None: back to this computer's own file)."""
    _save_url(saved_server_file(), url)


def _saved_url(source: Path) -> str | None:
    try:
        text = source.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return text if is_server_url(text) else None


def _save_url(target: Path, url: str | None) -> None:
    """Only this user may read the file: the address may carry a password (a password file, pgpass,
    is better: docs/centre.md)."""
    if url is None:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(url.strip() + "\n")


def saved_stats_server_file() -> Path:
    """Where 设置 → 数据库 keeps the address of the statistics' read replica (docs/centre.md)."""
    return user_data_dir() / "stats-server.txt"


def saved_stats_server() -> str | None:
    return _saved_url(saved_stats_server_file())


def save_stats_server(url: str | None) -> None:
    """Keep the read replica's address (None: the statistics read the database itself)."""
    _save_url(saved_stats_server_file(), url)


def stats_location(cli_value: str | None = None) -> str | None:
    """The read replica the statistics read from: ``--stats-db``, else $MEDIATOR_STATS_DB, else the one
    saved in 设置 → 数据库; None: they read the database the program works on."""
    for value in (cli_value, os.environ.get(STATS_ENV_VAR)):
        if value and value.strip():
            return value.strip()
    return saved_stats_server()


def status_location(location: Path | str) -> str:
    """The status bar's note of where the cases are kept (数据文件 or 数据库服务器)."""
    return f"{'数据文件' if isinstance(location, Path) else '数据库服务器'}：{display_location(location)}"


def display_location(location: Path | str) -> str:
    """The database as shown in the status bar: a file's path, or a server URL without its password
    and parameters (libpq also takes ``?password=…``). Standard library only: shown before the first paint."""
    if isinstance(location, Path):
        return str(location)
    from urllib.parse import urlsplit

    parts = urlsplit(location)
    host = parts.hostname or ""
    where = f"{parts.username}@{host}" if parts.username else host
    return f"{parts.scheme}://{where}{f':{parts.port}' if parts.port else ''}{parts.path}"


def masked_url(url: str) -> str:
    """The address as typed, its password (if any) shown as ``***`` (设置 → 数据库)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    if parts.password is None:
        return url.strip()
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def server_drafts_anchor(location: str) -> Path:
    """Where the drafts of a workstation working on a server are kept (a file's drafts are beside it):
    one folder per server and database in the user data folder, never the password."""
    import hashlib

    key = hashlib.sha256(display_location(location).encode("utf-8")).hexdigest()[:16]
    return user_data_dir() / "server-drafts" / key / "server"


def default_db_path(cli_value: str | None = None) -> Path:
    """The database file: ``--db`` if given, else $MEDIATOR_DB, else the user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "mediation.sqlite3"
