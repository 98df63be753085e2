"""Which documents the print dialog offers, in which groups, which are ticked for a case's stage,
how many copies, and how a problem is put in words. Plain Python (no widgets): tested directly.

Groups follow the mediator's work: 受理 (the application or register, the rights notice, powers of
attorney, a refusal), 调解 (records, termination), 协议 (agreement, oral agreement, return visits),
司法确认, 卷宗. A form id this table does not know (a newer form) is listed under 其他.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mediator_app.domain.model import CaseSource
from mediator_app.domain.stages import Stage
from mediator_app.frozen import frozen
from mediator_app.ui.field_errors import describe_field

if TYPE_CHECKING:
    from mediator_app.services.printing import CaseForms, FormProblem, FormStatus

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "受理",
        (
            "mediation_application",
            "acceptance_register",
            "acceptance_receipt",
            "rights_notice",
            "power_of_attorney",
            "decline_notice",
        ),
    ),
    ("调解", ("investigation_record", "session_record", "work_order", "termination_notice")),
    ("协议与回访", ("mediation_agreement", "oral_agreement_register", "return_visit_record")),
    (
        "司法确认",
        (
            "referral_result_notice",
            "legal_support_request",
            "confirmation_application",
            "mediation_certificate",
            "confirmation_materials",
        ),
    ),
    ("卷宗", ("dossier_cover", "dossier_contents", "dossier_note", "dossier_back")),
)
OTHER_GROUP = "其他"

# Documents each party receives and the committee keeps one of ({case.copies} in the form files).
PARTY_COPY_FORMS = frozenset({"mediation_agreement", "termination_notice"})

SOURCE_FORM = "{source}"  # the application (source 当事人申请) or the acceptance register (other sources)
DOSSIER_SET = ("dossier_cover", "dossier_contents", "dossier_note", "dossier_back")
STAGE_FORMS: dict[Stage, tuple[str, ...]] = {
    Stage.REGISTERED: (SOURCE_FORM, "rights_notice"),
    Stage.ACCEPTED: (SOURCE_FORM, "rights_notice", "power_of_attorney"),
    Stage.DECLINED: ("decline_notice",),
    Stage.INVESTIGATING: ("investigation_record",),
    Stage.MEDIATING: ("session_record",),
    Stage.WRITTEN_AGREEMENT: ("mediation_agreement",),
    Stage.ORAL_AGREEMENT: ("oral_agreement_register",),
    Stage.TERMINATED: ("termination_notice",),
    Stage.PERFORMING: ("return_visit_record",),
    Stage.VISITED: ("return_visit_record",),
    Stage.CONFIRMATION_APPLIED: ("confirmation_application", "mediation_certificate", "confirmation_materials"),
    Stage.CONFIRMED: DOSSIER_SET,
    Stage.CONFIRMATION_REJECTED: DOSSIER_SET,
    Stage.CONFIRMATION_NOT_ACCEPTED: DOSSIER_SET,
    Stage.ARCHIVED: DOSSIER_SET,
}

EACH_WORDS = {
    "investigation": "每次调查一份",
    "session": "每次调解一份",
    "visit": "每次回访一份",
    "agent": "每位委托代理人一份",
    "work_order": "每份联系单一份",
    "legal_support": "每份申请一份",
}
NONE_YET = {
    "investigation": "尚无调查记录",
    "session": "尚无调解记录",
    "visit": "尚无回访记录",
    "agent": "当事人没有委托代理人",
    "work_order": "尚未发出工作联系单",
    "legal_support": "尚未申请法律支持",
}


def grouped(form_ids: Iterable[str]) -> list[tuple[str, list[str]]]:
    """The forms in their groups, in the groups' order; unknown ids under 其他."""
    ids = list(form_ids)
    out = [(title, [f for f in members if f in ids]) for title, members in GROUPS]
    known = {f for _, members in GROUPS for f in members}
    others = [f for f in ids if f not in known]
    if others:
        out.append((OTHER_GROUP, others))
    return [(title, members) for title, members in out if members]


def printable_now(status: FormStatus) -> bool:
    return not status.problem and status.count > 0 and not status.missing


