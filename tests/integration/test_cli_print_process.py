"""The print command as its own process: the parser of the named document alone, the collector off and
the fast exit of `run` (mediator_app/cli/main.py), with nothing lost on the way out."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediator_app.cli import main as cli_main
from mediator_app.cli.parser import _named_document, build_parser, chinese_argparse
from mediator_app.services import cases
from tests import docfixtures

ARGVS = [
    ["render", "agreement", "2026-1", "-o", "a.pdf"],
    ["--db", "x.sqlite3", "render", "agreement", "2026-1", "-o", "a.pdf", "--court", "某法院", "--arabic-dates"],
    ["render", "dossier", "2026-1", "-o", "d.pdf", "--db", "y.sqlite3"],
    ["render", "confirmation", "2026-1", "-o", "c.pdf", "--court", "某法院"],
    ["render", "session_record", "2026-1", "--item", "2", "-o", "s.pdf"],
    ["render", "rights_notice", "--blank", "-o", "b.pdf"],
    ["--db", "render", "list"],
]


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    with chinese_argparse():
        return parser.parse_args(argv)


@pytest.mark.parametrize("argv", ARGVS)
def test_the_parser_of_the_named_document_alone_parses_as_the_whole_one(argv: list[str]) -> None:
    whole = build_parser([])
    assert _parse(build_parser(argv), argv) == _parse(whole, argv)


def _render_choices(parser: argparse.ArgumentParser) -> list[str]:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    render = commands.choices["render"]
    documents = next(a for a in render._actions if isinstance(a, argparse._SubParsersAction))
    return list(documents.choices)


def test_only_a_named_known_document_prunes_the_parser() -> None:
    assert _render_choices(build_parser(["render", "agreement", "1", "-o", "a.pdf"])) == ["agreement"]
    assert _render_choices(build_parser(["render", "dossier_cover", "--blank", "-o", "a.pdf"])) == ["dossier_cover"]
    whole = _render_choices(build_parser([]))
    assert {"agreement", "dossier", "confirmation", "mediation_agreement", "dossier_cover"} <= set(whole)
    for argv in (["render", "nosuch", "-o", "a.pdf"], ["render", "agreement", "--help"], ["render"], ["list"]):
        assert _named_document(argv) is None
        assert _render_choices(build_parser(argv)) == whole
    assert _named_document(["--db", "render", "render", "dossier"]) == "dossier"


def test_usage_errors_read_the_same_with_the_pruned_parser(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["render", "agreement", "2026-1"]  # no -o
    messages = []
    for parser in (build_parser(argv), build_parser([])):
        with pytest.raises(SystemExit) as exc:
            _parse(parser, argv)
        assert exc.value.code == 2
        messages.append(capsys.readouterr().err)
    assert messages[0] == messages[1]
    assert "缺少必填参数：-o/--output" in messages[0]


@pytest.fixture
def collector_on() -> Iterator[None]:
    yield
    gc.enable()


@pytest.mark.usefixtures("collector_on")
def test_run_collects_garbage_again_for_a_command_that_is_not_a_print(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["mediator-cli", "forms"])
    with pytest.raises(SystemExit) as exc:
        cli_main.run()
    assert exc.value.code == 0 and gc.isenabled()
    assert "mediation_agreement" in capsys.readouterr().out


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDIATOR_DB"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH")]))
    return env


def test_a_print_in_a_process_of_its_own_leaves_its_output_complete(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    fx = docfixtures.build(db)
    number = cases.get_case(fx.db, fx.agreement).number
    fx.db.close()
    out = tmp_path / "a.pdf"
    command = [sys.executable, "-m", "mediator_app.cli.main", "--db", str(db), "render", "agreement", number]
    done = subprocess.run([*command, "-o", str(out)], capture_output=True, timeout=120, env=_env())
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == f"已生成人民调解协议书：{out}（案件 {number}）"
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    refused = subprocess.run(
        [*command[:-1], "2026-9999", "-o", str(tmp_path / "x.pdf")], capture_output=True, timeout=120, env=_env()
    )
    assert refused.returncode == 2 and "找不到编号为“2026-9999”的案件" in refused.stderr.decode()
    assert not (tmp_path / "x.pdf").exists()


def test_the_program_runs_the_command_line_when_told_so_by_the_bundles_script(tmp_path: Path) -> None:
    """The Linux bundle's `mediator-cli` starts its one executable with MEDIATOR_COMMAND_LINE=1
    (build_installer.spec); `python -m mediator_app` is the same entry."""
    env = {**os.environ, "MEDIATOR_COMMAND_LINE": "1", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "mediator_app", "forms"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "mediation_agreement" in done.stdout and "人民调解协议书" in done.stdout
