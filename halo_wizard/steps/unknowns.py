"""Halo's open questions (constants.UNKNOWNS): what each instance has shown of them, how the wizard
learns an answer, and the readings and writings that depend on one. Nothing here guesses: without
a learned answer, a dependent write raises AnswerNeeded, which names the question and the path."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.api.errors import HaloError
from halo_wizard.plan.model import LearnedFact, MappingKind, Plan, Side, utc_now_iso
from halo_wizard.steps.configuration import as_int
from halo_wizard.steps.session import Session

log = logging.getLogger(__name__)

LOCAL_IN_FIID, LOCAL_IN_THIRDPARTYNAME = C.MAPPING_ROW_IDS.answers
SYNC_1_SUPPLIER, SYNC_1_CUSTOMER = C.SYNC_VALUES.answers
EMAIL_NOT_IN_API, EMAIL_AUTO_FORWARD = C.API_EMAIL_FIELD.answers
SECRET_READABLE, SECRET_ONCE, SECRET_HIDDEN = C.ISSUED_SECRET.answers
AUTH_IN_ANSWER, AUTH_ON_REREAD, AUTH_MANUAL = C.AUTHENTICATE.answers
STATUS_DEFAULT_MINUS_ONE, STATUS_DEFAULT_ZERO = C.STATUS_ACTION_DEFAULT.answers

SUPPLIER_PARTY = "Supplier"
CUSTOMER_PARTY = "Customer"


class AnswerNeeded(HaloError):
    """A write (or a conclusion) depends on something about Halo this instance has not shown."""

    title = "Halo has not shown this yet"

    def __init__(self, unknown: C.Unknown, side: Side, message: str, fix: str, instance: str):
        super().__init__(message, fix, instance=instance)
        self.unknown = unknown
        self.side = side


# ---- the plan's learned facts --------------------------------------------------------------


def answer(plan: Plan, side: Side, unknown: C.Unknown) -> str | None:
    """What `side`'s instance has shown of `unknown`, or None when nothing yet."""
    fact = plan.instance(side).learned.get(unknown.key)
    return fact.answer if fact is not None else None


def learn(
    plan: Plan, side: Side, unknown: C.Unknown, found: str, source: str, evidence: str
) -> bool:
    """Keep an answer in the plan; True when it is new or differs from what was known."""
    if found not in unknown.answers:
        raise ValueError(f"{found!r} is not an answer to {unknown.key}")
    facts = plan.instance(side).learned
    before = facts.get(unknown.key)
    facts[unknown.key] = LearnedFact(found, source, evidence, utc_now_iso())
    changed = before is None or before.answer != found
    if changed:
        log.info("%s %s: %s (%s)", side.value, unknown.key, found, evidence)
    return changed


def needed(plan: Plan, side: Side, unknown: C.Unknown, what_for: str) -> AnswerNeeded:
    """The error that stops a write needing `unknown`, with the way to let the instance show it."""
    name = plan.instance(side).name or side.value
    return AnswerNeeded(
        unknown,
        side,
        f"Before {what_for}, halo_wizard must know {unknown.question.lower()} on {name}; "
        "nothing written so far has shown it, and a guess could write a wrong value.",
        f"Let {name} show it: {unknown.learned_by}. Headless: `halo-wizard learn --plan FILE "
        f"--question {unknown.key}`; in the window, the step that needs it shows the one "
        "setting to make in Halo. Nothing depending on it was written.",
        name,
    )


def require(plan: Plan, side: Side, unknown: C.Unknown, what_for: str) -> str:
    """The learned answer, or AnswerNeeded."""
    found = answer(plan, side, unknown)
    if found is None:
        raise needed(plan, side, unknown, what_for)
    return found


# ---- mapping rows (fiid / thirdpartyname) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowIds:
    """One mapping row read as: the record in this instance and the one in the other."""

    local_id: int | None
    local_name: str
    remote_id: int | None
    remote_name: str


def read_row(item: Mapping[str, Any], orientation: str) -> RowIds:
    """A mapping row as this instance holds it, read under `orientation`."""
    first = RowIds(
        as_int(item.get(C.MAPROW_LOCAL_ID)),
        str(item.get(C.MAPROW_LOCAL_NAME) or ""),
        as_int(item.get(C.MAPROW_REMOTE_ID)),
        str(item.get(C.MAPROW_REMOTE_NAME) or ""),
    )
    if orientation == LOCAL_IN_FIID:
        return first
    return RowIds(first.remote_id, first.remote_name, first.local_id, first.local_name)


