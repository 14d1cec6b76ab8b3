"""Run every benchmark, each in its own process with a time limit, and print figure and target.

Run: python benchmarks/run_all.py [--only NAME ...] [--timeout SECONDS] [--keep DIR] [--markdown]
Each script prints its own detailed output (kept in the folder given by --keep); this command picks
the headline figures out of that output with the patterns below and prints, for each, the figure,
its baseline where the script measures one in the same run, their ratio, the target and whether
it is met (the README's table is this command's --markdown output). Exit code 1 when a figure is
missing or over its target.
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
    """A regular expression whose first group is the figure."""
    unit: str
    limit: float | None = None
    """The figure must stay at or under this (None: no limit of its own)."""
    baseline: str | None = None
    """A regular expression whose first group is the baseline's figure, in the same unit."""
    ratio_limit: float | None = None
    """The figure over the baseline must stay at or under this."""
    strict: bool = False
    """The limit is "under", not "at or under"."""

    def target(self) -> str:
        parts = []
        if self.limit is not None:
            parts.append(f"{'<' if self.strict else '<='} {self.limit:g} {self.unit}")
        if self.ratio_limit is not None:
            parts.append(f"<= {self.ratio_limit:g} x baseline")
        return ", ".join(parts) or "-"


@dataclass(frozen=True)
class Bench:
    name: str
    script: str
    args: tuple[str, ...]
    figures: tuple[Figure, ...]


NUMBER = r"([0-9][0-9,]*\.?[0-9]*)"


def _automap(size: int, limit: float | None = None) -> Figure:
    return Figure(
        f"auto-map {size:,} x {size:,} names",
        rf"auto-map {size} x {size} names: ours median {NUMBER} s",
        "s",
        limit=limit,
        baseline=rf"auto-map {size} x {size} names: .*?baseline median {NUMBER} s",
        ratio_limit=1.3,
        strict=limit is not None,
    )


READ_LABELS = {"mapping": "mapping pages' read", "check": "action check's read"}


def _read(what: str, scale: int) -> Figure:
    return Figure(
        f"{READ_LABELS.get(what, what + ' read')}, both scale-{scale} instances, 50 ms latency",
        rf"{what} read, scale {scale}, 50 ms: wall {NUMBER} s",
        "s",
        baseline=rf"{what} read, scale {scale}, 50 ms: .*?ideal \+ CPU {NUMBER} s",
        ratio_limit=1.5,
    )


def _table(size: int) -> tuple[Figure, ...]:
    return (
        Figure(
            f"mapping table, {size:,} rows, shown",
            rf"mapping table {size} rows: shown median {NUMBER} ms",
            "ms",
            limit=300,
            strict=True,
        ),
        Figure(
            "  one filter keystroke in it",
            rf"mapping table {size} rows: .*?filter keystroke median {NUMBER} ms",
            "ms",
            limit=50,
            strict=True,
        ),
    )


