"""`halo-wizard finish --plan P --reply FILE`: open your partner's reply with the pairing code
and finish your side (your profile with their addresses and issued credentials, "Authenticate
connection" to their instance, their agents as end users when you are the supplier, your inbound
mappings against their catalogue)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._pairing import pairing_code, say_opened, set_up_own_side
from halo_wizard.commands._session import load_plan_or_say, own_session, run_work
from halo_wizard.files import check_folder
from halo_wizard.steps.exchange import now, open_reply, read_sealed


def run(args: argparse.Namespace) -> int:
    from halo_wizard.plan.store import save_plan
    from halo_wizard.steps.two_party import take_reply

    plan_path = Path(args.plan)
    check_folder(plan_path.resolve().parent, "the plan's folder")
    plan = load_plan_or_say(plan_path)
    if plan is None:
        return EXIT_CANNOT_RUN
    pairing = plan.pairing
    if pairing is None or not pairing.started_here:
        print(
            "error: this plan did not send an invitation"
            + (": it answers one. Write your reply with `halo-wizard reply`." if pairing else "."),
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
    data = read_sealed(args.reply, "reply")
    code = pairing_code()
    reply, opened = open_reply(data, code, pairing, now())
    take_reply(plan, reply, opened.file_id)
    session = own_session(plan)
    if session is None:
        return EXIT_CANNOT_RUN
    say_opened("Reply", reply)

    async def set_up() -> None:
        try:
            await set_up_own_side(
                session, plan_path, yes=args.yes, partner=reply, auto_map=args.auto_map
            )
        finally:
            await session.aclose()
            save_plan(plan, plan_path)
        print("Both sides are set up. Run `halo-wizard validate --plan` and `test` next.")

    run_work(set_up())
    return 0
