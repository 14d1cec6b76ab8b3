"""Reliability suite settings: short by default, long with HALO_WIZARD_LONG=1."""

from __future__ import annotations

import os

LONG = os.environ.get("HALO_WIZARD_LONG", "").strip() not in ("", "0")
"""Long mode: more seeds, higher fault rates, bigger bodies (run on demand, not in CI)."""


def seeds(short: int, long: int) -> list[int]:
    """The fault seeds a test replays: a few in the normal run, many in long mode."""
    return list(range(long if LONG else short))