def write_row(
    orientation: str, local_id: int, local_name: str, remote_id: int, remote_name: str
) -> dict[str, Any]:
    """A mapping row as Halo holds it under `orientation` (fiid is a number, thirdpartyname
    the text of one)."""
    if orientation == LOCAL_IN_FIID:
        fiid, fiid_name, third, third_name = local_id, local_name, remote_id, remote_name
    else:
        fiid, fiid_name, third, third_name = remote_id, remote_name, local_id, local_name
    return {
        C.MAPROW_LOCAL_ID: fiid,
        C.MAPROW_LOCAL_NAME: fiid_name,
        C.MAPROW_REMOTE_ID: str(third),
        C.MAPROW_REMOTE_NAME: third_name,
    }


ROW_KINDS: dict[str, tuple[MappingKind, str, tuple[str, ...]]] = {
    C.MAPPING_STATUS: (MappingKind.STATUS, "Status", ("name",)),
    C.MAPPING_CATEGORY: (MappingKind.CATEGORY, "Category", ("value", "category_name")),
    C.MAPPING_FIELD: (MappingKind.FIELD, "FieldInfo", ("label", "name")),
    C.MAPPING_ACTION: (MappingKind.ACTION, "Outcome", ("outcome", "buttonname")),
    C.MAPPING_TICKET_TYPE: (MappingKind.TICKET_TYPE, "TicketType", ("name",)),
}
"""Profile field of a mapping table -> (kind, the entity its records are, their name fields)."""


def _named(record: Mapping[str, Any] | None, name: str, name_fields: tuple[str, ...]) -> bool:
    if record is None or not name.strip():
        return False
    wanted = " ".join(name.split()).casefold()
    return any(" ".join(str(record.get(f) or "").split()).casefold() == wanted for f in name_fields)


def orientation_votes(
    profiles: Iterable[Mapping[str, Any]], local: Mapping[str, Mapping[int, Record]]
) -> tuple[int, int]:
    """(rows whose fiid and name are a record of this instance, rows whose thirdpartyname and
    third_party_friendly_name are): rows Halo itself wrote show which id it keeps where.

    A row counts only when exactly one reading names a record of this instance with the name the
    row gives it (a row whose two ids are the same record in both readings tells nothing)."""
    in_fiid = in_third = 0
    for profile in profiles:
        for rows_field, (_, entity, name_fields) in ROW_KINDS.items():
            records = local.get(entity, {})
            for item in profile.get(rows_field) or []:
                if not isinstance(item, Mapping):
                    continue
                straight = read_row(item, LOCAL_IN_FIID)
                first = _named(
                    records.get(straight.local_id or -1), straight.local_name, name_fields
                )
                second = _named(
                    records.get(straight.remote_id or -1), straight.remote_name, name_fields
                )
                if first and not second:
                    in_fiid += 1
                elif second and not first:
                    in_third += 1
    return in_fiid, in_third


def learn_row_ids_from(
    plan: Plan,
    side: Side,
    profiles: Iterable[Mapping[str, Any]],
    local: Mapping[str, Mapping[int, Record]],
) -> str | None:
    """Learn mapping-row-ids from the mapping rows the instance holds; returns what was said."""
    profiles = list(profiles)
    in_fiid, in_third = orientation_votes(profiles, local)
    if in_fiid and in_third:
        log.warning(
            "%s: mapping rows disagree on which id is where (%d / %d rows)",
            side.value,
            in_fiid,
            in_third,
        )
        return None
    if not (in_fiid or in_third):
        return None
    found = LOCAL_IN_FIID if in_fiid else LOCAL_IN_THIRDPARTYNAME
    count = in_fiid or in_third
    where = "fiid" if in_fiid else "thirdpartyname"
    evidence = (
        f"{count} mapping row(s) Halo holds on {len(profiles)} profile(s) name this instance's "
        f"records by the id in {where}"
    )
    learn(plan, side, C.MAPPING_ROW_IDS, found, "instance", evidence)
    return evidence


# ---- "Send to Connected Halo Instance" (sync_to_halo_api) ----------------------------------


def sync_number(found: str, party: str) -> int:
    """The sync_to_halo_api value that sends to `party` ("Supplier" / "Customer")."""
    supplier_first = found == SYNC_1_SUPPLIER
    if party == SUPPLIER_PARTY:
        return 1 if supplier_first else 2
    return 2 if supplier_first else 1


