"""`halo-wizard report --plan FILE -o PDF`: the mapping report of a plan as PDF."""

from __future__ import annotations

import argparse

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._session import load_plan_or_say
from halo_wizard.files import check_output


def run(args: argparse.Namespace) -> int:
    from halo_wizard.report.build import write_plan_report

    plan = load_plan_or_say(args.plan)
    if plan is None:
        return EXIT_CANNOT_RUN
    check_output(args.output, "report")  # before the work: a folder, or one not writable
    pages = write_plan_report(plan, args.output, page_size=args.page_size)
    print(f"wrote {args.output} ({pages} pages)")
    return 0
