"""`halo-wizard accept FILE --plan P`: open a partner's invitation with the pairing code and set
up your side against their catalogue (module, your profile with their addresses and issued
credentials, "Authenticate connection" to their instance, their agents as end users when you are
the supplier, your inbound mappings)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._pairing import pairing_code, say_opened, set_up_own_side
from halo_wizard.commands._session import load_plan_or_say, own_session, run_work
from halo_wizard.files import check_folder
from halo_wizard.plan.model import InstancePlan, StepId, StepStatus
from halo_wizard.steps.exchange import now, open_invitation, plan_for_invitation, read_sealed


def run(args: argparse.Namespace) -> int:
    from halo_wizard.plan.store import save_plan

    plan_path = Path(args.plan)
    check_folder(plan_path.resolve().parent, "the plan's folder")
    data = read_sealed(args.invitation, "invitation")
    existing = load_plan_or_say(plan_path) if plan_path.exists() else None
    if plan_path.exists() and existing is None:
        return EXIT_CANNOT_RUN
    code = pairing_code()
    invitation, opened = open_invitation(
        data, code, existing.pairing if existing is not None else None, now()
    )
    own_side = invitation.side.other
    if existing is not None:
        own = existing.instance(own_side)
        if not (own.base_url and own.client_id):
            print(
                f"error: the plan {plan_path} does not hold your instance as the "
                f"{own_side.value} (the invitation comes from the {invitation.side.value}).",
                file=sys.stderr,
            )
            return EXIT_CANNOT_RUN
    elif args.url and args.client_id:
        own = InstancePlan(name=args.name or "", base_url=args.url, client_id=args.client_id)
    else:
        print(
            f"error: {plan_path} does not exist: give your instance with --url and --client-id "
            "(and your organisation's name with --name).",
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
    if not own.name:
        own.name = own.base_url.split("//", 1)[-1].split(".", 1)[0]
    plan = plan_for_invitation(invitation, opened, own, existing)
    session = own_session(plan)
    if session is None:
        return EXIT_CANNOT_RUN
    say_opened("Invitation", invitation)

    async def set_up() -> None:
        try:
            await set_up_own_side(
                session, plan_path, yes=args.yes, partner=invitation, auto_map=args.auto_map
            )
        finally:
            await session.aclose()
            # Nothing is kept of an invitation that stopped before this side was tested.
            if plan.step(StepId.INSTANCES).status is StepStatus.DONE:
                save_plan(plan, plan_path)
        print("Your side is set up. Write your reply with `halo-wizard reply`.")

    run_work(set_up())
    return 0
