"""`halo-wizard check --plan FILE [--json]`: compare a saved plan with the live instances.

Exit codes: 0 no drift, 1 drift, 2 the check cannot run."""

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

    out = out or sys.stdout
    err = err or sys.stderr
    opened = open_plan_session(plan_path, err)
    if opened is None:
        return EXIT_CANNOT_CHECK
    _, session = opened

    async def run_check() -> DriftReport:
        try:
            return await check_plan_drift(session, authenticate=authenticate)
        finally:
            await session.aclose()

    try:
        report = asyncio.run(run_check())
    except HaloError as exc:
        print(f"error: the check could not run: {exc}", file=err)
        return EXIT_CANNOT_CHECK
    if as_json:
        json.dump(report.to_dict(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(report.format_text())
    return EXIT_NO_DRIFT if report.ok else EXIT_DRIFT
