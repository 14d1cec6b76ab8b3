"""Benchmark: the mapping report PDF for 5,000 mapping rows (target under 10 s), with peak memory.

Run: python benchmarks/bench_report.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from report_plans import auto_mapped_plan

from halo_wizard.report.build import ensure_gui_application, write_plan_report
from halo_wizard.steps.mappings import DIRECTIONS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    ensure_gui_application()
    plan = auto_mapped_plan(20)
    # Exactly --rows mapped rows, half per direction, varied copies of the real ones beyond them.
    for index, direction in enumerate(DIRECTIONS):
        mappings = direction.mappings(plan)
        real = [r for r in mappings.rows if r.mapped]
        wanted = args.rows // 2 + (args.rows % 2 if index == 0 else 0)
        made = []
        for n in range(wanted):
            row = real[n % len(real)]
            copy = n // len(real)
            suffix = f" ({copy + 1})" if copy else ""
            made.append(
                replace(
                    row,
                    remote_id=row.remote_id + copy * 1_000_000,
                    remote_name=row.remote_name + suffix,
                    local_name=row.local_name + suffix,
                )
            )
        mappings.rows = made
    rows = sum(len(d.mappings(plan).rows) for d in DIRECTIONS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        tracemalloc.start()
        started = time.perf_counter()
        pages = write_plan_report(plan, path)
        elapsed = time.perf_counter() - started
        _, peak_python = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = path.stat().st_size
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"report for {rows} mapping rows: {elapsed:.2f} s (target < 10 s), {pages} pages, "
        f"{size / 1e6:.1f} MB"
    )
    print(f"peak memory: {peak_rss:.0f} MB RSS (process), {peak_python / 1e6:.1f} MB Python heap")


if __name__ == "__main__":
    main()
