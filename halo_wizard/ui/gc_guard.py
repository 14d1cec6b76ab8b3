"""Python's cycle collector, run only on the GUI thread.

The collector runs in whichever thread happens to allocate. A Qt object caught in a reference cycle
and collected on a worker thread (the demo's simulator, the keychain executor) is destroyed there,
and Qt later crashes on the GUI thread. So automatic collection is switched off while the window
runs, and a timer on the GUI thread collects as often as the collector's own thresholds ask;
a full pass (the oldest generation, every live object: 45-126 ms with a scale-80 catalogue
loaded) at most once every FULL_PASS_SPACING seconds, the younger generations in between.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

FULL_PASS_SPACING = 30.0
"""Seconds between two full passes at the least. Cycles that reach the oldest generation are
long-lived by then; collecting them a little later costs memory for a while, never a stall."""


class GuiThreadCollector(QObject):
    """Disables automatic collection; collects from a GUI-thread timer instead."""

    def __init__(
        self,
        parent: QObject | None = None,
        interval_ms: int = 500,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
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
        full pass waits until FULL_PASS_SPACING has passed since the last one."""
        counts = gc.get_count()
        due = [gen for gen in range(3) if counts[gen] > self._thresholds[gen]]
        if not due:
            return 0
        generation = due[-1]
        if generation == 2:
            now = self._clock()
            if now - self._last_full < FULL_PASS_SPACING:
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
