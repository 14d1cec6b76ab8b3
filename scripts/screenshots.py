"""Drive the window through the whole journey on the demo instances and save every page as a PNG.

Usage: python scripts/screenshots.py [--out docs/screenshots] [--size 1024x640] [--all]
Runs offscreen unless QT_QPA_PLATFORM says otherwise; the window is 1280x800 unless --size says
otherwise. --all goes on from step 6 to the report (mappings, action check, review, end-to-end
test) and shoots the foot of each long page too. Every page that needs a horizontal scroll bar
at this size is named at the end, and the exit code is 1 then.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HALO_WIZARD_MEMORY_SECRETS", "1")

from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from halo_wizard.plan.model import Side, StepId
from halo_wizard.ui.demo import create_demo_plan, start_demo
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.survey_page import SurveyPage
from halo_wizard.ui.widgets import metrics

if TYPE_CHECKING:
    from halo_wizard.ui.pages.action_check import ActionCheckPage

log = logging.getLogger("screenshots")
TIMEOUT_SECONDS = 60.0


_unexpected: list[BaseException] = []


def _record(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    _unexpected.append(exc)
    sys.__excepthook__(kind, exc, tb)


async def until(check: Callable[[], bool], what: str) -> None:
    """Let the window work until `check()` holds (stop at the first unexpected error)."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not check():
        if _unexpected:
            raise RuntimeError(f"unexpected error while waiting for {what}") from _unexpected[0]
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


async def settle() -> None:
    """A few turns of the loop, so layouts and pixmaps are final before grabbing."""
    for _ in range(5):
        await asyncio.sleep(0.02)


def sideways(root: QWidget) -> list[str]:
    """The visible scroll areas under `root` that scroll sideways (a page wider than the window)."""
    found = []
    for area in root.findChildren(QAbstractScrollArea):
        bar = area.horizontalScrollBar()
        if area.isVisible() and bar.isVisible() and bar.maximum() > 0:
            found.append(f"{type(area).__name__} {area.objectName() or ''} by {bar.maximum()} px")
    return found


class Shooter:
    def __init__(self, window: MainWindow, out: Path) -> None:
        self.window = window
        self.out = out
        self.count = 0
        self.too_wide: list[str] = []

    async def shot(self, name: str, *, foot: bool = False) -> None:
        await settle()
        path = self.out / f"{self.count:02d}-{name}.png"
        self.window.grab().save(str(path))
        self.count += 1
        print(f"saved {path}")
        self.too_wide += [f"{name}: {what}" for what in sideways(self.window)]
        if foot:  # the same page scrolled to its end
            for area in self.window.findChildren(QAbstractScrollArea):
                if area.isVisible():
                    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
            await settle()
            path = self.out / f"{self.count:02d}-{name}-foot.png"
            self.window.grab().save(str(path))
            self.count += 1
            print(f"saved {path}")

    def page(self, step: StepId) -> SurveyPage:
        page = self.window.pages[step]
        assert isinstance(page, SurveyPage)
        return page

    async def write_and_shoot(self, step: StepId, name: str) -> None:
        page = self.page(step)
        await until(lambda: page.survey_result is not None and not page.is_busy(), f"{name}")
        await self.shot(f"{name}-before")
        if page.changes.changes():
            page.changes.write_button.click()
            await until(lambda: not page.is_busy(), f"{name} written")
        await self.shot(f"{name}-after")
        await until(page.is_complete, f"{name} complete")
        self.window.next_button.click()


async def confirm_by_hand(check: ActionCheckPage) -> None:
    """Confirm every blocking check by hand (what the API cannot show), one at a time as the
    admin would after looking in Halo's screen, each followed by the rules run again."""
    while True:
        waiting = [f for f in check.findings if f.blocking and f.manual and f.confirmed is None]
        if not waiting:
            return
        check.confirm_finding(waiting[0], "Dana Admin", "seen in Halo's screen")
        await until(lambda: not check.is_busy(), "the rules checked again")


