"""Run every benchmark, each in its own process with a time limit, and print figure and target.

Run: python benchmarks/run_all.py [--only NAME ...] [--timeout SECONDS]
Each script prints its own detailed output (kept in the log folder given by --keep); this
command picks the headline figures out of that output with the patterns below.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Figure:
    label: str
    pattern: str
    """A regular expression whose first group is the number."""
    unit: str
    target: str


@dataclass(frozen=True)
class Bench:
    name: str
    script: str
    args: tuple[str, ...]
    figures: tuple[Figure, ...]


NUMBER = r"([0-9][0-9,]*\.?[0-9]*)"

BENCHES = (
    Bench(
        "startup",
        "bench_startup.py",
        (),
        (
            Figure(
                "cold start to first paint", rf"halo_wizard window: median {NUMBER} s", "s", "< 2 s"
            ),
            Figure(
                "  same for a bare PySide6 window",
                rf"bare PySide6 window: median {NUMBER} s",
                "s",
                "-",
            ),
        ),
    ),
    Bench(
        "discovery",
        "bench_discovery.py",
        ("--scale", "20", "--latency-ms", "50"),
        (
            Figure(
                "configuration read with details, both scale-20 instances, 50 ms",
                rf"wall time\s+{NUMBER}",
                "s",
                "<= 2 x ideal + CPU",
            ),
            Figure("  ideal (critical path)", rf"ideal \(critical path\)\s+{NUMBER}", "s", "-"),
            Figure("  CPU time of the read", rf"CPU time of the read\s+{NUMBER}", "s", "-"),
        ),
    ),
    Bench(
        "automap",
        "bench_automap.py",
        (),
        (Figure("auto-map 5,000 x 5,000 names (median)", rf"median\s+{NUMBER} s", "s", "< 0.5 s"),),
    ),
    Bench(
        "mapping_table",
        "bench_mapping_table.py",
        (),
        (
            Figure(
                "mapping table auto-map (median)",
                rf"auto-map \(engine.*?median\s+{NUMBER} ms",
                "ms",
                "< 500 ms",
            ),
            Figure(
                "mapping table shown (first)",
                rf"table shown .*?first\s+{NUMBER} ms",
                "ms",
                "< 300 ms",
            ),
            Figure(
                "filter keystroke (median)",
                rf"filter keystroke, median of \d+\s+{NUMBER} ms",
                "ms",
                "< 50 ms",
            ),
        ),
    ),
    Bench(
        "validate",
        "bench_validate.py",
        (),
        (
            Figure(
                "validate --json, two scale-20 snapshots", rf"median {NUMBER} s over", "s", "< 2 s"
            ),
        ),
    ),
    Bench(
        "report",
        "bench_report.py",
        ("--sizes", "5000,20000"),
        (
            Figure(
                "report PDF, 5,000 rows, whole process",
                rf"report 5000 rows: whole process median {NUMBER} s",
                "s",
                "<= 1.5 s",
            ),
            Figure(
                "report PDF, 20,000 rows, whole process",
                rf"report 20000 rows: whole process median {NUMBER} s",
                "s",
                "<= 5 s",
            ),
            Figure(
                "  peak memory at 20,000 rows",
                rf"report 20000 rows: peak RSS {NUMBER} MB",
                "MB",
                "< 150 MB",
            ),
            Figure(
                "  longest window stall while it is made",
                rf"GUI-thread stall at 20000 rows: longest {NUMBER} ms",
                "ms",
                "< 100 ms",
            ),
        ),
    ),
    Bench(
        "end_to_end",
        "bench_end_to_end.py",
        (),
        (
            Figure(
                "end-to-end test run (median)",
                rf"whole run incl\. cleanup: median {NUMBER} ms",
                "ms",
                "-",
            ),
        ),
    ),
)


def run(bench: Bench, timeout: float) -> tuple[str, float, str]:
    """The script's output, its wall time, and what went wrong ('' when nothing did)."""
    started = time.perf_counter()
    try:
        result = subprocess.run(
            [sys.executable, str(HERE / bench.script), *bench.args],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return out, time.perf_counter() - started, f"timed out after {timeout:.0f} s"
    problem = "" if result.returncode == 0 else f"exit code {result.returncode}"
    return result.stdout + result.stderr, time.perf_counter() - started, problem


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", default=None, help="benchmark names to run")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per benchmark")
    parser.add_argument("--keep", type=Path, help="write each benchmark's full output here")
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    failures = 0
    for bench in BENCHES:
        if args.only and bench.name not in args.only:
            continue
        print(f"running {bench.script} ...", file=sys.stderr, flush=True)
        output, wall, problem = run(bench, args.timeout)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"{bench.name}.txt").write_text(output, encoding="utf-8")
        for figure in bench.figures:
            match = re.search(figure.pattern, output, re.DOTALL)
            if match:
                shown = f"{float(match[1].replace(',', '')):g} {figure.unit}"
            else:
                failures += 1
                shown = problem or "not found in output"
            rows.append((figure.label, shown, figure.target))
        print(f"  {bench.name}: {wall:.1f} s {problem}", file=sys.stderr, flush=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'figure':>14}  target")
    print(f"{'-' * width}  {'-' * 14}  ------")
    for label, shown, target in rows:
        print(f"{label:<{width}}  {shown:>14}  {target}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
