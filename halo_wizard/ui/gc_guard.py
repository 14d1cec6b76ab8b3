"""Python's cycle collector, run only on the GUI thread.

The collector runs in whichever thread happens to allocate. A Qt object caught in a reference cycle
and collected on a worker thread (the demo's simulator, the keychain executor) is destroyed there,
and Qt later crashes on the GUI thread. So automatic collection is switched off while the window
runs, and a timer on the GUI thread collects as often as the collector's own thresholds ask.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    """Disables automatic collection; collects from a GUI-thread timer instead."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold (0 when none did)."""
        counts = gc.get_count()
        due = [gen for gen in range(3) if counts[gen] > self._thresholds[gen]]
        return gc.collect(due[-1]) if due else 0

    def stop(self) -> None:
        """Collect everything now (on this thread) and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
