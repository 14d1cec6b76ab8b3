"""Benchmark: `halo-wizard --demo` from launch to the main window's first paint, beside a bare
PySide6 window started the same way, alternately in the same run.

Run with `python benchmarks/bench_startup.py [--runs R] [--console-script]` (offscreen Qt).
Each start is a fresh process, the entry point as a user meets it: `python -m halo_wizard --demo`
(or, with --console-script, the installed `halo-wizard --demo` command). HALO_WIZARD_FIRST_PAINT=1
makes the window print "first paint" once it has painted for the first time and then close; the
time runs from launching the process to that line. Each run has its own empty HALO_WIZARD_HOME
(so no remembered window state or plans); the demo keeps its secrets in memory by itself.
The bare window is a QMainWindow of the same size with one label, in a module run with
`python -m`, that prints the same line on its first paint the same way. The two are started
alternately, one warm-up start of each first (a second launch, with the file cache warm).

Byte code is cached for both in this run's own folder (PYTHONPYCACHEPREFIX), as an installed
copy has its modules compiled: with PYTHONDONTWRITEBYTECODE set (as on the development machine)
every start would otherwise compile halo_wizard's sources again. `--tree DIR` runs the
halo_wizard found in DIR instead of the installed one (e.g. an older commit, to compare).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 2.0
PAINTED = "first paint"

BARE = f'''"""A bare PySide6 window: print "{PAINTED}" after its first paint, then quit."""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class FirstPaint(QObject):
    done = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self.report)  # after this paint, the whole window, is done
        return False
    def report(self):
        print("{PAINTED}", flush=True)
        window.close()
        app.quit()

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("halo_wizard")
window.setCentralWidget(QLabel("halo_wizard"))
window.resize(1280, 800)
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
sys.exit(app.exec())
'''


def start(command: list[str], folder: Path, tree: Path | None = None) -> float:
    """Seconds from launching `command` to its "first paint" line (a fresh home each time)."""
    home = Path(tempfile.mkdtemp(prefix="home-", dir=folder))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HALO_WIZARD_HOME": str(home),
        "HALO_WIZARD_FIRST_PAINT": "1",
        "PYTHONPYCACHEPREFIX": str(folder / "pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    elapsed = None
    for line in process.stdout:
        if line.strip() == PAINTED:
            elapsed = time.perf_counter() - started
            break
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    shutil.rmtree(home, ignore_errors=True)
    if elapsed is None or process.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)}: no clean first paint (exit code {process.returncode})\n"
            f"{out}\n{err}"
        )
    return elapsed


def wizard_command(console_script: bool) -> list[str]:
    if console_script:
        found = shutil.which("halo-wizard", path=str(Path(sys.executable).parent))
        if found is None:
            raise SystemExit("the halo-wizard command is not installed beside this Python")
        return [found, "--demo"]
    return [sys.executable, "-m", "halo_wizard", "--demo"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--console-script", action="store_true", help="start the installed halo-wizard command"
    )
    parser.add_argument(
        "--tree", type=Path, help="run the halo_wizard package found in this folder"
    )
    args = parser.parse_args()
    wizard_cmd = wizard_command(args.console_script)
    bare_cmd = [sys.executable, "-m", "bare_window"]
    bare: list[float] = []
    wizard: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench_startup-") as name:
        folder = Path(name)
        (folder / "bare_window.py").write_text(BARE, encoding="utf-8")
        start(bare_cmd, folder)  # warm-up: the file cache, as for a second launch
        start(wizard_cmd, folder, args.tree)
        for _ in range(args.runs):
            bare.append(start(bare_cmd, folder))
            wizard.append(start(wizard_cmd, folder, args.tree))
    ours, theirs = statistics.median(wizard), statistics.median(bare)
    ratio = ours / theirs
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER"
    print(
        f"start: halo-wizard --demo first paint median {ours:.3f} s; "
        f"bare PySide6 window median {theirs:.3f} s; "
        f"ratio {ratio:.2f} (target <= {TARGET_RATIO:.1f}, {verdict})"
    )
    print(f"launch to first paint, offscreen, {args.runs} runs each, alternately: {wizard_cmd[1:]}")
    print(
        f"  halo_wizard window: median {ours:.3f} s, min {min(wizard):.3f}, max {max(wizard):.3f}"
    )
    print(f"  bare PySide6 window: median {theirs:.3f} s, min {min(bare):.3f}, max {max(bare):.3f}")


if __name__ == "__main__":
    main()
