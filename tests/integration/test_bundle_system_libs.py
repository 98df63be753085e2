"""The system libraries the Linux bundle leaves to the system (tools/system_libs.py) come with the
packages README.md tells a user to install: each one the installed Qt reaches belongs to one of those
packages or to a package they depend on (dpkg's database, so on a Debian-family system only)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import system_libs

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("dpkg-query") is None or shutil.which("ldd") is None,
    reason="needs a Debian-family Linux (dpkg, ldd)",
)


def _reached_by_qt() -> set[str]:
    """Sonames of the system libraries the installed Qt's xcb plugin, print support and libraries load."""
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    binaries = [
        qt / "plugins" / "platforms" / "libqxcb.so",
        qt / "plugins" / "printsupport" / "libcupsprintersupport.so",
        *(qt / "lib").glob("libQt6*.so.6"),
    ]
    found: set[str] = set()
    for binary in binaries:
        if not binary.is_file():
            continue
        listing = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=False).stdout
        for line in listing.splitlines():
            name, _, where = line.strip().partition(" => ")
            if where and "PySide6" not in where and "not found" not in where:
                found.add(name)
    return found


def test_the_readme_lists_the_window_packages() -> None:
    packages = system_libs.readme_packages()
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libglib2.0-0", "libcups2"} <= set(packages)


def test_every_library_left_to_the_system_comes_with_a_readme_package() -> None:
    reached = {name for name in _reached_by_qt() if system_libs.system_provided(name)}
    if not reached:
        pytest.skip("the README's packages are not installed here")
    closure = system_libs.dependency_closure(system_libs.readme_packages())
    owners = {name: system_libs.package_of(name) for name in reached}
    assert {name: owner for name, owner in owners.items() if owner not in closure} == {}
    # What the window's libraries need most: X11/xcb, glib, fontconfig, D-Bus and CUPS are among them.
    assert {"libX11.so.6", "libxcb.so.1", "libglib-2.0.so.0", "libfontconfig.so.1", "libdbus-1.so.3"} <= reached


def test_what_python_and_the_command_line_link_is_never_left_to_the_system() -> None:
    for kept in (
        "libpython3.11.so.1.0",
        "libsqlite3.so.0",
        "libffi.so.8",
        "liblzma.so.5",
        "libz.so.1",
        "libstdc++.so.6",
    ):
        assert not system_libs.system_provided(kept)
    assert system_libs.system_provided("libxcb-icccm.so.4") and system_libs.system_provided("libgnutls.so.30")
    assert not system_libs.system_provided("libxcb.so.1.bak") and not system_libs.system_provided("libcrypto.so.3")
