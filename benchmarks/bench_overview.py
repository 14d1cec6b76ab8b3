"""Benchmark: reading the overview of a folder of plans (every file read once, each row built:
fingerprint, stale steps, end-to-end freshness, next step), against a baseline measured in the
same run: the plan list alone (PlanStore.list, what the first page read before the overview), and
the list followed by opening every plan (two reads per file, what a naive overview would do).

Run: python benchmarks/bench_overview.py [--plans 50] [--scales 1,10] [--runs 3]
Target: 50 plans of the demo's size read in under 1 s (the window's first page waits on it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

TARGET_S = 1.0


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def folder_of(plans: int, scale: int, folder: Path) -> int:
    """`plans` plans in the overview's mixed states, each with the mapping rows of the demo at
    `scale`; returns the folder's size in bytes."""
    import report_plans
    from overview_plans import cases, write_folder

    from halo_wizard.plan.model import Plan, new_plan_id

    base = report_plans.auto_mapped_plan(scale)
    made = []
    while len(made) < plans:
        for case in cases():
            if case.plan is None:
                if made:
                    continue
                made.append(case)
                continue
            plan = case.plan
            big = Plan.from_dict(base.to_dict())
            # the case's state on the bigger mapping tables
            big.steps, big.e2e, big.last_drift = plan.steps, plan.e2e, plan.last_drift
            big.id, big.name = new_plan_id(), f"{plan.name} {len(made)}"
            made.append(type(case)(big.name, big, case.expected))
            if len(made) >= plans:
                break
    write_folder(folder, made)
    return sum(path.stat().st_size for path in folder.iterdir())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from halo_wizard.plan.overview import read_overview
    from halo_wizard.plan.store import PlanStore

    ok = True
    for scale in (int(s) for s in args.scales.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "plans"
            size = folder_of(args.plans, scale, folder)
            store = PlanStore(folder)
            rows = read_overview(store)
            assert len(rows) == args.plans
            overview = best(args.runs, lambda store=store: read_overview(store))
            listed = best(args.runs, store.list)

            def list_then_open(store: PlanStore = store) -> None:
                for summary in store.list():
                    if summary.ok:
                        store.open(summary.id)

            naive = best(args.runs, list_then_open)
            per_plan = statistics.fmean(
                [p.stat().st_size for p in folder.iterdir() if p.stat().st_size > 100]
            )
            print(
                f"scale {scale}: {args.plans} plans, {size / 1e6:.1f} MB "
                f"({per_plan / 1e3:.0f} kB a plan)"
            )
            print(f"  overview read: {overview:.3f} s")
            print(f"  baseline, plan list only: {listed:.3f} s (ratio {overview / listed:.2f})")
            print(f"  baseline, list then open each: {naive:.3f} s")
            if scale == 1 and overview >= TARGET_S:
                ok = False
    print(
        f"target: {args.plans} plans at scale 1 under {TARGET_S:g} s: {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
