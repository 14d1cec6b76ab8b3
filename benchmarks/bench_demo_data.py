"""Benchmark: generate the demo instances at several scales and print record counts and times.

Run with `python benchmarks/bench_demo_data.py [--scale N ...] [--runs R]`. The target is well under
2 seconds for the pair at scale 20.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from halo_wizard.api import constants as c
from halo_wizard.simulator import demo

TARGET_SECONDS = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, nargs="*", default=[1, 5, 20])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    demo.demo_snapshots()
    print(f"load bundled pair (scale 1): {time.perf_counter() - started:.3f} s")
    for scale in args.scale:
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            pair = [demo.contoso_snapshot(scale), demo.northwind_snapshot(scale)]
            times.append(time.perf_counter() - started)
        best, median = min(times), statistics.median(times)
        verdict = "ok" if median < TARGET_SECONDS else "TOO SLOW"
        print(f"scale {scale}: generate pair best {best:.3f} s, median {median:.3f} s ({verdict})")
        for snapshot in pair:
            counts = demo.record_counts(snapshot)
            shown = ", ".join(
                f"{name} {counts[name]}"
                for name in ("Outcome", "Agent", "Users", "Status", "Category", "FieldInfo",
                             "Workflow", "TicketType")
            )  # fmt: skip
            print(f"  {snapshot['instanceinfo'][c.INSTANCE_DISPLAY_NAME]}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
