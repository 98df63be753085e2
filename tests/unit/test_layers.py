"""The layering rule is checked by the same script CI runs; here it also proves the checker can fail."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "check_layers", Path(__file__).resolve().parents[2] / "tools" / "check_layers.py"
)
assert _spec and _spec.loader
check_layers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_layers)


def test_project_respects_layers() -> None:
    assert check_layers.violations() == []


def test_checker_flags_qt_in_domain(tmp_path: Path) -> None:
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "bad.py").write_text("from PySide6.QtCore import QObject\nimport sqlalchemy\n")
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "ok.py").write_text("from PySide6.QtWidgets import QWidget\n")
    found = check_layers.violations(tmp_path)
    assert len(found) == 2
    assert "outside ui/" in found[0] and "must not import sqlalchemy" in found[1]


def test_checker_keeps_procedure_below_storage(tmp_path: Path) -> None:
    (tmp_path / "procedure").mkdir()
    (tmp_path / "procedure" / "bad.py").write_text(
        "from mediator_app.storage import repository\nimport sqlalchemy\nfrom mediator_app.domain import stages\n"
    )
    found = check_layers.violations(tmp_path)
    assert len(found) == 2
    assert all("procedure/ must not import" in line for line in found)


MAX_MODULE_LINES = 500  # CONTRIBUTING.md: no module over 500 lines, migrations aside


def test_no_module_is_over_500_lines() -> None:
    root = Path(__file__).resolve().parents[2]
    long = [
        f"{path.relative_to(root)}: {lines} lines"
        for top in ("mediator_app", "tests", "tools", "bench")
        for path in sorted((root / top).rglob("*.py"))
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert long == []
