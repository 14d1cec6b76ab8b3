"""Benchmark: read the whole configuration of both demo instances as the wizard reads it (every
list, then the rows the lists show only in part read in full) at --scale 20 with 50 ms of injected
latency, and compare the wall time with the ideal: the dependent rounds of requests on the longest
path (first page, further pages, details) or, when the client's connections are the bottleneck,
the requests divided by the connections, times the latency; plus the CPU time the read needs.

Target: wall time within 2x the ideal plus the CPU time.

Run: python benchmarks/bench_discovery.py [--scale 20] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import time

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient
from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.simulator.shapes import list_row
from halo_wizard.steps.configuration import CONFIG_LISTS, InstanceReader, needs_details

CONCURRENCY = 6
WIZARD_READS = (*CONFIG_LISTS, "Agent")
"""What the wizard reads of an instance's configuration (the end users are read per customer)."""


def dependent_rounds(instance: SimulatedInstance) -> int:
    """The longest chain of requests that must wait for each other: a list's first page, then
    its further pages, then the rows it shows only in part, read in full."""
    records = instance.snapshot()["records"]
    rounds = 0
    for entity in WIZARD_READS:
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


async def read_both(instances: list[SimulatedInstance]) -> tuple[float, float, list[int]]:
    clients = []
    for instance in instances:
        app = instance.application
        assert app is not None
        clients.append(
            HaloClient(instance.url, app.client_id, app.client_secret, concurrency=CONCURRENCY)
        )
    try:
        for client in clients:
            await client.connect()
        sent_before = [c.stats.sent for c in clients]
        readers = [InstanceReader(c) for c in clients]
        cpu_started = time.process_time()
        started = time.perf_counter()
        await asyncio.gather(*(r.read_all(WIZARD_READS) for r in readers))
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        sent = [c.stats.sent - b for c, b in zip(clients, sent_before, strict=True)]
        return elapsed, cpu, sent
    finally:
        for client in clients:
            await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()
    latency = args.latency_ms / 1000.0
    with Simulator(rate_limit=(100_000, 300.0)) as simulator:
        instances = [simulator.add(s) for s in demo_snapshots(args.scale)]
        rounds = [dependent_rounds(i) for i in instances]
        for instance in instances:
            instance.faults.latency = latency
        elapsed, cpu, sent = asyncio.run(read_both(instances))
    ideals = [ideal_seconds(r, n, latency) for r, n in zip(rounds, sent, strict=True)]
    ideal = max(ideals)
    target = 2 * ideal + cpu
    print(
        f"configuration read of both demo instances, scale {args.scale}, "
        f"latency {args.latency_ms:.0f} ms, {CONCURRENCY} connections each"
    )
    for instance, got, r, seconds in zip(instances, sent, rounds, ideals, strict=True):
        print(
            f"  {instance.name:<16} {got:>5} requests, {r} dependent rounds, ideal {seconds:.2f} s"
        )
    print(f"{'figure':<34} {'seconds':>8}")
    print(f"{'wall time':<34} {elapsed:>8.2f}")
    print(f"{'ideal (critical path)':<34} {ideal:>8.2f}")
    print(f"{'CPU time of the read':<34} {cpu:>8.2f}")
    print(f"{'target: 2 x ideal + CPU':<34} {target:>8.2f}")
    print(f"ratio wall / target: {elapsed / target:.2f} (within the target when <= 1)")


if __name__ == "__main__":
    main()
