"""The UI's road to the services: every screen module and every data type the screens hold imports
without SQLAlchemy, SQLModel or Alembic (those load on the database thread with `services.desk`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What the screens hold at run time: the domain model, the stages, the errors, the case list's query
# and rows, search results, earlier disputes.
TYPE_MODULES = (
    "mediator_app.domain.model",
    "mediator_app.domain.records",
    "mediator_app.domain.stages",
    "mediator_app.errors",
    "mediator_app.services.caselist",
    "mediator_app.services.search",
    "mediator_app.services.history",
)
HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "pydantic",
    "mediator_app.storage.database",
    "mediator_app.services.desk",
    "mediator_app.services.cases",
    "mediator_app.services.procedure",
)


@pytest.mark.slow
def test_ui_and_its_data_types_import_without_sqlalchemy(tmp_path: Path) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import mediator_app.ui as ui\n"
        "names = [m.name for m in pkgutil.walk_packages(ui.__path__, 'mediator_app.ui.')]\n"
        f"names += {list(TYPE_MODULES)!r}\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len(names), ' '.join(sorted(sys.modules)))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 0, result.stderr
    count, *loaded = result.stdout.split()
    assert int(count) > 40 and "mediator_app.ui.caselist.pane" in loaded  # it did import the screens
    assert "mediator_app.ui.main_window" in loaded and "mediator_app.ui.procedure.pane" in loaded
    assert not {m for m in loaded for h in HEAVY if m == h or m.startswith(h + ".")}


# What a print command (`mediator-cli render …`, a process of its own) does not import: the other
# commands' modules, `cli.commands` among them (the parser and the dispatch skip them: cli/parser.py,
# cli/main.py, cli/render_commands.py), the column tables and domain modules of the features no
# document reads (storage/feature_columns.py), the dossier's contents types (made only for a dossier)
# and the audit chain's check (a print writes its row and never checks).
NOT_FOR_A_PRINT = (
    "mediator_app.cli.commands",
    "mediator_app.cli.table",
    "mediator_app.cli.audit_commands",
    "mediator_app.cli.backup_commands",
    "mediator_app.cli.committee_commands",
    "mediator_app.cli.hotline_commands",
    "mediator_app.cli.platform_commands",
    "mediator_app.cli.privacy_commands",
    "mediator_app.cli.report_commands",
    "mediator_app.cli.subsidy_commands",
    "mediator_app.cli.transfer_commands",
    "mediator_app.cli.workorder_commands",
    "mediator_app.storage.feature_columns",
    "mediator_app.domain.statistics",
    "mediator_app.domain.hotline",
    "mediator_app.domain.satisfaction",
    "mediator_app.documents.dossier_info",
    "mediator_app.storage.audit_check",
)


@pytest.mark.slow
def test_a_print_command_imports_only_what_printing_needs(tmp_path: Path) -> None:
    out = tmp_path / "空白.pdf"
    code = (
        "import sys\n"
        "from mediator_app.cli.main import main\n"
        f"assert main(['render', 'rights_notice', '--blank', '-o', {str(out)!r}]) == 0\n"
        "import mediator_app.services.printing, mediator_app.storage.loader\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert out.read_bytes().startswith(b"%PDF") and "mediator_app.documents.compose" in loaded  # it did print
    assert not loaded & set(NOT_FOR_A_PRINT)
    # The whole command line still offers every command (the parser for anything but a print).
    code = "from mediator_app.cli.main import main\nraise SystemExit(main(['hotline', '--help']))\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 0 and "12345" in result.stdout, result.stderr