async def the_rest(window: MainWindow, shooter: Shooter) -> None:
    """Steps 7 to 11: auto-map and write, create the recommended actions, review, test, report."""
    from halo_wizard.ui.mapping.page import MappingsPage
    from halo_wizard.ui.pages.action_check import ActionCheckPage
    from halo_wizard.ui.pages.end_to_end import EndToEndPage

    mapping = window.pages[StepId.MAPPINGS]
    assert isinstance(mapping, MappingsPage)
    await until(lambda: mapping.workspace is not None and not mapping.is_busy(), "the mappings")
    await shooter.shot("mappings", foot=True)
    mapping.toolbar.auto_all.trigger()
    await until(lambda: not mapping.is_busy(), "auto-map")
    await shooter.shot("mappings-auto-mapped")
    mapping.write_bar.review_button.click()
    await shooter.shot("mappings-review", foot=True)
    mapping.review.changes.write_button.click()
    await until(lambda: not mapping.is_busy(), "writing the mappings")
    await until(mapping.is_complete, "the mappings written")
    window.next_button.click()
    check = window.pages[StepId.ACTION_CHECK]
    assert isinstance(check, ActionCheckPage)
    await until(lambda: check.result is not None and not check.is_busy(), "the action check")
    await shooter.shot("action-check", foot=True)
    if check.create_button.isEnabled():
        check.create_button.click()
        await until(lambda: not check.is_busy(), "the recommended actions")
        await until(lambda: check.result is not None and not check.is_busy(), "the check again")
        await shooter.shot("action-check-created", foot=True)
    await confirm_by_hand(check)
    window.next_button.click()
    await until(lambda: window.current_step() is StepId.REVIEW_APPLY, "review and apply")
    review = window.pages[StepId.REVIEW_APPLY]
    await until(lambda: not review.is_busy(), "the review")
    await shooter.shot("review-apply", foot=True)
    await until(window.next_button.isEnabled, "Next on review and apply")
    window.next_button.click()
    e2e = window.pages[StepId.END_TO_END]
    assert isinstance(e2e, EndToEndPage)
    await shooter.shot("end-to-end")
    e2e.prepare_button.click()
    await until(e2e.waiting_for_answer, "the preview of the test")
    await shooter.shot("end-to-end-preview", foot=True)
    e2e.start_button.click()
    await until(lambda: not e2e.is_busy(), "the end-to-end test")
    await shooter.shot("end-to-end-result", foot=True)
    await until(window.next_button.isEnabled, "Next after the test")
    window.next_button.click()
    await shooter.shot("report", foot=True)


async def drive(
    window: MainWindow, shooter: Shooter, demo_plan: object, full: bool = False
) -> None:
    window.connections.refresh()
    await until(lambda: not window.connections.reading, "the plan folder to be read")
    await shooter.shot("connections")
    window.connections.open_button.click()
    instances = window.pages[StepId.INSTANCES]
    forms = instances.forms  # type: ignore[attr-defined]
    await until(lambda: forms[Side.CUSTOMER].instance is not None, "the instances page")
    await shooter.shot("instances")
    for side in Side:
        forms[side].test_button.click()
    await until(instances.is_complete, "both connection tests")
    await shooter.shot("instances-tested")
    instances.guide.set_expanded(True)  # type: ignore[attr-defined]
    await settle()
    instances.scroll.verticalScrollBar().setValue(instances.scroll.verticalScrollBar().maximum())
    await shooter.shot("instances-guide")
    instances.guide.set_expanded(False)  # type: ignore[attr-defined]
    window.next_button.click()
    permissions = window.pages[StepId.PERMISSIONS]
    await until(permissions.is_complete, "the permissions check")
    await shooter.shot("permissions")
    window.next_button.click()
    await shooter.write_and_shoot(StepId.SUPPLIERS_MODULE, "suppliers-module")
    await shooter.write_and_shoot(StepId.PROFILES, "profiles")
    await shooter.write_and_shoot(StepId.CREDENTIAL_SWAP, "credential-swap")
    await shooter.write_and_shoot(StepId.AGENTS, "agents")
    await shooter.shot("finished")
    if full:
        await the_rest(window, shooter)
        return
    window.sidebar.plans_button.click()
    await until(lambda: not window.connections.reading, "the plan folder to be read")
    await shooter.shot("connections-later")
    window.connections.new_button.click()
    form = forms[Side.CUSTOMER]
    await until(lambda: form.instance is not None and not form.name_edit.text(), "a new plan")
    form.name_edit.setText("Acme")
    form.on_name_edit_textEdited("Acme")
    form.url_edit.setText("http://acme.halopsa.com/tickets")
    form.on_url_edit_textEdited(form.url_edit.text())
    supplier = forms[Side.SUPPLIER]
    supplier.url_edit.setText("globex.haloitsm.com/portal")
    supplier.on_url_edit_textEdited(supplier.url_edit.text())
    await shooter.shot("new-plan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--size", default="", help="the window's size, e.g. 1024x640")
    parser.add_argument("--all", action="store_true", help="the whole journey to the report")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=getattr(logging, os.environ.get("LOGLEVEL", "WARNING")))
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    sys.excepthook = _record
    import qasync  # after PySide6

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    demo = start_demo()
    services = demo.services()
    window = MainWindow(services)
    width, _, height = args.size.partition("x")
    window.resize(*((int(width), int(height)) if args.size else metrics.WINDOW_SIZE))
    window.show()

    shooter = Shooter(window, args.out)

    async def run() -> None:
        plan = await create_demo_plan(demo, services)
        try:
            await drive(window, shooter, plan, args.all)
        finally:
            window.close()
            await services.sessions.aclose()

    try:
        with loop:
            loop.run_until_complete(run())
    finally:
        demo.stop()
        asyncio.set_event_loop(None)
    for line in shooter.too_wide:
        print(f"scrolls sideways: {line}")
    return 1 if shooter.too_wide else 0


if __name__ == "__main__":
    sys.exit(main())
