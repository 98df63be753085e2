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


def default_db_path(cli_value: str | None = None) -> Path:
    """The database file: ``--db`` if given, else $MEDIATOR_DB, else the user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "mediation.sqlite3"
