"""The window (the default without a subcommand) and `--smoke-test`, its offscreen check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from halo_wizard.commands import EXIT_CANNOT_RUN


def run(args: argparse.Namespace) -> int:
    """Open the window; a build without it starts the demo instances when --demo asks for them."""
    try:
        from halo_wizard.ui.app import run_window
    except ImportError:
        from halo_wizard.commands import simulate

        if not args.demo:
            print(
                "The window is not part of this build yet; try `halo-wizard simulate --demo`.",
                file=sys.stderr,
            )
            return EXIT_CANNOT_RUN
        print("The window is not part of this build yet: starting the demo instances instead.")
        return simulate.run(
            argparse.Namespace(demo=True, snapshot=[], scale=1, info=None, latency=0.0)
        )
    return int(run_window(demo=args.demo))


def smoke_test(report_path: Path) -> int:
    """Offscreen: the window on the demo instances, then the demo report; 0 when both work."""
    import os

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from halo_wizard.ui.smoke import run_smoke_test

    return run_smoke_test(report_path)
