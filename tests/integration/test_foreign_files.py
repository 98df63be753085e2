"""Only this program's databases are opened for writing: anything else is refused, its bytes unchanged."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mediator_app.errors import UserFacingError
from mediator_app.services import cases as svc
from mediator_app.storage.engine import APPLICATION_ID, NotOurFile


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def foreign_sqlite(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('张三', '13800000000')")
        conn.commit()


def random_bytes(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def other_app_id(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.commit()


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (foreign_sqlite, "其他程序的数据文件"),
        (random_bytes, "不是数据文件"),
        (zero_bytes, "空文件"),
        (other_app_id, "其他程序的数据文件"),
    ],
)
def test_a_file_that_is_not_ours_is_refused_untouched(tmp_path: Path, make: object, said: str, run: object) -> None:
    path = tmp_path / "x.sqlite3"
    make(path)  # type: ignore[operator]
    before = digest(path)
    with pytest.raises(NotOurFile, match=said):
        svc.open_database(path)
    assert digest(path) == before
    code, _out, err = run("--db", str(path), "list")  # type: ignore[operator]
    assert code == 2
    assert said in err
    assert "Traceback" not in err
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="文件夹"):
        svc.open_database(tmp_path)


def test_a_new_file_is_created_and_marked_as_ours(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    svc.open_database(path).close()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    svc.open_database(path).close()  # and opened again


def test_a_file_of_an_earlier_version_is_accepted_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    svc.open_database(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA application_id = 0")  # as every file written before the marker existed
        conn.commit()
    svc.open_database(path).close()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
