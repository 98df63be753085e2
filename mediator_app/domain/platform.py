"""The provincial platform's batch-import sheet (平台批量导入, docs/platform-export.md): the column order
and code tables as versioned data (`CodeTables`, from `resources/platform/codes.v1.json` or a
locality's file), the master-data codes of the committee, its mediators and its 调解工作室 as settings
(`MasterCodes`), and one case's row with everything that could not be mapped named (`platform_row`).
Nothing unmappable is dropped silently: the caller lists the problems per case before writing. Pure.

Personal data: the sheet's 当事人 column holds the parties' names only (the template has no column for
ID numbers or phones; the platform's party records are entered there). ID and mobile numbers inside
the free-text 纠纷简要情况 are masked: a summary needs no identifiers, and the sheet leaves the office.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import field
from typing import Any

from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen

CODES_FORMAT = 1
TABLES = ("dispute_type", "source", "difficulty", "outcome", "agreement_form", "performance")


@frozen
class PlatformCase:
    """What the export reads about one case closed in the period."""

    number: str
    recorder: str
    accepted_on: dt.date | None
    source: str
    difficulty: str
    dispute_type: str
    mediators: tuple[str, ...]
    closed_on: dt.date | None
    outcome: str | None
    agreement_form: str | None
    amount_fen: int | None
    self_performed: bool
    performing: bool  # the agreement is still being performed (stage 履行中)
    parties: tuple[str, ...]
    summary: str  # 纠纷简要情况 (ID and mobile numbers already masked)
    special_groups: tuple[str, ...]  # captions
    migrant_worker: bool
    escalations: tuple[str, ...]  # 形成… captions


@frozen
class CodeTables:
    version: str
    columns: tuple[str, ...]
    not_recorded: frozenset[str]  # columns the program does not record: left blank, said once
    tables: dict[str, dict[str, str]]
    note: str = ""


@frozen
class MasterCodes:
    """The platform's codes for this committee's master data (设置)."""

    committee: str = ""
    studio: str = ""  # 调解工作室; "" when the committee has none
    area: str = ""  # 行政区划
    mediators: dict[str, str] = field(default_factory=dict)  # name → 调解员编码


def _fail(where: str, what: str) -> UserFacingError:
    return UserFacingError(f"平台代码文件“{where}”有误：{what}")


def parse_codes(data: Any, where: str) -> CodeTables:
    if not isinstance(data, dict) or data.get("format") != CODES_FORMAT:
        raise _fail(where, f'不是第{CODES_FORMAT}版格式（缺少 "format": {CODES_FORMAT}）')
    columns = tuple(str(c) for c in data.get("columns", ()))
    if unknown := [c for c in columns if c not in COLUMNS]:
        raise _fail(where, f"本程序不会填写的列：{'、'.join(unknown)}")
    if not columns:
        raise _fail(where, "缺少列顺序（columns）")
    tables = data.get("tables", {})
    if missing := [t for t in TABLES if not isinstance(tables.get(t), dict)]:
        raise _fail(where, f"缺少代码表：{'、'.join(missing)}")
    return CodeTables(
        version=str(data.get("version", "")),
        columns=columns,
        not_recorded=frozenset(str(c) for c in data.get("not_recorded", ())),
        tables={t: {str(k): str(v) for k, v in tables[t].items()} for t in TABLES},
        note=str(data.get("note", "")),
    )


def parse_master(data: Any, where: str) -> MasterCodes:
    if not isinstance(data, dict):
        raise UserFacingError(f"平台编码设置“{where}”应为 JSON 对象")
    mediators = data.get("mediators", {})
    if not isinstance(mediators, dict):
        raise UserFacingError(f"平台编码设置“{where}”中 mediators 应为“姓名: 编码”的对象")
    return MasterCodes(
        committee=str(data.get("committee", "")).strip(),
        studio=str(data.get("studio", "")).strip(),
        area=str(data.get("area", "")).strip(),
        mediators={str(k): str(v).strip() for k, v in mediators.items() if str(v).strip()},
    )


class _Row:
    """One case's cells, collecting what could not be mapped."""

    def __init__(self, case: PlatformCase, codes: CodeTables, master: MasterCodes) -> None:
        self.case, self.codes, self.master = case, codes, master
        self.problems: list[str] = []  # of the case's own data
        self.settings: list[str] = []  # master-data codes not set (the same for every case: said once)

    def code(self, table: str, value: str | None, what: str) -> str:
        if value is None or value == "":
            self.problems.append(f"{what}：未记录")
            return ""
        found = self.codes.tables[table].get(value)
        if found is None:
            self.problems.append(f"{what}“{value}”在代码表中没有对应代码")
            return ""
        return found

    def master_code(self, value: str, what: str) -> str:
        if not value:
            self.settings.append(f"{what}：未设置平台编码")
        return value

    def mediator(self, name: str) -> str:
        code = self.master.mediators.get(name, "")
        if not code:
            self.settings.append(f"调解员“{name}”：未设置平台编码")
        return code


