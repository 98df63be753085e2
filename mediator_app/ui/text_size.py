"""One text size for the whole program: 标准, 大 or 特大 (设置 → 字号, Ctrl+加号 / Ctrl+减号), applied at
once to every window open and remembered for the next start.

Style sheets are written at the standard size. A widget's own sheet is set with `set_style_sheet`,
which keeps the sheet as written (the ``designSheet`` property) and sets it with every
``font-size: Npt`` multiplied by the size's factor and every length named in LENGTHS (``@indicator``,
``@ring``, ``@thick_ring``) as its pixels at this size; the application's sheet (`style.apply_style`)
goes the same way. So no sheet holds a size of its own that stays behind when the text grows. `apply_text_size` sets the application font, re-scales the application's sheet and every
sheet set through `set_style_sheet`, so nothing is restarted and no size stays behind. Kept free of the
Qt namespace's enums: the program applies the remembered size before its first paint.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from mediator_app.ui.fonts import BASE_POINT_SIZE

# Mediators are often over 50 (CONTRIBUTING.md, "Who we build for"); 特大 is the size at which a
# 1366×768 screen still shows the main window (docs/testing-notes.md, "Fit").
TEXT_SIZES: dict[str, float] = {"标准": 1.0, "大": 1.2, "特大": 1.45}
STANDARD = "标准"
SETTINGS_KEY = "ui/text_size"
_DESIGN = "designSheet"
_POINTS = re.compile(r"font-size:\s*([0-9.]+)pt")
# The lengths that grow with the text, in pixels at 标准: a check box's or radio button's box (a 20 px
# box beside 13 pt text; at 特大 a 20 px box sat small beside 19 pt text), and the keyboard focus ring
# of fields and buttons (style.FOCUS_COLOUR), thick on the procedure's step buttons.
LENGTHS: dict[str, int] = {"indicator": 20, "ring": 2, "thick_ring": 3}
_LENGTH = re.compile("@(" + "|".join(sorted(LENGTHS, key=len, reverse=True)) + r")\b")

_current = STANDARD


def current() -> str:
    return _current


def factor() -> float:
    return TEXT_SIZES[_current]


def point_size(standard: float = BASE_POINT_SIZE) -> float:
    """The application font's size at the current text size (`fonts.install_fonts` uses it)."""
    return standard * factor()


def length(name: str) -> int:
    """A LENGTHS length in pixels at the current text size (never thinner than at 标准)."""
    return max(LENGTHS[name], round(LENGTHS[name] * factor()))


def scaled(sheet: str) -> str:
    """`sheet` with every ``font-size: Npt`` multiplied by the text size's factor and every ``@name``
    of LENGTHS as its pixels at this size."""
    sheet = _LENGTH.sub(lambda m: f"{length(m.group(1))}px", sheet)
    times = factor()
    if times == 1.0:
        return sheet
    return _POINTS.sub(lambda m: f"font-size: {float(m.group(1)) * times:.1f}pt", sheet)


def set_style_sheet(widget: QWidget, sheet: str) -> None:
    """A widget's own style sheet, at the current text size and re-scaled when it changes."""
    widget.setProperty(_DESIGN, sheet)
    widget.setStyleSheet(scaled(sheet))


def remembered() -> str:
    value = QSettings().value(SETTINGS_KEY)
    return value if isinstance(value, str) and value in TEXT_SIZES else STANDARD


def apply_text_size(app: QApplication, size: str, *, remember: bool = True) -> None:
    """Make `size` the program's text size now: the application font, the application's style sheet
    and every widget sheet set through `set_style_sheet`; remembered unless told not to."""
    global _current
    if size not in TEXT_SIZES:
        raise ValueError(f"unknown text size {size!r}")
    _current = size
    font = app.font()
    font.setPointSizeF(point_size())
    app.setFont(font)
    from mediator_app.ui.style import apply_style

    apply_style(app)
    for widget in app.allWidgets():
        design = widget.property(_DESIGN)
        if isinstance(design, str):
            widget.setStyleSheet(scaled(design))
    if remember:
        QSettings().setValue(SETTINGS_KEY, size)


def step(app: QApplication, steps: int) -> str:
    """Ctrl+加号 (1) / Ctrl+减号 (-1): the next size up or down, staying within 标准 … 特大."""
    names = list(TEXT_SIZES)
    index = min(max(names.index(_current) + steps, 0), len(names) - 1)
    apply_text_size(app, names[index])
    return names[index]
