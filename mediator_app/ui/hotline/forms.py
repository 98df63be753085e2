"""The small forms of the 12345工单 window (docs/hotline.md, "Steps"): 转为案件 (the dispute type and the
other side), 退单 (the reason), 延期 (reason, new date, basis), 回复 (result, what was done, with whom,
the agreement, handler, unit), and the preview of an import. Each form only collects what was typed;
the window runs the service, and a `ValidationError` comes back to the form's own error line."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from mediator_app.domain.hotline import HotlineOrder, Reply, ResultCode
from mediator_app.domain.model import DISPUTE_TYPES, Party, PartyKind, PartyRole
from mediator_app.ui.widgets import DateEdit, TextArea, label


class StepForm(QDialog):
    """A titled form with 确定/取消 and a red line for what the service refused."""

    def __init__(self, title: str, order: HotlineOrder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label(f"工单{order.order_no}　{order.caller}　{order.order_type}", word_wrap=True))
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)


class ConvertForm(StepForm):
    """转为案件: the caller becomes the applicant; the mediator names the other side."""

    def __init__(self, order: HotlineOrder, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("转为案件"), order, parent)
        self.dispute_type = QComboBox()
        self.dispute_type.addItems(list(DISPUTE_TYPES))
        self.respondent = QLineEdit()
        self.respondent.setPlaceholderText(self.tr("对方当事人姓名或单位名称"))
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.form.addRow(self.tr("纠纷类型"), self.dispute_type)
        self.form.addRow(self.tr("申请人"), QLabel(order.caller or self.tr("（工单未写来电人）")))
        self.form.addRow(self.tr("被申请人"), self.respondent)
        self.form.addRow(self.tr("被申请人电话"), self.phone)
        self.form.addRow(self.tr("被申请人地址"), self.address)

    def respondent_party(self) -> Party:
        return Party(
            2,
            PartyRole.RESPONDENT,
            PartyKind.PERSON,
            self.respondent.text().strip(),
            phone=self.phone.text().strip(),
            address=self.address.text().strip(),
        )


class ReturnForm(StepForm):
    def __init__(self, order: HotlineOrder, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("退单"), order, parent)
        self.reason = TextArea(3, self.tr("如：不属于民间纠纷，应由住建部门处理"))
        self.form.addRow(self.tr("退单理由"), self.reason)


class ExtendForm(StepForm):
    def __init__(self, order: HotlineOrder, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("延期"), order, parent)
        self.reason = TextArea(2, self.tr("如：当事人外出务工，需等其返回后调解"))
        self.until = DateEdit()
        self.until.set_value(today + dt.timedelta(days=7))
        self.basis = QLineEdit()
        self.basis.setPlaceholderText(self.tr("如：区热线办批准（批准文号）"))
        self.form.addRow(self.tr("延期理由"), self.reason)
        self.form.addRow(self.tr("延期至"), self.until)
        self.form.addRow(self.tr("延期依据"), self.basis)


class ReplyForm(StepForm):
    def __init__(self, order: HotlineOrder, handler: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("办理情况回复"), order, parent)
        self.result_box = QComboBox()
        self.result_box.addItems([r.value for r in ResultCode if r is not ResultCode.RETURNED])
        self.done_text = TextArea(3, self.tr("做了什么：如上门了解情况、组织双方调解"))
        self.contact = TextArea(2, self.tr("何时与谁沟通：如11月18日在社区调解室与双方面谈"))
        self.agreement = TextArea(2, self.tr("达成的协议（没有则不填）"))
        self.handler = QLineEdit(order.reply_handler or handler)
        self.unit = QLineEdit(order.reply_unit or unit)
        if order.reply_result is not None and order.reply_result is not ResultCode.RETURNED:
            self.result_box.setCurrentText(order.reply_result.value)
            self.done_text.setText(order.reply_done)
            self.contact.setText(order.reply_contact)
            self.agreement.setText(order.reply_agreement)
        for caption, widget in (
            ("办理结果", self.result_box),
            ("办理情况", self.done_text),
            ("沟通情况", self.contact),
            ("达成协议", self.agreement),
            ("承办人", self.handler),
            ("承办单位", self.unit),
        ):
            self.form.addRow(self.tr(caption), widget)

    def reply(self) -> Reply:
        return Reply(
            ResultCode(self.result_box.currentText()),
            self.done_text.text(),
            self.contact.text(),
            self.agreement.text(),
            self.handler.text(),
            self.unit.text(),
        )


class PreviewDialog(QDialog):
    """What importing the file would do, one line per row; 导入 writes it."""

    def __init__(self, summary: str, lines: list[str], errors: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入预览"))
        self.resize(900, 520)
        self.list = QListWidget()
        self.list.addItems(lines)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导入"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = self.tr("有错误的行不导入，请按提示核对导出文件。") if errors else self.tr("确认无误后点“导入”。")
        layout = QVBoxLayout(self)
        layout.addWidget(label(summary, word_wrap=True))
        layout.addWidget(self.list, 1)
        layout.addWidget(label(note, "hint", word_wrap=True))
        layout.addWidget(buttons)


class LinkForm(StepForm):
    """关联到已有案件: the earlier disputes of the same caller or address, one to choose."""

    def __init__(self, order: HotlineOrder, choices: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("关联到已有案件"), order, parent)
        self.choices = choices
        self.list = QListWidget()
        self.list.addItems([text for _, text in choices])
        if choices:
            self.list.setCurrentRow(0)
        self.form.addRow(self.tr("同一来电人或地址的案件"), self.list)

    def case_id(self) -> int | None:
        row = self.list.currentRow()
        return self.choices[row][0] if 0 <= row < len(self.choices) else None
