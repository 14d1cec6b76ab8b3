"""Render the mappings page (step 7) in the window on the demo instances and save PNGs of it.

Usage: python scripts/mapping_screenshots.py [--out DIR]
Steps 1-6 are run headless first; the page is added to a window of this run only (the window of
this version stops at step 6). Offscreen unless QT_QPA_PLATFORM says otherwise; 1280x800.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HALO_WIZARD_MEMORY_SECRETS", "1")

from PySide6.QtWidgets import QApplication

from halo_wizard.plan.model import MappingKind, StepId
from halo_wizard.steps.flow import run_setup
from halo_wizard.steps.mappings import DIRECTIONS
from halo_wizard.ui import main_window, sidebar
from halo_wizard.ui.demo import create_demo_plan, start_demo
from halo_wizard.ui.mapping.page import MappingsPage
from halo_wizard.ui.widgets import metrics


async def until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("mapping-screenshots"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    import qasync  # after PySide6

    # This run's window has a step 7 (the lead wires it into the window for real).
    steps = (*sidebar.STEPS, StepId.MAPPINGS)
    sidebar.STEPS = steps
    main_window.STEPS = steps  # type: ignore[attr-defined]
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    demo = start_demo()
    services = demo.services()
    window = main_window.MainWindow(services)
    page = MappingsPage(services, window)
    window.pages[StepId.MAPPINGS] = page
    window.stack.addWidget(page)
    page.completeChanged.connect(window.update_buttons)
    page.planChanged.connect(window.on_page_planChanged)
    page.busyChanged.connect(window.on_page_busyChanged)
    page.statusMessage.connect(window.show_message)
    window.resize(*metrics.WINDOW_SIZE)
    window.show()

    async def shoot(name: str) -> None:
        await settle()
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        print(f"saved {path}")

    def select(name: str) -> None:
        for row in range(page.model.rowCount()):
            if page.model.source_name(row) == name:
                page.table.go_to(page.model.remote_id_at(row))
                return

    async def run() -> None:
        plan = await create_demo_plan(demo, services)
        services.sessions.set_plan(plan)
        session = await services.sessions.session()
        await run_setup(session, say=lambda _: None, confirm=lambda _: True, save_plan=lambda: None)
        try:
            window.open_plan(plan)
            await until(lambda: page.workspace is not None and not page.is_busy(), "the read")
            await shoot("07-mappings-loaded")
            page.toolbar.auto_all.trigger()
            page.table.setFocus()
            select("Resolved")
            await shoot("07-mappings-statuses")
            page.directions.set_current(1)
            select("Waiting on Third Party")
            await shoot("07-mappings-statuses-back")
            page.show_table(DIRECTIONS[0], MappingKind.ACTION)
            select("Acknowledge")
            await shoot("07-mappings-actions")
            page.directions.set_current(1)
            select("Acknowledged")
            await shoot("07-mappings-actions-back")
            page.show_table(DIRECTIONS[0], MappingKind.FIELD)
            select("Cost Centre")
            await shoot("07-mappings-fields")
            page.show_table(DIRECTIONS[0], MappingKind.STATUS)
            page.toolbar.search.setText("await")
            await shoot("07-mappings-filtered")
            page.toolbar.search.clear()
            page.write_bar.review_button.click()
            await shoot("07-mappings-review")
            page.review.changes.write_button.click()
            await until(lambda: not page.is_busy(), "writing")
            await shoot("07-mappings-written")
        finally:
            window.close()
            await window.wind_down()

    try:
        with loop:
            loop.run_until_complete(run())
    finally:
        demo.stop()
        asyncio.set_event_loop(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
