"""Benchmark: the mapping report PDF as a whole process (python start, imports, plan read, report
built and written: `halo-wizard report --plan FILE -o PDF`) at 5,000, 20,000 and 50,000 mapping
rows, its peak memory, and a baseline measured in the same run: the same rows drawn straight with
QPainter into QPdfWriter (one line per row, no layout), each run in its own process.

Also the longest stall of the GUI thread while the window's report page writes the report: a
QTimer ticks every 10 ms on the GUI thread; the largest gap between two ticks is the stall.

Run: python benchmarks/bench_report.py [--sizes 5000,20000,50000] [--runs 3] [--stall-rows 20000]
Targets: 5,000 rows <= 1.5 s, 20,000 rows <= 5 s, peak RSS < 150 MB at 20,000, stall < 100 ms.
The machine may be shared: compare the figure with the baseline beside it (the ratio).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TIME_TARGETS = {5000: 1.5, 20000: 5.0}
RSS_TARGET_ROWS = 20000
RSS_TARGET_MB = 150
STALL_TARGET_MS = 100
TICK_MS = 10


@dataclass(frozen=True)
class Run:
    seconds: float
    rss_mb: float
    output: str


def spawn(command: list[str]) -> Run:
    """Run `command` in its own process: wall time and that process's peak RSS, measured by a
    small launcher (see _measured.py: this process's own size would show in a child it forks)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as home:
        env["HALO_WIZARD_HOME"] = home
        figures = Path(home) / "measured.json"
        launcher = [sys.executable, str(HERE / "_measured.py"), str(figures)]
        proc = subprocess.run(
            launcher + command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT
        )
        output = proc.stdout.decode("utf-8", "replace")
        measured = json.loads(figures.read_text(encoding="utf-8")) if figures.exists() else {}
    if proc.returncode != 0 or not measured:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{output}")
    return Run(measured["seconds"], measured["rss_mb"], output)


# ---- The plans -------------------------------------------------------------------------------


def make_plans(sizes: list[int], folder: Path) -> dict[int, tuple[Path, Path]]:
    """For each size, a plan file with exactly that many mapped rows (half per direction, varied
    copies of the demo's real rows beyond them) and the same rows as a list for the baseline."""
    sys.path.insert(0, str(ROOT / "tests"))
    from report_plans import auto_mapped_plan

    from halo_wizard.plan.store import save_plan
    from halo_wizard.steps.mappings import DIRECTIONS

    plan = auto_mapped_plan(20)
    real = {id(d): [r for r in d.mappings(plan).rows if r.mapped] for d in DIRECTIONS}
    made: dict[int, tuple[Path, Path]] = {}
    for size in sizes:
        listed: list[list[str]] = []
        for index, direction in enumerate(DIRECTIONS):
            source = real[id(direction)]
            wanted = size // 2 + (size % 2 if index == 0 else 0)
            rows = []
            for n in range(wanted):
                row = source[n % len(source)]
                copy = n // len(source)
                suffix = f" ({copy + 1})" if copy else ""
                rows.append(
                    replace(
                        row,
                        remote_id=row.remote_id + copy * 1_000_000,
                        remote_name=row.remote_name + suffix,
                        local_name=row.local_name + suffix,
                    )
                )
            direction.mappings(plan).rows = rows
            listed += [[r.remote_name, r.local_name, r.origin.value] for r in rows]
        plan_file = folder / f"plan-{size}.halowiz.json"
        rows_file = folder / f"rows-{size}.json"
        save_plan(plan, plan_file)
        rows_file.write_text(json.dumps(listed), encoding="utf-8")
        made[size] = (plan_file, rows_file)
    return made


# ---- The baseline (a child process) ----------------------------------------------------------


def baseline(rows_file: Path, out: Path) -> None:
    """The same rows drawn straight into a PDF: three columns, one line each, a page number."""
    from PySide6.QtCore import QMarginsF, QPointF
    from PySide6.QtGui import (
        QFont,
        QGuiApplication,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
    )

    app = QGuiApplication(["bench"])
    rows = json.loads(rows_file.read_text(encoding="utf-8"))
    writer = QPdfWriter(str(out))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    font = QFont("DejaVu Sans")
    font.setPointSizeF(8.5)
    painter = QPainter(writer)
    painter.setFont(font)
    top, bottom, step = 300.0, 3200.0, 57.0
    y, page = top, 1
    for remote, local, origin in rows:
        if y > bottom:
            painter.drawText(QPointF(190, 3400), f"Page {page}")
            writer.newPage()
            y, page = top, page + 1
        painter.drawText(QPointF(190, y), remote)
        painter.drawText(QPointF(1100, y), local)
        painter.drawText(QPointF(2000, y), origin)
        y += step
    painter.drawText(QPointF(190, 3400), f"Page {page}")
    painter.end()
    print(f"baseline: {len(rows)} rows, {page} pages")
    del app


# ---- The GUI-thread stall (a child process) --------------------------------------------------


def stall(plan_file: Path, out: Path) -> None:
    """Open the plan in the window, export the PDF from the report page, and time the largest
    gap between two ticks of a 10 ms timer on the GUI thread meanwhile."""
    import asyncio

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(["bench"])
    app.setQuitOnLastWindowClosed(False)
    import qasync

    from halo_wizard.plan.model import StepId
    from halo_wizard.plan.store import PlanStore, load_plan
    from halo_wizard.secretstore import MemoryStore
    from halo_wizard.ui.dialogs import FileDialogs
    from halo_wizard.ui.gc_guard import GuiThreadCollector, a_task_runs
    from halo_wizard.ui.main_window import MainWindow
    from halo_wizard.ui.pages.report import ReportPage
    from halo_wizard.ui.services import make_services
    from halo_wizard.ui.switching import favour_the_window

    class Answers(FileDialogs):
        """Save to `out`, export although the check never ran, do not open the PDF."""

        def save_file(self, parent: object, title: str, suggested: Path, filters: str) -> Path:
            return out

        def ask(self, parent: object, title: str, question: str) -> bool:
            return question != "Open it now?"

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    collector = GuiThreadCollector(app, busy=a_task_runs)
    favour_the_window()  # as the app does (halo_wizard.ui.switching)
    home = out.parent / "home"
    services = make_services(PlanStore(home / "plans"), MemoryStore())
    window = MainWindow(services)
    window.resize(1280, 800)
    window.show()
    window.open_plan(load_plan(plan_file))
    window.show_step(StepId.REPORT)
    page = window.pages[StepId.REPORT]
    assert isinstance(page, ReportPage)
    page.dialogs = Answers()

    async def measure() -> tuple[float, float, int]:
        await asyncio.sleep(0.5)  # the window's first jobs
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start()
        await asyncio.sleep(0.1)
        started = time.perf_counter()
        ticks.append(started)
        page.export_button.click()
        while page.is_busy() or page.last_pdf is None:
            await asyncio.sleep(0.02)
        ended = time.perf_counter()
        await asyncio.sleep(0.1)
        timer.stop()
        ticks.append(time.perf_counter())
        gaps = [b - a for a, b in itertools.pairwise(ticks) if b >= started]
        return max(gaps) * 1000, ended - started, len(ticks)

    with loop:
        longest, seconds, ticks = loop.run_until_complete(measure())
        window.close()
        loop.run_until_complete(window.wind_down())
    collector.stop()
    print(f"stall: longest {longest:.0f} ms, export {seconds:.2f} s, {ticks} ticks")


# ---- The parent ------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="5000,20000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stall-rows", type=int, default=20000, help="0: no stall measurement")
    parser.add_argument(
        "--baseline", nargs=2, type=Path, metavar=("ROWS", "PDF"), help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--stall", nargs=2, type=Path, metavar=("PLAN", "PDF"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.baseline:
        baseline(*args.baseline)
        return
    if args.stall:
        stall(*args.stall)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        wanted = sorted(set(sizes) | ({args.stall_rows} if args.stall_rows else set()))
        plans = make_plans(wanted, folder)
        for size in sizes:
            plan_file, rows_file = plans[size]
            pdf, plain = folder / f"report-{size}.pdf", folder / f"baseline-{size}.pdf"
            report_cmd = [sys.executable, "-m", "halo_wizard", "report", "--plan", str(plan_file)]
            report_cmd += ["-o", str(pdf)]
            base_cmd = [sys.executable, str(Path(__file__).resolve()), "--baseline"]
            base_cmd += [str(rows_file), str(plain)]
            figures: list[Run] = []
            bases: list[Run] = []
            for _ in range(args.runs):  # alternated, so both see the same load
                figures.append(spawn(report_cmd))
                bases.append(spawn(base_cmd))
            seconds = statistics.median(r.seconds for r in figures)
            rss = statistics.median(r.rss_mb for r in figures)
            base_seconds = statistics.median(r.seconds for r in bases)
            base_rss = statistics.median(r.rss_mb for r in bases)
            pages = figures[-1].output.strip().rsplit("(", 1)[-1].split()[0]
            target = TIME_TARGETS.get(size)
            goal = (
                f"target <= {target:g} s, {verdict(seconds <= target)}" if target else "no target"
            )
            print(
                f"report {size} rows: whole process median {seconds:.2f} s ({goal}); "
                f"baseline {base_seconds:.2f} s; ratio {seconds / base_seconds:.2f}; "
                f"{pages} pages, {pdf.stat().st_size / 1e6:.1f} MB"
            )
            rss_goal = (
                f"target < {RSS_TARGET_MB} MB, {verdict(rss < RSS_TARGET_MB)}"
                if size == RSS_TARGET_ROWS
                else "no target"
            )
            print(
                f"report {size} rows: peak RSS {rss:.0f} MB ({rss_goal}); "
                f"baseline {base_rss:.0f} MB"
            )
        if args.stall_rows:
            plan_file, _ = plans[args.stall_rows]
            command = [sys.executable, str(Path(__file__).resolve()), "--stall"]
            command += [str(plan_file), str(folder / "stall.pdf")]
            output = spawn(command).output
            line = next(line for line in output.splitlines() if line.startswith("stall:"))
            longest = float(line.split()[2])
            print(
                f"report page GUI-thread stall at {args.stall_rows} rows: longest {longest:.0f} ms "
                f"(target < {STALL_TARGET_MS} ms, {verdict(longest < STALL_TARGET_MS)}); "
                + line.split(", ", 1)[1]
            )


if __name__ == "__main__":
    main()
