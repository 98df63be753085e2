"""Realistic 12345 platform exports made by the tests (docs/hotline.md, "Import"), in two localities'
column layouts:

- layout A, XLSX: a merged title row and an export-time row above the header; 工单编号 / 来电人 /
  联系电话 (phones stored as numbers) / 诉求内容 / 交办时间 (date cells) / 办结期限 (bare Excel serials,
  the date format lost) / 主办单位.
- layout B, CSV (GB18030 as Excel on Chinese Windows writes it, or UTF-8 with BOM): 热线单号 / 反映人 /
  来电号码 / 问题描述 / 派遣时间 (text such as 2026/11/3 9:30) / 办理时限 (blank or "5个工作日") /
  承办单位.

Both carry blank cells and the rare characters 䶮 (CJK Ext A) and 𠮷 (CJK Ext B). Deterministic.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook

from mediator_app.frozen import frozen

FIRST_ASSIGNED = dt.datetime(2026, 11, 2, 9, 30)
TYPES = ("投诉举报", "求助", "咨询", "建议")
CALLERS = ("刘䶮", "吉𠮷祥", "王建国", "张秀英", "李志强", "陈桂兰")
STREETS = ("望京西园三区", "花家地南里", "南湖中园", "利泽西街")
MATTERS = (
    "楼上住户装修噪音持续到深夜，协商未果",
    "邻居在公共楼道堆放杂物，影响通行",
    "物业拖欠维修基金使用说明，业主不满",
    "装修公司收取定金后拖延施工",
)


@frozen
class Row:
    order_no: str
    order_type: str
    caller: str
    phone: str
    address: str
    content: str
    assigned_at: dt.datetime
    deadline: dt.date | None
    host_unit: str


def rows(n: int, prefix: str = "BJ2611") -> list[Row]:
    out = []
    for i in range(n):
        assigned = FIRST_ASSIGNED + dt.timedelta(days=i % 20, hours=i % 7)
        out.append(
            Row(
                order_no=f"{prefix}{i + 1:05d}",
                order_type=TYPES[i % len(TYPES)],
                caller=CALLERS[i % len(CALLERS)],
                phone=f"139{10000000 + i * 7919:08d}"[:11],
                address=f"朝阳区{STREETS[i % len(STREETS)]}{i % 30 + 1}号楼",
                content=f"{MATTERS[i % len(MATTERS)]}（第{i + 1}件）",
                assigned_at=assigned,
                deadline=(assigned + dt.timedelta(days=10)).date() if i % 3 == 0 else None,
                host_unit="望京街道人民调解委员会",
            )
        )
    return out


def excel_serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


def layout_a_xlsx(path: Path, data: list[Row], *, extra_blank_row: bool = True) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "工单明细"
    sheet.append(["朝阳区12345市民服务热线工单明细表（2026年11月）"])
    sheet.merge_cells("A1:J1")
    sheet.append(["导出时间：2026-12-01 08:00", None, None, "导出人：张三"])
    sheet.append(
        [
            "工单编号",
            "工单类型",
            "工单标题",
            "来电人",
            "联系电话",
            "事发地址",
            "诉求内容",
            "交办时间",
            "办结期限",
            "主办单位",
        ]
    )
    for i, r in enumerate(data):
        sheet.append(
            [
                r.order_no,
                r.order_type,
                None,  # blank title
                r.caller,
                int(r.phone),  # a phone Excel stored as a number
                r.address if i % 5 else None,  # some blank addresses
                r.content,
                r.assigned_at,
                excel_serial(r.deadline) if r.deadline else None,
                r.host_unit,
            ]
        )
        if extra_blank_row and i == 2:
            sheet.append([None] * 10)  # a blank row in the middle
    book.save(path)
    return path


def layout_b_csv(path: Path, data: list[Row], encoding: str = "gb18030") -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["热线单号", "诉求类型", "反映人", "来电号码", "发生地址", "问题描述", "派遣时间", "办理时限", "承办单位"]
    )
    for i, r in enumerate(data):
        when = f"{r.assigned_at.year}/{r.assigned_at.month}/{r.assigned_at.day} {r.assigned_at:%H:%M}"
        limit = "5个工作日" if i % 4 == 1 else ""
        writer.writerow([r.order_no, r.order_type, r.caller, r.phone, r.address, r.content, when, limit, r.host_unit])
    path.write_bytes(out.getvalue().encode(encoding))
    return path
