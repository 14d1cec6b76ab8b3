"""Every module outside ui/ and report/ imports without PySide6, the commands' modules included.

The rule: only ui/ and report/ may load Qt. The commands (cli.py, commands/, __main__) are faces
too, but `check`, `test`, `apply` and the rest run where Qt cannot load (a server without a
display or its libraries), so a command that needs Qt (the window, `report`'s PDF, the smoke
test) imports ui/ or report/ inside the function that runs it, never at module level.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import halo_wizard

QT_PACKAGES = ("halo_wizard.ui", "halo_wizard.report")


def _modules() -> list[str]:
    root = Path(halo_wizard.__file__).parent
    names = ["halo_wizard"]
    for info in pkgutil.walk_packages([str(root)], "halo_wizard."):
        if not any(info.name == p or info.name.startswith(p + ".") for p in QT_PACKAGES):
            names.append(info.name)
    return names


def test_every_package_but_the_window_and_the_report_is_covered() -> None:
    modules = _modules()
    for expected in (
        "halo_wizard.api.client",
        "halo_wizard.simulator",
        "halo_wizard.plan.model",
        "halo_wizard.rules",
        "halo_wizard.steps.flow",
        "halo_wizard.cli",
        "halo_wizard.__main__",
        "halo_wizard.secretstore",
    ):
        assert expected in modules
    assert not [name for name in modules if name.startswith(QT_PACKAGES)]


def test_modules_outside_ui_and_report_never_load_pyside6() -> None:
    modules = _modules()
    # Names the first module whose import loaded Qt: that is the import to move into a function.
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'PySide6' in sys.modules or 'shiboken6' in sys.modules:\n"
        "        print(name)\n"
        "        break\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Importing {result.stdout.strip()} loaded PySide6"
