"""The end-to-end page (step 10) on two simulated instances set up for sync: the preview comes
first, nothing runs before "Start the test", every hop passes on a correct set-up, a failing one
shows Halo's troubleshooting row, and "Skip for now" is kept in the plan."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from driver import click, until
from sync_setup import Synced, map_actions, synced_demo

from halo_wizard.plan.model import Side, StepId, StepStatus
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import MemoryStore
from halo_wizard.steps.end_to_end import E2ESettings, HopStatus
from halo_wizard.ui.pages.end_to_end import EndToEndPage
from halo_wizard.ui.services import make_services

FAST = E2ESettings(arrival_timeout=0.3, poll_interval=0.05, settle=0.0)
SCREENSHOTS = os.environ.get("HALO_WIZARD_SCREENSHOTS", "")
PAGE_SIZE = (1040, 736)


@pytest.fixture
def synced() -> Iterator[Synced]:
    """Set up before the test's loop exists (the first set-up runs its own event loop)."""
    with synced_demo() as s:
        yield s


@asynccontextmanager
async def opened(s: Synced, tmp_path: Path) -> AsyncIterator[EndToEndPage]:
    services = make_services(PlanStore(tmp_path / "plans"), MemoryStore())
    for side, instance in ((Side.CUSTOMER, s.contoso), (Side.SUPPLIER, s.northwind)):
        assert instance.application is not None
        await services.secrets.set(s.plan.secret_key_for(side), instance.application.client_secret)
    services.sessions.set_plan(s.plan)
    page = EndToEndPage(services)
    page.settings = FAST
    page.resize(*PAGE_SIZE)
    page.set_plan(s.plan)
    page.show()
    try:
        page.enter()
        yield page
    finally:
        page.answer(False)
        page.cancel()
        await until(lambda: not page.is_busy(), "the page to stop")
        await services.sessions.aclose()
        page.hide()
        page.deleteLater()
        await until(lambda: not shiboken6.isValid(page), "the page to be deleted")


async def previewed(page: EndToEndPage) -> None:
    click(page.prepare_button)
    await until(page.waiting_for_answer, "the preview", page)


def test_the_preview_comes_first_and_a_correct_set_up_passes_every_hop(
    synced: Synced, loop: asyncio.AbstractEventLoop, run: Any, tmp_path: Path
) -> None:
    s = synced
    tickets = len(s.a.rows("Tickets"))

    async def scenario() -> None:
        async with opened(s, tmp_path) as page:
            assert not page.is_busy() and not page.is_complete()  # never runs by itself
            assert page.verdict.text() == "Not run yet"
            await previewed(page)
            assert page.start_button.isVisible()
            assert "example.invalid" in page.preview_text.text()
            await asyncio.sleep(0.2)
            # Waiting for the admin: no test ticket yet.
            assert len(s.a.rows("Tickets")) == tickets and page.waiting_for_answer()
            changed: list[bool] = []
            page.planChanged.connect(lambda: changed.append(True))
            click(page.start_button)
            await until(lambda: not page.is_busy(), "the test", page)
            result = page.result
            assert result is not None and result.passed, page.verdict.text()
            assert [page.model.status_text(h) for h in page.model.hops] == ["passed"] * 9
            assert page.model.rowCount() == 9
            assert page.verdict.text().startswith("Passed: 9 of 9 hops")
            assert page.cleanup_line.text().startswith("Cleaned up")
            assert s.plan.e2e is not None and s.plan.e2e["passed"] is True
            assert s.plan.step(StepId.END_TO_END).status is StepStatus.DONE
            assert changed and page.is_complete()
            assert len(s.a.rows("Tickets")) == tickets  # the test ticket was removed
            if SCREENSHOTS:
                page.grab().save(str(Path(SCREENSHOTS) / "10-end-to-end.png"))

    run(scenario())


def test_not_starting_writes_nothing_and_skip_is_kept_with_its_reason(
    synced: Synced, loop: asyncio.AbstractEventLoop, run: Any, tmp_path: Path
) -> None:
    s = synced
    tickets = len(s.a.rows("Tickets"))

    async def scenario() -> None:
        async with opened(s, tmp_path) as page:
            await previewed(page)
            click(page.not_now_button)
            await until(lambda: not page.is_busy(), "the run to stop")
            assert page.result is not None and not page.result.started
            assert len(s.a.rows("Tickets")) == tickets
            assert page.verdict.text().startswith("Not started")
            assert not page.is_complete()
            assert not page.skip_button.isEnabled()  # a reason first
            page.skip_reason.setText("the supplier's test window is next week")
            click(page.skip_button)
            state = s.plan.step(StepId.END_TO_END)
            assert state.status is StepStatus.SKIPPED  # at once, not only after Next
            assert state.note == "the supplier's test window is next week"
            assert page.is_complete()
            page.set_plan(s.plan)  # coming back to the page: the skip still lets the admin on
            assert page.is_complete()

    run(scenario())


def test_a_failing_set_up_shows_the_troubleshooting_row(
    synced: Synced, loop: asyncio.AbstractEventLoop, run: Any, tmp_path: Path
) -> None:
    s = synced
    # Northwind's note arrives in Contoso as 'Approve', which the workflow does not allow.
    approve = s.a.named("Outcome", "Approve", field="outcome")["id"]
    map_actions(s.a, "Supplier", s.config.supplier_profile, {s.config.b_note: approve})

    async def scenario() -> None:
        async with opened(s, tmp_path) as page:
            await previewed(page)
            click(page.start_button)
            await until(lambda: not page.is_busy(), "the test", page)
            result = page.result
            assert result is not None and result.started and not result.passed
            failed = [h for h in page.model.hops if h.status is HopStatus.FAILED]
            assert failed and failed[0].explanation is not None
            row = page.model.hops.index(failed[0])
            assert page.table.currentIndex().row() == row
            shown = page.model.index(row, 3).data()
            assert shown == failed[0].explanation.row
            assert "You do not have access to this action" in page.hop_detail.text()
            assert "Fix: " in page.hop_detail.text()
            assert page.verdict.text().startswith("Failed:")
            assert not page.is_complete()
            assert s.plan.step(StepId.END_TO_END).status is StepStatus.ATTENTION
            if SCREENSHOTS:
                page.grab().save(str(Path(SCREENSHOTS) / "10-end-to-end-failed.png"))

    run(scenario())
