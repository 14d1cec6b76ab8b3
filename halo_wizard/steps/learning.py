"""One-time examples: where an instance has not shown one of Halo's unknowns by itself, the admin
sets one value in Halo's own screen (a value seed 001 wants anyway), and halo_wizard reads back
how Halo holds it. The instructions name the screen, the record and the value in Halo's words."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.api.errors import HaloError
from halo_wizard.plan.model import MappingKind, Side
from halo_wizard.steps import unknowns
from halo_wizard.steps.configuration import as_int, is_ticket_status
from halo_wizard.steps.mappings import Direction, direction_into
from halo_wizard.steps.read_model import field_names, sends_email, system_use
from halo_wizard.steps.session import Session

log = logging.getLogger(__name__)

API_EMAIL_SETTING = (
    "Send an email when this action is created using the Supplier/Organisation API connection"
)
SEND_TO_HALO = "Send to Connected Halo Instance"
ACTION_DEFAULT_OPTION = "Action/Ticket Type Default"


class NoExample(HaloError):
    """There is nothing to make the example on yet (e.g. the profile does not exist)."""

    title = "Nothing to show it on yet"


@dataclass(slots=True)
class Example:
    """What the admin sets once in Halo, and what halo_wizard reads back afterwards."""

    unknown: C.Unknown
    side: Side
    instance: str
    instructions: str
    entity: str
    record_id: int
    before: Record = field(default_factory=dict, repr=False)
    expect: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReadBack:
    """What the read-back showed: the answer learned (None: it showed nothing) and in words."""

    answer: str | None
    seen: str


EXAMPLES: tuple[C.Unknown, ...] = (
    C.MAPPING_ROW_IDS,
    C.SYNC_VALUES,
    C.API_EMAIL_FIELD,
    C.STATUS_ACTION_DEFAULT,
    C.AUTHENTICATE,
)
"""The unknowns an example can show (issued-secret is pasted, never shown by example)."""


def default_side(unknown: C.Unknown) -> Side:
    """The instance an example is usually needed on: the e-mail setting matters on the
    customer's instance (R14); the rest may be asked on either."""
    return Side.CUSTOMER if unknown is C.API_EMAIL_FIELD else Side.SUPPLIER


async def _profile(session: Session, side: Side) -> tuple[Direction, Record]:
    direction = direction_into(side)
    planned = direction.role.plan(session.plan)
    record = (
        await session.record(side, direction.role.entity, planned.record_id)
        if planned.record_id
        else None
    )
    if record is None:
        raise NoExample(
            f"The {direction.role.label} profile '{planned.name}' does not exist in "
            f"{session.name(side)} yet.",
            "Run apply (or the Profiles step) first: the example is made on that profile.",
            instance=session.name(side),
        )
    return direction, record


def _profile_screen(session: Session, direction: Direction, record: Mapping[str, Any]) -> str:
    top = "Suppliers" if direction.role.entity == "Supplier" else "Customers"
    return f"{top} > '{record.get('name')}' > API Access > Inbound settings"


async def prepare(
    session: Session, unknown: C.Unknown, side: Side, *, action: str | None = None
) -> Example:
    """The example for `unknown` on `side`'s instance, with the record read as it is now."""
    name = session.name(side)
    if unknown is C.MAPPING_ROW_IDS:
        return await _mapping_example(session, side)
    if unknown is C.STATUS_ACTION_DEFAULT:
        direction, record = await _profile(session, side)
        screen = _profile_screen(session, direction, record)
        return Example(
            unknown,
            side,
            name,
            f"In {name}, open {screen}, set 'Default status' to '{ACTION_DEFAULT_OPTION}' and "
            "save.",
            direction.role.entity,
            int(record["id"]),
            record,
        )
    if unknown is C.AUTHENTICATE:
        direction, record = await _profile(session, side)
        top = "Suppliers" if direction.role.entity == "Supplier" else "Customers"
        return Example(
            unknown,
            side,
            name,
            f"In {name}, open {top} > '{record.get('name')}' > API Access and press "
            "'Authenticate connection'.",
            direction.role.entity,
            int(record["id"]),
            record,
        )
    if unknown in (C.SYNC_VALUES, C.API_EMAIL_FIELD):
        chosen = await _choose_action(session, side, unknown, action)
        action_name = str(chosen.get(C.OUTCOME_NAME) or chosen.get("id"))
        where = f"In {name}, open Configuration > Tickets > Actions > '{action_name}'"
        if unknown is C.SYNC_VALUES:
            party = unknowns.party_toward(side)
            text = f"{where}, set '{SEND_TO_HALO}' to {party} and save."
            expect: dict[str, Any] = {"party": party}
        else:
            text = f"{where}, tick '{API_EMAIL_SETTING}' and save."
            expect = {}
        return Example(unknown, side, name, text, "Outcome", int(chosen["id"]), chosen, expect)
    raise NoExample(
        f"{unknown.question} is not shown by an example.",
        "Paste the secret the profile issued (Halo shows it on the profile's API Access tab).",
        instance=name,
    )


