"""Simulated Halo instances served over real HTTP on 127.0.0.1, for tests, demos and offline use."""

from halo_wizard.simulator.dialects import PRESETS, Dialect, DialectError, preset_names
from halo_wizard.simulator.faults import DEFAULT_ERROR_CODES, Faults
from halo_wizard.simulator.hook_types import EntityHooks, HookEnv, WriteEvent
from halo_wizard.simulator.hooks import HOOKS
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
    "PRESETS",
    "SNAPSHOT_FORMAT",
    "Application",
    "Dialect",
    "DialectError",
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
    "preset_names",
    "read_snapshot",
    "run_simulator",
    "write_snapshot",
]
