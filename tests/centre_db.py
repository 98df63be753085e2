"""A centre of two committees in one database, for the tests of docs/centre.md ("Several committees in
one database"): the conftest committee (望京西园, the centre's own) plus a traffic committee, a
mediator in each, a centre-wide director, and the administrator."""

from __future__ import annotations

import dataclasses

from mediator_app.domain.access import Role
from mediator_app.domain.model import Committee
from mediator_app.services import access, accounts, cases, committees
from mediator_app.storage.database import Database

TRAFFIC = Committee(
    name="青山镇道路交通事故纠纷人民调解委员会",
    short_name="青山交调",
    address="青山镇交警中队东侧调解室",
    court="青山县人民法院",
    phone="0571-88001234",
)
PASSWORD = "pass-word-2026"


@dataclasses.dataclass
class Centre:
    db: Database
    home: Committee  # the first committee (the township's own)
    traffic: Committee

    def as_(self, login: str) -> Database:
        access.login(self.db, login, PASSWORD)
        return self.db


def make_centre(db: Database) -> Centre:
    """`db` (with its first committee saved) made a centre: accounts `admin`, `ma` (the first
    committee), `jiao` (the traffic committee), `boss` (the centre-wide director)."""
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    home = cases.get_committee(db)
    traffic = committees.add_committee(db, dataclasses.replace(TRAFFIC))
    assert home is not None and home.id is not None and traffic.id is not None
    accounts.add_account(db, "ma", "马德明", Role.MEDIATOR, PASSWORD, home.id)
    accounts.add_account(db, "jiao", "焦交调", Role.MEDIATOR, PASSWORD, traffic.id)
    accounts.add_account(db, "boss", "赵主任", Role.DIRECTOR, PASSWORD)
    return Centre(db, home, traffic)