BENCHES = (
    Bench(
        "startup",
        "bench_startup.py",
        (),
        (
            Figure(
                "`halo-wizard --demo` to first paint",
                rf"first paint median {NUMBER} s",
                "s",
                baseline=rf"bare PySide6 window median {NUMBER} s",
                ratio_limit=2.0,
            ),
        ),
    ),
    Bench(
        "discovery",
        "bench_discovery.py",
        ("--scales", "5,20,80", "--latency-ms", "50"),
        (
            *(
                _read(what, scale)
                for scale in (5, 20, 80)
                for what in ("mapping", "check", "snapshot")
            ),
            Figure(
                "action check's read, scale 80: requests to one instance",
                rf"check read, scale 80: at most {NUMBER} requests",
                "requests",
            ),
        ),
    ),
    Bench(
        "setup",
        "bench_setup.py",
        ("--scale", "80", "--latency-ms", "50"),
        (
            Figure(
                "set-up (steps 1-7), scale 80, Halo's limit: requests to one instance",
                rf"set-up, scale 80, .*? at most {NUMBER} requests to one instance",
                "requests",
                limit=700,
            ),
            Figure(
                "  time requests waited for the limit",
                rf"set-up, scale 80, .*? waited for the limit {NUMBER} s",
                "s",
                limit=0,
            ),
            Figure(
                "  429 answered",
                rf"set-up, scale 80, .*? 429 answers {NUMBER}",
                "answers",
                limit=0,
            ),
            Figure(
                "  wall time (instances served in the same process)",
                rf"set-up, scale 80, .*?: wall {NUMBER} s",
                "s",
            ),
        ),
    ),
    Bench(
        "automap",
        "bench_automap.py",
        ("--sizes", "5000,20000,50000"),
        (_automap(5000), _automap(20000, 1.0), _automap(50000)),
    ),
    Bench(
        "mapping_table",
        "bench_mapping_table.py",
        ("--sizes", "5000,50000"),
        (
            *_table(5000),
            *_table(50000),
            Figure(
                "longest window stall during Auto-map all, scale 80",
                rf"auto-map all at scale 80: longest GUI stall {NUMBER} ms",
                "ms",
                limit=50,
                strict=True,
            ),
        ),
    ),
    Bench(
        "check_stall",
        "bench_check_stall.py",
        ("--scale", "80", "--runs", "3"),
        (
            Figure(
                "longest window stall during a re-check of the action check, scale 80",
                rf"action check at scale 80: longest window stall during a re-check, median "
                rf"{NUMBER} ms",
                "ms",
                limit=100,
                strict=True,
            ),
        ),
    ),
    Bench(
        "validate",
        "bench_validate.py",
        (),
        (
            Figure(
                "validate --json, two scale-20 snapshots",
                rf"median {NUMBER} s over",
                "s",
                limit=2,
                strict=True,
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
                limit=1.5,
                baseline=rf"report 5000 rows: .*?baseline {NUMBER} s",
            ),
            Figure(
                "report PDF, 20,000 rows, whole process",
                rf"report 20000 rows: whole process median {NUMBER} s",
                "s",
                limit=5,
                baseline=rf"report 20000 rows: .*?baseline {NUMBER} s",
            ),
            Figure(
                "  peak memory at 20,000 rows",
                rf"report 20000 rows: peak RSS {NUMBER} MB",
                "MB",
                limit=150,
                baseline=rf"report 20000 rows: peak RSS .*?baseline {NUMBER} MB",
                strict=True,
            ),
            Figure(
                "  longest window stall while it is made",
                rf"GUI-thread stall at 20000 rows: longest {NUMBER} ms",
                "ms",
                limit=100,
                strict=True,
            ),
        ),
    ),
    Bench(
        "end_to_end",
        "bench_end_to_end.py",
        ("--runs", "5"),
        (
            Figure(
                "end-to-end test, default settings (demo)",
                rf"end-to-end test with the default settings: median {NUMBER} ms",
                "ms",
                baseline=rf"without the settle waits {NUMBER} ms",
            ),
        ),
    ),
    Bench(
        "check_all",
        "bench_check_all.py",
        ("--connections", "50"),
        (
            Figure(
                "check all, 50 connections on one MSP instance (100 per 5 s)",
                rf"check all 50: measured {NUMBER} s",
                "s",
                baseline=rf"check all 50: measured .*?ideal {NUMBER} s",
                ratio_limit=1.5,
            ),
            Figure(
                "  requests to the MSP instance",
                rf"check all 50: MSP instance requests {NUMBER}",
                "requests",
            ),
            Figure(
                "  429 answered by the MSP instance",
                rf"check all 50: 429 answered by the MSP {NUMBER}",
                "answers",
                limit=0,
            ),
        ),
    ),
    Bench(
        "overview",
        "bench_overview.py",
        ("--plans", "50", "--scales", "1"),
        (
            Figure(
                "overview of 50 plans read (the window's first page)",
                rf"scale 1: 50 plans.*?overview read: {NUMBER} s",
                "s",
                limit=1.0,
                baseline=rf"scale 1: 50 plans.*?plan list only: {NUMBER} s",
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
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    rows: list[tuple[str, ...]] = []
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
            rows.append(judge(figure, output, problem))
            failures += rows[-1][-1] != "OK" and rows[-1][-1] != "-"
        print(f"  {bench.name}: {wall:.1f} s {problem}", file=sys.stderr, flush=True)
    header = ("benchmark", "figure", "baseline", "ratio", "target", "")
    if args.markdown:
        print("| " + " | ".join(header[:-1]) + " | met |")
        print("|" + " --- |" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
        for row in (header, *rows):
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 1 if failures else 0


def _number(pattern: str | None, output: str) -> float | None:
    if pattern is None:
        return None
    match = re.search(pattern, output, re.DOTALL)
    return float(match[1].replace(",", "")) if match else None


def judge(figure: Figure, output: str, problem: str) -> tuple[str, ...]:
    """(label, figure, baseline, ratio, target, verdict) of one figure in a script's output."""
    value = _number(figure.pattern, output)
    if value is None:
        return (figure.label, problem or "not found", "", "", figure.target(), "MISSING")
    base = _number(figure.baseline, output)
    ratio = value / base if base else None
    met = True
    if figure.limit is not None:
        met &= value < figure.limit if figure.strict else value <= figure.limit
    if figure.ratio_limit is not None:
        met &= ratio is not None and ratio <= figure.ratio_limit
    judged = figure.limit is not None or figure.ratio_limit is not None
    return (
        figure.label,
        f"{value:g} {figure.unit}",
        f"{base:g} {figure.unit}" if base is not None else "",
        f"{ratio:.2f}" if ratio is not None else "",
        figure.target(),
        ("OK" if met else "OVER") if judged else "-",
    )


if __name__ == "__main__":
    sys.exit(main())
