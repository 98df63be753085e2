"""The command line's lean print path (the printing service's SqliteStore over storage.loader) against the normal path.

Same PDF byte for byte, same audit row, same messages and exit codes; the normal path takes over
for a file it must migrate or refuse; and the lean path imports no database stack.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mediator_app.services import cases as svc
from mediator_app.services import printing
from mediator_app.storage import loader
from mediator_app.storage.migrate import head_revision
from tests import docfixtures
from tests.factories import make_case
from tests.pdfcheck import page_count, pdf_text

Run = Callable[..., tuple[int, str, str]]
# What the lean print path must not import: the database stack (≈0.8 s), and what only encrypted files,
# accounts or logging to a file need (keyring backends, cryptography, sqlcipher3, argon2, email/http).
HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "alembic",
    "keyring",
    "cryptography",
    "sqlcipher3",
    "argon2",
    "email",
    "http",
)


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, docfixtures.Fixture]]:
    path = tmp_path_factory.mktemp("printing") / "调解 室.sqlite3"
    fx = docfixtures.build(path)
    yield path, fx
    fx.db.close()


class Paths:
    """Runs a command on the lean path and on the normal one (SqliteStore.open patched to say no)."""

    def __init__(self, run: Run, monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
        self.run, self.monkeypatch, self.db = run, monkeypatch, db
        self.opened: list[bool] = []
        real = printing.SqliteStore.open.__func__  # type: ignore[attr-defined]

        def spy(cls: type[printing.SqliteStore], path: Path) -> printing.SqliteStore | None:
            store: printing.SqliteStore | None = real(cls, path)
            self.opened.append(store is not None)
            return store

        monkeypatch.setattr(printing.SqliteStore, "open", classmethod(spy))

    def fast(self, *argv: str) -> tuple[int, str, str]:
        self.opened.clear()
        result = self.run("--db", str(self.db), *argv)
        assert self.opened == [True], "the lean path was not taken"
        return result

    def normal(self, *argv: str) -> tuple[int, str, str]:
        with self.monkeypatch.context() as m:
            m.setattr(printing.SqliteStore, "open", classmethod(lambda _cls, _path: None))
            return self.run("--db", str(self.db), *argv)


@pytest.fixture
def paths(run: Run, monkeypatch: pytest.MonkeyPatch, fixture_db: tuple[Path, docfixtures.Fixture]) -> Paths:
    return Paths(run, monkeypatch, fixture_db[0])


def _last_audit(db: Path) -> tuple[object, ...]:
    with sqlite3.connect(db) as conn:
        row: tuple[object, ...] = conn.execute(
            "SELECT id, at, actor, case_id, action, detail FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    conn.close()
    return row


def _number(fx: docfixtures.Fixture, case_id: int) -> str:
    return svc.get_case(fx.db, case_id).number


@pytest.mark.parametrize(
    "argv",
    [
        ("render", "agreement", "{agreement}"),
        ("render", "dossier", "{agreement}"),
        ("render", "session_record", "{agreement}", "--item", "2"),
        ("render", "power_of_attorney", "{agreement}", "--arabic-dates"),
        ("render", "confirmation_application", "{agreement}", "--court", "北京市朝阳区人民法院"),
        ("render", "dossier_contents", "{agreement}"),
        ("render", "oral_agreement_register", "{oral}"),
        ("render", "termination_notice", "{terminated}"),
    ],
)
def test_same_pdf_same_audit_row_same_output(
    paths: Paths, fixture_db: tuple[Path, docfixtures.Fixture], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    db, fx = fixture_db
    numbers = {
        "agreement": _number(fx, fx.agreement),
        "oral": _number(fx, fx.oral),
        "terminated": _number(fx, fx.terminated),
    }
    argv = tuple(a.format(**numbers) for a in argv)
    results, pdfs, audits = [], [], []
    for name, runner in (("normal", paths.normal), ("fast", paths.fast)):
        before = _last_audit(db)
        out_file = tmp_path / f"{name}.pdf"
        code, out, err = runner(*argv, "-o", str(out_file))
        assert code == 0, err
        results.append((code, out.replace(str(out_file), "OUT"), err))
        pdfs.append(out_file.read_bytes())
        audit = _last_audit(db)
        assert audit[0] == before[0] + 1  # exactly one row
        audits.append(audit[1:])
    assert results[0] == results[1]
    assert pdfs[0] == pdfs[1] and pdfs[0].startswith(b"%PDF")
    (_, *normal_row), (fast_at, *fast_row) = audits
    assert fast_row == normal_row and fast_row[0] == "本机用户"
    assert len(str(fast_at)) == len(str(audits[0][0])) and str(fast_at) >= str(audits[0][0])  # same format, later


@pytest.mark.parametrize("path", ["fast", "normal"])
def test_a_render_command_opens_its_store_once_and_loads_the_case_once(
    paths: Paths,
    fixture_db: tuple[Path, docfixtures.Fixture],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
) -> None:
    from mediator_app.storage import repository
    from mediator_app.storage.database import Database

    _, fx = fixture_db
    number = _number(fx, fx.agreement)
    loads: list[int] = []
    opens: list[object] = []
    real_open = Database.open.__func__  # type: ignore[attr-defined]

    def counted(module: Any) -> None:  # either loader (sqlite3 or the ORM repository) counts
        real = module.load_case

        def load(conn: Any, case_id: int) -> object:
            loads.append(case_id)
            return real(conn, case_id)

        monkeypatch.setattr(module, "load_case", load)

    def counted_open(cls: type[Database], target: object) -> Database:
        opens.append(target)
        db: Database = real_open(cls, target)
        return db

    counted(loader)
    counted(repository)
    monkeypatch.setattr(Database, "open", classmethod(counted_open))
    for argv in (
        ("render", "agreement", number),
        ("render", "session_record", number, "--item", "2"),
        ("render", "dossier", number),
        ("render", "dossier_contents", number),
        ("render", "confirmation", number, "--court", docfixtures.COURT),
    ):
        loads.clear()
        opens.clear()
        code, _, err = getattr(paths, path)(*argv, "-o", str(tmp_path / "x.pdf"))
        assert code == 0 or "不能生成司法确认申请材料" in err, err
        assert loads == [fx.agreement], argv  # the number resolved, the case loaded once
        assert len(opens) == (0 if path == "fast" else 1), argv


def test_short_and_ascii_numbers(paths: Paths, fixture_db: tuple[Path, docfixtures.Fixture], tmp_path: Path) -> None:
    _, fx = fixture_db
    number = _number(fx, fx.agreement)  # （2026）望京西园调字第1号
    for text in (number, number.replace("（", "(").replace("）", ")"), f" 2026-{number.split('第')[1][:-1]} "):
        code, out, err = paths.fast("render", "agreement", text, "-o", str(tmp_path / "a.pdf"))
        assert code == 0 and number in out, err


@pytest.mark.parametrize(
    "argv",
    [
        ("render", "agreement", "2026-99"),  # no such case
        ("render", "agreement", "（1999）某某调字第1号"),
        ("render", "agreement", "{declined}"),  # no agreement: ValidationError naming the fields
        ("render", "termination_notice", "{declined}"),  # requires a termination
        ("render", "session_record", "{agreement}", "--item", "7"),  # no seventh record
        ("render", "dossier", "2026-99"),
    ],
)
def test_same_errors_and_exit_codes(
    paths: Paths, fixture_db: tuple[Path, docfixtures.Fixture], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    db, fx = fixture_db
    argv = tuple(a.format(declined=_number(fx, fx.declined), agreement=_number(fx, fx.agreement)) for a in argv)
    before = _last_audit(db)
    out_file = tmp_path / "x.pdf"
    normal = paths.normal(*argv, "-o", str(out_file))
    fast = paths.fast(*argv, "-o", str(out_file))
    assert fast == normal
    assert fast[0] == 2 and fast[1] == "" and fast[2].startswith("错误：") and "Traceback" not in fast[2]
    assert not out_file.exists() and _last_audit(db) == before  # nothing written, nothing audited


def test_no_committee(run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    db_path = tmp_path / "bare.sqlite3"
    db = svc.open_database(db_path)
    db.close()
    paths = Paths(run, monkeypatch, db_path)
    assert paths.fast("render", "agreement", "2026-1", "-o", str(tmp_path / "a.pdf")) == paths.normal(
        "render", "agreement", "2026-1", "-o", str(tmp_path / "a.pdf")
    )


# ---------------------------------------------------------------- files the normal path must handle


def _revision(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    conn.close()
    return rows


def _database_at_first_revision(path: Path, source: Path) -> None:
    """A file as the first release wrote it (revision 0001), holding the cases of `source`."""
    from alembic import command

    from mediator_app.storage.engine import SqliteFile
    from mediator_app.storage.migrate import alembic_config

    engine = SqliteFile(path).create_engine()
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("ATTACH DATABASE ? AS src", (str(source),))
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' "
                "AND name NOT IN ('alembic_version') AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            columns = ", ".join(r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}")'))
            conn.execute(f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM src."{table}"')
    conn.close()


def test_older_database_is_migrated_by_the_normal_path(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "source.sqlite3"
    db = docfixtures.open_fixture_db(source)
    saved = svc.register_case(db, make_case())
    assert saved.id is not None
    docfixtures.mediated(db, saved.id)
    db.close()
    old = tmp_path / "old.sqlite3"
    _database_at_first_revision(old, source)
    assert _revision(old) == ["0001"]
    paths = Paths(run, monkeypatch, old)
    code, out, err = paths.run("--db", str(old), "render", "agreement", saved.number, "-o", str(tmp_path / "1.pdf"))
    assert code == 0, err
    assert paths.opened == [False] and saved.number in out
    assert _revision(old) == [head_revision()]  # migrated
    code, _, err = paths.fast("render", "agreement", saved.number, "-o", str(tmp_path / "2.pdf"))  # now lean
    assert code == 0, err
    assert (tmp_path / "1.pdf").read_bytes() == (tmp_path / "2.pdf").read_bytes()


def test_newer_database_is_refused_with_the_normal_message(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    newer = tmp_path / "newer.sqlite3"
    svc.open_database(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = newer.read_bytes()
    paths = Paths(run, monkeypatch, newer)
    code, out, err = paths.run("--db", str(newer), "render", "agreement", "2026-1", "-o", str(tmp_path / "a.pdf"))
    assert paths.opened == [False]
    assert (code, out) == (2, "") and "更新版本" in err and "9999_from_the_future" in err
    assert newer.read_bytes() == before


def test_missing_file_or_not_a_database(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite3"
    code, _, err = run("--db", str(missing), "render", "dossier", "2026-1", "-o", str(tmp_path / "a.pdf"))
    assert code == 2 and "找不到数据文件" in err and not missing.exists()
    text = tmp_path / "notes.txt"
    text.write_text("不是数据文件", encoding="utf-8")
    code, _, err = run("--db", str(text), "render", "agreement", "2026-1", "-o", str(tmp_path / "a.pdf"))
    assert code == 2 and "无法打开数据文件" in err and "Traceback" not in err


# ---------------------------------------------------------------- what the lean path imports


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDIATOR_DB"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH")]))
    return env


def test_the_lean_path_imports_no_database_stack(fixture_db: tuple[Path, docfixtures.Fixture], tmp_path: Path) -> None:
    db, fx = fixture_db
    number = _number(fx, fx.agreement)
    code = (
        "import sys\n"
        f"heavy = {HEAVY!r}\n"
        "import mediator_app.services.printing\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in heavy], 'import'\n"
        "from mediator_app.cli.main import main\n"
        f"for argv in (['render', 'agreement', {number!r}, '-o', {str(tmp_path / 'a.pdf')!r}],\n"
        f"             ['render', 'dossier', {number!r}, '-o', {str(tmp_path / 'd.pdf')!r}],\n"
        f"             ['render', 'rights_notice', '--blank', '-o', {str(tmp_path / 'b.pdf')!r}]):\n"
        f"    assert main(['--db', {str(db)!r}, *argv]) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120, env=_env())
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines()[-1] == "[]"
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert loader.can_read(db)


def test_form_names_as_listed(tmp_path: Path) -> None:
    listed = {f.form_id: f.name for f in printing.list_forms()}
    assert {form_id: printing.form_name(form_id) for form_id in listed} == listed
    assert printing.form_name("mediation_agreement") == "人民调解协议书"
    assert printing.form_name("no_such_form") == "no_such_form"
    (tmp_path / "rights_notice.v9.json").write_text("{broken", encoding="utf-8")
    assert printing.form_name("rights_notice", tmp_path) == ""  # as list_forms shows a broken file


def test_a_print_job_lists_the_forms_folders_once(
    fixture_db: tuple[Path, docfixtures.Fixture], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dossier loads a dozen forms; the shipped and the override folder are listed once for the job
    (services/printing/forms.form_loader), and a form of the committee's own is still the one used."""
    from mediator_app.documents import catalog

    _, fx = fixture_db
    listed: list[Path] = []
    real = catalog.form_files

    def counted(directory: Path, overridden: bool = False) -> dict[str, catalog.FormFile]:
        listed.append(directory)
        return real(directory, overridden)

    own = json.loads((catalog.shipped_dir() / "dossier_note.v1.json").read_text(encoding="utf-8"))
    own["name"] = "本委员会的卷宗情况说明"
    (tmp_path / "dossier_note.v2.json").write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(catalog, "form_files", counted)
    pdf = printing.render(printing.DatabaseStore(fx.db), printing.PrintJob.dossier(fx.agreement, forms_dir=tmp_path))
    assert sorted(map(str, listed)) == sorted([str(catalog.shipped_dir()), str(tmp_path)])
    assert page_count(pdf) > 10 and "本委员会的卷宗情况说明" in "".join(pdf_text(pdf).split())
