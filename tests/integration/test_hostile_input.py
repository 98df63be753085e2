"""Input nobody should type, that the program must still answer in Chinese: huge numbers and other junk
in a case file, bytes that are not UTF-8 on the command line; never an internal error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediator_app.errors import UserFacingError
from mediator_app.exchange.case_json import dumps_case, parse_case_text
from tests.clirun import Run
from tests.factories import make_case

pytestmark = pytest.mark.engines  # on SQLite and on PostgreSQL

ROOT = Path(__file__).resolve().parents[2]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_any_json_is_refused_with_a_message_or_read(value: object) -> None:
    try:
        parse_case_text(json.dumps(value))
    except UserFacingError as exc:
        assert exc.message  # a Chinese explanation, nothing else


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_real_case_file_with_one_value_replaced_never_crashes(data: st.DataObject) -> None:
    tree = json.loads(dumps_case(make_case()))
    node, key = tree["case"], data.draw(st.sampled_from(sorted(json.loads(dumps_case(make_case()))["case"])))
    node[key] = data.draw(json_values)
    try:
        parse_case_text(json.dumps(tree))
    except UserFacingError as exc:
        assert exc.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_refused_with_a_message_or_read(text: str) -> None:
    try:
        parse_case_text(text)
    except UserFacingError as exc:
        assert exc.message


@pytest.mark.usefixtures("committee_db")
def test_a_number_of_thousands_of_digits_is_refused(run: Run, db_location: Path | str, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"format": "x", "n": ' + "7" * 5000 + "}", encoding="utf-8")
    code, _, err = run("--db", str(db_location), "import", str(big))
    assert code == 2 and "长达 5000 位的数字" in err and "程序内部错误" not in err


@pytest.mark.usefixtures("committee_db")
def test_a_search_term_that_is_not_utf8_is_refused(db_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"mediator_app.cli.main",
            b"--db",
            str(db_path).encode(),
            b"search",
            b"\xff\xfe",
        ],
        capture_output=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(db_path.parent)},
        check=False,
    )
    assert done.returncode == 2
    assert "不是 UTF-8 编码" in done.stderr.decode("utf-8")
