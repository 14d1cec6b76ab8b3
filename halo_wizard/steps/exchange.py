"""The exchange between two admins (issue 15) as both faces do it: the sealed files read, sealed,
opened and refused, the pairing code as typed, and one's own side set up through the one engine.

The commands (invite, accept, reply, finish) and the window's exchange page call these; what
goes into the files is steps.two_party's, how they are sealed halo_wizard.pairing's. Sealing and
opening derive the key from the code (Scrypt, about a quarter of a second): the window runs them
off its thread. Nothing here prints, prompts or keeps the code.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from halo_wizard.api.secret import Secret
from halo_wizard.atomic import write_text_atomic
from halo_wizard.files import FileProblem, os_reason
from halo_wizard.pairing.contents import Invitation, Reply
from halo_wizard.plan.model import InstancePlan, Pairing, Plan, Side, StepId
from halo_wizard.steps.flow import Confirm, FlowResult, SavePlan, Say, run_setup
from halo_wizard.steps.instances import same_instance_problem, test_connection
from halo_wizard.steps.session import Session
from halo_wizard.steps.two_party import (
    PairingProblem,
    partner_secrets,
    plan_from_invitation,
)

log = logging.getLogger(__name__)

__all__ = [
    "INVITATION_SUFFIX",
    "REPLY_SUFFIX",
    "Opened",
    "Sealed",
    "check_instances",
    "choose_pairing",
    "exchange_due_after",
    "exchanged",
    "expected_connection",
    "now",
    "open_file",
    "open_invitation",
    "open_reply",
    "opened_text",
    "plan_for_invitation",
    "plan_waits_for_invitation",
    "read_code",
    "read_sealed",
    "record_sent",
    "seal_described",
    "seal_file",
    "set_up_own_side",
    "waits_for_partner",
    "write_sealed",
]

Kind = Literal["invitation", "reply"]

INVITATION_SUFFIX: Final = ".halo-invitation"
REPLY_SUFFIX: Final = ".halo-reply"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def read_code(typed: str | Secret) -> Secret:
    """The pairing code as the admin typed it, in its one written form (registered for
    scrubbing), or PairingCodeInvalid saying what is wrong with it (never repeating it)."""
    from halo_wizard.pairing.code import normalise

    return normalise(typed)


# ---- the files ------------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class Opened:
    """A sealed file opened: its content, and the header fields the plan keeps."""

    payload: dict[str, Any] = field(repr=False)
    file_id: str
    connection_id: str


@dataclass(frozen=True, slots=True)
class Sealed:
    """A file sealed for the partner: its bytes, its id and when it expires (UTC ISO)."""

    data: bytes = field(repr=False)
    file_id: str
    expires: str


def seal_file(
    kind: str, payload: dict[str, Any], code: Secret, connection_id: str, when: dt.datetime
) -> tuple[bytes, str, str]:
    """The sealed file, its id and when it expires."""
    from halo_wizard.pairing import sealed

    data = sealed.seal(kind, payload, code, connection_id, when)
    header = sealed.read_header(data)
    return data, header.file_id, header.expires


def seal_described(
    kind: Kind, described: Invitation | Reply, code: Secret, connection_id: str, when: dt.datetime
) -> Sealed:
    """An invitation or reply sealed with the pairing code (the issued secret it holds is in
    the clear only inside this call)."""
    data, file_id, expires = seal_file(kind, described.to_json(), code, connection_id, when)
    return Sealed(data, file_id, expires)


def record_sent(pairing: Pairing, sealed: Sealed) -> None:
    """The plan remembers the last file this side wrote (its id and expiry, never the code)."""
    pairing.sent_file, pairing.expires = sealed.file_id, sealed.expires


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


def expected_connection(pairing: Pairing | None) -> str | None:
    """The connection a plan's next file must belong to: any, while the plan has opened none
    and started none (an invitation opened for the first time), else the plan's own."""
    if pairing is None or (not pairing.started_here and not pairing.files_seen):
        return None
    return pairing.connection_id


def open_invitation(
    data: bytes, code: Secret, pairing: Pairing | None, when: dt.datetime
) -> tuple[Invitation, Opened]:
    """The invitation in a sealed file, for a plan whose pairing is `pairing` (None: a new plan),
    or the refusal in plain words (wrong code, changed, expired, replayed, another
    connection's)."""
    seen = pairing.files_seen if pairing is not None else []
    opened = open_file(data, code, "invitation", expected_connection(pairing), seen, when)
    return Invitation.from_json(opened.payload), opened


