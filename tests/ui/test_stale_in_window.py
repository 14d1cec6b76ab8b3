"""The window shows what is true: after a change to a mapping, every step that depended on it is
marked stale in the sidebar (own icon, a tooltip with the reason) and the page shown says what
changed and what to run again; a skipped step has its own icon and keeps its reason on Next
(the end-to-end test skipped on its page is recorded as skipped, never as done)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from driver import click
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem
from report_plans import auto_mapped_plan

from halo_wizard.plan import store as store_module
from halo_wizard.plan.model import JOURNEY_STEPS, MappingKind, Plan, StepId, StepStatus
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.pages.end_to_end import EndToEndPage
from halo_wizard.ui.sidebar import step_mark
from halo_wizard.ui.widgets import icons, metrics


def _item(window: MainWindow, step: StepId) -> QListWidgetItem:
    for row in range(window.sidebar.steps.count()):
        item = window.sidebar.steps.item(row)
        if int(item.data(Qt.ItemDataRole.UserRole)) == int(step):
            return item
    raise AssertionError(f"no sidebar item for {step}")


def _same_icon(item: QListWidgetItem, mark: icons.Mark) -> bool:
    size = metrics.ICON_SIZE
    return item.icon().pixmap(size, size).toImage() == icons.icon(mark).pixmap(size).toImage()


def _finished_plan() -> Plan:
    plan = auto_mapped_plan(1)
    for step in JOURNEY_STEPS:
        plan.mark_step(step, StepStatus.DONE)
    plan.current_step = StepId.REPORT
    return plan


def test_a_changed_mapping_marks_every_later_step_stale_in_the_window(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    run(_stale_scenario(make_window()))


async def _stale_scenario(window: MainWindow) -> None:
    plan = _finished_plan()
    window.services.plans.save(plan)
    window.open_plan(plan)
    page = window.pages[StepId.REPORT]
    assert window.current_step() is StepId.REPORT
    assert page.stale_banner.isHidden()
    assert _same_icon(_item(window, StepId.MAPPINGS), icons.Mark.DONE)

    mappings = plan.customer_profile_mappings
    rows = [r for r in mappings.rows_of(MappingKind.STATUS) if r.mapped]
    other = next(r for r in rows if r.local_id != rows[0].local_id)
    mappings.set_row(MappingKind.STATUS, rows[0].remote_id, local_id=other.local_id)
    page.planChanged.emit()  # as any page does after changing the plan

    for step in JOURNEY_STEPS:
        item = _item(window, step)
        if step < StepId.MAPPINGS:
            assert _same_icon(item, icons.Mark.DONE), step
            assert "Stale" not in item.toolTip()
        else:
            assert step_mark(plan, step, StepId.REPORT) is icons.Mark.STALE
            assert _same_icon(item, icons.Mark.STALE), step
            assert "The mappings changed since this step was finished" in item.toolTip()
    banner = page.stale_banner.text().replace("\u00a0", " ")
    assert not page.stale_banner.isHidden() and "The mappings changed" in banner
    assert "7. Mappings, 8. Action check, 9. Review and apply" in banner
    if folder := os.environ.get("HALO_WIZARD_SHOTS"):
        for width, height in ((1024, 640), (1920, 1080)):
            window.resize(width, height)
            window.grab().save(str(Path(folder) / f"stale-report-{width}.png"))


def test_a_skipped_step_has_its_own_icon_and_keeps_its_reason_on_next(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    run(_skipped_scenario(make_window()))


async def _skipped_scenario(window: MainWindow) -> None:
    plan = _finished_plan()
    window.services.plans.save(plan)
    window.open_plan(plan)
    page = window.pages[StepId.REPORT]
    plan.mark_step(StepId.REPORT, StepStatus.SKIPPED, "the customer signs the paper copy")
    page.planChanged.emit()
    item = _item(window, StepId.REPORT)
    assert _same_icon(item, icons.Mark.SKIPPED) and not _same_icon(item, icons.Mark.DONE)
    assert item.toolTip() == "Skipped: the customer signs the paper copy"
    click(window.next_button)  # Finish
    state = plan.step(StepId.REPORT)
    assert state.status is StepStatus.SKIPPED and state.note == "the customer signs the paper copy"


def test_skipping_the_end_to_end_test_is_recorded_as_skipped_not_done(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    run(_skip_test_scenario(make_window()))


async def _skip_test_scenario(window: MainWindow) -> None:
    plan = _finished_plan()
    plan.mark_step(StepId.END_TO_END, StepStatus.CURRENT)
    plan.current_step = StepId.END_TO_END
    window.services.plans.save(plan)
    window.open_plan(plan)
    page = window.pages[StepId.END_TO_END]
    assert isinstance(page, EndToEndPage)
    page.skip_reason.setText("tested by hand with Northwind on 1 December")
    click(page.skip_button)
    assert plan.step(StepId.END_TO_END).status is StepStatus.SKIPPED  # before Next too
    click(window.next_button)
    state = plan.step(StepId.END_TO_END)
    assert state.status is StepStatus.SKIPPED
    assert state.note == "tested by hand with Northwind on 1 December"
    assert window.current_step() is StepId.REPORT
    assert _same_icon(_item(window, StepId.END_TO_END), icons.Mark.SKIPPED)


def test_a_plan_that_cannot_be_saved_says_why_and_what_to_do_and_keeps_the_work(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any], monkeypatch: Any
) -> None:
    window = make_window()

    def refused(*_args: Any, **_kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    async def scenario() -> None:
        plan = _finished_plan()
        window.services.plans.save(plan)
        window.open_plan(plan)
        plan.name = "Renamed while the folder is read-only"
        monkeypatch.setattr(store_module, "write_text_atomic", refused)  # on the save worker
        answered = asyncio.Event()
        window._saves.answered.connect(lambda *_: answered.set())
        window.save_plan()
        await asyncio.wait_for(answered.wait(), 60)
        said = window.statusBar().currentMessage()
        assert "permission denied" in said
        assert "make its folder writable" in said
        assert "Errno" not in said and "PermissionError" not in said
        assert window.plan is plan and plan.name == "Renamed while the folder is read-only"

    run(scenario())
