"""The system libraries the Linux bundle leaves to the system: those only Qt's window reaches and that the
packages README.md lists (or the packages those depend on) already put on every machine that can run it.

PyInstaller copies into the bundle every system library a bundled binary links, 22.6 MB for Qt's xcb
window alone: X11 and xcb, glib, fontconfig and FreeType, D-Bus with systemd's and gcrypt's libraries,
CUPS with GnuTLS, p11-kit, libunistring, Kerberos and Avahi. The window cannot start without the
README's packages anyway (mediator_app/platform_check.py names a missing one before Qt aborts), and
those packages bring exactly these libraries; a second, older copy in the bundle is dead weight and
may even disagree with the system's X server or CUPS. This is the AppImage project's "excludelist"
reasoning (libraries every desktop that can run the program has), narrowed to what the README installs.

Kept in the bundle whatever the list says: a library that something besides Qt links (libpython, the
Python extension modules, psycopg, sqlcipher3): the command line (`mediator-cli`) must run on a
machine without a desktop. build_installer.spec applies the list (`_leave_to_system`);
tests/integration/test_bundle_system_libs.py checks on a Debian system that each listed library
comes from a README package or one of its dependencies.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Sonames (regular expressions, whole name), grouped by the README package that brings them.
SYSTEM_PROVIDED = (
    # libx11-6, libx11-xcb1, libxcb1, libxcb-*, libxkbcommon0, libxkbcommon-x11-0 (and libXau/libXdmcp,
    # with libbsd and libmd under them)
    r"libX11(-xcb)?\.so\.\d+",
    r"libXau\.so\.6",
    r"libXdmcp\.so\.6",
    r"libbsd\.so\.0",
    r"libmd\.so\.0",
    r"libxcb(-[a-z0-9-]+)?\.so\.\d+",
    r"libxkbcommon(-x11)?\.so\.0",
    # libglib2.0-0
    r"libglib-2\.0\.so\.0",
    r"libgthread-2\.0\.so\.0",
    r"libpcre2-8\.so\.0",
    # libfontconfig1, libfreetype6
    r"libfontconfig\.so\.1",
    r"libfreetype\.so\.6",
    r"libpng16\.so\.16",
    r"libexpat\.so\.1",
    r"libbrotli(common|dec)\.so\.1",
    # libdbus-1-3 (with libsystemd0 and what it links)
    r"libdbus-1\.so\.3",
    r"libsystemd\.so\.0",
    r"libgcrypt\.so\.20",
    r"libgpg-error\.so\.0",
    r"liblz4\.so\.1",
    r"libzstd\.so\.1",
    r"libcap\.so\.2",
    # libcups2 (with GnuTLS, Kerberos and Avahi)
    r"libcups\.so\.2",
    r"libgnutls\.so\.30",
    r"libp11-kit\.so\.0",
    r"libunistring\.so\.[25]",
    r"libidn2\.so\.0",
    r"libnettle\.so\.8",
    r"libhogweed\.so\.6",
    r"libgmp\.so\.10",
    r"libtasn1\.so\.6",
    r"libavahi-(client|common)\.so\.3",
    r"libgssapi_krb5\.so\.2",
    r"libkrb5\.so\.3",
    r"libk5crypto\.so\.3",
    r"libkrb5support\.so\.0",
    r"libkeyutils\.so\.1",
    r"libcom_err\.so\.2",
)
_PATTERN = re.compile("|".join(f"(?:{p})" for p in SYSTEM_PROVIDED))


def system_provided(name: str) -> bool:
    """Is the library file `name` (a soname) one the system provides (the list above)?"""
    return _PATTERN.fullmatch(name) is not None


def readme_packages(readme: Path = ROOT / "README.md") -> list[str]:
    """The Debian packages of README.md's `sudo apt install` line for the window (python3-venv aside)."""
    text = readme.read_text(encoding="utf-8")
    command = re.search(r"sudo apt install python3-venv (.+?)\n```", text, re.S)
    if command is None:
        raise ValueError("README.md has no `sudo apt install python3-venv …` block")
    return command.group(1).replace("\\", " ").split()


def dependency_closure(packages: list[str]) -> set[str]:
    """The installed packages `packages` depend on, transitively (Depends and Pre-Depends, every
    installed alternative), from dpkg's database."""
    listing = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package}\t${Depends}, ${Pre-Depends}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    depends: dict[str, list[str]] = {}
    for line in listing.splitlines():
        package, _, wanted = line.partition("\t")
        names = (alternative.strip().split(" ")[0].split(":")[0] for alternative in re.split(r"[,|]", wanted))
        depends.setdefault(package, []).extend(name for name in names if name)
    seen: set[str] = set()
    todo = list(packages)
    while todo:
        package = todo.pop()
        if package not in seen:
            seen.add(package)
            todo.extend(depends.get(package, []))
    return seen


def package_of(soname: str) -> str | None:
    """The installed package that owns the library file `soname` (dpkg -S), without its architecture."""
    found = subprocess.run(["dpkg", "-S", f"*/{soname}"], capture_output=True, text=True)
    if found.returncode != 0:
        return None
    return found.stdout.split(":")[0].strip()
