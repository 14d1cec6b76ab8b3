"""Benchmark: the wizard's configuration read and the `snapshot` command's read of both demo
instances at --scale 5, 20 and 80 with 50 ms of injected latency, each compared with its ideal: the
dependent rounds of requests on the longest path (first page, further pages, details) or, when the
client's connections are the bottleneck, the requests divided by the connections, times the
latency; plus the CPU time the read needs. The instances' rate limit is lifted here: the figure is
the read's own cost, and the requests it needs are printed beside Halo's 700 per 5 minutes.

Target: wall time within 1.5 x (ideal + CPU).

Run: python benchmarks/bench_discovery.py [--scales 5,20,80] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import time

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient
from halo_wizard.api.ratelimit import RollingWindowLimiter
from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.simulator.demo import demo_snapshots
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


def dependent_rounds(instance: SimulatedInstance, entities: tuple[str, ...]) -> int:
    """The longest chain of requests that must wait for each other: a list's first page, then
    its further pages, then the rows it shows only in part, read in full."""
    records = instance.snapshot()["records"]
    rounds = 0
    for entity in entities:
        rows = records.get(entity, [])
        listed = [list_row(entity, r, with_email=True) for r in rows]
        pages = max(1, math.ceil(len(rows) / C.PAGE_CAP))
        detailed = any(needs_details(entity, row, None) for row in listed)
        rounds = max(rounds, 1 + (pages > 1) + detailed)
    return rounds


def ideal_seconds(rounds: int, requests: int, latency: float) -> float:
    """The critical path: the dependent rounds, or the requests spread over the connections when
    those are the bottleneck, each taking one latency."""
    return max(rounds, math.ceil(requests / CONCURRENCY)) * latency


async def read_both(
    instances: list[SimulatedInstance], what: str
) -> tuple[float, float, list[int]]:
    """Both instances read at once, as the wizard (`what` "wizard") or `snapshot` reads them:
    wall time, CPU time and the requests each instance was sent."""
    clients = []
    for instance in instances:
        app = instance.application
        assert app is not None
        clients.append(
            HaloClient(
                instance.url,
                app.client_id,
                app.client_secret,
                concurrency=CONCURRENCY,
                # the read's own cost: the requests over Halo's budget are printed, not waited out
                limiter=RollingWindowLimiter(10**9, 300.0),
            )
        )
    try:
        for client in clients:
            await client.connect(require_sync_version=False)
        sent_before = [c.stats.sent for c in clients]
        cpu_started = time.thread_time()  # the client's thread: the simulator serves from others
        started = time.perf_counter()
        if what == "wizard":
            readers = [InstanceReader(c) for c in clients]
            await asyncio.gather(*(r.read_all(WIZARD_READS) for r in readers))
        else:
            await asyncio.gather(*(export_snapshot(c) for c in clients))
        elapsed = time.perf_counter() - started
        cpu = time.thread_time() - cpu_started
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
        with Simulator(rate_limit=(10**9, 300.0)) as simulator:
            instances = [simulator.add(s) for s in demo_snapshots(scale)]
            for instance in instances:
                instance.faults.latency = latency
            for what, entities in (("wizard", WIZARD_READS), ("snapshot", SNAPSHOT_ENTITIES)):
                rounds = [dependent_rounds(i, entities) for i in instances]
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
