"""The program's idea of "today": the real date, or a fixed one (tests, screenshots, demonstrations).

Every deadline, default date and procedural check the screens ask for is computed for
`clock.today()`; the services take `today` as an argument, so a test that fixes the clock sees the
same to-do list and the same refusals every time it runs.
"""

from __future__ import annotations

# `datetime` is imported where it is used: the main window makes its clock before its first paint, and
# the module (its pure-Python half runs before the C one replaces it) costs ≈6 M instructions
# (docs/architecture.md, "Start-up").
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt


class Clock:
    def __init__(self, today: dt.date | None = None) -> None:
        self._fixed = today

    def today(self) -> dt.date:
        import datetime as dt

        return self._fixed or dt.date.today()

    def now(self) -> dt.datetime:
        """The current minute; on a fixed day, 9:00 of that day."""
        import datetime as dt

        if self._fixed is not None:
            return dt.datetime.combine(self._fixed, dt.time(9, 0))
        return dt.datetime.now().replace(second=0, microsecond=0)

    def set_today(self, day: dt.date | None) -> None:
        """Fix the date (None: follow the real calendar again)."""
        self._fixed = day
