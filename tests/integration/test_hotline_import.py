"""Importing 12345 platform exports (docs/hotline.md, "Import"): two localities' layouts, the preview,
the import, the idempotent re-import, an updated order, and files that are not exports or lack a
column, which leave nothing written."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from mediator_app.domain.hotline import OrderStatus
from mediator_app.errors import UserFacingError
from mediator_app.services.hotline import orders
from mediator_app.services.hotline.importing import RowKind, import_file, preview_file
from mediator_app.storage.database import Database
from tests.hotline_exports import FIRST_ASSIGNED, layout_a_xlsx, layout_b_csv, rows

pytestmark = pytest.mark.usefixtures("committee_db")


def _count(db: Database, table: str = "hotline_order") -> int:
    with db.read_connection() as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_layout_a_preview_then_import(db: Database, tmp_path: Path) -> None:
    path = layout_a_xlsx(tmp_path / "11月工单.xlsx", rows(12))
    preview = preview_file(db, path)
    assert preview.header_row == 3  # below the merged title row and the export-time row
    assert [line.kind for line in preview.lines] == [RowKind.NEW] * 12
    assert preview.lines[3].row == 8  # rows 4-6, a blank row 7 in the middle is skipped, the numbers stay the file's
    assert "139****" in preview.lines[0].text and "13910000000" not in preview.lines[0].text
    assert _count(db) == 0  # a preview writes nothing
    import_file(db, path)
    stored = {o.order_no: o for o in orders.list_orders(db)}
    assert len(stored) == 12
    first = stored["BJ261100001"]
    assert first.caller == "刘䶮" and first.phone == "13910000000" and first.status is OrderStatus.NEW
    assert first.assigned_at == FIRST_ASSIGNED
    assert first.deadline == dt.date(2026, 11, 12)  # from the bare Excel serial
    assert first.address == ""  # a blank cell
    assert stored["BJ261100002"].caller == "吉𠮷祥" and stored["BJ261100002"].deadline is None


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_layout_b_csv_with_aliases_and_text_dates(db: Database, tmp_path: Path, encoding: str) -> None:
    path = layout_b_csv(tmp_path / "export.csv", rows(6, prefix="RX"), encoding)
    preview = import_file(db, path)
    assert preview.header_row == 1 and preview.count(RowKind.NEW) == 6
    stored = {o.order_no: o for o in orders.list_orders(db)}
    assert stored["RX00001"].caller == "刘䶮" and stored["RX00002"].caller == "吉𠮷祥"
    assert stored["RX00001"].assigned_at == dt.datetime(2026, 11, 2, 9, 30)
    assert stored["RX00001"].content.startswith("楼上住户装修噪音")
    # "5个工作日" from 交办 on Tue 2026-11-03: Wed 4, Thu 5, Fri 6, Mon 9, Tue 10.
    assert stored["RX00002"].deadline == dt.date(2026, 11, 10)


def test_reimport_is_idempotent_and_an_updated_order_updates(db: Database, tmp_path: Path) -> None:
    data = rows(5)
    path = layout_a_xlsx(tmp_path / "a.xlsx", data)
    import_file(db, path)
    signed = orders.sign_order(db, orders.list_orders(db)[-1].id or 0, dt.datetime(2026, 11, 2, 15))
    again = import_file(db, path)
    assert [line.kind for line in again.lines] == [RowKind.SAME] * 5
    assert _count(db) == 5
    changed = [dataclasses.replace(data[0], content="楼上噪音问题再次反映，要求尽快调解"), *data[1:]]
    update = import_file(db, layout_a_xlsx(tmp_path / "b.xlsx", changed))
    assert [line.kind for line in update.lines] == [RowKind.UPDATE] + [RowKind.SAME] * 4
    stored = {o.order_no: o for o in orders.list_orders(db)}
    assert stored["BJ261100001"].content == "楼上噪音问题再次反映，要求尽快调解"
    assert stored["BJ261100001"].status is OrderStatus.SIGNED  # the committee's work is kept
    assert stored[signed.order_no].signed_at == dt.datetime(2026, 11, 2, 15)
    assert _count(db) == 5


def test_duplicates_in_one_file(db: Database, tmp_path: Path) -> None:
    data = rows(3)
    dup = [*data, data[1], dataclasses.replace(data[2], content="另一个内容")]
    path = layout_a_xlsx(tmp_path / "dup.xlsx", dup, extra_blank_row=False)
    preview = preview_file(db, path)
    kinds = [line.kind for line in preview.lines]
    assert kinds == [RowKind.NEW, RowKind.NEW, RowKind.NEW, RowKind.SAME, RowKind.ERROR]
    assert "与第5行重复" in preview.lines[3].text
    assert "第8行" in preview.lines[4].text and "与第6行相同但内容不同" in preview.lines[4].text
    import_file(db, path)
    assert _count(db) == 3


def test_bad_rows_are_named_and_not_imported(db: Database, tmp_path: Path) -> None:
    data = rows(3)
    bad = [data[0], dataclasses.replace(data[1], content=""), dataclasses.replace(data[2], phone="12abc")]
    path = layout_b_csv(tmp_path / "bad.csv", bad)
    text = path.read_text(encoding="gb18030").replace("2026/11/4", "十一月四日")
    path.write_text(text, encoding="gb18030")
    preview = import_file(db, path)
    errors = [line.text for line in preview.lines if line.kind is RowKind.ERROR]
    assert any("第3行“诉求内容”列：诉求内容不能为空" in e for e in errors)
    assert any("第4行“交办时间”列：无法识别的日期“十一月四日" in e for e in errors)
    assert any("；第4行“联系电话”列" in e for e in errors)  # every problem of the row
    assert [o.order_no for o in orders.list_orders(db)] == ["BJ261100001"]


def test_a_file_that_is_not_an_export_writes_nothing(db: Database, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号", "金额"])
    sheet.append(["刘䶮", "110105196503150012", 100])
    path = tmp_path / "工资表.xlsx"
    book.save(path)
    with pytest.raises(UserFacingError, match=r"不是12345工单导出文件.*工单编号、诉求内容"):
        import_file(db, path)
    (tmp_path / "note.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(UserFacingError, match=r"请选择 \.xlsx 或 \.csv"):
        import_file(db, tmp_path / "note.docx")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(UserFacingError, match="不是有效的Excel文件"):
        import_file(db, tmp_path / "broken.xlsx")
    assert _count(db) == 0 and _count(db, "audit_log") == 1  # only the committee's setting


def test_a_missing_required_column_is_named_with_its_row(db: Database, tmp_path: Path) -> None:
    path = layout_b_csv(tmp_path / "no-content.csv", rows(3))
    text = path.read_text(encoding="gb18030").replace("问题描述", "备注")
    path.write_text(text, encoding="gb18030")
    with pytest.raises(UserFacingError, match="第1行的表头缺少必需的列“诉求内容”（可用的列名：诉求内容、问题描述"):
        import_file(db, path)
    assert _count(db) == 0


def test_a_failure_while_writing_leaves_nothing(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mediator_app.storage import repository

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")  # after every order of the file was written in the transaction

    monkeypatch.setattr(repository, "add_audit", fail)
    with pytest.raises(RuntimeError):
        import_file(db, layout_a_xlsx(tmp_path / "a.xlsx", rows(8)))
    assert _count(db) == 0


def test_a_month_of_orders_reports_progress(db: Database, tmp_path: Path) -> None:
    path = layout_a_xlsx(tmp_path / "month.xlsx", rows(300))
    seen: list[tuple[int, int]] = []
    preview = import_file(db, path, lambda done, total: seen.append((done, total)))
    assert preview.count(RowKind.NEW) == 300 and _count(db) == 300
    assert len(seen) >= 7 and seen[-1] == (301, 301)  # 300 orders and a blank row
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
