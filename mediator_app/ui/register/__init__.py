"""登记新案件 / 修改案件信息: the case form, the list of parties and the form for one party."""

from mediator_app.ui.register.dialog import RegisterDialog

__all__ = ["RegisterDialog"]
