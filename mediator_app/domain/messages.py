"""The user texts said in more than one place, once: the services, the command line, the import and
the screens take them from here, so that one situation is always worded the same way.

Field labels are in `domain.labels`; texts said in one place only stay where they are said, and the
screens' own texts stay in their `tr()` calls (Qt's translation tools read them there).
"""

from __future__ import annotations

CASE_NOT_FOUND = "找不到该案件"
NO_COMMITTEE = "尚未设置人民调解委员会信息，请先运行初始设置（mediator-cli init）"
CASE_ARCHIVED = "案件已归档，不能修改；如确需修改，请先写明理由重新启用"
CASE_VOIDED = "案件已作废，不能再办理或修改"
NO_DOCUMENT_CHOSEN = "请选择要打印的文书"
MEDIATOR_NAME_EMPTY = "调解员姓名不能为空"


def case_number_not_found(number: str) -> str:
    return f"找不到编号为“{number}”的案件"


def too_long(label: str, limit: int, length: int) -> str:
    """A text over its limit: 案件名称过长（最多200字，现为230字）."""
    return f"{label}过长（最多{limit}字，现为{length}字）"


def empty(label: str) -> str:
    return f"{label}不能为空"


def edit_conflict(number: str, changes: str) -> str:
    """Another workstation saved the case since it was opened here; what it changed is named."""
    return (
        f"没有保存：在您修改期间，其他人已保存了案件{number}，改动了：{changes}。"
        "您填写的内容仍在窗口中，没有丢失；请核对对方的改动后，再决定是否以您的内容保存。"
    )
