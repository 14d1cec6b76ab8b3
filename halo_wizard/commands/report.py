"""`halo-wizard report --plan FILE -o PDF`: the mapping report of a plan as PDF.

Once written, the plan's Report step is marked done in its file (as the window's Report page
does), so the overview shows the report as made for this configuration, and stale once the
configuration changes. Only that step is rewritten; the rest of the file stays as it was."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._session import load_plan_or_say
from halo_wizard.files import check_output

if TYPE_CHECKING:
    from halo_wizard.plan.model import Plan

MADE_NOTE = "PDF exported from the command line"


def run(args: argparse.Namespace) -> int:
    from halo_wizard.report.build import write_plan_report

    read_as = _stamp(args.plan)
    plan = load_plan_or_say(args.plan)
    if plan is None:
        return EXIT_CANNOT_RUN
    check_output(args.output, "report")  # before the work: a folder, or one not writable
    pages = write_plan_report(plan, args.output, page_size=args.page_size)
    print(f"wrote {args.output} ({pages} pages)")
    _keep_made(args, plan, read_as)
    return 0


def _stamp(path: Path) -> tuple[int, int] | None:
    """When the file was last written, and its size (None: it cannot be seen)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def _keep_made(args: argparse.Namespace, plan: Plan, read_as: tuple[int, int] | None) -> None:
    """Mark the Report step done in the plan file; a file that cannot take it is said only (the
    report itself was written). The plan read for the report is written back when the file is
    as it was read (no second copy of a large plan in memory); when someone saved it meanwhile,
    the file is read again, so what they saved stays."""
    from halo_wizard.files import os_reason
    from halo_wizard.plan.model import PlanError, StepId, StepStatus
    from halo_wizard.plan.store import save_plan, update_plan

    def made(p: Plan) -> None:
        p.mark_step(StepId.REPORT, StepStatus.DONE, MADE_NOTE)

    try:
        if read_as is not None and _stamp(args.plan) == read_as:
            made(plan)
            save_plan(plan, Path(args.plan), touch=False)
        else:
            update_plan(args.plan, made)
    except OSError as exc:
        print(
            f"note: the plan file {args.plan} was not marked as reported: {os_reason(exc)}.",
            file=sys.stderr,
        )
    except PlanError as exc:
        print(f"note: the plan file was not marked as reported: {exc}", file=sys.stderr)
