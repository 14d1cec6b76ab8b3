"""`halo-wizard invite --plan P -o FILE`: set up your side of a connection with a partner's
instance (module, the profile that represents them) and write the encrypted invitation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._pairing import say_code, set_up_own_side, side_of
from halo_wizard.commands._session import load_plan_or_say, own_session, run_work
from halo_wizard.files import check_folder, check_output
from halo_wizard.plan.model import Plan, Side, StepId
from halo_wizard.steps.exchange import now, record_sent, seal_described, write_sealed


def run(args: argparse.Namespace) -> int:
    from halo_wizard.pairing.code import new_code
    from halo_wizard.plan.store import save_plan
    from halo_wizard.steps.two_party import invitation_of, start_pairing

    check_output(args.output, "invitation")
    check_folder(Path(args.plan).resolve().parent, "the plan's folder")
    plan = load_plan_or_say(args.plan)
    if plan is None:
        return EXIT_CANNOT_RUN
    if plan.pairing is None:
        side = side_of(args.side) or _own_side(plan)
        if side is None:
            return EXIT_CANNOT_RUN
        start_pairing(plan, side)
    elif not plan.pairing.started_here:
        print(
            "error: this plan answers an invitation your partner sent: write your reply with "
            "`halo-wizard reply`.",
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
    pairing = plan.pairing
    assert pairing is not None
    session = own_session(plan)
    if session is None:
        return EXIT_CANNOT_RUN

    async def set_up() -> bytes:
        try:
            await set_up_own_side(
                session, Path(args.plan), yes=args.yes, stop_after=StepId.PROFILES
            )
            described = await invitation_of(session)
        finally:
            await session.aclose()
            save_plan(plan, args.plan)
        code = new_code()
        sealed = seal_described("invitation", described, code, pairing.connection_id, now())
        record_sent(pairing, sealed)
        write_sealed(args.output, sealed.data)
        save_plan(plan, args.plan)
        print(f"Wrote the invitation {args.output} (it expires {sealed.expires}).")
        say_code(code)
        return sealed.data

    run_work(set_up())
    return 0


def _own_side(plan: Plan) -> Side | None:
    """The side whose address and client id the plan holds (the other is the partner's)."""
    held = [s for s in Side if plan.instance(s).base_url and plan.instance(s).client_id]
    if len(held) == 1:
        return held[0]
    print(
        "error: say which side you manage with --side customer or --side supplier (the plan "
        + ("holds both instances" if held else "holds neither instance's address and client id")
        + ").",
        file=sys.stderr,
    )
    return None
