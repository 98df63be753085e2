"""reportlab's page layout (platypus) for this package, imported without its slowest start-up cost.

`reportlab.platypus.paragraph` compiles, when imported, a case-insensitive URL pattern over the
ranges \\xa1-\\uffff: about 40 ms, a tenth of a `mediator-cli render` command and of the GUI's first
print. It is used only to hyphenate URLs in Latin text, which our documents never do. Here the
module is imported with that pattern compiled on first use instead, and so are the patterns of
`reportlab.lib.textsplit` and `reportlab.lib.PyFontify` (wrapping and colouring source code, never
used by our documents; ~8 ms); every other pattern, and the patterns' behaviour, are unchanged
(tests/integration/test_fonts.py and test_lazy_imports.py check both). The documents modules import
platypus names from here, never from reportlab directly.
"""

from __future__ import annotations

import re
import threading
from typing import Any

_SLOW_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # reportlab.platypus.paragraph.uri_pat


class LazyPattern:
    """A compiled regular expression that is compiled when it is first used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def _real(self) -> re.Pattern[str]:
        with self._lock:
            if self._compiled is None:
                self._compiled = re.compile(self.pattern, self.flags)
            return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)


# Modules reportlab.platypus imports whose patterns serve only functions our documents never call
# (textsplit.cjkwrap, PyFontify.fontify for XPreformatted): compiled on first use too (~8 ms).
_LAZY_MODULES = frozenset({"reportlab.lib.textsplit", "reportlab.lib.PyFontify"})


def _import_paragraph() -> None:
    import sys

    if "reportlab.platypus.paragraph" in sys.modules:
        return  # imported elsewhere first (a test): nothing to gain
    real_compile = re.compile

    def compile_(pattern: Any, flags: Any = 0) -> Any:
        if isinstance(pattern, str) and (
            pattern.startswith(_SLOW_PATTERN_START) or sys._getframe(1).f_globals.get("__name__") in _LAZY_MODULES
        ):
            return LazyPattern(pattern, flags)
        return real_compile(pattern, flags)

    re.compile = compile_
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = real_compile


_import_paragraph()

from reportlab.platypus import (  # noqa: E402
    ActionFlowable,
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)
from reportlab.platypus.paragraph import FragLine, Paragraph, ParaLines, imgNormV, imgVRange  # noqa: E402
from reportlab.platypus.paraparser import ParaParser  # noqa: E402

__all__ = [
    "ActionFlowable",
    "BaseDocTemplate",
    "CondPageBreak",
    "Flowable",
    "FragLine",
    "Frame",
    "KeepTogether",
    "LazyPattern",
    "NextPageTemplate",
    "PageBreak",
    "PageTemplate",
    "ParaLines",
    "ParaParser",
    "Paragraph",
    "Spacer",
    "Table",
    "imgNormV",
    "imgVRange",
]
