"""The API layer, the simulator, the plan and the rules must import without PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import halo_wizard

NO_QT_PACKAGES = ("api", "simulator", "plan", "rules")


def _modules() -> list[str]:
    root = Path(halo_wizard.__file__).parent
    names = []
    for package in NO_QT_PACKAGES:
        if not (root / package).is_dir():
            continue
        names.append(f"halo_wizard.{package}")
        for info in pkgutil.walk_packages([str(root / package)], f"halo_wizard.{package}."):
            names.append(info.name)
    return names


def test_packages_below_the_ui_never_load_pyside6() -> None:
    modules = _modules()
    assert "halo_wizard.api.client" in modules
    assert "halo_wizard.simulator" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt was imported: {result.stdout}"
