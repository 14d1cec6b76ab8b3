"""Run simulated instances until interrupted, publishing where they listen (headless use)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from halo_wizard.atomic import write_json_atomic
from halo_wizard.simulator.dialects import Dialect
from halo_wizard.simulator.server import DEFAULT_RATE_LIMIT, SimulatedInstance, Simulator
from halo_wizard.simulator.state import JSONDict, SnapshotError

log = logging.getLogger(__name__)

WAIT_STEP_SECONDS = 0.5


def instance_info(instance: SimulatedInstance) -> dict[str, Any]:
    """What a client needs to reach a running instance, its first application's keys included."""
    app = instance.application
    with instance.state.lock:
        product = instance.state.instanceinfo.get("app_name", "")
        version = instance.state.instanceinfo.get("app_version", "")
    return {
        "name": instance.name,
        "url": instance.url,
        "tenant": instance.tenant,
        "client_id": app.client_id if app else "",
        "client_secret": app.client_secret if app else "",
        "product": product,
        "version": version,
        "dialect": instance.dialect.names(),
        "console": f"{instance.url}/_console",
    }


def run_simulator(
    snapshots: list[JSONDict],
    info_path: Path | None = None,
    stop_event: threading.Event | None = None,
    *,
    rate_limit: tuple[int, float] = DEFAULT_RATE_LIMIT,
    latency: float = 0.0,
    dialect: Dialect | None = None,
    ready: Callable[[list[SimulatedInstance]], None] | None = None,
) -> int:
    """Serve one instance per snapshot until Ctrl+C or `stop_event`; returns an exit code.

    Once every instance listens, `info_path` (when given) receives
    {"instances": [{"name", "url", "tenant", "client_id", "client_secret", "product",
    "version", "dialect", "console"}]}, written atomically and readable by its owner only;
    `dialect` (when given) is every instance's (else each snapshot's own). It is removed on exit,
    since the secrets in it are of no use once the instances stop. `ready` (when given) runs once
    they listen and are printed, before the wait (it may prepare them: set-ups, data). Exit
    codes: 0 after a clean stop, 1 for an unusable snapshot, 2 when there is nothing to run.
    """
    if not snapshots:
        print("No snapshots to simulate.", file=sys.stderr)
        return 2
    simulator = Simulator(rate_limit=rate_limit)
    try:
        for snapshot in snapshots:
            simulator.add(snapshot, dialect=dialect).faults.latency = latency
    except (SnapshotError, KeyError, TypeError, ValueError) as exc:
        print(f"Cannot simulate this snapshot: {exc}", file=sys.stderr)
        return 1
    event = stop_event if stop_event is not None else threading.Event()
    wrote_info = False
    restore = _stop_on_terminate(event)
    try:
        simulator.start()
        infos = [instance_info(i) for i in simulator.instances]
        if info_path is not None:
            write_json_atomic(Path(info_path), {"instances": infos})
            wrote_info = True
        for info in infos:
            tenant = f", tenant {info['tenant']}" if info["tenant"] else ""
            dialect_text = ", ".join(info["dialect"]) or "default"
            print(
                f"{info['name']}: {info['url']} ({info['product']} {info['version']}{tenant}), "
                f"client ID {info['client_id']}, dialect {dialect_text}, "
                f"Halo's screens at {info['console']}",
                flush=True,
            )
        if ready is not None:
            ready(simulator.instances)
        try:
            while not event.wait(WAIT_STEP_SECONDS):
                pass
        except KeyboardInterrupt:
            log.info("interrupted")
    finally:
        restore()
        simulator.stop()
        if wrote_info and info_path is not None:
            Path(info_path).unlink(missing_ok=True)
    return 0


def _stop_on_terminate(event: threading.Event) -> Callable[[], None]:
    """Let a termination request (SIGTERM, and SIGHUP where there is one) stop the instances as
    Ctrl+C does, so the info file with its secrets is removed; returns what puts the previous
    handlers back. Only the main thread may set handlers: elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {}
    for name in names:
        number = getattr(signal, name)
        previous[number] = signal.signal(number, lambda _signo, _frame: event.set())

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore
