"""`halo-wizard check --plan FILE [--json]`: compare a saved plan with the live instances, and
name the test records an earlier end-to-end test left behind (reported only: the next
`halo-wizard test` removes them).

Exit codes: 0 no drift and nothing left behind, 1 drift or test records left behind, 2 the check
cannot run."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Final, TextIO

from halo_wizard.api.errors import HaloError
from halo_wizard.commands._session import EXIT_CANNOT_RUN, open_plan_session

EXIT_NO_DRIFT: Final = 0
EXIT_DRIFT: Final = 1
EXIT_CANNOT_CHECK: Final = EXIT_CANNOT_RUN


def run(args: argparse.Namespace) -> int:
    return run_check_command(args.plan, args.json, authenticate=not args.no_authenticate)


def run_check_command(
    plan_path: Path,
    as_json: bool,
    *,
    authenticate: bool = True,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Check the plan's instances for drift and print the report (JSON or text)."""
    from halo_wizard.steps.drift import DriftReport, check_plan_drift
    from halo_wizard.steps.leftovers import Leftovers, find_leftovers

    out = out or sys.stdout
    err = err or sys.stderr
    opened = open_plan_session(plan_path, err)
    if opened is None:
        return EXIT_CANNOT_CHECK
    _, session = opened

    async def run_check() -> tuple[DriftReport, Leftovers]:
        try:
            report = await check_plan_drift(session, authenticate=authenticate)
            return report, await find_leftovers(session)
        finally:
            await session.aclose()

    try:
        report, leftovers = asyncio.run(run_check())
    except HaloError as exc:
        print(f"error: the check could not run: {exc}", file=err)
        return EXIT_CANNOT_CHECK
    if as_json:
        json.dump(
            {**report.to_dict(), "leftovers": leftovers.to_dict()},
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    else:
        out.write(report.format_text())
        out.write("\n".join(leftovers.lines()) + "\n")
    return EXIT_NO_DRIFT if report.ok and not leftovers.any else EXIT_DRIFT
