"""Draw the application icon: a blue rounded square with 调 in white, in the bundled Kai face (the
fonts' licences allow this). Writes resources/icon.png (window, task bar, Linux desktop) and
resources/icon.ico (the Windows executable and installer, 256 px; Windows scales it down).

    python tools/make_icon.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QImageWriter, QPainter  # noqa: E402


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#1f5f99"))
    painter.setPen(Qt.PenStyle.NoPen)
    margin = size * 0.04
    painter.drawRoundedRect(QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size * 0.18, size * 0.18)
    font_id = QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / "LXGWWenKai-Regular.ttf"))
    font = QFont(QFontDatabase.applicationFontFamilies(font_id)[0])
    font.setPixelSize(int(size * 0.66))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, -size * 0.03, size, size), Qt.AlignmentFlag.AlignCenter, "调")
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication([])
    out = ROOT / "resources"
    draw(256).save(str(out / "icon.png"))
    writer = QImageWriter(str(out / "icon.ico"), b"ico")
    if not writer.write(draw(256)):
        print(f"icon.ico not written: {writer.errorString()}")
        return 1
    print(f"wrote {out / 'icon.png'} and {out / 'icon.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
