"""Benchmark: cold start to the first painted main window, beside a bare PySide6 window.

Run with `python benchmarks/bench_startup.py [--runs R]` (offscreen Qt). Each start is a fresh
`python -c` process: the time runs from launching it to the window's first paint event, so it
includes the interpreter, the imports and building every page. The bare window is a QMainWindow
with one label, started the same way, to show what Qt alone costs on this machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0

_PAINT_WAIT = """
from PySide6.QtCore import QEvent, QObject
class FirstPaint(QObject):
    painted = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            FirstPaint.painted = True
        return False
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
while not FirstPaint.painted:
    app.processEvents()
print("painted", flush=True)
"""

BARE = (
    "import sys\n"
    "from PySide6.QtWidgets import QApplication, QLabel, QMainWindow\n"
    "app = QApplication(sys.argv[:1])\n"
    "window = QMainWindow(); window.setCentralWidget(QLabel('halo_wizard')); "
    "window.resize(1280, 800)\n" + _PAINT_WAIT
)
WIZARD = (
    "import sys, tempfile\n"
    "from pathlib import Path\n"
    "from PySide6.QtWidgets import QApplication\n"
    "from halo_wizard.plan.store import PlanStore\n"
    "from halo_wizard.secretstore import MemoryStore\n"
    "from halo_wizard.ui.main_window import MainWindow\n"
    "from halo_wizard.ui.services import make_services\n"
    "from halo_wizard.ui.theme import apply_theme\n"
    "app = QApplication(sys.argv[:1])\n"
    "apply_theme(app)\n"
    "services = make_services(PlanStore(Path(tempfile.mkdtemp()) / 'plans'), MemoryStore())\n"
    "window = MainWindow(services)\n" + _PAINT_WAIT
)


def start(code: str, home: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HALO_WIZARD_HOME": home}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or "painted" not in result.stdout:
        raise SystemExit(f"start failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        start(WIZARD, home)  # warm the file cache once, as a second launch would be
        bare = [start(BARE, home) for _ in range(args.runs)]
        wizard = [start(WIZARD, home) for _ in range(args.runs)]
    median = statistics.median(wizard)
    verdict = "OK" if median <= TARGET_SECONDS else "OVER"
    print(f"cold start to first paint, offscreen, {args.runs} runs each")
    print(f"  bare PySide6 window: median {statistics.median(bare):.3f} s, best {min(bare):.3f} s")
    print(
        f"  halo_wizard window: median {median:.3f} s, best {min(wizard):.3f} s "
        f"(target {TARGET_SECONDS:.1f} s -> {verdict})"
    )


if __name__ == "__main__":
    main()
