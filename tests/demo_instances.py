"""The two demo instances (Contoso, Northwind MSP) on one loopback simulator: the one set-up every
test of the demo starts from (tests/conftest.py serves it as the `demo` fixture)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.simulator.demo import demo_snapshots

DemoPair = tuple[SimulatedInstance, SimulatedInstance]
DEMO_RATE_LIMIT = (100_000, 1.0)
"""Requests per second no test reaches: the demo is never slowed by its rate limit."""


@contextmanager
def demo_instances(
    *,
    rate_limit: tuple[int, float] | None = DEMO_RATE_LIMIT,
    dialect: str | None = None,
    snapshots: Sequence[dict[str, Any]] | None = None,
) -> Iterator[DemoPair]:
    """Contoso and Northwind MSP served by one simulator (with `dialect`, or other `snapshots` of
    them), stopped on leaving; rate_limit None: the simulator's own default."""
    chosen = list(demo_snapshots() if snapshots is None else snapshots)
    simulator = Simulator() if rate_limit is None else Simulator(rate_limit=rate_limit)
    with simulator:
        contoso, northwind = (simulator.add(s, dialect=dialect) for s in chosen)
        yield contoso, northwind
