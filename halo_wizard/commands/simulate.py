"""`halo-wizard simulate`: run simulated Halo instances until interrupted."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from halo_wizard.commands import EXIT_CANNOT_RUN


def run(args: argparse.Namespace) -> int:
    from halo_wizard.api.snapshot import read_snapshot
    from halo_wizard.simulator.demo import demo_snapshots
    from halo_wizard.simulator.dialects import Dialect, DialectError
    from halo_wizard.simulator.run import run_simulator

    names = list(getattr(args, "dialect", None) or [])
    try:
        dialect = Dialect.parse(names) if names else None
    except DialectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    snapshots = [read_snapshot(Path(p)) for p in args.snapshot]  # FileProblem: said by cli
    if args.demo or not snapshots:
        snapshots = demo_snapshots(max(1, args.scale)) + snapshots
    return run_simulator(
        snapshots, info_path=args.info, latency=args.latency / 1000.0, dialect=dialect
    )
