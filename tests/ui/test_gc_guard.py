"""The GUI-thread collector: automatic collection off while it runs, cycles collected by it."""

from __future__ import annotations

import gc
import weakref

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
