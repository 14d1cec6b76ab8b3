"""The GUI-thread collector: automatic collection off while it runs, cycles collected by it."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from halo_wizard.ui.gc_guard import GuiThreadCollector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle only the cycle collector can free


def test_collection_happens_only_when_the_collector_says(qapp: QApplication) -> None:
    thresholds, was_enabled = gc.get_threshold(), gc.isenabled()
    gc.collect()
    gc.enable()
    gc.set_threshold(5, 10, 10)
    try:
        collector = GuiThreadCollector()
        assert not gc.isenabled()
        node = _Node()
        alive = weakref.ref(node)
        del node
        keep = [[n] for n in range(50)]  # allocations past the youngest threshold
        assert gc.get_count()[0] > 5
        assert alive() is not None  # nothing collected it: automatic collection is off
        assert collector.collect_due() > 0  # the collector does, here on the GUI thread
        assert alive() is None
        assert collector.collect_due() == 0  # and only when a threshold is passed again
        collector.stop()
        assert gc.isenabled()
        collector.deleteLater()
        del keep
    finally:
        gc.set_threshold(*thresholds)
        if not was_enabled:
            gc.disable()


@pytest.fixture
def eager_generations() -> Iterator[None]:
    """Thresholds under which every collection makes the older generations due at once; the
    collector's settings are put back after."""
    thresholds, was_enabled = gc.get_threshold(), gc.isenabled()
    gc.collect()
    gc.set_threshold(5, 1, 1)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if was_enabled:
            gc.enable()
        else:
            gc.disable()


def _full_passes() -> int:
    return int(gc.get_stats()[2]["collections"])


def _make_due() -> list[list[int]]:
    """A full pass due (what it keeps alive returned, to be let go by the caller)."""
    keep = [[n] for n in range(20)]
    while gc.get_count()[2] <= 1:
        gc.collect(1)  # the middle generation's passes count towards the oldest
        keep += [[n] for n in range(20)]
    return keep


def test_a_full_pass_waits_for_its_spacing(qapp: QApplication, eager_generations: None) -> None:
    from halo_wizard.ui.gc_guard import FULL_PASS_SPACING

    now = [1000.0]
    collector = GuiThreadCollector(clock=lambda: now[0])
    keep = _make_due()
    before = _full_passes()
    collector.collect_due()
    assert _full_passes() == before  # due, but the last full pass is too recent
    now[0] += FULL_PASS_SPACING
    keep += _make_due()
    collector.collect_due()
    assert _full_passes() == before + 1
    collector.stop()
    collector.deleteLater()
    del keep


def test_a_full_pass_waits_while_a_task_runs_but_not_for_ever(
    qapp: QApplication, eager_generations: None
) -> None:
    from halo_wizard.ui.gc_guard import (
        FULL_PASS_LATEST,
        FULL_PASS_SPACING,
        QUIET_BEFORE_FULL_PASS,
    )

    now = [1000.0]
    busy = [True]
    collector = GuiThreadCollector(clock=lambda: now[0], busy=lambda: busy[0])
    before = _full_passes()
    now[0] += FULL_PASS_SPACING
    keep = _make_due()
    collector.collect_due()
    assert _full_passes() == before  # spaced enough, but a task runs
    busy[0] = False
    keep += _make_due()
    collector.collect_due()
    assert _full_passes() == before  # the task has just ended: its result is being shown
    now[0] += QUIET_BEFORE_FULL_PASS
    collector.collect_due()
    assert _full_passes() == before + 1  # quiet for long enough
    busy[0] = True
    now[0] += FULL_PASS_LATEST
    keep += _make_due()
    collector.collect_due()
    assert _full_passes() == before + 2  # a task that runs for ever does not stop it
    collector.stop()
    collector.deleteLater()
    del keep


def test_a_running_task_is_known_to_the_collector(qtbot: Any) -> None:
    import asyncio

    from halo_wizard.ui.gc_guard import a_task_runs
    from halo_wizard.ui.widgets.task_panel import TaskPanel

    panel = TaskPanel()
    qtbot.addWidget(panel)
    assert not a_task_runs()
    release = asyncio.Event()
    seen: list[bool] = []

    async def job(_progress: Any) -> None:
        seen.append(a_task_runs())
        await release.wait()

    loop = asyncio.new_event_loop()
    try:

        async def scenario() -> None:
            panel.run("Waiting", job)
            while not seen:
                await asyncio.sleep(0)
            release.set()
            while panel.is_running():
                await asyncio.sleep(0)

        loop.run_until_complete(scenario())
    finally:
        loop.close()
    assert seen == [True]
    assert not a_task_runs()


def test_the_window_gets_a_short_switch_interval_and_gives_it_back() -> None:
    import sys

    from halo_wizard.ui.switching import SWITCH_INTERVAL_S, favour_the_window

    before = sys.getswitchinterval()
    try:
        assert favour_the_window() == before
        assert sys.getswitchinterval() == SWITCH_INTERVAL_S < before
    finally:
        sys.setswitchinterval(before)
