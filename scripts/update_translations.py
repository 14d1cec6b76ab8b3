"""Regenerate resources/translations/halo_wizard_en.ts from every tr() string in halo_wizard/ui.

Run: python scripts/update_translations.py  (uses pyside6-lupdate from the same environment)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "translations" / "halo_wizard_en.ts"


def main() -> int:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "halo_wizard" / "ui").rglob("*.py"))
    TS_FILE.parent.mkdir(parents=True, exist_ok=True)
    command = [str(lupdate), *sources, "-no-obsolete", "-ts", str(TS_FILE.relative_to(ROOT))]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
