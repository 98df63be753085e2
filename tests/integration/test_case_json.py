"""The case exchange file: exact round trip, strict import with JSON paths, all-or-nothing import."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from mediator_app.domain.model import Case, Committee
from mediator_app.domain.money import Money
from mediator_app.errors import UserFacingError, ValidationError
from mediator_app.exchange.case_json import (
    FORMAT,
    VERSION,
    case_from_json,
    case_to_json,
    dumps_case,
    parse_case_text,
    read_case_file,
    write_case_file,
)
from mediator_app.services import cases, transfer
from mediator_app.storage import repository
from mediator_app.storage.database import Database
from mediator_app.storage.tables import AuditRow
from tests.engines import is_postgres
from tests.factories import RARE_EXT_A_NAME, RARE_EXT_B_NAME, make_case

pytestmark = pytest.mark.engines  # the import into a database, on SQLite and on PostgreSQL

TODAY = dt.date(2026, 11, 22)


def exported(case: Case | None = None) -> dict[str, Any]:
    """A case file as parsed JSON (a deep copy each time, free to spoil)."""
    data: dict[str, Any] = json.loads(dumps_case(case or make_case()))
    return data


def expected(case: Case) -> Case:
    """What an import returns for `case`: database ids and the stored version are not part of the file."""
    return dataclasses.replace(case, id=None, committee_id=None, version=0)


def wrong_check_char(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def errors_of(data: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        case_from_json(data, TODAY)
    return {e.path: e.message for e in info.value.errors}


# ---------------------------------------------------------------- export and round trip


def test_export_shape_and_amount_as_string() -> None:
    data = case_to_json(make_case())
    assert data["format"] == FORMAT and data["version"] == VERSION
    body = data["case"]
    assert body["source"] == "当事人申请"
    assert body["registered_on"] == "2026-11-02"
    assert body["parties"][0]["role"] == "申请人" and body["parties"][2]["kind"] == "法人或非法人组织"
    term = body["agreement"]["terms"][0]
    assert term["amount"] == "12000.00" and isinstance(term["amount"], str)
    assert body["agreement"]["terms"][1]["amount"] is None
    assert "id" not in body and "committee_id" not in body


def test_round_trip_is_exact_including_rare_characters() -> None:
    case = make_case(parties=5)
    back = case_from_json(json.loads(json.dumps(case_to_json(case))), TODAY)
    assert back == expected(case)
    assert back.parties[0].name == RARE_EXT_A_NAME == "刘\u4dae"
    assert back.parties[1].name == RARE_EXT_B_NAME == "吉\U00020bb7祥"


def test_file_round_trip_writes_utf8_characters_not_escapes(tmp_path: Path) -> None:
    case = make_case()
    path = tmp_path / "案件.json"
    write_case_file(path, case)
    raw = path.read_bytes()
    assert "吉𠮷祥".encode() in raw and "刘䶮".encode() in raw
    assert b"\\u" not in raw
    assert read_case_file(path, TODAY) == expected(case)


def test_case_without_agreement_round_trips() -> None:
    case = make_case()
    case.agreement = None
    data = case_to_json(case)
    assert data["case"]["agreement"] is None
    assert case_from_json(data, TODAY) == expected(case)


def test_escaped_surrogate_pair_reads_as_the_character() -> None:
    text = dumps_case(make_case()).replace("吉𠮷祥", "吉\\ud842\\udfb7祥")
    assert parse_case_text(text, today=TODAY).parties[1].name == "吉𠮷祥"


def test_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps_case(make_case()).encode())
    assert read_case_file(path, TODAY).parties[0].name == "刘䶮"


def test_optional_keys_may_be_left_out() -> None:
    data = exported()
    body = data["case"]
    for key in ("number", "title", "source_ref", "accepted_on", "claims", "mediators", "recorder", "status"):
        del body[key]
    for party in body["parties"]:
        for key in ("sex", "birth_date", "ethnicity", "occupation", "address", "phone", "representatives"):
            party.pop(key)
    case = case_from_json(data, TODAY)
    assert case.status == "登记" and case.mediators == []
    assert case.parties[0].sex == "男" and case.parties[0].birth_date == dt.date(1968, 3, 9)  # derived from the ID


def test_amount_with_one_decimal_or_none_is_accepted() -> None:
    data = exported()
    data["case"]["agreement"]["terms"][0]["amount"] = "12000.5"
    assert case_from_json(data, TODAY).agreement.terms[0].amount == Money(1_200_050)  # type: ignore[union-attr]


# ---------------------------------------------------------------- rejections, each with its JSON path


def test_bad_id_checksum_is_reported_at_its_json_path() -> None:
    data = exported()
    data["case"]["parties"][0]["id_number"] = wrong_check_char(data["case"]["parties"][0]["id_number"])
    errors = errors_of(data)
    assert list(errors) == ["$.case.parties[0].id_number"]
    assert "校验位" in errors["$.case.parties[0].id_number"]


def test_empty_name_and_missing_name() -> None:
    data = exported()
    data["case"]["parties"][1]["name"] = "  "
    del data["case"]["parties"][2]["name"]
    errors = errors_of(data)
    assert "不能为空" in errors["$.case.parties[1].name"]
    assert "缺少必填项" in errors["$.case.parties[2].name"]
    assert len(errors) == 2  # the domain's "名称不能为空" is not added on top of the missing key


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("-100.00", "负数"),
        ("一万元", "格式不正确"),
        ("12,000.00", "格式不正确"),
        ("12000.123", "格式不正确"),
        ("12.00\n", "格式不正确"),
        ("١٢٠٠٠", "格式不正确"),
        ("", "格式不正确"),
        (12000.5, "带引号"),
        (12000, "带引号"),
        (True, "带引号"),
    ],
)
def test_bad_amounts(amount: object, words: str) -> None:
    data = exported()
    data["case"]["agreement"]["terms"][0]["amount"] = amount
    errors = errors_of(data)
    assert list(errors) == ["$.case.agreement.terms[0].amount"]
    assert words in errors["$.case.agreement.terms[0].amount"]


@pytest.mark.parametrize("spoil", [lambda t: t.update(deadline=None), lambda t: t.pop("deadline")])
def test_term_without_deadline(spoil: Callable[[dict[str, Any]], object]) -> None:
    data = exported()
    spoil(data["case"]["agreement"]["terms"][1])
    errors = errors_of(data)
    assert list(errors) == ["$.case.agreement.terms[1].deadline"]
    assert "履行期限" in errors["$.case.agreement.terms[1].deadline"]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-02-30", "不是有效日期"),
        ("2026/11/02", "YYYY-MM-DD"),
        ("20261102", "YYYY-MM-DD"),
        ("2026-11-02\n", "YYYY-MM-DD"),
        ("٢٠٢٦-١١-٠٢", "YYYY-MM-DD"),
        (20261102, "YYYY-MM-DD"),
    ],
)
def test_bad_dates(value: object, words: str) -> None:
    data = exported()
    data["case"]["registered_on"] = value
    errors = errors_of(data)
    assert list(errors) == ["$.case.registered_on"]
    assert words in errors["$.case.registered_on"]


def test_unknown_enum_values_name_the_allowed_ones() -> None:
    data = exported()
    data["case"]["source"] = "群众来访"
    data["case"]["parties"][0]["role"] = "原告"
    data["case"]["parties"][2]["kind"] = "公司"
    data["case"]["status"] = "办结"
    data["case"]["parties"][1]["representatives"] = [{"kind": "律师", "name": "何文斌"}]
    errors = errors_of(data)
    assert "当事人申请" in errors["$.case.source"]
    assert "申请人、被申请人" in errors["$.case.parties[0].role"]
    assert "法人或非法人组织" in errors["$.case.parties[2].kind"]
    assert "登记" in errors["$.case.status"]
    assert "委托代理人" in errors["$.case.parties[1].representatives[0].kind"]
    assert len(errors) == 5


def test_wrong_types() -> None:
    data = exported()
    data["case"]["parties"][0]["seq"] = "1"
    data["case"]["facts"] = ["事实"]
    data["case"]["mediators"] = "马德明"
    data["case"]["agreement"]["terms"] = {"seq": 1}
    data["case"]["parties"][1]["phone"] = 13910001111
    errors = errors_of(data)
    assert "整数" in errors["$.case.parties[0].seq"]
    assert "文本" in errors["$.case.facts"]
    assert "列表" in errors["$.case.mediators"]
    assert "列表" in errors["$.case.agreement.terms"]
    assert "文本" in errors["$.case.parties[1].phone"]
    assert len(errors) == 5  # no follow-up complaints about the placeholders


def test_party_that_is_not_an_object() -> None:
    data = exported()
    data["case"]["parties"][1] = "吉𠮷祥"
    errors = errors_of(data)
    assert list(errors) == ["$.case.parties[1]"]


def test_unknown_keys_are_refused() -> None:
    data = exported()
    data["case"]["dispute_typ"] = "邻里纠纷"
    data["case"]["parties"][0]["mobile"] = "13910001111"
    errors = errors_of(data)
    assert set(errors) == {"$.case.dispute_typ", "$.case.parties[0].mobile"}


def test_domain_rules_run_after_the_structure() -> None:
    data = exported()
    data["case"]["dispute_type"] = "吵架纠纷"
    data["case"]["agreement"]["terms"][0]["obligor"] = 9
    data["case"]["parties"] = data["case"]["parties"][:1]
    errors = errors_of(data)
    assert errors["$.case.dispute_type"] == "请选择纠纷类型"
    assert "两方" in errors["$.case.parties"]
    assert "$.case.agreement.terms[0].obligor" in errors


def test_all_problems_are_reported_together() -> None:
    data = exported()
    data["case"]["parties"][0]["id_number"] = wrong_check_char(data["case"]["parties"][0]["id_number"])
    data["case"]["parties"][1]["name"] = ""
    data["case"]["agreement"]["terms"][0]["amount"] = "-1"
    data["case"]["extra"] = 1
    assert len(errors_of(data)) == 4


def test_control_characters_and_lone_surrogates_are_refused() -> None:
    data = exported()
    data["case"]["parties"][0]["name"] = "刘\n䶮"
    data["case"]["parties"][1]["name"] = "吉\ud842祥"
    errors = errors_of(data)
    assert set(errors) == {"$.case.parties[0].name", "$.case.parties[1].name"}
    data = exported()
    data["case"]["facts"] = "第一行\n第二行"  # line breaks belong in long texts
    assert case_from_json(data, TODAY).facts == "第一行\n第二行"


@pytest.mark.parametrize(("version", "words"), [(2, "第2版"), (0, "不支持"), ("1", "整数"), (None, "整数")])
def test_wrong_version(version: object, words: str) -> None:
    data = exported()
    data["version"] = version
    errors = errors_of(data)
    assert list(errors) == ["$.version"]
    assert words in errors["$.version"]


def test_not_our_format() -> None:
    assert "不是调解工作台的案件文件" in errors_of({"format": "other", "version": 1, "case": {}})["$.format"]
    assert list(errors_of([1, 2])) == ["$"]
    assert "$.case" in errors_of({"format": FORMAT, "version": 1})


def test_malformed_json_names_line_and_column() -> None:
    text = '{\n  "format": "mediation-desk/case",\n  "version": 1\n  "case": {}\n}\n'
    with pytest.raises(UserFacingError) as info:
        parse_case_text(text, "文件“x.json”")
    assert "第4行第3列" in info.value.message and "缺少逗号" in info.value.message
    assert not isinstance(info.value, ValidationError)


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(UserFacingError, match="“name”出现了两次"):
        parse_case_text('{"name": "a", "name": "b"}')


def test_file_problems(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="找不到文件"):
        read_case_file(tmp_path / "none.json")
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes(dumps_case(make_case()).encode("gbk", errors="replace"))
    with pytest.raises(UserFacingError, match="UTF-8"):
        read_case_file(gbk)
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(UserFacingError, match="是空的"):
        read_case_file(empty)


# ---------------------------------------------------------------- import into a database


@pytest.fixture
def committee() -> Committee:
    """The importing committee: `committee_db` is the target database."""
    return Committee(name="青山镇桃源村人民调解委员会", short_name="桃源村")


def snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read with a separate connection (what is committed)."""
    if is_postgres(db):
        names = (
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        )
    else:  # virtual (FTS) tables cannot be scanned; their shadow tables, which hold the index, are compared
        names = (
            "SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    with db.engine.connect() as conn:
        tables = [str(r[0]) for r in conn.exec_driver_sql(names)]
        return {t: [tuple(r) for r in conn.exec_driver_sql(f'SELECT * FROM "{t}" ORDER BY 1')] for t in tables}


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_import_creates_a_new_case_with_a_new_number(db: Database, tmp_path: Path) -> None:
    source = make_case()
    path = tmp_path / "in.json"
    write_case_file(path, source)
    saved, original = transfer.import_case_file(db, path)
    assert original == "（2026）望京西园调字第12号"
    assert saved.number == "（2026）桃源村调字第1号"
    stored = cases.get_case(db, saved.id or 0)
    assert stored.source_ref == original  # the exported number is kept where it came from
    assert stored.status == "登记"
    assert stored.parties == source.parties and stored.agreement == source.agreement
    with db.reader() as session:
        audit = [a for a in session.exec(select(AuditRow)) if a.action == "导入案件"]
    assert len(audit) == 1 and original in audit[0].detail


@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_import_keeps_an_existing_source_reference(db: Database) -> None:
    case = make_case()
    case.source_ref = "12345-20261102-0007"
    saved = transfer.import_case(db, case_from_json(case_to_json(case), TODAY))
    assert cases.get_case(db, saved.id or 0).source_ref == "12345-20261102-0007"


@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_file_with_one_bad_party_leaves_the_database_unchanged(db: Database, tmp_path: Path) -> None:
    transfer.import_case_file(db, write_json(tmp_path / "good.json", exported()))
    before = snapshot(db)
    data = exported(make_case(parties=4))
    data["case"]["parties"][3]["id_number"] = wrong_check_char(data["case"]["parties"][3]["id_number"])
    with pytest.raises(ValidationError) as info:
        transfer.import_case_file(db, write_json(tmp_path / "bad.json", data))
    assert [e.path for e in info.value.errors] == ["$.case.parties[3].id_number"]
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d["case"]["agreement"]["terms"][0].update(amount="-5"),
        lambda d: d["case"]["agreement"]["terms"][0].update(amount="abc"),
        lambda d: d["case"]["agreement"]["terms"][0].pop("deadline"),
        lambda d: d["case"]["parties"][1].update(name=""),
        lambda d: d.update(version=2),
    ],
)
@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_rejected_files_change_nothing(db: Database, tmp_path: Path, spoil: Callable[[dict[str, Any]], object]) -> None:
    before = snapshot(db)
    data = exported()
    spoil(data)
    with pytest.raises(ValidationError):
        transfer.import_case_file(db, write_json(tmp_path / "bad.json", data))
    assert snapshot(db) == before


