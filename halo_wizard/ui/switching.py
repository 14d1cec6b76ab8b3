"""The window's thread gets the interpreter at once when it wakes: a short switch interval.

Python lets a thread that wants the interpreter wait until the one holding it has run for the
switch interval (5 ms by default), and with two or more busy worker threads (a report being
written, a plan being saved, a read's parsing) the window's thread can lose several such turns in
a row: 130-260 ms without a repaint while a 20,000-row report was written. At 1 ms the longest
wait was 57-85 ms, for about a tenth more time on the report's thread.
"""

from __future__ import annotations

import sys
from typing import Final

SWITCH_INTERVAL_S: Final = 0.001


def favour_the_window() -> float:
    """Set the short switch interval; returns the one it replaces (to put back)."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    return previous
