"""填写协议条款: the agreement's contents and its terms (who does what for whom, how much, by when)."""

from mediator_app.ui.agreement.dialog import AgreementDialog, terms_frozen

__all__ = ["AgreementDialog", "terms_frozen"]
