"""Benchmark: the end-to-end test (step 10) on the two demo instances, hop by hop.

Run with `python benchmarks/bench_end_to_end.py [--runs R] [--scale N] [--latency MS]`. It sets
the demo instances up for ticket sync (steps 1-7 and the sync actions of seed 001), then runs the
end-to-end test R times and prints the median and worst time of a whole run (cleanup included),
each hop's median, and the requests it sent. `--latency` adds that many milliseconds to every
request, to see how the run behaves against a distant hosted instance.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from demo_setup import session_for, set_up
from sync_setup import Api, configure_sync

from halo_wizard.simulator import Simulator
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.steps.end_to_end import E2EResult, E2ESettings, run_end_to_end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.0, help="milliseconds per request")
    args = parser.parse_args()

    with Simulator(rate_limit=(10**9, 1.0)) as sim:
        contoso, northwind = (sim.add(s) for s in demo_snapshots(args.scale))
        plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
        a, b = Api(contoso), Api(northwind)
        try:
            supplier, customer = plan.supplier_profile.record_id, plan.customer_profile.record_id
            assert supplier and customer, "set-up made both profiles"
            configure_sync(a, b, supplier, customer)
        finally:
            a.close()
            b.close()
        for instance in (contoso, northwind):
            instance.faults.latency = args.latency / 1000.0
            instance.stats.reset()

        async def once(settings: E2ESettings) -> tuple[E2EResult, float]:
            session = session_for(plan, contoso, northwind)
            started = time.perf_counter()
            try:
                result = await run_end_to_end(
                    session,
                    progress=lambda *_: None,
                    confirm_start=lambda _: True,
                    settings=settings,
                )
            finally:
                await session.aclose()
            return result, time.perf_counter() - started

        # Alternately: the run as the admin meets it (default settings), and the same run
        # without the settle waits (what the requests and checks alone cost).
        results: list[tuple[E2EResult, float]] = []
        bare: list[tuple[E2EResult, float]] = []
        for _ in range(args.runs):
            results.append(asyncio.run(once(E2ESettings())))
            bare.append(asyncio.run(once(E2ESettings(settle=0.0))))

    every = [*results, *bare]
    assert all(r.passed for r, _ in every), "a run failed: the benchmark measures passing runs"
    totals = [t for _, t in results]
    bare_totals = [t for _, t in bare]
    requests = sum(i.stats.total_requests for i in (contoso, northwind)) / len(every)
    median = statistics.median(totals) * 1000
    bare_median = statistics.median(bare_totals) * 1000
    print(
        f"end-to-end test, demo instances at scale {args.scale}, latency {args.latency:g} ms, "
        f"{args.runs} runs each way (default settle {E2ESettings().settle:g} s, and none)"
    )
    print(
        f"end-to-end test with the default settings: median {median:.0f} ms; without the settle "
        f"waits {bare_median:.0f} ms; ratio {median / bare_median:.2f}; worst "
        f"{max(totals) * 1000:.0f} ms; {requests:.0f} requests a run (both instances)"
    )
    names = [h.name for h in results[0][0].hops]
    for index, name in enumerate(names):
        times = [r.hops[index].ms for r, _ in results]
        print(f"  {name:<45} median {statistics.median(times):7.1f} ms")


if __name__ == "__main__":
    main()
