"""Before the judicial-confirmation package is printed: the courts it may go to and the checks that
block it or should be known (`procedure.confirmation` holds the rules), both
computed from the case as printing reads it (`DocumentContext`), so the command line reads the case
once for the court, the warnings and the package.

    court_options(ctx) -> list[CourtOption]                       CPL Art. 205
    confirmation_checks(ctx, applicants=None) -> list[Check]      level "block" / "warn", message, rule
    ConfirmationBlocked                                           raised by a package job a check blocks
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mediator_app.errors import UserFacingError

if TYPE_CHECKING:
    from mediator_app.documents.context import DocumentContext
    from mediator_app.procedure.confirmation import Check, CourtOption

NO_COURT = "请选择或填写受理司法确认申请的人民法院（《民事诉讼法》第二百零五条）"


class ConfirmationBlocked(UserFacingError):
    """The joint application cannot go to court now; `checks` says why, each with its rule."""

    def __init__(self, checks: list[Check]) -> None:
        super().__init__("不能生成司法确认申请材料：" + "；".join(str(c) for c in checks))
        self.checks = checks


def court_options(ctx: DocumentContext) -> list[CourtOption]:
    """Courts the joint application may go to (CPL Art. 205); the user may also enter another."""
    from mediator_app.procedure.confirmation import court_options as options

    return options(ctx.case, ctx.committee, ctx.state)


def confirmation_checks(ctx: DocumentContext, applicants: Sequence[int] | None = None) -> list[Check]:
    """What blocks or should be known on `ctx.today` before the joint application, each citing its rule
    (法释〔2011〕5号; 《民事诉讼法》第二百零五条).

    `applicants`: the parties (by seq) who sign the application; all parties by default.
    """
    from mediator_app.procedure.confirmation import confirmation_checks as checks
    from mediator_app.services.calendar import holiday_calendar
    from mediator_app.services.procedure import build_facts

    case = ctx.case
    seqs = set(applicants) if applicants is not None else {p.seq for p in case.parties}
    missing = tuple(p.name for p in case.parties if p.seq not in seqs)
    facts = build_facts(case, ctx.state, len(ctx.visits), ctx.today, holiday_calendar(), applicants_missing=missing)
    return checks(case, ctx.state, facts, ctx.committee, ctx.court)


def raise_if_blocked(ctx: DocumentContext, applicants: Sequence[int] | None) -> None:
    """What a package job checks before it lays anything out: nothing blocks (warnings do not)."""
    from mediator_app.procedure.confirmation import blocking

    blocked = blocking(confirmation_checks(ctx, applicants))
    if blocked:
        raise ConfirmationBlocked(blocked)
