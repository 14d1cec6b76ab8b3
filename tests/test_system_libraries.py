"""Before the window starts on Linux/X11: missing system libraries are named with the command that
installs them, and the program exits with that message instead of Qt's abort."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from halo_wizard import __main__ as entry
from halo_wizard.ui import system_libraries as libs

X11 = {"DISPLAY": ":0"}
DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
UBUNTU = "ID=ubuntu\nID_LIKE=debian\n"
FEDORA = 'NAME="Fedora Linux"\nID=fedora\n'


def without(*sonames: str) -> libs.Finder:
    return lambda soname: soname not in sonames


def test_a_missing_library_gives_its_package_in_the_apt_command() -> None:
    missing = libs.check(without("libxcb-icccm.so.4", "libxcb-keysyms.so.1"), DEBIAN, "linux", X11)
    assert missing is not None
    assert missing.sonames == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert missing.command == "sudo apt-get install libxcb-icccm4 libxcb-keysyms1"
    assert missing.command in missing.message()
    assert libs.check(without("libxcb-cursor.so.0"), UBUNTU, "linux", X11) is not None


def test_fedora_gets_dnf_and_its_own_package_names_once_each() -> None:
    finder = without("libxcb-icccm.so.4", "libxcb-randr.so.0", "libxcb-shape.so.0")
    missing = libs.check(finder, FEDORA, "linux", X11)
    assert missing is not None
    assert missing.command == "sudo dnf install xcb-util-wm libxcb"


def test_nothing_missing_or_no_x11_window_means_no_message() -> None:
    assert libs.check(without(), DEBIAN, "linux", X11) is None
    nothing = without(*libs.LIBRARIES)
    assert (
        libs.check(nothing, DEBIAN, "linux", {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"})
        is None
    )
    assert libs.check(nothing, DEBIAN, "linux", {}) is None  # no display: Qt says so itself
    assert libs.check(nothing, DEBIAN, "win32", X11) is None
    assert libs.check(nothing, DEBIAN, "linux", {"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"}) is None
    assert libs.check(nothing, DEBIAN, "linux", {"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"})


def test_every_library_the_table_names_has_both_packages() -> None:
    assert all(debian and fedora for debian, fedora in libs.LIBRARIES.values())
    assert libs.can_load("libc.so.6") and not libs.can_load("libnot-a-library.so.0")


def test_the_entry_point_exits_with_the_message_before_qt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = libs.Missing(["libxcb-icccm.so.4"], "sudo apt-get install libxcb-icccm4")
    monkeypatch.setattr(libs, "check", lambda: found)
    assert entry.main([]) == entry.EXIT_MISSING_LIBRARIES
    err = capsys.readouterr().err
    assert "sudo apt-get install libxcb-icccm4" in err and "Traceback" not in err
    assert not entry.opens_window(["validate", "plan.json"])
    assert not entry.opens_window(["--smoke-test", "report.pdf"])
    assert entry.opens_window(["--demo"])


def test_no_command_is_taken_for_the_window() -> None:
    """Every subcommand runs without the window's system libraries (a command added to the parser
    but not to the entry point's list would refuse to run on a server without them)."""
    from halo_wizard import cli

    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) >= {"invite", "accept", "reply", "finish", "confirm"}
    for name in commands.choices:
        assert not entry.opens_window([name]), name


def test_the_check_imports_no_qt() -> None:
    code = "import sys, halo_wizard.__main__; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