def _day(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _performance(r: _Row) -> str:
    c = r.case
    if c.outcome != "成功":
        return ""
    state = "自动履行" if c.self_performed else "履行中" if c.performing else "未记录"
    return r.code("performance", state, "协议履行情况")


def _main_mediator(r: _Row) -> str:
    if not r.case.mediators:
        r.problems.append("主办调解员：未记录")
        return ""
    return r.mediator(r.case.mediators[0])


COLUMNS: dict[str, Callable[[_Row], Any]] = {
    "案件编码": lambda r: r.case.number,
    "调委会": lambda r: r.master_code(r.master.committee, "调委会"),
    "调解工作室": lambda r: r.master.studio,
    "受理员": lambda r: r.case.recorder,
    "受理时间": lambda r: _day(r.case.accepted_on),
    "案件来源": lambda r: r.code("source", r.case.source, "案件来源"),
    "案件难度级别": lambda r: r.code("difficulty", r.case.difficulty, "案件难度级别"),
    "纠纷类别": lambda r: r.code("dispute_type", r.case.dispute_type, "纠纷类别"),
    "行政划分": lambda r: r.master_code(r.master.area, "行政区划"),
    "有无死亡": lambda _r: "",  # not recorded by the program (not_recorded in the code file)
    "主办调解员": _main_mediator,
    "协办调解员": lambda r: ",".join(r.mediator(m) for m in r.case.mediators[1:]),
    "调解时间": lambda r: _day(r.case.closed_on),
    "调解书编号": lambda r: r.case.number if r.case.agreement_form == "书面" else "",
    "调解结果": lambda r: r.code("outcome", r.case.outcome, "调解结果"),
    "调解协议金(元)": lambda r: round(r.case.amount_fen / 100, 2) if r.case.amount_fen is not None else None,
    "协议履行情况": _performance,
    "当事人": lambda r: "、".join(r.case.parties),
    "协议形式": lambda r: (
        r.code("agreement_form", r.case.agreement_form, "协议形式") if r.case.outcome == "成功" else ""
    ),
    "纠纷简要情况": lambda r: r.case.summary,
    "以奖代补评定": lambda _r: "",  # values unknown (docs/platform-export.md)
    "案件属性": lambda _r: "",  # values unknown
    "涉及特殊群体情况": lambda r: "、".join(r.case.special_groups) or "无",
    "涉及农民工纠纷情况": lambda r: "是" if r.case.migrant_worker else "否",
    "纠纷转化情况": lambda r: "、".join(r.case.escalations) or "无",
}


@frozen
class MappedRow:
    cells: list[Any]  # in the code file's column order
    problems: list[str]  # what of the case's own data could not be mapped
    settings: list[str]  # which master-data codes are not set


def platform_row(case: PlatformCase, codes: CodeTables, master: MasterCodes) -> MappedRow:
    """The case's cells in the file's column order, with what could not be mapped (empty: all mapped)."""
    r = _Row(case, codes, master)
    cells = [COLUMNS[c](r) for c in codes.columns]
    return MappedRow(cells, r.problems, r.settings)
