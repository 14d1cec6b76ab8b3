"""What the two-party commands (invite, accept, reply, finish) share: the pairing code from the
environment or a prompt (never an argument), this side's session, and the sealed files."""

from __future__ import annotations

import datetime as dt
import getpass
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from halo_wizard import credentials
from halo_wizard.api.secret import Secret
from halo_wizard.atomic import write_text_atomic
from halo_wizard.commands._session import confirm_writes
from halo_wizard.files import FileProblem, os_reason
from halo_wizard.pairing.contents import Invitation, Reply
from halo_wizard.plan.model import Side, StepId
from halo_wizard.steps.session import Session

PAIRING_CODE_ENV: Final = "HALO_PAIRING_CODE"
"""Where a script gives the pairing code (a prompt asks for it otherwise; never an argument)."""


def pairing_code() -> Secret:
    """The pairing code the admin was given: from HALO_PAIRING_CODE, or typed at a prompt."""
    from halo_wizard.pairing.code import normalise

    typed = credentials.secret_from_environment(PAIRING_CODE_ENV)
    if typed is None:
        if not sys.stdin.isatty():
            raise FileProblem(
                "No pairing code: there is no terminal to ask for it.",
                f"Set {PAIRING_CODE_ENV} to the code your partner read out to you.",
            )
        typed = getpass.getpass("Pairing code (as your partner read it out): ")
    return normalise(typed)


async def set_up_own_side(
    session: Session,
    plan_path: Path,
    *,
    yes: bool,
    partner: Invitation | Reply | None = None,
    auto_map: bool = False,
    stop_after: StepId | None = None,
) -> None:
    """This admin's side through the one set-up engine, the plan saved as each step ends; with
    `partner`, the credentials its file carries go to the credential swap."""
    from halo_wizard.plan.store import save_plan
    from halo_wizard.steps.flow import run_setup
    from halo_wizard.steps.two_party import partner_secrets

    plan = session.plan
    await run_setup(
        session,
        say=print,
        confirm=confirm_writes(yes),
        save_plan=lambda: save_plan(plan, plan_path),
        manual_secrets=partner_secrets(partner) if partner is not None else None,
        auto_map=auto_map,
        stop_after=stop_after,
    )


def say_opened(kind: str, described: Invitation | Reply) -> None:
    """Who a file opened comes from, and when their catalogue was read."""
    found = described.instance
    print(
        f"{kind} from {found.name} ({described.side.value}, {found.product} {found.version}), "
        f"catalogue of {described.catalogue.taken}."
    )


def read_sealed(path: Path, what: str) -> bytes:
    """The bytes of an invitation or reply file, or FileProblem saying what is wrong."""
    path = Path(path)
    if path.is_dir():
        raise FileProblem(f"{path} is a folder, not {what} file.", f"Give the {what} file.")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileProblem(
            f"The {what} {path} cannot be read: {os_reason(exc)}.",
            "Check the path, or copy the file somewhere you can read.",
        ) from None


def write_sealed(path: Path, data: bytes) -> None:
    write_text_atomic(Path(path), data.decode("utf-8"))


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def say_code(code: Secret) -> None:
    """The pairing code, on the terminal only: never in a file or a log."""
    print()
    print("Pairing code (read it out to your partner's admin on the phone; it is shown only now):")
    print(f"    {code.reveal()}")
    print()


def side_of(text: str | None) -> Side | None:
    return None if text is None else Side(text)


@dataclass(frozen=True, slots=True)
class Opened:
    """A sealed file opened: its content, and the header fields the commands keep."""

    payload: dict[str, Any]
    file_id: str
    connection_id: str


def seal_file(
    kind: str, payload: dict[str, Any], code: Secret, connection_id: str, when: dt.datetime
) -> tuple[bytes, str, str]:
    """The sealed file, its id and when it expires."""
    from halo_wizard.pairing import sealed

    data = sealed.seal(kind, payload, code, connection_id, when)
    header = sealed.read_header(data)
    return data, header.file_id, header.expires


def open_file(
    data: bytes,
    code: Secret,
    kind: str,
    connection_id: str | None,
    seen: Sequence[str],
    when: dt.datetime,
) -> Opened:
    """The content of a sealed file of `kind`, or the pairing module's refusal in plain words."""
    from halo_wizard.pairing import sealed

    payload = sealed.open_sealed(
        data,
        code,
        expect_kind=kind,
        expect_connection_id=connection_id,
        now=when,
        seen_file_ids=set(seen),
    )
    header = sealed.read_header(data)
    return Opened(payload, header.file_id, header.connection_id)
