"""`halo-wizard reply --plan P -o FILE`: the encrypted reply to the invitation a plan accepted,
read from your instance now (its addresses, the credentials your profile issued, its catalogue
and your inbound mappings)."""

from __future__ import annotations

import argparse
import sys

from halo_wizard.commands import EXIT_CANNOT_RUN
from halo_wizard.commands._pairing import pairing_code
from halo_wizard.commands._session import load_plan_or_say, own_session, run_work
from halo_wizard.files import check_output
from halo_wizard.steps.exchange import now, record_sent, seal_described, write_sealed


def run(args: argparse.Namespace) -> int:
    from halo_wizard.plan.store import save_plan
    from halo_wizard.steps.two_party import reply_of

    check_output(args.output, "reply")
    plan = load_plan_or_say(args.plan)
    if plan is None:
        return EXIT_CANNOT_RUN
    pairing = plan.pairing
    if pairing is None or pairing.started_here:
        print(
            "error: this plan did not accept an invitation"
            + (
                ": it sent one. Open your partner's reply with `halo-wizard finish`."
                if pairing
                else "."
            ),
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
    code = pairing_code()
    session = own_session(plan)
    if session is None:
        return EXIT_CANNOT_RUN

    async def read() -> None:
        try:
            described = await reply_of(session)
        finally:
            await session.aclose()
        sealed = seal_described("reply", described, code, pairing.connection_id, now())
        write_sealed(args.output, sealed.data)
        record_sent(pairing, sealed)
        save_plan(plan, args.plan)
        print(
            f"Wrote the reply {args.output} (it expires {sealed.expires}); send it to your partner."
        )

    run_work(read())
    return 0
