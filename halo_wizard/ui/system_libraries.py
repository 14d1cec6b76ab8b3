"""Before Qt opens a window on Linux/X11: the system libraries its xcb platform plugin links,
which are missing, and the one command that installs them (imports no Qt)."""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# What PySide6's libqxcb.so and libQt6XcbQpa.so.6 (and the libQt6Gui.so.6 they load) link from
# the system, checked with ldd: soname -> (Debian/Ubuntu package, Fedora package).
LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}

Finder = Callable[[str], bool]
"""True when the library of that soname can be loaded."""


def can_load(soname: str) -> bool:
    """Whether the dynamic linker finds and loads `soname` (as Qt will, a moment later)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def needs_check(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> bool:
    """On Linux with an X display, when Qt will use xcb (not offscreen, not Wayland)."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip().lower()
    if chosen:
        return chosen.startswith("xcb") and bool(environ.get("DISPLAY"))
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def missing_libraries(find: Finder = can_load) -> list[str]:
    """The sonames of LIBRARIES that cannot be loaded, in the table's order."""
    return [soname for soname in LIBRARIES if not find(soname)]


def os_family(os_release: str) -> str:
    """'fedora' when /etc/os-release names Fedora or a relative (dnf), else 'debian' (apt)."""
    values: dict[str, str] = {}
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip("\"'").lower()
    family = f"{values.get('ID', '')} {values.get('ID_LIKE', '')}".split()
    return "fedora" if {"fedora", "rhel", "centos"} & set(family) else "debian"


def install_command(sonames: list[str], family: str) -> str:
    """The one command that installs the packages of `sonames` on this family of systems."""
    column = 1 if family == "fedora" else 0
    packages = list(dict.fromkeys(LIBRARIES[soname][column] for soname in sonames))
    tool = "sudo dnf install" if family == "fedora" else "sudo apt-get install"
    return f"{tool} {' '.join(packages)}"


@dataclass(frozen=True, slots=True)
class Missing:
    """System libraries the window cannot start without, and how to install them."""

    sonames: list[str]
    command: str

    def message(self) -> str:
        return (
            "halo_wizard cannot open its window: this system lacks libraries that Qt needs to "
            f"draw on the screen ({', '.join(self.sonames)}).\n"
            f"Install them with:\n\n    {self.command}\n\n"
            "then start halo_wizard again. (The commands that need no window, such as "
            "`halo-wizard validate`, work without them.)"
        )


def read_os_release(path: Path = Path("/etc/os-release")) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def check(
    find: Finder = can_load,
    os_release: str | None = None,
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
) -> Missing | None:
    """What is missing for the window (None: nothing, or no check needed here)."""
    if not needs_check(platform, environ):
        return None
    missing = missing_libraries(find)
    if not missing:
        return None
    family = os_family(read_os_release() if os_release is None else os_release)
    log.info("system libraries missing for the window: %s", ", ".join(missing))
    return Missing(missing, install_command(missing, family))
