"""`mediator-cli transfer`: a room's SQLite file into a PostgreSQL database and back, every row kept
and verified, all or nothing, and a second run recognised (storage/copy_db.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediator_app.services import cases as svc
from mediator_app.services import demo, search
from mediator_app.storage import copy_db
from mediator_app.storage.database import Database
from tests.clirun import Run
from tests.engines import new_location
from tests.factories import make_case
from tests.pgcluster import Cluster


@pytest.fixture
def room(tmp_path: Path) -> Path:
    """A village room's file: a committee, 40 demo cases in every stage, with records and audit rows."""
    path = tmp_path / "桃源村.sqlite3"
    db = svc.open_database(path)
    demo.fill_demo(db, 40, seed=5)
    db.close()
    return path


def _everything(db: Database) -> list[object]:
    return [(svc.get_case(db, c.id), c) for c in svc.list_cases(db)]


def test_a_room_moves_into_the_centre_and_back_with_every_row(
    room: Path, pg_cluster: Cluster | None, tmp_path: Path, run: Run
) -> None:
    with new_location("postgresql", pg_cluster, tmp_path / "unused") as url:
        assert isinstance(url, str)
        code, out, err = run("transfer", "--from", str(room), "--to", url)
        assert code == 0, err
        assert "已迁移到" in out and "案件（dispute_case）：40 条" in out and "password" not in out
        source, centre = svc.open_database(room), svc.open_database(url)
        try:
            assert _everything(centre) == _everything(source)
            name = svc.get_case(source, svc.list_cases(source)[0].id).parties[0].name
            assert [h.number for h in search.search(centre, name).hits] == [
                h.number for h in search.search(source, name).hits
            ]
            with source.engine.connect() as a, centre.engine.connect() as b:
                assert copy_db.checksums(a) == copy_db.checksums(b)
            # Run again (a technician unsure whether it finished): recognised, nothing written twice.
            code, out, _ = run("transfer", "--from", str(room), "--to", url)
            assert code == 0 and "以前已迁移完成" in out
            # The centre goes on: new ids and the next number of the year, no clash with copied rows.
            added = svc.register_case(centre, make_case(2))
            assert added.id is not None and added.id > max(c.id for c in svc.list_cases(source))
            # ... and back into a new file.
            back = tmp_path / "回迁.sqlite3"
            assert run("transfer", "--from", url, "--to", str(back))[0] == 0
            returned = svc.open_database(back)
            try:
                assert _everything(returned) == _everything(centre)
            finally:
                returned.close()
            # A file that holds other data is refused as a target, untouched.
            code, _, err = run("transfer", "--from", url, "--to", str(room))
            assert code != 0 and "已有其他数据" in err and "没有写入任何内容" in err
        finally:
            source.close()
            centre.close()


def test_an_interrupted_transfer_leaves_the_target_as_it_was_and_is_run_again(
    room: Path, pg_cluster: Cluster | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_table = copy_db._copy_table
    copied: list[str] = []

    def cut_after_three(src: object, dst: object, table: object) -> None:
        if len(copied) == 3:
            raise ConnectionError("the cable was pulled")
        copy_table(src, dst, table)  # type: ignore[arg-type]
        copied.append(str(table))

    with new_location("postgresql", pg_cluster, tmp_path / "unused") as url:
        source, centre = svc.open_database(room), svc.open_database(url)
        try:
            monkeypatch.setattr(copy_db, "_copy_table", cut_after_three)
            with pytest.raises(ConnectionError):
                copy_db.copy_database(source.engine, centre.engine)
            with centre.engine.connect() as conn:
                assert all(s.rows == 0 for s in copy_db.checksums(conn).values())  # nothing half-written
            monkeypatch.setattr(copy_db, "_copy_table", copy_table)
            result = copy_db.copy_database(source.engine, centre.engine)
            assert not result.already_done and result.sums["dispute_case"].rows == 40
            assert _everything(centre) == _everything(source)
        finally:
            source.close()
            centre.close()
