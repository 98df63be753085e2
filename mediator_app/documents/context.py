"""What a document is filled from: the case, its committee, what the procedure recorded, and the
dossier's table of contents. Plain data, read by the printing service (`services.printing`) and
passed to pure code.

A form that is printed once per record (``"each": "investigation"`` and so on) is filled from the
context plus one `Item`: the record, visit or agent it is about, with its index so that an error
can name the field (``records[2].content``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import field
from functools import cached_property
from typing import TYPE_CHECKING

from mediator_app.domain.model import Case, Committee, Party, Representative, RepresentativeKind
from mediator_app.domain.records import ProcedureState, RecordKind, ReturnVisit, StepRecord, Transition
from mediator_app.frozen import frozen

if TYPE_CHECKING:  # the linkage papers' types: a command printing an agreement does not import them
    from mediator_app.documents.dossier_info import DossierInfo  # made by the dossier alone (its docstring)
    from mediator_app.domain.legal_support import LegalSupportRequest
    from mediator_app.domain.linkage import WorkOrder
    from mediator_app.procedure.receipt import NextStep


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
@frozen(repr=False)
class AgentRef:
    """An appointed agent (委托代理人) of one party: the subject of one 授权委托书."""

    party: Party
    agent: Representative
    party_index: int
    agent_index: int


@frozen(repr=False)
class Item:
    """The record, visit or agent a per-item form is about; `index` is its place in the context's list."""

    kind: str  # investigation / session / visit / agent / work_order
    index: int
    record: StepRecord | None = None
    visit: ReturnVisit | None = None
    agent: AgentRef | None = None
    work_order: WorkOrder | None = None
    legal: LegalSupportRequest | None = None


DATE_STYLES = ("chinese", "arabic")  # 二〇二六年十一月二十二日 / 2026年11月22日


@frozen(repr=False)
class DocumentContext:
    """Everything a document prints of one case, read once and handed to every form."""

    case: Case
    committee: Committee
    state: ProcedureState = field(default_factory=ProcedureState)
    records: tuple[StepRecord, ...] = ()
    visits: tuple[ReturnVisit, ...] = ()
    history: tuple[Transition, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    date_style: str = "chinese"
    court: str = ""  # the court the confirmation application is addressed to (chosen by the user)
    dossier: DossierInfo | None = None
    work_orders: tuple[WorkOrder, ...] = ()  # to other units (docs/linkage.md)
    legal_requests: tuple[LegalSupportRequest, ...] = ()  # 法律支持申请
    # What the party is told on the 受理回执, worked out on first use: it reads the holiday calendar
    # (about 20 ms in a new process), which no other form needs.
    step_source: Callable[[], NextStep | None] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.date_style not in DATE_STYLES:
            raise ValueError(f"date_style must be one of {DATE_STYLES}, not {self.date_style!r}")

    @cached_property
    def next_step(self) -> NextStep | None:
        return self.step_source() if self.step_source else None

    @property
    def parties(self) -> list[Party]:
        return sorted(self.case.parties, key=lambda p: p.seq)

    def party_index(self, party: Party) -> int:
        return self.case.parties.index(party)

    def event_date(self, event: str) -> dt.date | None:
        """The date of the last transition by `event` (e.g. 不予受理), from the case history."""
        dates = [t.at.date() for t in self.history if t.event == event]
        return dates[-1] if dates else None


def items_for(kind: str, ctx: DocumentContext) -> list[Item]:
    """The items a per-item form is printed for, in order."""
    if kind in ("investigation", "session"):
        wanted = RecordKind.INVESTIGATION if kind == "investigation" else RecordKind.SESSION
        return [Item(kind, i, record=r) for i, r in enumerate(ctx.records) if r.kind is wanted]
    if kind == "visit":
        return [Item(kind, i, visit=v) for i, v in enumerate(ctx.visits)]
    if kind == "legal_support":
        return [Item(kind, i, legal=r) for i, r in enumerate(ctx.legal_requests)]
    if kind == "work_order":
        return [Item(kind, i, work_order=w) for i, w in enumerate(ctx.work_orders)]
    if kind == "agent":
        out: list[Item] = []
        for pi, party in enumerate(ctx.case.parties):
            for ai, rep in enumerate(party.representatives):
                if rep.kind is RepresentativeKind.AGENT:
                    out.append(Item(kind, len(out), agent=AgentRef(party, rep, pi, ai)))
        return out
    raise ValueError(f"unknown item kind {kind!r}")


ITEM_NAMES = {
    "investigation": "调查记录",
    "session": "调解记录",
    "visit": "回访记录",
    "agent": "委托代理人",
    "work_order": "工作联系单",
    "legal_support": "法律支持申请",
}