def open_reply(
    data: bytes, code: Secret, pairing: Pairing, when: dt.datetime
) -> tuple[Reply, Opened]:
    """The reply to this plan's invitation in a sealed file, or the refusal in plain words."""
    opened = open_file(data, code, "reply", pairing.connection_id, pairing.files_seen, when)
    return Reply.from_json(opened.payload), opened


def plan_for_invitation(
    invitation: Invitation, opened: Opened, own: InstancePlan, existing: Plan | None = None
) -> Plan:
    """The partner's plan made from an invitation and their own instance; a plan the admin made
    before keeps its id (its keychain entries stay its own) and its secret's entry."""
    plan = plan_from_invitation(invitation, opened.connection_id, opened.file_id, own)
    if existing is not None:
        own_side = invitation.side.other
        plan.id = existing.id
        plan.instance(own_side).secret_key = existing.instance(own_side).secret_key
    return plan


# ---- the choice on the first page, and where the exchange comes in the journey -------------


def exchanged(pairing: Pairing | None) -> bool:
    """Whether a file was written or opened for this connection (its choices are fixed then)."""
    return pairing is not None and bool(
        pairing.sent_file or pairing.files_seen or pairing.catalogue is not None
    )


def choose_pairing(plan: Plan, own_side: Side | None, *, starts: bool = True) -> Pairing | None:
    """Who manages the instances of a new plan: both (`own_side` None: no pairing), or one side,
    the admin starting the connection (an invitation to write) or invited (one to open). Fixed
    once a file was written or opened."""
    pairing = plan.pairing
    if exchanged(pairing):
        raise PairingProblem(
            "Files have been exchanged with your partner for this connection: who manages which "
            "side cannot change any more.",
            "Start a new plan to set up the connection another way.",
        )
    if own_side is None:
        plan.pairing = None
    elif pairing is None or pairing.started_here != starts:
        plan.pairing = Pairing(
            connection_id=uuid.uuid4().hex, own_side=own_side, started_here=starts
        )
    else:
        pairing.own_side = own_side
    return plan.pairing


def plan_waits_for_invitation(plan: Plan) -> bool:
    """The invited partner's plan before their partner's invitation was opened."""
    pairing = plan.pairing
    return pairing is not None and not pairing.started_here and not pairing.files_seen


def waits_for_partner(plan: Plan, step: StepId) -> bool:
    """Whether `step` waits for the partner's file: every step after the Instances while the
    plan holds no catalogue of theirs (the inviter's steps up to their profile run as the
    invitation is written)."""
    pairing = plan.pairing
    return pairing is not None and pairing.catalogue is None and step > StepId.INSTANCES


def exchange_due_after(plan: Plan, step: StepId) -> bool:
    """Whether the exchange with the partner comes next after `step`: after the Instances until
    their file is in, and, for the partner who was invited, after the mappings until the reply
    is written."""
    pairing = plan.pairing
    if pairing is None:
        return False
    if pairing.catalogue is None:
        return step is StepId.INSTANCES
    return step is StepId.MAPPINGS and not pairing.started_here and not pairing.sent_file


# ---- this side's set-up -------------------------------------------------------------------


async def check_instances(session: Session) -> None:
    """Step 1 on both sides as a file describes the partner's: this side's instance tested live,
    the partner's read from their catalogue; a too-old Halo or the same instance twice refused
    before anything is written."""
    reports = {side: await test_connection(session.client(side), side) for side in Side}
    problem = same_instance_problem(reports[Side.CUSTOMER], reports[Side.SUPPLIER])
    if problem:
        raise PairingProblem(
            problem, "Ask your partner to set up their side on their own Halo instance."
        )


async def set_up_own_side(
    session: Session,
    *,
    say: Say,
    confirm: Confirm,
    save_plan: SavePlan,
    partner: Invitation | Reply | None = None,
    auto_map: bool = False,
    stop_after: StepId | None = None,
) -> FlowResult:
    """This admin's side through the one set-up engine, the plan saved as each step ends; with
    `partner`, the credentials their file carries go to the credential swap."""
    return await run_setup(
        session,
        say=say,
        confirm=confirm,
        save_plan=save_plan,
        manual_secrets=partner_secrets(partner) if partner is not None else None,
        auto_map=auto_map,
        stop_after=stop_after,
    )


def opened_text(kind: str, described: Invitation | Reply) -> str:
    """Who a file opened comes from, and when their catalogue was read."""
    found = described.instance
    return (
        f"{kind} from {found.name} ({described.side.value}, {found.product} {found.version}), "
        f"catalogue of {described.catalogue.taken}."
    )
