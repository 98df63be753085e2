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
import threading
import time
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QByteArray, QObject, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

log = logging.getLogger(__name__)

# Mediators are often over 50 (CONTRIBUTING.md, "Who we build for"): 13 pt is about 17 px at 96 dpi.
BASE_POINT_SIZE = 13


class FontSetup(NamedTuple):  # not a dataclass: imported before the first paint
    families: list[str]
    files: list[Path]
    elapsed_ms: float


# The files of `documents.fonts.BUNDLED_FONTS`, in the same fallback order, each with the subset the
# installer ships instead (tools/subset_fonts.py) and whether it ships packed (fontpack). Listed here
# because importing `documents.fonts` imports reportlab (≈55 ms), which must stay off the way to the
# first paint; tests/gui/test_fonts_and_text.py checks that the two lists agree.
BUNDLED_FONT_FILES: tuple[tuple[str, str, bool], ...] = (
    ("uming.ttc", "uming-cn.ttf", True),
    ("LXGWWenKai-Regular.ttf", "fallback-kai.ttf", True),
    ("HanaMinB.ttf", "fallback-ming-ext.ttf", True),
)


# fontpack.PACK_SUFFIX, not imported: fontpack's imports (hashlib loads OpenSSL) stay off the first paint.
_PACK_SUFFIX = ".xz"

# The screen face, first in the application font's families (the PDFs never use it). The proportional
# face of Debian's wqy-microhei.ttc alone (tools/ui_face.py): fontconfig queries every face of a file for
# its character set when it is registered, before the first paint (≈10 M instructions for each face).
UI_FONT_FILE = "wqy-microhei.ttf"
UI_FONT_FAMILY = "WenQuanYi Micro Hei"


def ui_font_files() -> list[Path]:
    """The files the UI registers, in fallback order: the screen face, then the PDF's fonts."""
    from mediator_app.paths import resource_path

    return [resource_path("fonts", UI_FONT_FILE), *bundled_font_files()]


def bundled_font_files() -> list[Path]:
    from mediator_app.paths import resource_path

    files = []
    for name, subset, packed in BUNDLED_FONT_FILES:
        whole, part = resource_path("fonts", name), resource_path("fonts", subset)
        if whole.is_file():
            files.append(whole)
        else:
            files.append(resource_path("fonts", subset + _PACK_SUFFIX) if packed and not part.is_file() else part)
    return files


def _pick_family(families: list[str]) -> str | None:
    """One family per file. A collection holds several faces: uming.ttc TW/HK/CN (the CN one is taken)."""
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
        if path in _registered:
            continue
        if path.name.endswith(_PACK_SUFFIX):
            ready = _checked_copy(path)
            if ready is None:
                _Unpacker(app, path)  # registered when unpacked, off the GUI thread (seconds, once)
                continue
            path, source = ready
        else:
            source = path
        _register(path, str(source))
    families = _families(files)
    font = QFont(app.font())
    if families:
        font.setFamilies(families)
    from mediator_app.ui.text_size import factor  # 大 / 特大 (设置 → 字号)

    font.setPointSizeF(point_size * factor())
    app.setFont(font)
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.info("fonts registered in %.0f ms: %s", elapsed_ms, ", ".join(families))
    return FontSetup(families, files, elapsed_ms)


def _checked_copy(packed: Path) -> tuple[Path, Path] | None:
    """(packed, its unpacked copy) when the copy was unpacked and checked before (every start but the
    first after an install): registered at once, like a plain file, so the window's fonts are resolved
    with every family from the start (a face registered later reaches labels made before only through
    Qt's fallback, which draws it without synthetic bold)."""
    from mediator_app.fontpack import checked_copy
    from mediator_app.paths import user_cache_dir

    copy = checked_copy(packed, user_cache_dir())
    return None if copy is None else (packed, copy)


def _register(path: Path, source: str | bytes) -> None:
    """Register one file (or the bytes of an unpacked font) with Qt; its family, or None, is kept."""
    if isinstance(source, bytes):
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(source))
    else:
        font_id = QFontDatabase.addApplicationFont(source)
    family = _pick_family(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else None
    if family is None:
        log.error("bundled font could not be loaded: %s", path)
    _registered[path] = family


def _families(files: list[Path]) -> list[str]:
    families: list[str] = []
    for path in files:
        family = _registered.get(path)
        if family is not None and family not in families:
            families.append(family)
    return families


_unpacking: set[Path] = set()  # packed fonts whose _Unpacker has not finished


class _Unpacker(QObject):
    """Unpacks a packed font (fontpack) on a thread of its own, then registers it on the GUI thread and,
    once the last font being unpacked is in, adds their families to the application font: the window
    never waits for the packed fonts, and re-lays itself out once for all of them (each application
    font change lays out every widget again; three in a row showed as a flicker at start)."""

    finished = Signal(object)  # the unpacked file, its bytes, or the FontPackError

    def __init__(self, app: QGuiApplication, packed: Path) -> None:
        super().__init__(app)
        self._app, self._packed = app, packed
        _registered[packed] = None  # one unpacking per process, whatever comes of it
        _unpacking.add(packed)
        self.finished.connect(self._register)  # queued: this object lives on the GUI thread
        threading.Thread(target=self._unpack, name="font-unpack", daemon=True).start()

    def _unpack(self) -> None:
        from mediator_app.fontpack import FontPackError, unpacked
        from mediator_app.paths import user_cache_dir

        try:
            self.finished.emit(unpacked(self._packed, user_cache_dir()))
        except FontPackError as exc:
            self.finished.emit(exc)

    @Slot(object)
    def _register(self, result: object) -> None:
        _unpacking.discard(self._packed)
        if isinstance(result, Exception):
            log.error("%s", result)
        elif isinstance(result, Path | bytes):
            _register(self._packed, str(result) if isinstance(result, Path) else result)
        families = _families(ui_font_files())
        if not _unpacking and families != self._app.font().families():
            font = QFont(self._app.font())
            font.setFamilies(families)
            self._app.setFont(font)
        self.deleteLater()
