"""`halo-wizard learn`: an instance shows one of Halo's unknowns; the plan keeps the answer."""

from __future__ import annotations

import argparse
import sys

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._session import open_plan_session, run_work
from halo_wizard.plan.model import Side


def run(args: argparse.Namespace) -> int:
    """0 when the answer was learned (or the admin was told to come back with --done), 1 when
    nothing was learned, 2 when the plan cannot be used."""
    from halo_wizard.api import constants as C
    from halo_wizard.plan.store import save_plan
    from halo_wizard.steps import learning

    unknown = C.UNKNOWN_BY_KEY[args.question]
    opened = open_plan_session(args.plan)
    if opened is None:
        return EXIT_CANNOT_RUN
    plan, session = opened
    side = Side(args.side) if args.side else learning.default_side(unknown)

    async def run_learning() -> int:
        try:
            known = plan.instance(side).learned.get(unknown.key)
            if known is not None:
                print(
                    f"{session.name(side)} has shown it already: {known.answer} ({known.evidence})"
                )
            example = await learning.prepare(session, unknown, side, action=args.action)
            print(example.instructions)
            if not args.done:
                if not sys.stdin.isatty():
                    print("Then run this command again with --done.")
                    return 0
                input("Press Enter once it is saved in Halo… ")
            found = await learning.read_back(session, example, before_known=not args.done)
        finally:
            await session.aclose()
        save_plan(plan, args.plan)
        if found.answer is None:
            print(f"Nothing learned: {found.seen}. Check the value in Halo and try again.")
            return 1
        print(f"Learned on {session.name(side)}: {found.answer} ({found.seen})")
        return 0

    return run_work(run_learning())