@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_malformed_file_changes_nothing(db: Database, tmp_path: Path) -> None:
    before = snapshot(db)
    path = tmp_path / "broken.json"
    path.write_text(dumps_case(make_case())[:-20], encoding="utf-8")
    with pytest.raises(UserFacingError, match="第"):
        transfer.import_case_file(db, path)
    assert snapshot(db) == before


@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_failure_inside_the_transaction_rolls_everything_back(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The case rows, its number counter and the audit row are one transaction."""
    before = snapshot(db)

    def broken_audit(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(repository, "add_audit", broken_audit)
    with pytest.raises(RuntimeError):
        transfer.import_case(db, case_from_json(exported(), TODAY))
    assert snapshot(db) == before
    monkeypatch.undo()
    saved = transfer.import_case(db, case_from_json(exported(), TODAY))
    assert saved.number == "（2026）桃源村调字第1号"  # the failed attempt used up no number


@pytest.mark.usefixtures("committee_db")  # `db` holds the committee
def test_export_writes_the_file_and_audits(db: Database, tmp_path: Path) -> None:
    saved = transfer.import_case(db, copy.deepcopy(make_case()))
    out = tmp_path / "out.json"
    transfer.export_case_file(db, saved.number, out)
    assert read_case_file(out, TODAY) == dataclasses.replace(expected(saved), status="登记")
    with db.reader() as session:
        actions = [a.action for a in session.exec(select(AuditRow))]
    assert "导出案件" in actions
