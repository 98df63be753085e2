"""The UI font: a clear sans-serif face for the screen, with the PDF's bundled fonts behind it for the
characters it lacks, all registered with Qt so nothing depends on the fonts of the machine.

The screen face is WenQuanYi Micro Hei (文泉驿微米黑, `resources/fonts/README.md`): a 黑体 (sans-serif)
face that reads better on a screen for older eyes than the Song face of the printed papers, with all
of GB 2312 and GBK (5 MB). Behind it come the same files the PDF uses (`documents.fonts.font_files()`,
listed here without importing reportlab; in fallback order: AR PL UMing, a Ming/Song face with 762
Ext A characters such as 䶮; LXGW WenKai, which has 𠮷; then Ext-B coverage). The application font
lists their families in that order (`QFont.setFamilies`), so a rare character missing from the sans
face is drawn, glyph by glyph, from the next font that has it. The PDFs keep their own fonts.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import NamedTuple

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

log = logging.getLogger(__name__)

# Mediators are often over 50 (CONTRIBUTING.md, "Who we build for"): 13 pt is about 17 px at 96 dpi.
BASE_POINT_SIZE = 13


class FontSetup(NamedTuple):  # not a dataclass: imported before the first paint
    families: list[str]
    files: list[Path]
    elapsed_ms: float


# The files of `documents.fonts.BUNDLED_FONTS`, in the same fallback order, each with the subset the
# installer ships instead (tools/subset_fonts.py). Listed here because importing `documents.fonts`
# imports reportlab (≈55 ms), which must stay off the way to the first paint;
# tests/gui/test_fonts_and_text.py checks that the two lists agree.
BUNDLED_FONT_FILES: tuple[tuple[str, str | None], ...] = (
    ("uming.ttc", None),
    ("LXGWWenKai-Regular.ttf", "fallback-kai.ttf"),
    ("HanaMinB.ttf", "fallback-ming-ext.ttf"),
)


# The screen face, first in the application font's families (the PDFs never use it).
UI_FONT_FILE = "wqy-microhei.ttc"
UI_FONT_FAMILY = "WenQuanYi Micro Hei"  # the collection's other face is "… Mono"


def ui_font_files() -> list[Path]:
    """The files the UI registers, in fallback order: the screen face, then the PDF's fonts."""
    from mediator_app.paths import resource_path

    return [resource_path("fonts", UI_FONT_FILE), *bundled_font_files()]


def bundled_font_files() -> list[Path]:
    from mediator_app.paths import resource_path

    files = []
    for name, subset in BUNDLED_FONT_FILES:
        whole = resource_path("fonts", name)
        files.append(whole if subset is None or whole.is_file() else resource_path("fonts", subset))
    return files


def _pick_family(families: list[str]) -> str | None:
    """One family per file. A collection holds several faces: uming.ttc TW/HK/CN (the CN one is taken),
    wqy-microhei.ttc the proportional face and a monospaced one (the proportional one)."""
    if not families:
        return None
    if UI_FONT_FAMILY in families:
        return UI_FONT_FAMILY
    return next((f for f in families if f.endswith(" CN")), families[0])


_registered: dict[Path, str | None] = {}  # file -> its family (None: could not be loaded), once per process


def install_fonts(app: QGuiApplication, point_size: int = BASE_POINT_SIZE, *, body_only: bool = False) -> FontSetup:
    """Register the bundled fonts and make them the application font; returns what was done and how long.

    `body_only`: register only the screen face (enough for the window's first paint; the fallback
    faces, for rare characters, are large files); a later call without it adds the others. Each file
    is registered once per process.
    """
    started = time.perf_counter()
    files = ui_font_files()
    for path in files[:1] if body_only else files:
        if path not in _registered:
            font_id = QFontDatabase.addApplicationFont(str(path))
            family = _pick_family(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else None
            if family is None:
                log.error("bundled font could not be loaded: %s", path)
            _registered[path] = family
    families: list[str] = []
    for path in files:
        family = _registered.get(path)
        if family is not None and family not in families:
            families.append(family)
    font = QFont(app.font())
    if families:
        font.setFamilies(families)
    from mediator_app.ui.text_size import factor  # 大 / 特大 (设置 → 字号)

    font.setPointSizeF(point_size * factor())
    app.setFont(font)
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.info("fonts registered in %.0f ms: %s", elapsed_ms, ", ".join(families))
    return FontSetup(families, files, elapsed_ms)
