"""The check that Qt's xcb platform plugin can load names the missing system library and its package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mediator_app import platform_check

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux only")


def test_the_plugin_loads_on_this_machine() -> None:
    plugin = platform_check.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    assert platform_check.missing_library(plugin) is None
    assert platform_check.check_platform({"QT_QPA_PLATFORM": "xcb"}) is None


def test_other_platforms_are_not_checked() -> None:
    assert platform_check.check_platform({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_every_library_the_plugin_links_has_its_package() -> None:
    if shutil.which("objdump") is None:
        pytest.skip("objdump (binutils) is not installed")
    plugin = platform_check.xcb_plugin()
    assert plugin is not None
    qt_lib = plugin.parents[2] / "lib"
    needed: set[str] = set()
    for binary in (plugin, qt_lib / "libQt6XcbQpa.so.6", qt_lib / "libQt6Gui.so.6"):
        dump = subprocess.run(["objdump", "-p", str(binary)], capture_output=True, text=True, check=True).stdout
        needed |= {line.split()[1] for line in dump.splitlines() if line.strip().startswith("NEEDED")}
    system = {
        n
        for n in needed
        if not n.startswith(("libQt6", "libicu", "libc.so", "libm.so", "libstdc++", "libgcc_s", "ld-linux", "libz.so"))
        and not n.startswith(("libpthread", "libdl.so", "librt.so", "libzstd"))
    }
    assert system - platform_check.PACKAGES.keys() == set()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert {platform_check.PACKAGES[n] for n in system} <= set(readme.replace("`", " ").split())


def test_a_missing_library_is_named_with_its_package(tmp_path: Path) -> None:
    if shutil.which("cc") is None:
        pytest.skip("no C compiler to build the test libraries")
    # A library that needs a library from a folder that is then emptied: as on a machine without the
    # package, the system loader's error names the library.
    dep_dir = tmp_path / "deps"
    dep_dir.mkdir()
    (tmp_path / "dep.c").write_text("int dep(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text("int dep(void);\nint plugin(void) { return dep(); }\n")
    dep = dep_dir / "libmediatortest-gone.so.4"
    build = ["cc", "-shared", "-fPIC", "-Wl,-soname,libmediatortest-gone.so.4", str(tmp_path / "dep.c"), "-o", str(dep)]
    subprocess.run(build, check=True)
    plugin = tmp_path / "libqxcb.so"
    link = ["cc", "-shared", "-fPIC", str(tmp_path / "plugin.c"), str(dep), "-o", str(plugin)]
    subprocess.run(link, check=True)
    dep.unlink()
    assert platform_check.missing_library(plugin) == "libmediatortest-gone.so.4"
    message = platform_check.explain("libxcb-icccm.so.4")
    assert "系统缺少程序库 libxcb-icccm.so.4" in message and "sudo apt install libxcb-icccm4" in message
    unknown = platform_check.explain("libweird.so.9")
    assert "libweird.so.9" in unknown and "apt install" not in unknown


def test_the_loader_error_is_parsed() -> None:
    text = "libxcb-icccm.so.4: cannot open shared object file: No such file or directory"
    assert platform_check._MISSING.search(text).group(1) == "libxcb-icccm.so.4"  # type: ignore[union-attr]
