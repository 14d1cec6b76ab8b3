"""Simulated Halo instances served over real HTTP on 127.0.0.1, for tests, demos and offline use."""

from halo_wizard.simulator.faults import DEFAULT_ERROR_CODES, Faults
from halo_wizard.simulator.hooks import HOOKS, EntityHooks, HookEnv, WriteEvent
from halo_wizard.simulator.run import instance_info, run_simulator
from halo_wizard.simulator.server import (
    DEFAULT_RATE_LIMIT,
    InstanceStats,
    RollingWindowLimiter,
    SimulatedInstance,
    Simulator,
)
from halo_wizard.simulator.state import (
    SNAPSHOT_FORMAT,
    Application,
    InstanceState,
    SnapshotError,
    read_snapshot,
    write_snapshot,
)

__all__ = [
    "DEFAULT_ERROR_CODES",
    "DEFAULT_RATE_LIMIT",
    "HOOKS",
    "SNAPSHOT_FORMAT",
    "Application",
    "EntityHooks",
    "Faults",
    "HookEnv",
    "InstanceState",
    "InstanceStats",
    "RollingWindowLimiter",
    "SimulatedInstance",
    "Simulator",
    "SnapshotError",
    "WriteEvent",
    "instance_info",
    "read_snapshot",
    "run_simulator",
    "write_snapshot",
]
