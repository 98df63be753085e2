"""The face of a centre's committees (`Desk.centre`, docs/centre.md "Several committees in one
database"): the committees, a new one, and which committee each account belongs to, for the
administrator's account window, 设置 and the case list's committee filter. Run on the database
thread like every `Desk` method; the services check the permissions."""

from __future__ import annotations

from mediator_app.domain.access import Role
from mediator_app.domain.model import Committee
from mediator_app.services import accounts, committees
from mediator_app.services.access import AccountInfo
from mediator_app.storage.database import Database


class CentreDesk:
    def __init__(self, db: Database) -> None:
        self.db = db

    def committees(self) -> list[Committee]:
        return committees.list_committees(self.db)

    def add_committee(self, committee: Committee) -> Committee:
        return committees.add_committee(self.db, committee)

    def add_account(
        self, login: str, display_name: str, role: Role, password: str, committee_id: int | None
    ) -> AccountInfo:
        return accounts.add_account(self.db, login, display_name, role, password, committee_id)

    def set_account_committee(self, login: str, committee_id: int | None) -> None:
        accounts.set_committee(self.db, login, committee_id)
