"""When the window saves after a change: not while a page's task runs (a report being written),
but never later than SAVE_WAITS_FOR_TASK_S after it first gave way."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from halo_wizard.plan.model import InstancePlan, Plan
from halo_wizard.ui import main_window as main_window_module
from halo_wizard.ui.main_window import MainWindow


def _plan() -> Plan:
    return Plan.new(
        "",
        InstancePlan("Contoso", "https://contoso.haloitsm.com", client_id="cid-a"),
        InstancePlan("Northwind MSP", "https://northwind.halopsa.com", client_id="cid-b"),
    )


async def _open_with_a_task_running(window: MainWindow) -> tuple[Plan, asyncio.Event, Any]:
    """A saved plan open in the window, its page running a task until the event is set."""
    plan = _plan()
    window.services.plans.save(plan)
    window.open_plan(plan)
    page = window.current_page()
    assert page is not None
    release = asyncio.Event()
    started = asyncio.Event()

    async def job(_progress: Any) -> None:
        started.set()
        await release.wait()

    page.task.run("Writing", job)
    await started.wait()
    return plan, release, page


def test_a_change_is_saved_once_the_running_task_ends(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    window = make_window()

    async def scenario() -> None:
        plan, release, page = await _open_with_a_task_running(window)
        path = window.services.plans.path_for(plan.id)
        plan.name = "Renamed while a task runs"
        window.on_save_timer_timeout()  # the save after the change: it gives way
        window.services.plans.flush()
        assert "Renamed while a task runs" not in path.read_text(encoding="utf-8")
        assert window._save_timer.isActive()  # and comes back
        release.set()
        while page.task.is_running():
            await asyncio.sleep(0)
        window.on_save_timer_timeout()
        window.services.plans.flush()
        assert "Renamed while a task runs" in path.read_text(encoding="utf-8")

    run(scenario())


def test_a_save_gives_way_to_a_long_task_for_a_while_only(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    window = make_window()
    now = [5000.0]
    window.clock = lambda: now[0]

    async def scenario() -> None:
        plan, release, page = await _open_with_a_task_running(window)
        path = window.services.plans.path_for(plan.id)
        plan.name = "Renamed during a long test"
        window.on_save_timer_timeout()
        window.services.plans.flush()
        assert "Renamed during a long test" not in path.read_text(encoding="utf-8")
        now[0] += main_window_module.SAVE_WAITS_FOR_TASK_S
        window.on_save_timer_timeout()
        window.services.plans.flush()
        assert "Renamed during a long test" in path.read_text(encoding="utf-8")
        release.set()
        while page.task.is_running():
            await asyncio.sleep(0)

    run(scenario())
