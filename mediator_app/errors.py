"""The kinds of error the program knows about.

`UserFacingError` is expected (bad input, a database newer than the program, a locked file) and
carries a clear Chinese message for the user. Anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable

from mediator_app.frozen import frozen


class UserFacingError(Exception):
    """An expected failure with a message (Chinese) that can be shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@frozen
class FieldError:
    """One invalid value. `path` names the field, e.g. ``parties[2].id_number`` or ``terms[1].deadline``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}：{self.message}"


class ValidationError(UserFacingError):
    """Input that cannot be saved, with one message per offending field."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("；".join(str(e) for e in self.errors) or "输入有误")

    def for_path(self, path: str) -> list[FieldError]:
        return [e for e in self.errors if e.path == path]


class EditConflict(UserFacingError):
    """A save refused because someone else saved the same case meanwhile (a township centre: several
    workstations on one database). Nothing was written; `current` is the case as now stored (a
    `domain.model.Case`), for the dialog that keeps the typed input and offers to compare or reload."""

    def __init__(self, message: str, current: object, changed: list[str]) -> None:
        super().__init__(message)
        self.current = current
        self.changed = changed
