"""`mediator_app.services.procedure` as the procedure screens call it, imported lazily.

`service.workflow` is `services.procedure.workflow`. Importing the services pulls in SQLAlchemy
(see `ui/backend.py`); the first database job imports them on the database thread, so the look-up
here is free by the time a screen needs it and the window paints without waiting for it.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    from mediator_app.services import procedure

    try:
        return getattr(procedure, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
