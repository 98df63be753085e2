"""Whose report it is (docs/centre.md, "Several committees in one database"): a person of one committee
gets their committee's report, counting its cases only and titled with its name; a centre-wide person
chooses one committee or the whole centre (every case, titled with the centre's own committee, the
first). In a database of one committee there is nothing to choose: its report is every case's, as in
a village room. A confirmed report is kept apart per scope (`report_snapshot.subject`, `subject`).
"""

from __future__ import annotations

from mediator_app.domain.access import OWN_COMMITTEE_ONLY, Permission, PermissionDenied, check_committee
from mediator_app.domain.messages import NO_COMMITTEE
from mediator_app.errors import UserFacingError
from mediator_app.frozen import frozen
from mediator_app.services.access import actor_committee, require
from mediator_app.services.cases import NO_SUCH_COMMITTEE
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

SUBJECT_PREFIX = "committee:"  # `report_snapshot.subject` of one committee's report; "" for every case


@frozen
class Scope:
    committee_id: int | None  # None: every case of the database
    unit: str  # 填报单位: the committee's name, or the centre's own committee's

    @property
    def subject(self) -> str:
        return subject(self.committee_id)


def subject(committee_id: int | None) -> str:
    """The snapshot subject of a report of `committee_id` (None: of every case)."""
    return "" if committee_id is None else f"{SUBJECT_PREFIX}{committee_id}"


def resolve(db: Database, committee_id: int | None = None) -> Scope:
    """The scope of a report asked for with `committee_id` (None: the person's own committee, or the
    whole centre for a centre-wide person). A person of one committee asking for another committee's
    is refused (`PermissionDenied`)."""
    actor = require(db, Permission.VIEW)
    wanted = committee_id if committee_id is not None else actor_committee(db)
    if wanted is not None:
        check_committee(actor, wanted)
    with db.reader() as session:
        every = repo.list_committees(session)
    if not every:
        raise UserFacingError(NO_COMMITTEE)
    if wanted is None or len(every) == 1:
        if wanted is not None and wanted != every[0].id:
            raise UserFacingError(NO_SUCH_COMMITTEE)
        return Scope(None, every[0].name)
    for committee in every:
        if committee.id == wanted:
            return Scope(wanted, committee.name)
    raise UserFacingError(NO_SUCH_COMMITTEE)


def confirmer(db: Database, committee_id: int | None) -> Scope:
    """The scope of a report or claim of `committee_id` that the acting person is about to confirm:
    only the person whose it is may (the centre's, confirmed by one committee's person, is refused)."""
    whose = resolve(db, committee_id)
    if whose.committee_id != committee_id:
        raise PermissionDenied(OWN_COMMITTEE_ONLY)
    return whose


def named(unit: str, committee_id: int | None) -> str:
    """What goes before the title of a report or claim in the audit log: a committee's names the
    committee, the whole database's nothing."""
    return "" if committee_id is None else unit
