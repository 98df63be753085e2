"""The committees of one database: a village room's only one, or the several committees of a township
centre (the township committee, village committees, professional committees for labour, traffic or
medical disputes) that share one server (docs/centre.md, "Several committees in one database").

Only a centre-wide account (one without a committee: the centre's director or administrator) adds a
committee; every committee keeps its own 字号, case-number counter, address, phone and court, so its
cases and papers carry its name. Each addition is one transaction with its audit row.
"""

from __future__ import annotations

from mediator_app.domain.access import Permission, PermissionDenied
from mediator_app.domain.model import Committee
from mediator_app.errors import UserFacingError
from mediator_app.services.access import actor_committee, require
from mediator_app.services.cases import save_committee
from mediator_app.storage import repository as repo
from mediator_app.storage.database import Database

CENTRE_ONLY = "只有全中心账户（中心主任或管理员，不属于某一个调委会）可以新增调委会"
FIRST_SET_UP = "请先完成本中心第一个调委会的初始设置（mediator-cli init，或程序第一次启动时）"


def list_committees(db: Database) -> list[Committee]:
    """Every committee, in the order they were set up (the first one is the centre's own)."""
    require(db, Permission.VIEW)
    with db.reader() as session:
        return repo.list_committees(session)


def add_committee(db: Database, committee: Committee) -> Committee:
    """A further committee of the centre, with its own 字号 (unique: it is in every case number)."""
    require(db, Permission.SETTINGS)
    if actor_committee(db) is not None:
        raise PermissionDenied(CENTRE_ONLY)
    if committee.id is not None:
        raise ValueError("add_committee takes a new committee")
    with db.reader() as session:
        if repo.first_committee(session) is None:
            raise UserFacingError(FIRST_SET_UP)
    return save_committee(db, committee)


def committee_names(db: Database) -> dict[int, str]:
    """Committee id → name, for lists that show whose a case or an account is."""
    return {c.id: c.name for c in list_committees(db) if c.id is not None}