async def _mapping_example(session: Session, side: Side) -> Example:
    direction, record = await _profile(session, side)
    other = side.other
    local = [s for s in await session.records(side, "Status") if is_ticket_status(s)]
    remote = [s for s in await session.records(other, "Status") if is_ticket_status(s)]
    pair = _distinct_pair(session, direction, local, remote)
    if pair is None:
        raise NoExample(
            f"{session.name(side)} and {session.name(other)} have no two statuses with different "
            "ids to map as an example.",
            "Map any status in Halo's screen of the profile, then read it back.",
            instance=session.name(side),
        )
    (remote_id, remote_name), (local_id, local_name) = pair
    screen = _profile_screen(session, direction, record)
    return Example(
        C.MAPPING_ROW_IDS,
        side,
        session.name(side),
        f"In {session.name(side)}, open {screen} > Status mappings, add the row "
        f"{session.name(other)}'s '{remote_name}' → '{local_name}' and save.",
        direction.role.entity,
        int(record["id"]),
        record,
        {
            "remote_id": remote_id,
            "remote_name": remote_name,
            "local_id": local_id,
            "local_name": local_name,
        },
    )


def _distinct_pair(
    session: Session, direction: Direction, local: list[Record], remote: list[Record]
) -> tuple[tuple[int, str], tuple[int, str]] | None:
    """A status of the other instance and one of this instance with different ids: the plan's
    own status mapping first (so the example is a mapping the admin wants anyway)."""
    local_by_id = {as_int(s.get("id")): str(s.get("name") or "") for s in local}
    remote_by_id = {as_int(s.get("id")): str(s.get("name") or "") for s in remote}
    for row in direction.mappings(session.plan).rows_of(MappingKind.STATUS):
        if row.mapped and row.local_id != row.remote_id and row.local_id in local_by_id:
            remote_name = remote_by_id.get(row.remote_id) or row.remote_name
            return (row.remote_id, remote_name), (int(row.local_id or 0), local_by_id[row.local_id])
    for remote_id, remote_name in remote_by_id.items():
        for local_id, local_name in local_by_id.items():
            if (
                remote_id is not None
                and local_id is not None
                and remote_id != local_id
                and remote_name.casefold() == local_name.casefold()
            ):
                return (remote_id, remote_name), (local_id, local_name)
    for remote_id, remote_name in remote_by_id.items():
        for local_id, local_name in local_by_id.items():
            if remote_id is not None and local_id is not None and remote_id != local_id:
                return (remote_id, remote_name), (local_id, local_name)
    return None


async def _choose_action(
    session: Session, side: Side, unknown: C.Unknown, wanted: str | None
) -> Record:
    actions = await session.records(side, "Outcome")
    if wanted:
        folded = wanted.strip().casefold()
        found = next(
            (a for a in actions if str(a.get(C.OUTCOME_NAME) or "").casefold() == folded), None
        )
        if found is None:
            raise NoExample(
                f"{session.name(side)} has no action named '{wanted}'.",
                "Give the name of an action as Halo shows it (Configuration > Tickets > Actions).",
                instance=session.name(side),
            )
        return found

    if unknown is C.API_EMAIL_FIELD:
        candidates = [a for a in actions if sends_email(a)]
        preferred = [a for a in candidates if "email user" in str(a.get(C.OUTCOME_NAME)).casefold()]
    else:
        # An action that should send to the other instance anyway: a note the agent may send.
        candidates = [
            a
            for a in actions
            if system_use(a) == C.SYSTEMID_NONE and C.ACTION_FIELD_SEND_TO_HALO in field_names(a)
        ] or [a for a in actions if system_use(a) == C.SYSTEMID_NONE]
        preferred = [a for a in candidates if "note" in str(a.get(C.OUTCOME_NAME)).casefold()]
    ranked = preferred or candidates
    if not ranked:
        raise NoExample(
            f"{session.name(side)} has no action to make the example on.",
            "Name one with --action.",
            instance=session.name(side),
        )
    return ranked[0]


