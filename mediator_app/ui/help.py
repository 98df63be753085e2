"""帮助: 使用说明 (docs/user-guide.md with its pictures, shown inside the program, offline) and 关于
(version, where the data and the log are kept, the licences of the bundled fonts and libraries).

The guide and its pictures ship with the program (build_installer.spec) and are found through
`paths.docs_path`, in a source checkout and in the frozen bundle alike.
"""

from __future__ import annotations

import platform
from html import escape
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImageReader, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from mediator_app import APP_TITLE, __version__
from mediator_app.paths import docs_path, resource_path, user_log_dir
from mediator_app.ui.screen import fit_to_screen

# What ships in the bundle and under which licence (pyproject.toml's dependencies; resources/fonts/README.md).
LIBRARIES: tuple[tuple[str, str], ...] = (
    ("Qt / PySide6（界面、打印）", "LGPL-3.0"),
    ("SQLAlchemy、SQLModel、Alembic（数据库）", "MIT"),
    ("reportlab、rl_accel（PDF 文书）", "BSD"),
    ("sqlcipher3（加密数据库）", "zlib / BSD"),
    ("keyring、platformdirs", "MIT"),
    ("argon2-cffi", "MIT"),
    ("cryptography", "Apache-2.0 / BSD"),
    ("Python", "PSF License"),
)
FONTS: tuple[tuple[str, str, str], ...] = (
    ("文泉驿微米黑（WenQuanYi Micro Hei，界面文字）", "Apache License 2.0", "LICENSE-wqy-microhei.txt"),
    ("文鼎 PL 明体（AR PL UMing，正文）", "Arphic Public License", "LICENSE-uming.zh_CN.txt"),
    # The installer ships renamed subsets of these two (resources/fonts/README.md); credited by origin.
    (
        "霞鹜文楷（LXGW WenKai，标题、生僻字；安装包内为改名的精简子集）",
        "SIL Open Font License 1.1",
        "LICENSE-lxgw-wenkai.txt",
    ),
    (
        "花园明朝 B（Hanazono Mincho B，生僻字；安装包内为改名的精简子集）",
        "花园字体许可证 / SIL OFL 1.1",
        "LICENSE-hanazono.txt",
    ),
)
GUIDE = "user-guide.md"


class TextWindow(QDialog):
    """A page of text (the guide, a licence) with a 关闭 button; links open inside it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(True)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 1000, 760)


def user_guide(parent: QWidget | None = None) -> TextWindow:
    """使用说明, rendered from the Markdown file with its pictures; a clear line if it is missing."""
    window = TextWindow("使用说明", parent)
    guide = docs_path(GUIDE)
    if guide.is_file():
        window.browser.setSearchPaths([str(guide.parent)])
        window.browser.setSource(QUrl.fromLocalFile(str(guide)))
        fit_pictures(window.browser, guide.parent, GUIDE_PICTURE_WIDTH)
    else:
        window.browser.setPlainText(f"找不到使用说明文件：{guide}\n请重新安装调解工作台。")
    return window


GUIDE_PICTURE_WIDTH = 900  # px: the screenshots are 1366 wide; in the window they would scroll sideways


def fit_pictures(browser: QTextBrowser, folder: Path, width: int) -> None:
    """Show every picture (its path relative to `folder`) at most `width` pixels wide, its height in proportion."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            image = fragment.charFormat().toImageFormat()
            if fragment.isValid() and image.isValid():
                size = QImageReader(str(folder / image.name())).size()
                if size.isValid() and size.width() > width:
                    image.setWidth(width)
                    image.setHeight(size.height() * width / size.width())
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
            iterator += 1
        block = block.next()


def about_html(db_path: Path | None) -> str:
    rows = "".join(f"<tr><td>{escape(name)}</td><td>{escape(licence)}</td></tr>" for name, licence in LIBRARIES)
    fonts = "".join(
        f"<tr><td>{escape(name)}</td><td><a href='{QUrl.fromLocalFile(str(resource_path('fonts', file))).toString()}'>"
        f"{escape(licence)}</a></td></tr>"
        for name, licence, file in FONTS
    )
    data = escape(str(db_path)) if db_path is not None else "（尚未打开）"
    return (
        f"<h2>{escape(APP_TITLE)}</h2>"
        f"<p>版本 {escape(__version__)}（Python {escape(platform.python_version())}，Qt/PySide6 {escape(pyside_version)}）</p>"
        f"<p><b>数据文件：</b>{data}<br><b>日志文件夹：</b>{escape(str(user_log_dir()))}</p>"
        "<p>请定期用“工具 → 数据备份”把数据另存到U盘等其他地方。</p>"
        "<h3>内置字体</h3><table cellpadding='4'>"
        f"{fonts}</table><p>点击许可证名称查看全文。</p>"
        f"<h3>使用的软件库</h3><table cellpadding='4'>{rows}</table>"
    )


def about(db_path: Path | None, parent: QWidget | None = None) -> TextWindow:
    window = TextWindow("关于调解工作台", parent)
    window.browser.setHtml(about_html(db_path))
    return window
