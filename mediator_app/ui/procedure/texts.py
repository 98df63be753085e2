"""Readable text of what the procedure recorded: the records of each step, return visits, the facts
recorded along the way, and the case history. Plain functions (data in, HTML or lines out) so that
the tests can read exactly what the mediator reads; everything typed is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING

from mediator_app.domain.dates import arabic_date
from mediator_app.domain.model import Case
from mediator_app.domain.records import ProcedureState, RecordKind, ReturnVisit, StepRecord, Transition
from mediator_app.domain.stages import Stage
from mediator_app.procedure.deadlines import DueItem
from mediator_app.ui.case_view import term_sentence

if TYPE_CHECKING:
    from mediator_app.procedure.machine import Refusal
    from mediator_app.services.procedure import WorkflowView

CSS = """
h3 { margin-top: 16px; margin-bottom: 4px; color: #1f3b57; } h4 { margin-top: 10px; margin-bottom: 2px; }
td.k { color: #4a5560; padding-right: 14px; white-space: nowrap; vertical-align: top; }
p { line-height: 150%; } .hint { color: #6b7680; } .late { color: #b3261e; font-weight: bold; }
th { text-align: left; padding: 4px 10px 4px 0; color: #4a5560; } td { padding: 3px 10px 3px 0; vertical-align: top; }
"""


def _e(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def refusal_text(refusal: Refusal) -> str:
    """不能…的原因 and the article it rests on, in one line."""
    return f"{refusal.message}（依据：{refusal.rule}）"


def when(moment: dt.datetime) -> str:
    return f"{arabic_date(moment.date())} {moment:%H:%M}"


def local_time(moment: dt.datetime) -> dt.datetime:
    """History times are stored in UTC (naive when read back from SQLite); shown in local time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone().replace(tzinfo=None)


def due_line(item: DueItem) -> str:
    """调解期限：2026年12月2日（还剩10天）"""
    return f"{item.kind}：{arabic_date(item.due)}（{item.urgency()}）"


def _rows(pairs: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td class='k'>{escape(k)}</td><td>{_e(v)}</td></tr>" for k, v in pairs if v)
    return f"<table cellspacing='0' cellpadding='2'>{cells}</table>"


def record_html(record: StepRecord, number: int) -> str:
    if record.kind is RecordKind.INVESTIGATION:
        head = f"调查记录（第{number}次）　{when(record.held_at)}"
        pairs = [
            ("地点", record.place),
            ("调查人", record.staff),
            ("被调查人", record.subject),
            ("在场人", record.participants),
            ("记录人", record.recorder),
        ]
        body = f"<h4>调查内容</h4><p>{_e(record.content)}</p>"
    else:
        head = f"调解记录（第{number}次）　{when(record.held_at)}"
        pairs = [
            ("地点", record.place),
            ("当事人", record.parties_present),
            ("调解员", record.staff),
            ("参加人", record.participants),
            ("记录人", record.recorder),
        ]
        body = f"<h4>各方陈述</h4><p>{_e(record.content)}</p><h4>调解结果</h4><p>{_e(record.result)}</p>"
    return f"<h3>{escape(head)}</h3>{_rows(pairs)}{body}"


def visit_html(case: Case, visit: ReturnVisit, number: int) -> str:
    terms = {t.seq: t for t in (case.agreement.terms if case.agreement else [])}
    checks = []
    for check in visit.terms:
        term = terms.get(check.term_seq)
        what = term_sentence(case, term) if term else ""
        note = f"（{check.note}）" if check.note else ""
        checks.append(
            f"<li>第{check.term_seq}项：<b>{escape(check.status)}</b>{_e(note)}"
            f"<br><span class='hint'>{_e(what)}</span></li>"
        )
    pairs = [
        ("回访人", visit.visitor),
        ("被回访人", visit.visited),
        ("满意程度", visit.satisfaction),
        ("新的矛盾或风险", visit.new_risk or "无"),
        ("回访情况", visit.note),
    ]
    performance = f"<h4>协议履行情况</h4><ul>{''.join(checks)}</ul>" if checks else ""
    return f"<h3>回访记录（第{number}次）　{arabic_date(visit.visited_on)}</h3>{_rows(pairs)}{performance}"


def records_html(case: Case, view: WorkflowView) -> str:
    """办理情况 (the facts recorded) and every record, oldest first."""
    items: list[tuple[dt.datetime, str]] = []
    counts = {RecordKind.INVESTIGATION: 0, RecordKind.SESSION: 0}
    for record in view.records:
        counts[record.kind] += 1
        items.append((record.held_at, record_html(record, counts[record.kind])))
    for n, visit in enumerate(view.visits, start=1):
        items.append((dt.datetime.combine(visit.visited_on, dt.time(23, 59)), visit_html(case, visit, n)))
    facts = fact_lines(view.state)
    out = ["<h3>办理情况</h3>", _rows(facts) if facts else "<p class='hint'>还没有记录。</p>"]
    if items:
        out += [html for _moment, html in sorted(items, key=lambda pair: pair[0])]
    else:
        out.append("<h3>调查、调解和回访记录</h3><p class='hint'>还没有调查、调解或回访记录。</p>")
    return "".join(out)


def _date(day: dt.date | None) -> str:
    return arabic_date(day) if day else "未填写"


def _choices(state: ProcedureState) -> str:
    publicity = f"{state.publicity}调解" if state.publicity else ""
    return "；".join(x for x in (state.mediator_choice, publicity) if x)


def _risk(state: ProcedureState) -> str:
    if not state.escalation_risk:
        return ""
    if state.risk_reported_on:
        return f"有激化风险，已于{arabic_date(state.risk_reported_on)}报告{state.risk_reported_to}"
    return "有激化风险，尚未报告公安机关或有关部门"


def _signing(state: ProcedureState) -> str:
    if not any((state.parties_signed_on, state.mediator_signed_on, state.sealed_on)):
        return ""
    effective = f"；{arabic_date(state.effective_on)}生效" if state.effective_on else "；尚未全部完成，协议未生效"
    return (
        f"当事人签名（按指印）{_date(state.parties_signed_on)}；调解员签名"
        f"{_date(state.mediator_signed_on)}；加盖印章{_date(state.sealed_on)}{effective}"
    )


def _termination(state: ProcedureState) -> str:
    if not state.termination_reason:
        return ""
    told = "，已告知当事人可以通过仲裁、行政、司法等途径维护权利" if state.routes_notified else ""
    return state.termination_reason + told


def _on(day: dt.date | None, text: str) -> str:
    """`text` after the date, or nothing when the date is not recorded."""
    return f"{arabic_date(day)}{text}" if day else ""


# What the court ruled, by the stage its ruling led to (确认 / 驳回 / 不予受理: docs/linkage.md).
_RULED = {
    Stage.CONFIRMED: "裁定确认调解协议有效",
    Stage.CONFIRMATION_REJECTED: "裁定驳回申请",
    Stage.CONFIRMATION_NOT_ACCEPTED: "裁定不予受理",
}


def _ruling(state: ProcedureState) -> str:
    stage = state.archived_from if state.stage is Stage.ARCHIVED else state.stage.value
    return next((words for ruled, words in _RULED.items() if ruled.value == stage), "作出裁定")


def fact_lines(state: ProcedureState) -> list[tuple[str, str]]:
    """What the procedure recorded beyond the records, in the trade's words: each fact not recorded is left out."""
    number = f"（{state.court_case_number}）" if state.court_case_number else ""
    extended = f"经双方当事人同意延长，共{state.mediation_days}天" if state.mediation_days != 30 else ""
    oral = f"{state.oral_content}（{_date(state.oral_reached_on)}达成）" if state.oral_content else ""
    lines = [
        ("权利义务告知", _on(state.rights_notified_on, "已告知，告知书已签收")),
        ("不予受理理由", state.decline_reason),
        ("当事人的选择", _choices(state)),
        ("拒绝调解", state.refusal_note),
        ("激化风险", _risk(state)),
        ("调解期限", extended),
        ("口头协议", oral),
        ("协议签署", _signing(state)),
        ("终止调解", _termination(state)),
        ("司法确认申请", _on(state.confirmation_applied_on, f"向{state.confirmation_court}申请")),
        ("法院裁定", _on(state.confirmation_decided_on, f"{_ruling(state)}{number}")),
        ("归档", _on(state.archived_on, "结案归档")),
    ]
    return [(label, text) for label, text in lines if text]


def history_html(history: tuple[Transition, ...]) -> str:
    if not history:
        return "<h3>办理经过</h3><p class='hint'>案件已登记，还没有办理其他步骤。</p>"
    rows = []
    for t in history:
        change = t.from_stage if t.from_stage == t.to_stage else f"{t.from_stage} → {t.to_stage}"
        rows.append(
            f"<tr><td>{when(local_time(t.at))}</td><td>{escape(t.actor)}</td><td><b>{escape(t.event)}</b></td>"
            f"<td>{escape(change)}</td><td>{_e(t.note)}</td></tr>"
        )
    head = "<tr><th>时间</th><th>办理人</th><th>办理事项</th><th>阶段</th><th>说明</th></tr>"
    return f"<h3>办理经过</h3><table cellspacing='0'>{head}{''.join(rows)}</table>"
