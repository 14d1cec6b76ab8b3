"""The mapping page's test helpers, shared by its tests: the page opened on a plan taken through
steps 1-6 of the demo instances (the `demo` fixture of tests/conftest.py), and small look-ups of
rows and cells."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import shiboken6
from demo_setup import set_up
from PySide6.QtCore import QModelIndex

from halo_wizard.plan.model import MappingKind, Plan, Side
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import MemoryStore
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.steps import mappings
from halo_wizard.ui.mapping.model import Column
from halo_wizard.ui.mapping.page import MappingsPage
from halo_wizard.ui.services import make_services
from halo_wizard.ui.widgets import metrics

__all__ = ["SMALL_PAGE", "Demo", "Run", "cell", "opened", "rows", "until"]

Demo = tuple[SimulatedInstance, SimulatedInstance]
SMALL_PAGE = (1024 - metrics.SIDEBAR_WIDTH, 520)
"""The page's share of a 1024x640 window (the sidebar, menu, status bar and buttons take the
rest)."""
Run = Callable[[Coroutine[Any, Any, None]], None]


async def until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Let the loop run until `condition()` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


@asynccontextmanager
async def opened(
    demo: Demo, tmp_path: Path, qtbot: Any, plan: Plan | None = None
) -> AsyncIterator[MappingsPage]:
    """The page on a plan taken through steps 1-6, read, shown; connections closed after."""
    contoso, northwind = demo
    if plan is None:
        plan = await set_up(contoso, northwind)
    services = make_services(PlanStore(tmp_path / "plans"), MemoryStore())
    for side, instance in ((Side.CUSTOMER, contoso), (Side.SUPPLIER, northwind)):
        assert instance.application is not None
        await services.secrets.set(plan.secret_key_for(side), instance.application.client_secret)
    services.sessions.set_plan(plan)
    page = MappingsPage(services)
    page.resize(1040, 750)
    page.set_plan(plan)
    page.show()
    try:
        page.enter()
        await until(lambda: page.workspace is not None and not page.is_busy(), "the first read")
        yield page
    finally:
        page.cancel()
        await until(lambda: not page.is_busy(), "the page to stop")
        await services.sessions.aclose()
        # Deleted here, on the loop's thread: left to the garbage collector, the page could be
        # freed on a simulator thread, where Qt refuses to stop its timers.
        page.hide()  # not close(): closing the last window would quit the loop
        page.deleteLater()
        await until(lambda: not shiboken6.isValid(page), "the page to be deleted")


def rows(plan: Plan, direction: mappings.Direction, kind: MappingKind) -> dict[int, Any]:
    return {r.remote_id: r for r in direction.mappings(plan).rows_of(kind)}


def cell(page: MappingsPage, remote_id: int, column: Column) -> QModelIndex:
    row = page.model.row_for(remote_id)
    assert row is not None, f"{remote_id} is not shown"
    return page.model.index(row, page.model.column(column))
