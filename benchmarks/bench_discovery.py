"""Benchmark: read the whole configuration of both demo instances at --scale 20 with 50 ms of
injected latency, concurrently (as the wizard does) and one request after another.

Run: python benchmarks/bench_discovery.py [--scale 20] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from halo_wizard.api.client import HaloClient
from halo_wizard.api.snapshot import CONFIG_ENTITIES
from halo_wizard.simulator import SimulatedInstance, Simulator
from halo_wizard.simulator.demo import demo_snapshots


async def read_both(
    instances: list[SimulatedInstance], *, concurrency: int
) -> tuple[float, int, int]:
    clients = []
    for instance in instances:
        app = instance.application
        assert app is not None
        clients.append(
            HaloClient(instance.url, app.client_id, app.client_secret, concurrency=concurrency)
        )
    try:
        for client in clients:
            await client.connect()
        started = time.perf_counter()
        if concurrency > 1:
            results = await asyncio.gather(*(c.read_many(CONFIG_ENTITIES) for c in clients))
        else:
            results = [await c.read_many(CONFIG_ENTITIES) for c in clients]
        elapsed = time.perf_counter() - started
        records = sum(len(rows) for result in results for rows in result.values())
        requests = sum(c.stats.sent for c in clients)
        return elapsed, requests, records
    finally:
        for client in clients:
            await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()
    snapshots = demo_snapshots(args.scale)
    with Simulator() as simulator:
        instances = [simulator.add(s) for s in snapshots]
        for instance in instances:
            instance.faults.latency = args.latency_ms / 1000.0
        rows = []
        for label, concurrency in (("concurrent (6 per instance)", 6), ("one after another", 1)):
            for instance in instances:
                instance.stats.reset()
            elapsed, requests, records = asyncio.run(read_both(instances, concurrency=concurrency))
            rows.append((label, elapsed, requests, records))
    print(f"discovery of both demo instances, scale {args.scale}, latency {args.latency_ms:.0f} ms")
    print(f"{'mode':<30} {'wall s':>8} {'requests':>9} {'records':>8}")
    for label, elapsed, requests, records in rows:
        print(f"{label:<30} {elapsed:>8.2f} {requests:>9} {records:>8}")
    print(f"speed-up: {rows[1][1] / rows[0][1]:.1f}x")


if __name__ == "__main__":
    main()