async def read_back(session: Session, example: Example, *, before_known: bool = True) -> ReadBack:
    """Read the example's record again and learn what it shows (kept in the plan)."""
    plan, side = session.plan, example.side
    record = await session.record(side, example.entity, example.record_id)
    if record is None:
        return ReadBack(None, f"the {example.entity} record {example.record_id} is gone")
    unknown = example.unknown
    if unknown is C.MAPPING_ROW_IDS:
        return _read_mapping(plan, side, example, record)
    if unknown is C.STATUS_ACTION_DEFAULT:
        value = as_int(record.get(C.DEFAULT_STATUS))
        statuses = {as_int(s.get("id")) for s in await session.records(side, "Status")}
        if value is None or value in statuses:
            return ReadBack(None, f"the default status reads {value}, which is a status")
        if str(value) not in unknown.answers:
            return ReadBack(None, f"the default status reads {value}, which no answer explains")
        seen = f"'{ACTION_DEFAULT_OPTION}' chosen in Halo reads back as {value}"
        unknowns.learn(plan, side, unknown, str(value), "example", seen)
        return ReadBack(str(value), seen)
    if unknown is C.AUTHENTICATE:
        if record.get(C.PROFILE_VALIDATED) is True:
            seen = "the test pressed through the API reported nothing; pressed in Halo's screen, "
            seen += "the profile reads back as authenticated"
            unknowns.learn(plan, side, unknown, unknowns.AUTH_MANUAL, "example", seen)
            direction = direction_into(side)
            direction.role.plan(plan).authenticated = True
            return ReadBack(unknowns.AUTH_MANUAL, seen)
        return ReadBack(None, "the profile does not read back as authenticated")
    if unknown is C.SYNC_VALUES:
        number = as_int(record.get(C.SYNC_TO_HALO))
        party = str(example.expect.get("party") or unknowns.party_toward(side))
        if number not in (1, 2):
            return ReadBack(None, f"'{SEND_TO_HALO}' reads back as {number}")
        seen = f"'{SEND_TO_HALO}' set to {party} in Halo reads back as {number}"
        unknowns.learn_sync_values(plan, side, number, party, "example", seen)
        return ReadBack(unknowns.answer(plan, side, unknown), seen)
    if unknown is C.API_EMAIL_FIELD:
        return _read_api_email(plan, side, example, record, before_known=before_known)
    return ReadBack(None, "nothing to read back")


def _read_mapping(plan: Any, side: Side, example: Example, record: Record) -> ReadBack:
    expect = example.expect
    for item in record.get(C.MAPPING_STATUS) or []:
        if not isinstance(item, Mapping):
            continue
        ids = unknowns.read_row(item, unknowns.LOCAL_IN_FIID)
        if (ids.local_id, ids.remote_id) == (expect["local_id"], expect["remote_id"]):
            found = unknowns.LOCAL_IN_FIID
        elif (ids.local_id, ids.remote_id) == (expect["remote_id"], expect["local_id"]):
            found = unknowns.LOCAL_IN_THIRDPARTYNAME
        else:
            continue
        where = "fiid" if found == unknowns.LOCAL_IN_FIID else "thirdpartyname"
        seen = (
            f"the row '{expect['remote_name']}' → '{expect['local_name']}' made in Halo keeps "
            f"this instance's status ({expect['local_id']}) in {where}"
        )
        unknowns.learn(plan, side, C.MAPPING_ROW_IDS, found, "example", seen)
        return ReadBack(found, seen)
    return ReadBack(None, "the profile holds no row with the two statuses of the example")


def _read_api_email(
    plan: Any, side: Side, example: Example, record: Record, *, before_known: bool
) -> ReadBack:
    field_name = unknowns.EMAIL_AUTO_FORWARD
    now = record.get(field_name) is True
    was = example.before.get(field_name) is True
    if now and (not was or not before_known):
        seen = f"ticking '{API_EMAIL_SETTING}' in Halo turned {field_name} on"
        unknowns.learn(plan, side, C.API_EMAIL_FIELD, field_name, "example", seen)
        return ReadBack(field_name, seen)
    changed = sorted(
        k
        for k in {*record, *example.before}
        if record.get(k) != example.before.get(k) and not k.startswith("_")
    )
    if before_known and not changed:
        seen = f"the action reads the same through the API after '{API_EMAIL_SETTING}' was ticked"
        unknowns.learn(plan, side, C.API_EMAIL_FIELD, unknowns.EMAIL_NOT_IN_API, "example", seen)
        return ReadBack(unknowns.EMAIL_NOT_IN_API, seen)
    if changed:
        return ReadBack(None, "fields that changed: " + ", ".join(changed))
    return ReadBack(None, f"{field_name} is not on; without a reading from before, nothing shows")
