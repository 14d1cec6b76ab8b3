"""Benchmark: set-up (steps 1-7, auto-map included) of the two demo instances at --scale 80 under
Halo's rate limit, as `apply --plan --auto-map` runs it: the instances allow 700 requests per
rolling 5 minutes and answer 429 over it, the client starts at the same documented budget. It
prints the wall time, the requests each instance was sent, the seconds requests waited for the
budget and the 429 answers. Set-up that stalls on the limit shows as waited seconds (at least
one 5-minute window) or 429s.

The instances are served from this process (their threads share the interpreter with the
client): the wall time is the simulator's cost as well as the wizard's, and is printed for
information; the requests, the waits and the 429s are what the target is about.

Run: python benchmarks/bench_setup.py [--scale 80] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from demo_setup import set_up

from halo_wizard.api import constants as C
from halo_wizard.api.ratelimit import RollingWindowLimiter
from halo_wizard.simulator import Simulator
from halo_wizard.simulator.demo import demo_snapshots

HALO_LIMIT = (C.RATE_LIMIT_REQUESTS, C.RATE_LIMIT_WINDOW_SECONDS)
"""What the instances allow, as Halo documents it (halo-api.md section 0)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=80)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()
    budgets: list[RollingWindowLimiter] = []

    def budget() -> RollingWindowLimiter:
        budgets.append(RollingWindowLimiter(*HALO_LIMIT))  # the client's documented start
        return budgets[-1]

    with Simulator(rate_limit=HALO_LIMIT) as sim:
        instances = [sim.add(s) for s in demo_snapshots(args.scale)]
        for instance in instances:
            instance.faults.latency = args.latency_ms / 1000.0
        contoso, northwind = instances
        started = time.perf_counter()
        plan = asyncio.run(set_up(contoso, northwind, auto_map=True, budget=budget))
        elapsed = time.perf_counter() - started
        sent = [i.stats.total_requests for i in instances]
        throttled = sum(i.stats.rate_limited for i in instances)
    assert plan.customer_profile.record_id and plan.supplier_profile.record_id, "set-up finished"
    waited = sum(b.waited for b in budgets)
    print(
        f"set-up, scale {args.scale}, {args.latency_ms:g} ms, Halo's limit: wall {elapsed:.2f} s; "
        f"requests {' + '.join(str(n) for n in sent)}; at most {max(sent)} requests to one "
        f"instance; waited for the limit {waited:.1f} s; 429 answers {throttled}"
    )


if __name__ == "__main__":
    main()