def suggested(forms: CaseForms) -> list[str]:
    """The forms ticked when the dialog opens: what the case's stage usually prints, if it can print now."""
    source = "mediation_application" if forms.source == CaseSource.APPLICATION.value else "acceptance_register"
    out = []
    for form_id in STAGE_FORMS.get(forms.stage, ()):
        form_id = source if form_id == SOURCE_FORM else form_id
        status = forms.status(form_id)
        if status is not None and printable_now(status):
            out.append(form_id)
    return out


def note(status: FormStatus, parties: int) -> str:
    """The grey words beside a form: how many documents it prints, or why it cannot print yet."""
    if status.problem:
        return "格式文件有误，不能打印"
    if status.each and status.count == 0:
        return NONE_YET.get(status.each, "本案没有可以填入的内容")
    if status.missing:
        return "还不能打印：" + status.missing[0].message
    if status.each:
        return f"共{status.count}份（{EACH_WORDS.get(status.each, '')}）"
    if status.form_id in PARTY_COPY_FORMS:
        return f"打印{parties + 1}份"
    return ""


def copies_for(form_ids: Sequence[str], parties: int) -> int:
    """Copies of the whole print job: parties + 1 when every chosen document is one each party receives."""
    if form_ids and all(f in PARTY_COPY_FORMS for f in form_ids):
        return parties + 1
    return 1


def copies_hint(form_ids: Sequence[str], names: dict[str, str], parties: int) -> str:
    """The words under the preview about copies ({pages} is filled in by the preview)."""
    copies = copies_for(form_ids, parties)
    if copies > 1:
        return f"共{{pages}}页。请打印{copies}份：每位当事人各一份，调解委员会留存一份。"
    party_docs = [names.get(f, f) for f in form_ids if f in PARTY_COPY_FORMS]
    if not party_docs:
        return "共{pages}页，打印1份。"
    listed = "、".join(f"《{n}》" for n in party_docs)
    return (
        f"共{{pages}}页，整套打印1份。注意：{listed}应为{parties + 1}份（每位当事人各一份，调解委员会留存一份），"
        f"请只勾选它另行打印{parties + 1}份。"
    )


# ---------------------------------------------------------------- problems in words

FIX_CASE, FIX_AGREEMENT, FIX_PROCEDURE, FIX_COURT = "case", "agreement", "procedure", "court"
FIX_BUTTONS = {
    FIX_CASE: "修改案件信息",
    FIX_AGREEMENT: "填写协议条款",
    FIX_PROCEDURE: "到“办理步骤”办理",
    FIX_COURT: "选择受理法院（司法确认材料）",
}


@frozen
class ProblemText:
    form_id: str
    title: str  # 《人民调解协议书》还不能打印：
    lines: tuple[str, ...]
    fixes: tuple[str, ...]  # FIX_* keys, in the order of FIX_BUTTONS


def fix_for(path: str) -> str | None:
    if ":" in path:
        return None  # fixed text of a form file: only a technician can change it
    if path == "stage":
        return None  # the case ended without an agreement (procedure.print_stages): no step makes one
    if path.startswith("agreement"):
        return FIX_AGREEMENT
    if path.startswith("state."):
        return FIX_PROCEDURE
    if path == "court":
        return FIX_COURT
    return FIX_CASE


def problem_text(problem: FormProblem, party_names: Sequence[str]) -> ProblemText:
    lines: list[str] = []
    fixes: set[str] = set()
    if problem.message:
        lines.append(problem.message)
        if "还没有可以填入" in problem.message and "委托代理人" not in problem.message:
            fixes.add(FIX_PROCEDURE)  # record the investigation / session / visit first
    for error in problem.errors:
        lines.append(describe_field(error, party_names))
        fix = fix_for(error.path)
        if fix is not None:
            fixes.add(fix)
    return ProblemText(
        problem.form_id,
        f"《{problem.name}》还不能打印：",
        tuple(dict.fromkeys(lines)),
        tuple(f for f in FIX_BUTTONS if f in fixes),
    )


def problems_text(texts: Sequence[ProblemText]) -> str:
    """All problems as plain text (the red box; tests read it)."""
    blocks = []
    for t in texts:
        lines = "\n".join(f"    · {line}" for line in t.lines)
        blocks.append(f"{t.title}\n{lines}" if t.title else lines)
    return "\n".join(blocks)
