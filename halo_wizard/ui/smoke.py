"""The smoke test of a (frozen) build: the window on the demo instances, then the demo report."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from halo_wizard.plan.model import Side
from halo_wizard.report.build import write_plan_report
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.steps import mappings
from halo_wizard.ui.demo import create_demo_plan, start_demo
from halo_wizard.ui.gc_guard import GuiThreadCollector, a_task_runs
from halo_wizard.ui.main_window import MainWindow

log = logging.getLogger(__name__)


async def _exercise(report_path: Path) -> int:
    demo = start_demo()
    try:
        services = demo.services()
        window = MainWindow(services)
        plan = await create_demo_plan(demo, services)
        window.open_plan(plan)
        window.resize(1280, 800)
        window.show()
        # Let the loop run the window's first jobs; never processEvents() inside a coroutine,
        # which would re-enter the loop and strand the task it interrupts.
        await asyncio.sleep(0.2)
        if window.windowIcon().isNull():
            print("smoke test: the window icon is missing from the build", file=sys.stderr)
            return 1
        if window.grab().isNull():
            print("smoke test: the window did not render", file=sys.stderr)
            return 1
        contoso, northwind = demo_snapshots()
        catalogues = {
            Side.CUSTOMER: mappings.build_catalogue(contoso["records"]),
            Side.SUPPLIER: mappings.build_catalogue(northwind["records"]),
        }
        mappings.auto_map_plan(plan, catalogues)
        pages = write_plan_report(plan, report_path)
        window.close()
        await window.wind_down()
        print(f"smoke test: window built, report written ({pages} pages) to {report_path}")
        return 0
    finally:
        demo.stop()


def run_smoke_test(report_path: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # closing the window must not stop the loop early
    import qasync  # after PySide6, so qasync binds to it

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    collector = GuiThreadCollector(app, busy=a_task_runs)
    try:
        with loop:
            code: int = loop.run_until_complete(_exercise(report_path))
            return code
    finally:
        collector.stop()
        asyncio.set_event_loop(None)
