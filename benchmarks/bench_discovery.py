"""Benchmark: the wizard's configuration reads and the `snapshot` command's read of both demo
instances at --scale 5, 20 and 80 with 50 ms of injected latency: the lists the mapping pages read
("mapping": ticket types and workflows as their list rows come), the action check's read ("check":
the same lists with every ticket type and workflow read in full, configuration.DETAILS_ON_DEMAND)
and the snapshot.

Each is compared with its ideal, the longer of:
- the dependent rounds of requests on the longest path (first page, further pages, details) or,
  when the client's connections are the bottleneck, the requests divided by the connections,
  times the latency;
- the same requests (recorded as the read sent them) sent again by a bare HTTP client over as
  many connections, all at once, answers read and not parsed: what the instances need to answer
  them, which the latency alone leaves out where one answer is large (6,400 actions at scale 80);
plus the CPU time the read needs. The instances' rate limit is lifted here: the figure is the
read's own cost, and the requests it needs are printed beside Halo's 700 per 5 minutes.

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

import httpx

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient
from halo_wizard.api.ratelimit import RollingWindowLimiter
from halo_wizard.simulator.demo import JSONDict, demo_snapshots
from halo_wizard.simulator.shapes import list_row
from halo_wizard.steps.configuration import (
    CONFIG_LISTS,
    DETAILS_ON_DEMAND,
    SNAPSHOT_ENTITIES,
    InstanceReader,
    export_snapshot,
    needs_details,
)

CONCURRENCY = 6
WIZARD_READS = (*CONFIG_LISTS, "Agent")
"""What the wizard reads of an instance's configuration (the end users are read per customer)."""
READS = ("mapping", "check", "snapshot")
RATIO_TARGET = 1.5
HALO_BUDGET = 700
"""Requests Halo allows per rolling 5 minutes (halo-api.md section 0)."""


def dependent_rounds(snapshot: JSONDict, entities: tuple[str, ...], full: bool) -> int:
    """The longest chain of requests that must wait for each other: a list's first page, then
    its further pages, then the rows it shows only in part, read in full (ticket types and
    workflows only when `full`)."""
    records = snapshot["records"]
    rounds = 0
    for entity in entities:
        rows = records.get(entity, [])
        listed = [list_row(entity, r, with_email=True) for r in rows]
        pages = 1 if entity in C.UNPAGED_LISTS else max(1, math.ceil(len(rows) / C.PAGE_CAP))
        detailed = (full or entity not in DETAILS_ON_DEMAND) and any(
            needs_details(entity, row, None) for row in listed
        )
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


Sent = list[tuple[str, dict[str, str]]]
"""The GET requests of one client: URL and the headers that matter (its token)."""


def _http(sent: Sent) -> httpx.AsyncClient:
    """An HTTP client for a HaloClient that records the GET requests it sends to the API."""

    async def record(request: httpx.Request) -> None:
        token = request.headers.get("Authorization")
        if request.method == "GET" and token:  # an API request (authinfo needs no token)
            sent.append((str(request.url), {"Authorization": token}))

    return httpx.AsyncClient(
        timeout=httpx.Timeout(None, connect=10.0),
        headers={"Accept": "application/json"},
        event_hooks={"request": [record]},
    )


async def replay(sent: list[Sent]) -> float:
    """Every instance's recorded requests sent again at once by bare clients, as many connections
    each as the wizard's; the seconds until every answer has been read (not parsed)."""

    limits = httpx.Limits(max_connections=CONCURRENCY)
    # made before the clock starts, as the wizard's clients are (an HTTP client loads its
    # certificates when it is made)
    https = [httpx.AsyncClient(timeout=None, limits=limits) for _ in sent]

    async def one_instance(http: httpx.AsyncClient, requests: Sent) -> None:
        gate = asyncio.Semaphore(CONCURRENCY)  # as the wizard's client queues (not in the pool)

        async def get(url: str, headers: dict[str, str]) -> None:
            async with gate:
                answer = await http.get(url, headers=headers)  # the answer read, not parsed
            assert answer.status_code == 200, (url, answer.status_code)

        await asyncio.gather(*(get(url, headers) for url, headers in requests))

    try:
        started = time.perf_counter()
        await asyncio.gather(*(one_instance(h, r) for h, r in zip(https, sent, strict=True)))
        return time.perf_counter() - started
    finally:
        for http in https:
            await http.aclose()


async def read_both(
    instances: list[dict[str, Any]], what: str
) -> tuple[float, float, list[int], float]:
    """Both instances read at once, as the mapping pages, the action check or `snapshot` read
    them (`what`, one of READS): wall time, this process's CPU time, the requests each instance
    was sent, and the seconds a bare client needs for the same requests (replay)."""
    sent: list[Sent] = [[] for _ in instances]
    https = [_http(requests) for requests in sent]
    clients = [
        HaloClient(
            instance["url"],
            instance["client_id"],
            instance["client_secret"],
            concurrency=CONCURRENCY,
            http=http,
            # the read's own cost: the requests over Halo's budget are printed, not waited out
            limiter=RollingWindowLimiter(10**9, 300.0),
        )
        for instance, http in zip(instances, https, strict=True)
    ]
    try:
        for client in clients:
            await client.connect(require_sync_version=False)
        for requests in sent:
            requests.clear()  # connecting is not the read
        sent_before = [c.stats.sent for c in clients]
        cpu_started = time.process_time()  # the instances are served by another process
        started = time.perf_counter()
        if what in ("mapping", "check"):
            readers = [InstanceReader(c) for c in clients]
            full = what == "check"
            await asyncio.gather(*(r.read_all(WIZARD_READS, full=full) for r in readers))
        else:
            await asyncio.gather(*(export_snapshot(c) for c in clients))
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        counts = [c.stats.sent - b for c, b in zip(clients, sent_before, strict=True)]
    finally:
        for client, http in zip(clients, https, strict=True):
            await client.aclose()
            await http.aclose()  # given to the client, so left open by it
    return elapsed, cpu, counts, await replay(sent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="5,20,80")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()
    latency = args.latency_ms / 1000.0
    for scale in (int(s) for s in args.scales.split(",")):
        snapshots = demo_snapshots(scale)  # the child generates the same (fixed seeds)
        with served(scale, latency) as instances:
            for what in READS:
                entities = SNAPSHOT_ENTITIES if what == "snapshot" else WIZARD_READS
                rounds = [dependent_rounds(s, entities, what != "mapping") for s in snapshots]
                elapsed, cpu, sent, bare = asyncio.run(read_both(instances, what))
                rounds_only = max(
                    ideal_seconds(r, n, latency) for r, n in zip(rounds, sent, strict=True)
                )
                ideal = max(rounds_only, bare)
                baseline = ideal + cpu
                ratio = elapsed / baseline
                verdict = "OK" if ratio <= RATIO_TARGET else "OVER"
                print(
                    f"{what} read, scale {scale}, {args.latency_ms:g} ms: wall {elapsed:.2f} s; "
                    f"ideal + CPU {baseline:.2f} s (ideal {ideal:.2f}: rounds {rounds_only:.2f}, "
                    f"bare replay {bare:.2f}; CPU {cpu:.2f}); ratio {ratio:.2f} (target <= "
                    f"{RATIO_TARGET:g}, {verdict}); requests {' + '.join(str(n) for n in sent)}"
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
