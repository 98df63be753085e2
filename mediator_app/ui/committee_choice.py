"""Which committee of a centre (docs/centre.md, "Several committees in one database"): 所属调委会 on
登记新案件 (the committee a new case is registered in, and so the committee its number, papers and
reports carry) and the 调委会 of 统计报表 (one committee's report or the whole centre's).

Offered only to a centre-wide person (the centre's director, the administrator, or 本机用户 of a file
without accounts) of a database with several committees. A person of one committee never sees it:
their cases and reports are their own committee's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QWidget

from mediator_app.ui.errors import report_exception
from mediator_app.ui.tasks import run_db

if TYPE_CHECKING:
    from mediator_app.domain.model import Committee
    from mediator_app.services.desk import Desk


class CommitteeChoice(QComboBox):
    """The committees by 字号 and name; `chosen()` is None while nothing is offered (the default)."""

    def __init__(self, parent: QWidget | None = None, whole_centre: str = "") -> None:
        """`whole_centre`: the caption of a first item meaning every committee (chosen at first);
        without it the centre's own committee (the first) is chosen at first."""
        super().__init__(parent)
        self._offered = False
        self._whole_centre = whole_centre
        self.names: dict[int, str] = {}  # id → full name of each committee offered
        # A committee's full name may be long (up to 100 characters): it must not widen the dialog.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)

    def load(self, desk: Desk, offered: Callable[[bool], None]) -> None:
        """Read the committees on the database thread and call `offered(True)` when there are several
        to choose from; a person of one committee is not asked at all."""
        actor = desk.actor
        if actor is not None and actor.committee_id is not None:
            return
        run_db(lambda: desk.centre.committees(), owner=self).on_success(
            lambda found: offered(self._fill(found))
        ).on_error(lambda exc: report_exception(exc, self))

    def _fill(self, committees: list[Committee]) -> bool:
        self.clear()
        if self._whole_centre:
            self.addItem(self._whole_centre, None)
        self.names = {c.id: c.name for c in committees if c.id is not None}
        for committee in committees:
            # the 字号 first: it is what the case number will carry, and it stays readable when clipped
            self.addItem(f"{committee.short_name}：{committee.name}", committee.id)
        self.setCurrentIndex(0)
        self._offered = len(committees) > 1
        return self._offered

    def chosen(self) -> int | None:
        if not self._offered:
            return None
        data = self.currentData()
        return data if isinstance(data, int) else None
