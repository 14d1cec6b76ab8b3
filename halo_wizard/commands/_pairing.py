"""What the two-party commands (invite, accept, reply, finish) add to the engine's exchange
(steps.exchange): the pairing code from the environment or a prompt (never an argument), the
terminal's confirmation, and what they print."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Final

from halo_wizard import credentials
from halo_wizard.api.secret import Secret
from halo_wizard.commands._session import confirm_writes
from halo_wizard.files import FileProblem
from halo_wizard.pairing.contents import Invitation, Reply
from halo_wizard.plan.model import Side, StepId
from halo_wizard.steps import exchange
from halo_wizard.steps.session import Session

PAIRING_CODE_ENV: Final = "HALO_PAIRING_CODE"
"""Where a script gives the pairing code (a prompt asks for it otherwise; never an argument)."""


def pairing_code() -> Secret:
    """The pairing code the admin was given: from HALO_PAIRING_CODE, or typed at a prompt."""
    typed = credentials.secret_from_environment(PAIRING_CODE_ENV)
    if typed is None:
        if not sys.stdin.isatty():
            raise FileProblem(
                "No pairing code: there is no terminal to ask for it.",
                f"Set {PAIRING_CODE_ENV} to the code your partner read out to you.",
            )
        typed = getpass.getpass("Pairing code (as your partner read it out): ")
    return exchange.read_code(typed)


async def set_up_own_side(
    session: Session,
    plan_path: Path,
    *,
    yes: bool,
    partner: Invitation | Reply | None = None,
    auto_map: bool = False,
    stop_after: StepId | None = None,
) -> None:
    """This admin's side through the engine's set-up, said on the terminal, the plan saved in
    `plan_path` as each step ends."""
    from halo_wizard.plan.store import save_plan

    plan = session.plan
    await exchange.set_up_own_side(
        session,
        say=print,
        confirm=confirm_writes(yes),
        save_plan=lambda: save_plan(plan, plan_path),
        partner=partner,
        auto_map=auto_map,
        stop_after=stop_after,
    )


def say_opened(kind: str, described: Invitation | Reply) -> None:
    """Who a file opened comes from, and when their catalogue was read."""
    print(exchange.opened_text(kind, described))


def say_code(code: Secret) -> None:
    """The pairing code, on the terminal only: never in a file or a log."""
    print()
    print("Pairing code (read it out to your partner's admin on the phone; it is shown only now):")
    print(f"    {code.reveal()}")
    print()


def side_of(text: str | None) -> Side | None:
    return None if text is None else Side(text)