def sync_party(found: str | None, number: int | None) -> str:
    """What a sync_to_halo_api value means: "No", "Supplier", "Customer", or "" when the instance
    has not shown which number is which. 0 is No: it is the database default of the column."""
    if not number:
        return "No"
    if found is None or number not in (1, 2):
        return ""
    return SUPPLIER_PARTY if sync_number(found, SUPPLIER_PARTY) == number else CUSTOMER_PARTY


def party_toward(side: Side) -> str:
    """Where an action of `side`'s instance sends to reach the other: the customer's instance
    sends to its Supplier, the supplier's to its Customer."""
    return SUPPLIER_PARTY if side is Side.CUSTOMER else CUSTOMER_PARTY


def learn_sync_values(
    plan: Plan, side: Side, number: int, party: str, source: str, evidence: str
) -> bool:
    """`number` was seen to mean `party` on `side`'s instance."""
    if number not in (1, 2):
        return False
    supplier_number = number if party == SUPPLIER_PARTY else 3 - number
    found = SYNC_1_SUPPLIER if supplier_number == 1 else SYNC_1_CUSTOMER
    return learn(plan, side, C.SYNC_VALUES, found, source, evidence)


# ---- "Action/Ticket Type Default" ----------------------------------------------------------


def action_default_status(found: str) -> int:
    """The thirdpartynhd_status value that means "Action/Ticket Type Default"."""
    return int(found)


def learn_status_default_from(
    plan: Plan, side: Side, profiles: Iterable[Mapping[str, Any]], status_ids: Iterable[int]
) -> str | None:
    """Learn status-action-default from a profile whose default status Halo holds as -1: no
    status has that id, so it can only be the "Action/Ticket Type Default" option. (A 0 proves
    nothing: it may be a default that was never chosen.)"""
    ids = set(status_ids)
    holders = [
        str(p.get("name") or p.get("id"))
        for p in profiles
        if as_int(p.get(C.DEFAULT_STATUS)) == -1 and -1 not in ids
    ]
    if not holders:
        return None
    evidence = f"the profile '{holders[0]}' holds -1 as its default status, which is no status"
    learn(plan, side, C.STATUS_ACTION_DEFAULT, STATUS_DEFAULT_MINUS_ONE, "instance", evidence)
    return evidence


# ---- the API e-mail setting ----------------------------------------------------------------


def api_email_setting(found: str | None, action: Mapping[str, Any]) -> bool | None:
    """Whether an action's "send an e-mail when created through the API connection" is on;
    None when the instance does not show it through the API (or has not shown where)."""
    if found != EMAIL_AUTO_FORWARD:
        return None
    return bool(action.get(EMAIL_AUTO_FORWARD))


# ---- learning from what an instance already holds --------------------------------------------

PROFILE_ENTITY_IN: dict[Side, str] = {Side.CUSTOMER: "Supplier", Side.SUPPLIER: "Client"}
"""The profiles of the other party that live in each side's instance."""


async def learn_from_instance(session: Session, side: Side) -> list[str]:
    """Learn what `side`'s instance shows by itself: which id its mapping rows keep where, and how
    it holds "Action/Ticket Type Default", from the profiles that hold an outbound connection
    (read in full by the read model). Answers already learned are kept. Returns what was seen."""
    plan = session.plan
    wanted = {C.MAPPING_ROW_IDS.key, C.STATUS_ACTION_DEFAULT.key} - set(plan.instance(side).learned)
    if not wanted:
        return []
    entity = PROFILE_ENTITY_IN[side]
    entities = [entity, *(e for _, e, _ in ROW_KINDS.values())]
    lists = await session.read_all(side, entities)
    profiles = [p for p in lists[entity] if p.get(C.PROFILE_ALLOW_API_ACCESS) or _holds_mappings(p)]
    said: list[str] = []
    if C.MAPPING_ROW_IDS.key in wanted:
        local = {
            e: {i: r for r in lists[e] if (i := as_int(r.get("id"))) is not None}
            for _, e, _ in ROW_KINDS.values()
        }
        evidence = learn_row_ids_from(plan, side, profiles, local)
        if evidence:
            said.append(evidence)
    if C.STATUS_ACTION_DEFAULT.key in wanted:
        status_ids = [i for s in lists["Status"] if (i := as_int(s.get("id"))) is not None]
        evidence = learn_status_default_from(plan, side, profiles, status_ids)
        if evidence:
            said.append(evidence)
    return said


def _holds_mappings(profile: Mapping[str, Any]) -> bool:
    return any(profile.get(rows_field) for rows_field in ROW_KINDS)
