"""Python's cycle collector, run only on the GUI thread.

The collector runs in whichever thread happens to allocate. A Qt object caught in a reference cycle
and collected on a worker thread (the demo's simulator, the keychain executor) is destroyed there,
and Qt later crashes on the GUI thread. So automatic collection is switched off while the window
runs, and a timer on the GUI thread collects as often as the collector's own thresholds ask;
a full pass (the oldest generation, every live object: 45-170 ms with a scale-80 catalogue
loaded) at most once every FULL_PASS_SPACING seconds and not while a task runs (the admin waits
on it and watches its progress), the younger generations in between. The timer is short: a
younger generation's pass takes time in proportion to what was made since the last one, so
frequent passes are short ones.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

FULL_PASS_SPACING = 30.0
"""Seconds between two full passes at the least. Cycles that reach the oldest generation are
long-lived by then; collecting them a little later costs memory for a while, never a stall."""
FULL_PASS_LATEST = 300.0
"""Seconds after the last full pass when the next is made even while a task runs."""
QUIET_BEFORE_FULL_PASS = 2.0
"""Seconds without a running task before a full pass is made (it would stall a result's showing)."""
INTERVAL_MS = 50


class GuiThreadCollector(QObject):
    """Disables automatic collection; collects from a GUI-thread timer instead."""

    def __init__(
        self,
        parent: QObject | None = None,
        interval_ms: int = INTERVAL_MS,
        *,
        clock: Callable[[], float] = time.monotonic,
        busy: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self._busy = busy
        self._last_busy = float("-inf")
        self._was_enabled = gc.isenabled()
        self._thresholds = gc.get_threshold()
        self._clock = clock
        self._last_full = clock()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold (0 when none did); a
        full pass waits until FULL_PASS_SPACING has passed since the last one and no task has
        run for QUIET_BEFORE_FULL_PASS (a task's end is when its result is shown), at the latest
        until FULL_PASS_LATEST has passed."""
        now = self._clock()
        if self._busy():
            self._last_busy = now
        counts = gc.get_count()
        due = [gen for gen in range(3) if counts[gen] > self._thresholds[gen]]
        if not due:
            return 0
        generation = due[-1]
        if generation == 2:
            since = now - self._last_full
            quiet = now - self._last_busy >= QUIET_BEFORE_FULL_PASS
            if since < FULL_PASS_SPACING or (since < FULL_PASS_LATEST and not quiet):
                generation = 1
            else:
                self._last_full = now
        return gc.collect(generation)

    def stop(self) -> None:
        """Collect everything now (on this thread) and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()


def a_task_runs() -> bool:
    """Whether some page's task runs (the `busy` of the window's collector)."""
    from halo_wizard.ui.widgets.task_panel import any_task_running  # loaded by then: pages use it

    return any_task_running()
