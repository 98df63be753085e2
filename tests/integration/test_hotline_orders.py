"""A month of 12345 work orders handled as a new user would (docs/hotline.md): import, three turned into
cases, one attached to an existing case, one returned, replies written, signed off by the director,
exported and read back with openpyxl, frozen once sent; the 回复单 printed; the satisfaction results
read back; the orders' time limits in 今日待办."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from mediator_app.domain.access import Actor, PermissionDenied, Role
from mediator_app.domain.hotline import HotlineOrder, OrderStatus, Reply, ResultCode
from mediator_app.domain.model import CaseSource, Party, PartyKind, PartyRole
from mediator_app.errors import UserFacingError, ValidationError
from mediator_app.services import cases
from mediator_app.services.desk import Desk
from mediator_app.services.hotline import orders, replies
from mediator_app.services.hotline.importing import import_file
from mediator_app.storage.database import Database
from tests.factories import make_case
from tests.hotline_exports import layout_a_xlsx, rows

pytestmark = pytest.mark.usefixtures("committee_db")

TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 10, 0)
NEIGHBOUR = Party(2, PartyRole.RESPONDENT, PartyKind.PERSON, "赵大海", address="朝阳区望京西园三区5号楼")
SOLVED = Reply(
    ResultCode.SOLVED,
    "上门调解，双方达成口头协议",
    "11月18日在社区调解室与双方面谈",
    "晚十点后不再施工",
    "马德明",
    "望京街道人民调解委员会",
)


def _imported(db: Database, tmp_path: Path, n: int = 30) -> dict[str, HotlineOrder]:
    import_file(db, layout_a_xlsx(tmp_path / "month.xlsx", rows(n)))
    return {o.order_no: o for o in orders.list_orders(db)}


def _id(order: HotlineOrder) -> int:
    assert order.id is not None
    return order.id


def _audit(db: Database) -> list[tuple[str, str]]:
    with db.read_connection() as conn:
        return [(r[0], r[1]) for r in conn.execute("SELECT action, detail FROM audit_log ORDER BY id")]


def test_turned_into_cases_linked_and_returned(db: Database, tmp_path: Path) -> None:
    stored = _imported(db, tmp_path)
    made = [orders.convert_to_case(db, _id(stored[f"BJ26110000{i}"]), "邻里纠纷", NEIGHBOUR, TODAY) for i in (1, 2, 3)]
    assert [c.source for c in made] == [CaseSource.HOTLINE_12345] * 3
    assert made[0].source_ref == "BJ261100001" and made[0].parties[0].name == "刘䶮"
    assert made[1].parties[0].name == "吉𠮷祥" and made[0].parties[0].phone == "13910000000"
    first = orders.get_order(db, _id(stored["BJ261100001"]))
    assert first.status is OrderStatus.CONVERTED and first.case_id == made[0].id and first.signed_at is not None
    with pytest.raises(UserFacingError, match="已对应一件案件"):
        orders.convert_to_case(db, _id(stored["BJ261100001"]), "邻里纠纷", NEIGHBOUR, TODAY)
    linked = orders.link_to_case(db, _id(stored["BJ261100007"]), made[0].id or 0)  # the same caller again
    assert linked.status is OrderStatus.LINKED and linked.case_id == made[0].id
    with pytest.raises(ValidationError, match="请填写退单理由"):
        orders.return_order(db, _id(stored["BJ261100004"]), "  ", NOW)
    returned = orders.return_order(db, _id(stored["BJ261100004"]), "属于房屋质量问题，应由住建部门处理", NOW)
    assert returned.status is OrderStatus.RETURNED and returned.reply_result is ResultCode.RETURNED
    with pytest.raises(UserFacingError, match="状态是“已退单”，不能转为案件"):
        orders.convert_to_case(db, _id(stored["BJ261100004"]), "邻里纠纷", NEIGHBOUR, TODAY)
    actions = [a for a, _ in _audit(db)]
    assert actions.count("12345工单转为案件") == 3 and "12345工单退单" in actions and "导入12345工单" in actions
    assert not any("13910000000" in d for _, d in _audit(db))  # the audit names orders, never phones


def test_a_failed_conversion_writes_nothing(db: Database, tmp_path: Path) -> None:
    stored = _imported(db, tmp_path, 3)
    with pytest.raises(ValidationError):
        orders.convert_to_case(db, _id(stored["BJ261100001"]), "不存在的类型", NEIGHBOUR, TODAY)
    assert cases.list_cases(db) == [] and orders.get_order(db, _id(stored["BJ261100001"])).status is OrderStatus.NEW


def test_replies_signed_off_exported_and_frozen(db: Database, tmp_path: Path) -> None:
    stored = _imported(db, tmp_path, 10)
    a, b, c = (_id(stored[f"BJ26110000{i}"]) for i in (1, 2, 3))
    orders.sign_order(db, a, NOW)
    orders.save_reply(db, a, SOLVED, NOW)
    partly = Reply(
        ResultCode.PARTLY, "组织双方协商，已退还部分定金", "11月19日电话联系", "", "马德明", "望京街道人民调解委员会"
    )
    orders.save_reply(db, b, partly, NOW)
    orders.return_order(db, c, "不属于民间纠纷", NOW)
    db.actor = Actor("med", "马调解", Role.MEDIATOR)
    with pytest.raises(PermissionDenied, match="审签回复"):
        orders.approve_reply(db, a, NOW)
    db.actor = Actor("boss", "赵主任", Role.DIRECTOR)
    for order_id in (a, b, c):
        orders.approve_reply(db, order_id, NOW + dt.timedelta(hours=1))
    data, count = replies.export_replies(db, dt.date(2026, 11, 20), dt.date(2026, 11, 20), NOW + dt.timedelta(hours=2))
    assert count == 3
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    got = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert got[0][:4] == ["工单编号", "办理结果", "办理结果代码", "回复内容"]
    by_no = {r[0]: r for r in got[1:]}
    assert by_no["BJ261100001"][1:4] == ["解决", 0, "上门调解，双方达成口头协议"]
    assert by_no["BJ261100002"][1:3] == ["部分解决", 2]
    assert by_no["BJ261100003"][1:3] == ["退单", 3] and by_no["BJ261100003"][6] == "不属于民间纠纷"
    assert by_no["BJ261100001"][13] == "赵主任"
    with pytest.raises(UserFacingError, match="已冻结"):
        orders.save_reply(db, a, SOLVED, NOW)
    empty, none = replies.export_replies(db, dt.date(2026, 11, 1), dt.date(2026, 11, 19))
    assert none == 0 and load_workbook(io.BytesIO(empty)).active.max_row == 1  # type: ignore[union-attr]
    assert ("导出12345工单回复", "2026-11-20至2026-11-20，3条") in _audit(db)


def test_the_reply_slip_prints(db: Database, tmp_path: Path) -> None:
    stored = _imported(db, tmp_path, 3)
    a = _id(stored["BJ261100001"])
    with pytest.raises(UserFacingError, match="还没有填写回复"):
        replies.reply_slip(db, a)
    orders.save_reply(db, a, SOLVED, NOW)
    pdf = replies.reply_slip(db, a)
    assert pdf.startswith(b"%PDF")
    out = tmp_path / "slip.pdf"
    out.write_bytes(pdf)
    found = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "办理情况回复单" in found and "BJ261100001" in found and "139****0000" in found
    assert "13910000000" not in found and "调委会主任审签" in found
    assert ("打印12345回复单", "BJ261100001") in _audit(db)


def test_extension_moves_the_reply_date(db: Database, tmp_path: Path) -> None:
    stored = _imported(db, tmp_path, 3)
    b = _id(stored["BJ261100002"])
    with pytest.raises(ValidationError) as caught:
        orders.extend_order(db, b, "", dt.date(2026, 11, 1), "", TODAY)
    assert {e.path for e in caught.value.errors} == {"extension_reason", "extension_until", "extension_basis"}
    extended = orders.extend_order(db, b, "当事人外出务工，需等其返回", dt.date(2026, 12, 4), "区热线办批准", TODAY)
    assert extended.extension_until == dt.date(2026, 12, 4)
    todo = [t for t in orders.todo_items(db, dt.date(2026, 12, 2)) if t.number == "BJ261100002"]
    assert [(t.item.kind, t.item.due) for t in todo] == [
        ("12345签收", dt.date(2026, 11, 4)),
        ("12345回复", dt.date(2026, 12, 4)),
    ]


def test_todo_lists_unsigned_due_soon_and_overdue(db: Database, tmp_path: Path) -> None:
    stored = _imported(db, tmp_path, 6)
    orders.sign_order(db, _id(stored["BJ261100002"]), NOW)
    orders.return_order(db, _id(stored["BJ261100003"]), "非本辖区", NOW)
    case_id = cases.register_case(db, make_case(2), dt.date(2026, 11, 3)).id
    assert case_id is not None
    orders.link_to_case(db, _id(stored["BJ261100005"]), case_id)
    items = Desk(db).todo_list(dt.date(2026, 11, 11))
    hotline = {(t.number, t.item.kind): t for t in items if t.item.kind.startswith("12345")}
    assert ("BJ261100001", "12345签收") in hotline and hotline["BJ261100001", "12345签收"].item.overdue
    assert ("BJ261100002", "12345签收") not in hotline  # signed
    assert not any(no == "BJ261100003" for no, _ in hotline)  # returned
    assert hotline["BJ261100005", "12345回复"].case_id == case_id  # opens its case
    assert hotline["BJ261100001", "12345签收"].case_id == 0
    dues = [t.item.due for t in items]
    assert dues == sorted(dues)


def test_satisfaction_results_come_back(db: Database, tmp_path: Path) -> None:
    stored = _imported(db, tmp_path, 3)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["回访结果导出"])
    sheet.append(["热线单号", "回访时间", "满意度", "不满原因"])
    sheet.append(["BJ261100001", "2026-11-25", "满意", None])
    sheet.append(["BJ261100002", "2026-11-25", "不满意", "调解员未上门"])
    sheet.append(["BJ999", "2026-11-25", "满意", None])
    sheet.append(["BJ261100003", "2026-11-25", "还行", None])
    path = tmp_path / "回访.xlsx"
    book.save(path)
    result = replies.import_satisfaction(db, path)
    assert result.updated == 2
    assert result.problems == ["第6行“满意度”列：无法识别“还行”", "第5行：本委员会没有工单BJ999"]
    b = orders.get_order(db, _id(stored["BJ261100002"]))
    assert (b.satisfaction, b.satisfaction_note) == ("不满意", "调解员未上门")


def test_a_0008_file_upgrades_and_takes_orders(tmp_path: Path) -> None:
    """Migration 0009 on a populated file of the previous schema: the new table is there and holds orders
    attached to the file's existing cases."""
    import shutil

    path = tmp_path / "mediation.sqlite3"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "fixtures" / "schemas" / "schema-0008.sqlite3", path)
    db = cases.open_database(path)
    try:
        import_file(db, layout_a_xlsx(tmp_path / "a.xlsx", rows(3)))
        first = orders.list_orders(db)[-1]
        existing = cases.list_cases(db)[0].id
        assert existing is not None
        assert orders.link_to_case(db, _id(first), existing).case_id == existing
        assert orders.get_order(db, _id(first)).status is OrderStatus.LINKED
    finally:
        db.close()


def test_todo_on_a_file_without_a_committee_yet(db: Database) -> None:
    """今日待办 of a new file before its first-run dialog: no orders, and no refusal either."""
    with db.unit_of_work() as session:
        session.execute(text("DELETE FROM committee"))
    assert orders.todo_items(db, TODAY) == []
