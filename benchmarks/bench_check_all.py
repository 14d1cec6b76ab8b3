"""Benchmark: "Check all" of 50 demo connections against one MSP instance, within its rate budget.

Run with `python benchmarks/bench_check_all.py [--connections N] [--budget R] [--window S]`. One
simulator, in a process of its own, serves Northwind MSP and N customers' instances
(simulator.msp_demo); one plan per
customer is set up with the limit lifted (steps.customer_plans: preparation, not measured). Then
every instance enforces a scaled budget (R requests per S seconds, 100 per 5 s by default, so that
the check spans several windows as Halo's 700 per 5 minutes would for a larger MSP), the wizard's
shared budget per instance is set to match, and the N plans are checked together
(steps.overview.check_all: drift check and leftovers of each plan, as `halo-wizard check --all`).

Printed: the requests the MSP's instance received during the check, the ideal time (those
requests divided by the budget's rate), the measured time, their ratio (target at most 1.5) and
the requests the MSP answered 429 (target 0). The ideal counts every request the MSP received,
the sign-ins each customer's Halo makes to it when its profile is authenticated included.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import multiprocessing
import sys
import tempfile
import time
from multiprocessing.connection import Connection as Connection_
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from halo_wizard.api.ratelimit import RollingWindowLimiter
from halo_wizard.plan.model import Plan, Side
from halo_wizard.plan.store import PlanStore
from halo_wizard.secretstore import MemoryStore
from halo_wizard.simulator import Simulator, instance_info
from halo_wizard.simulator.msp_demo import msp_demo
from halo_wizard.steps.customer_plans import InstanceAccess, set_up_customer_plans
from halo_wizard.steps.overview import CHECKS_AT_ONCE, CheckState, Connection, check_all
from halo_wizard.steps.session import Session, open_session

RATIO_TARGET = 1.5
LIFTED = (10**9, 1.0)


def serve(count: int, pipe: Connection_) -> None:
    """The child process: the MSP and `count` customers' instances, until told to stop. The
    servers run beside the wizard on another core, as Halo would; the pipe carries their
    addresses, the limit to enforce and what they counted."""
    with Simulator(rate_limit=LIFTED) as simulator:
        instances = [simulator.add(s) for s in msp_demo(count).snapshots()]
        msp, customers = instances[0], instances[1:]
        pipe.send([instance_info(i) for i in instances])
        while True:
            command, value = pipe.recv()
            if command == "limit":
                for instance in instances:
                    instance.set_rate_limit(value)
                    instance.stats.reset()
                pipe.send(None)
            elif command == "stats":
                counts = {f"{m} {e}": n for (m, e), n in msp.stats.counts.items()}
                refused = sum(c.stats.rate_limited for c in customers)
                pipe.send((msp.stats.total_requests, msp.stats.rate_limited, refused, counts))
            else:
                return


def lifted_budget() -> RollingWindowLimiter:
    """The preparation's budget: the instances' limit is lifted, so is the client's."""
    return RollingWindowLimiter(*LIFTED)


async def prepare(
    infos: list[dict[str, Any]], store: PlanStore, secrets: MemoryStore
) -> list[Plan]:
    results = await set_up_customer_plans(
        InstanceAccess.from_info(infos[0]),
        [InstanceAccess.from_info(info) for info in infos[1:]],
        store,
        secrets,
        budget=lifted_budget,
    )
    stopped = [f"{r.plan.name}: {r.problem}" for r in results if not r.ok]
    if stopped:
        raise SystemExit("set-up stopped:\n" + "\n".join(stopped))
    return [r.plan for r in results]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=50, help="customers (default 50)")
    parser.add_argument("--budget", type=int, default=100, help="requests per window")
    parser.add_argument("--window", type=float, default=5.0, help="window in seconds")
    parser.add_argument("--at-once", type=int, default=CHECKS_AT_ONCE, help="plans at once")
    args = parser.parse_args()
    budget = (args.budget, args.window)

    started = time.perf_counter()
    pipe, child_end = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=serve, args=(args.connections, child_end), daemon=True
    )
    server.start()
    try:
        infos: list[dict[str, Any]] = pipe.recv()
        built = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as folder:
            store, secrets = PlanStore(Path(folder) / "plans"), MemoryStore()
            plans = asyncio.run(prepare(infos, store, secrets))
            prepared = time.perf_counter() - started - built
            connections = [
                Connection(p.id, p.name, store.path_for(p.id), store.open(p.id)) for p in plans
            ]

            def open_plan(plan: Plan) -> Session:
                session = open_session(plan, lambda side, _: secrets.get(plan.secret_key_for(side)))
                for side in Side:
                    # The budget all clients of the instance share in this loop (shared_limiter).
                    limiter = session.client(side).limiter
                    limiter.requests, limiter.window = budget
                return session

            pipe.send(("limit", budget))
            pipe.recv()
            begin = time.perf_counter()
            results = asyncio.run(check_all(connections, open_plan, at_once=args.at_once))
            measured = time.perf_counter() - begin
        pipe.send(("stats", None))
        requests, refused, customers_refused, counts = pipe.recv()
        pipe.send(("stop", None))
    finally:
        server.join(30)
        if server.is_alive():
            server.terminate()
            server.join()

    ideal = requests / (args.budget / args.window)
    ratio = measured / ideal if ideal else float("inf")
    states = collections.Counter(r.state for r in results)
    by_kind = collections.Counter(counts)
    n = args.connections
    rate = f"{args.budget} per {args.window:g} s"
    print(f"check all, {n} connections against one MSP instance, budget {rate}")
    print(
        f"  prepared: {n + 1} instances generated and started in {built:.1f} s (another "
        f"process), {n} plans set up (steps 1-7, auto-mapped, limit lifted) in {prepared:.1f} s"
    )
    print(
        f"  results: {states[CheckState.CLEAN]} without drift, {states[CheckState.DRIFTED]} "
        f"drifted, {states[CheckState.CANNOT]} could not be checked"
    )
    print("  MSP requests by kind: " + ", ".join(f"{k} {v}" for k, v in by_kind.most_common()))
    print(f"check all {n}: MSP instance requests {requests}")
    print(
        f"check all {n}: measured {measured:.2f} s, ideal {ideal:.2f} s "
        f"({requests} requests / {args.budget / args.window:g} per s); ratio {ratio:.2f} "
        f"({'within' if ratio <= RATIO_TARGET else 'OVER'} the {RATIO_TARGET} target)"
    )
    print(
        f"check all {n}: 429 answered by the MSP {refused} (target 0), by the customers' "
        f"instances {customers_refused}"
    )
    ok = ratio <= RATIO_TARGET and refused == 0 and states[CheckState.CLEAN] == n
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
