"""`halo-wizard apply --plan FILE`: perform the set-up steps of a saved plan without a window."""

from __future__ import annotations

import argparse
from pathlib import Path

from halo_wizard import credentials
from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._session import confirm_writes, open_plan_session, run_work
from halo_wizard.files import check_folder
from halo_wizard.plan.model import ConnectionKind


def run(args: argparse.Namespace) -> int:
    """Apply the plan (asking before writing unless --yes); 0 when set-up is complete."""
    from halo_wizard.plan.store import save_plan
    from halo_wizard.steps.flow import run_linked_setup, run_setup
    from halo_wizard.steps.profiles import ROLES

    # Before anything is written to an instance: the plan must be savable, or what apply
    # learns (record ids, results) would be lost after Halo already holds it.
    check_folder(Path(args.plan).resolve().parent, "the plan's folder")
    opened = open_plan_session(args.plan)
    if opened is None:
        return EXIT_CANNOT_RUN
    plan, session = opened

    confirm = confirm_writes(args.yes)
    issued = credentials.issued_secrets_from_environment()
    manual = {role.label: issued[role.side] for role in ROLES if role.side in issued}

    async def run_steps() -> int:
        try:
            if plan.kind is ConnectionKind.CONNECTED_INSTANCES:
                if args.recommended:
                    print("--recommended is for sync through profiles: a shared list has none.")
                await run_linked_setup(
                    session,
                    say=print,
                    confirm=confirm,
                    save_plan=lambda: save_plan(plan, args.plan),
                    application_secret=credentials.linked_application_secret(plan),
                )
            else:
                await run_setup(
                    session,
                    say=print,
                    confirm=confirm,
                    save_plan=lambda: save_plan(plan, args.plan),
                    manual_secrets=manual,
                    auto_map=args.auto_map,
                    recommended=args.recommended,
                )
        finally:
            await session.aclose()
            save_plan(plan, args.plan)
        print("Set-up complete.")
        return 0

    return run_work(run_steps())
