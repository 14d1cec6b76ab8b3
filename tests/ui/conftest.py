"""Window tests: one qasync loop per test on the pytest-qt application, demo instances on
loopback, the window with a plan folder in tmp_path and secrets in memory."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QApplication

from halo_wizard.api import constants as C
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import MemoryStore
from halo_wizard.simulator import Simulator
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.services import Services, make_services
from halo_wizard.ui.widgets import metrics

T = TypeVar("T")
Run = Callable[[Coroutine[Any, Any, T]], T]


@pytest.fixture
def started_demos(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every Demo run_window starts, in order; the hooks run_window installs are undone after."""
    import sys
    import threading

    from halo_wizard.ui import app
    from halo_wizard.ui.demo import Demo, start_demo

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_window installs its own
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    demos: list[Demo] = []

    def recording_start_demo(scale: int = 1) -> Demo:
        demos.append(start_demo(scale))
        return demos[-1]

    monkeypatch.setattr(app, "start_demo", recording_start_demo)
    return demos


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop on the test application, closed after the test."""
    import qasync  # after PySide6 (pytest-qt loaded it)

    from halo_wizard.ui.gc_guard import GuiThreadCollector

    qapp.setQuitOnLastWindowClosed(False)  # a closed window must not stop the loop
    event_loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(event_loop)
    # As in the app: cycles are collected on this thread only, never on a simulator thread.
    collector = GuiThreadCollector()
    yield event_loop
    collector.stop()
    collector.deleteLater()
    event_loop.close()
    asyncio.set_event_loop(None)
    del event_loop
    # The loop's timer object may still hold Qt timers (cancelled call_later handles); it must
    # be destroyed here, on its own thread, not by a garbage collection on a server thread.
    gc.collect()


@pytest.fixture
def run(loop: asyncio.AbstractEventLoop) -> Run[Any]:
    """Run one scenario coroutine on the loop (buttons are clicked from inside it)."""

    def runner(scenario: Coroutine[Any, Any, T]) -> T:
        return loop.run_until_complete(settled(scenario))

    return runner


async def settled(work: Coroutine[Any, Any, T]) -> T:
    """`work`, then every job it left running, in ONE run of the loop: qasync's
    run_until_complete processes Qt's events once more after the loop has stopped, and a task
    stepped there runs without a running loop ("no running event loop", the flaky window tests
    on a busy machine). Nothing may be left pending when a run ends."""
    try:
        result = await work
    except BaseException:
        # A failed scenario's jobs may wait forever (a hung answer): stop them, then report.
        current = asyncio.current_task()
        others = [task for task in asyncio.all_tasks() if task is not current]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        raise
    await _settle()
    return result


async def _settle() -> None:
    """Wait for the jobs a scenario left running (e.g. the survey of the page it ended on):
    outside the loop, Qt's own event processing would step them without a running loop."""
    current = asyncio.current_task()
    while True:
        await asyncio.sleep(0)  # a job a Qt signal queued meanwhile starts its task now
        others = [task for task in asyncio.all_tasks() if task is not current and not task.done()]
        if not others:
            break
        await asyncio.wait(others)
    # What finished tasks scheduled as they ended (a cancelled request closing its connection)
    # runs now, inside the loop: pytest-qt processes Qt events after the test, outside it.
    for _ in range(5):
        await asyncio.sleep(0)


def named_snapshots(**changes: Callable[[dict[str, Any]], None]) -> list[dict[str, Any]]:
    """The demo snapshots, each changed by the function given under its key (contoso,
    northwind)."""
    snapshots = demo_snapshots()
    for key, change in changes.items():
        index = {"contoso": 0, "northwind": 1}[key]
        change(snapshots[index])
    return snapshots


def start_simulator(snapshots: list[dict[str, Any]]) -> Simulator:
    simulator = Simulator()
    for snapshot in snapshots:
        simulator.add(snapshot, name=str(snapshot["instanceinfo"][C.INSTANCE_DISPLAY_NAME]))
    simulator.start()
    return simulator


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    """Contoso (customer) and Northwind MSP (supplier), served on 127.0.0.1."""
    sim = start_simulator(demo_snapshots())
    yield sim
    sim.stop()


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return make_services(PlanStore(tmp_path / "plans"), MemoryStore())


@pytest.fixture
def make_window(
    qapp: QApplication, loop: asyncio.AbstractEventLoop, services: Services
) -> Iterator[Callable[[], MainWindow]]:
    """Open main windows on the same plan folder and secrets (a second one = a restart)."""
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(services)  # closed below, not by qtbot: closing needs the loop
        window.resize(*metrics.WINDOW_SIZE)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        loop.run_until_complete(settled(window.wind_down()))
        window.deleteLater()
