"""Before the window: can Qt's platform plugin load on this machine? If not, say which library is missing.

On Linux (Debian, UOS, Kylin) Qt's xcb plugin needs about twenty X11/xcb system libraries. When one is
missing, Qt prints a message that blames the wrong library (``xcb-cursor0``) and aborts the process
(exit 134), before any window could explain anything. So the plugin is loaded here first, with the
system's own loader (`ctypes`): its error names the missing library exactly, and we print, in Chinese and
on the console, which Debian package provides it. Qt would load the same libraries a moment later, so
this costs the start-up nothing measurable.

The package names come from what the plugin links (``objdump -p libqxcb.so`` and ``dpkg -S``), listed
in README.md as well.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

# shared library (soname) -> Debian/UOS/Kylin package, for what Qt's xcb platform plugin and QtGui link.
PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
}

_MISSING = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")


def xcb_plugin() -> Path | None:
    """The xcb platform plugin of the installed PySide6 (or the frozen bundle), if there is one."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def missing_library(plugin: Path) -> str | None:
    """The first library the plugin cannot find, or None when it loads."""
    import ctypes  # only on Linux with the xcb platform, not on the way of every start

    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY | os.RTLD_LOCAL)
    except OSError as exc:
        match = _MISSING.search(str(exc))
        return match.group(1) if match else str(exc)
    return None


def explain(library: str) -> str:
    package = PACKAGES.get(library)
    install = f"sudo apt install {package}" if package else "（请把上面的库名告诉技术支持）"
    return (
        f"调解工作台无法启动图形界面：系统缺少程序库 {library}。\n"
        f"请安装后再启动：{install}\n"
        f"Mediation Desk cannot start its window: the system library {library} is missing"
        + (f" (Debian/UOS/Kylin package {package})." if package else ".")
    )


def check_platform(environ: dict[str, str] | None = None) -> str | None:
    """None if the GUI can start here; otherwise the message to print. Only the xcb platform is checked."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc …: Qt reports those itself
    plugin = xcb_plugin()
    if plugin is None:
        return None
    library = missing_library(plugin)
    return explain(library) if library else None
