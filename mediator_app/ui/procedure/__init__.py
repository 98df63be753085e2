"""The procedure screens: where a case stands, what the law requires next, one guided dialog per step,
and the to-do list across cases (今日待办)."""

from mediator_app.ui.procedure.pane import CasePane
from mediator_app.ui.procedure.todo import TodoView

__all__ = ["CasePane", "TodoView"]
