"""Entry point: `python -m halo_wizard` and the `halo-wizard` command."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

from halo_wizard.ui import system_libraries

EXIT_MISSING_LIBRARIES = 3
"""The window could not start: system libraries are missing (the message says which)."""

_NO_WINDOW = frozenset(
    {
        "simulate",
        "snapshot",
        "probe",
        "apply",
        "test",
        "validate",
        "report",
        "learn",
        "check",
        "overview",
        "confirm",
        "invite",
        "accept",
        "reply",
        "finish",
    }
)


def opens_window(args: Sequence[str]) -> bool:
    """True when these arguments open the window (no subcommand, no help, no smoke test)."""
    return not any(
        arg in _NO_WINDOW or arg in ("-h", "--help", "--version") or arg.startswith("--smoke")
        for arg in args
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # Checked before Qt loads: without these, Qt aborts naming only one of them, or none.
    # cli (and what it loads) comes after the collector's switch below: it is most of the start.
    if not opens_window(args):
        from halo_wizard import cli

        return cli.main(args)
    missing = system_libraries.check()
    if missing is not None:
        print(missing.message(), file=sys.stderr)
        return EXIT_MISSING_LIBRARIES
    # Until the window's own collector runs (ui.gc_guard), what the start makes is long-lived
    # (modules, classes, the window): passes over it would only delay the first paint, by
    # 15-45 ms on a 2-core machine. ui.app freezes it once the window runs.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from halo_wizard import cli

        return cli.main(args)
    finally:
        if collecting:
            gc.enable()


if __name__ == "__main__":
    sys.exit(main())
