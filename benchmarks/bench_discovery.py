"""Benchmark: the wizard's configuration read and the `snapshot` command's read of both demo
instances at --scale 5, 20 and 80 with 50 ms of injected latency, each compared with its ideal: the
dependent rounds of requests on the longest path (first page, further pages, details) or, when the
client's connections are the bottleneck, the requests divided by the connections, times the
latency; plus the CPU time the read needs. The instances' rate limit is lifted here: the figure is
the read's own cost, and the requests it needs are printed beside Halo's 700 per 5 minutes.

The instances run in a process of their own, as a real Halo is elsewhere: served from this
process, their threads would compete with the client's for the interpreter, and the figure would
be the simulator's cost as much as the wizard's.

Target: wall time within 1.5 x (ideal + CPU).

Run: python benchmarks/bench_discovery.py [--scales 5,20,80] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient
from halo_wizard.api.ratelimit import RollingWindowLimiter
from halo_wizard.simulator.demo import JSONDict, demo_snapshots
from halo_wizard.simulator.shapes import list_row
from halo_wizard.steps.configuration import (
    CONFIG_LISTS,
    SNAPSHOT_ENTITIES,
    InstanceReader,
    export_snapshot,
    needs_details,
)

CONCURRENCY = 6
WIZARD_READS = (*CONFIG_LISTS, "Agent")
"""What the wizard reads of an instance's configuration (the end users are read per customer)."""
RATIO_TARGET = 1.5
HALO_BUDGET = 700
"""Requests Halo allows per rolling 5 minutes (halo-api.md section 0)."""


def dependent_rounds(snapshot: JSONDict, entities: tuple[str, ...]) -> int:
    """The longest chain of requests that must wait for each other: a list's first page, then
    its further pages, then the rows it shows only in part, read in full."""
    records = snapshot["records"]
    rounds = 0
    for entity in entities:
        rows = records.get(entity, [])
        listed = [list_row(entity, r, with_email=True) for r in rows]
        pages = 1 if entity in C.UNPAGED_LISTS else max(1, math.ceil(len(rows) / C.PAGE_CAP))
        detailed = any(needs_details(entity, row, None) for row in listed)
        rounds = max(rounds, 1 + (pages > 1) + detailed)
    return rounds


def ideal_seconds(rounds: int, requests: int, latency: float) -> float:
    """The critical path: the dependent rounds, or the requests spread over the connections when
    those are the bottleneck, each taking one latency."""
    return max(rounds, math.ceil(requests / CONCURRENCY)) * latency


SERVE = """
import json, sys, threading
from pathlib import Path
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.simulator.run import run_simulator
scale, latency, info = int(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
sys.exit(run_simulator(demo_snapshots(scale), info, stop, rate_limit=(10**9, 300.0),
                       latency=latency))
"""
"""The child process: both demo instances at a scale, rate limit lifted, until stdin closes."""


@contextmanager
def served(scale: int, latency: float) -> Iterator[list[dict[str, Any]]]:
    """Both demo instances at `scale`, served by a child process; what reaches each."""
    with tempfile.TemporaryDirectory() as folder:
        info = Path(folder) / "instances.json"
        child = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(scale), str(latency), str(info)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        )
        try:
            while not info.exists():  # the child writes it once every instance listens
                if child.poll() is not None:
                    raise SystemExit(f"the simulator stopped ({child.returncode})")
                time.sleep(0.05)
            yield json.loads(info.read_text(encoding="utf-8"))["instances"]
        finally:
            assert child.stdin is not None
            child.stdin.close()
            child.wait(timeout=60)


async def read_both(instances: list[dict[str, Any]], what: str) -> tuple[float, float, list[int]]:
    """Both instances read at once, as the wizard (`what` "wizard") or `snapshot` reads them:
    wall time, this process's CPU time and the requests each instance was sent."""
    clients = [
        HaloClient(
            instance["url"],
            instance["client_id"],
            instance["client_secret"],
            concurrency=CONCURRENCY,
            # the read's own cost: the requests over Halo's budget are printed, not waited out
            limiter=RollingWindowLimiter(10**9, 300.0),
        )
        for instance in instances
    ]
    try:
        for client in clients:
            await client.connect(require_sync_version=False)
        sent_before = [c.stats.sent for c in clients]
        cpu_started = time.process_time()  # the instances are served by another process
        started = time.perf_counter()
        if what == "wizard":
            readers = [InstanceReader(c) for c in clients]
            await asyncio.gather(*(r.read_all(WIZARD_READS) for r in readers))
        else:
            await asyncio.gather(*(export_snapshot(c) for c in clients))
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        sent = [c.stats.sent - b for c, b in zip(clients, sent_before, strict=True)]
        return elapsed, cpu, sent
    finally:
        for client in clients:
            await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="5,20,80")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()
    latency = args.latency_ms / 1000.0
    for scale in (int(s) for s in args.scales.split(",")):
        snapshots = demo_snapshots(scale)  # the child generates the same (fixed seeds)
        with served(scale, latency) as instances:
            for what, entities in (("wizard", WIZARD_READS), ("snapshot", SNAPSHOT_ENTITIES)):
                rounds = [dependent_rounds(s, entities) for s in snapshots]
                elapsed, cpu, sent = asyncio.run(read_both(instances, what))
                ideal = max(ideal_seconds(r, n, latency) for r, n in zip(rounds, sent, strict=True))
                baseline = ideal + cpu
                ratio = elapsed / baseline
                verdict = "OK" if ratio <= RATIO_TARGET else "OVER"
                print(
                    f"{what} read, scale {scale}, {args.latency_ms:g} ms: wall {elapsed:.2f} s; "
                    f"ideal + CPU {baseline:.2f} s (ideal {ideal:.2f}, CPU {cpu:.2f}); ratio "
                    f"{ratio:.2f} (target <= {RATIO_TARGET:g}, {verdict}); requests "
                    f"{' + '.join(str(n) for n in sent)}"
                )
                most = max(sent)
                windows = -(-most // HALO_BUDGET) - 1
                print(
                    f"{what} read, scale {scale}: at most {most} requests to one instance "
                    f"(Halo allows {HALO_BUDGET} per 5 minutes: "
                    + (
                        f"OVER, so on Halo it waits at least {windows * 300} s more)"
                        if windows
                        else "OK)"
                    )
                )


if __name__ == "__main__":
    main()
