"""Step 7: the inbound mappings of both profiles (statuses, categories, fields, actions, ticket
types, their defaults) and the outbound attachment setting: loaded from both instances, auto-mapped
into the plan, written as profile updates and read back (rules R5-R7)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.api.errors import HaloError
from halo_wizard.plan.automap import (
    Choice,
    FieldOption,
    Match,
    MatchQuality,
    auto_map,
    field_choice,
    is_mappable_field,
    propose_field_mappings,
)
from halo_wizard.plan.automap import Progress as AutoMapProgress
from halo_wizard.plan.model import (
    DEFAULT_ATTRIBUTE,
    MappingKind,
    MappingOrigin,
    MappingRow,
    Plan,
    ProfileMappings,
    Side,
    StepId,
)
from halo_wizard.steps import unknowns
from halo_wizard.steps.changes import Change, FieldChange
from halo_wizard.steps.configuration import as_int, is_ticket_status, ticket_fields
from halo_wizard.steps.profiles import CUSTOMER_PROFILE, SUPPLIER_PROFILE, ProfileRole
from halo_wizard.steps.read_model import is_hidden, sends_email, system_use
from halo_wizard.steps.session import Session


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Where one kind of mapping comes from and where the profile keeps it."""

    kind: MappingKind
    entity: str
    name_field: str
    rows_field: str
    default_field: str | None
    title: str
    customer_profile_only: bool = False


KINDS: tuple[KindSpec, ...] = (
    KindSpec(MappingKind.STATUS, "Status", "name", C.MAPPING_STATUS, C.DEFAULT_STATUS, "Statuses"),
    KindSpec(
        MappingKind.CATEGORY,
        "Category",
        "value",
        C.MAPPING_CATEGORY,
        C.DEFAULT_CATEGORY,
        "Categories",
    ),
    KindSpec(MappingKind.FIELD, "FieldInfo", C.FIELD_LABEL, C.MAPPING_FIELD, None, "Fields"),
    KindSpec(
        MappingKind.ACTION, "Outcome", C.OUTCOME_NAME, C.MAPPING_ACTION, C.DEFAULT_ACTION, "Actions"
    ),
    KindSpec(
        MappingKind.TICKET_TYPE,
        "TicketType",
        "name",
        C.MAPPING_TICKET_TYPE,
        C.DEFAULT_TICKET_TYPE,
        "Ticket types",
        customer_profile_only=True,
    ),
)
SPEC = {spec.kind: spec for spec in KINDS}
_DEFAULT_ATTR = DEFAULT_ATTRIBUTE  # the plan's one table, under the name drift reads


@dataclass(frozen=True, slots=True)
class Direction:
    """What arrives in `receiver` from the other instance, set by the profile there."""

    receiver: Side
    role: ProfileRole

    @property
    def sender(self) -> Side:
        return Side.SUPPLIER if self.receiver is Side.CUSTOMER else Side.CUSTOMER

    def kinds(self) -> tuple[KindSpec, ...]:
        customer = self.role is CUSTOMER_PROFILE
        return tuple(k for k in KINDS if customer or not k.customer_profile_only)

    def mappings(self, plan: Plan) -> ProfileMappings:
        if self.role is CUSTOMER_PROFILE:
            return plan.customer_profile_mappings
        return plan.supplier_profile_mappings

    def title(self, plan: Plan) -> str:
        return f"{plan.instance(self.sender).name} → {plan.instance(self.receiver).name}"

    def sentence(self, plan: Plan, kind: MappingKind, remote_name: str) -> str:
        """The mapping in words: 'When Northwind MSP sets a ticket to Resolved, Contoso sets it
        to …'."""
        sender = plan.instance(self.sender).name
        receiver = plan.instance(self.receiver).name
        verbs = {
            MappingKind.STATUS: (f"sets a ticket to {remote_name}", "sets it to"),
            MappingKind.CATEGORY: (f"files a ticket under {remote_name}", "files it under"),
            MappingKind.FIELD: (f"updates the field {remote_name}", "updates"),
            MappingKind.ACTION: (f"adds the action {remote_name}", "adds"),
            MappingKind.TICKET_TYPE: (f"sends a {remote_name} ticket", "logs it as"),
        }
        theirs, ours = verbs[kind]
        return f"When {sender} {theirs}, {receiver} {ours} …"


# Tickets go from the customer's instance to the supplier's; updates flow both ways.
TO_SUPPLIER = Direction(Side.SUPPLIER, CUSTOMER_PROFILE)
TO_CUSTOMER = Direction(Side.CUSTOMER, SUPPLIER_PROFILE)
DIRECTIONS = (TO_SUPPLIER, TO_CUSTOMER)


def direction_into(receiver: Side) -> Direction:
    """The direction whose profile lives in `receiver`'s instance."""
    return TO_SUPPLIER if receiver is Side.SUPPLIER else TO_CUSTOMER


@dataclass(slots=True)
class Catalogue:
    """One instance's values that mappings can name, with the raw records (action settings)."""

    choices: dict[MappingKind, list[Choice]] = field(default_factory=dict)
    records: dict[MappingKind, dict[int, Record]] = field(default_factory=dict)
    fields: list[FieldOption] = field(default_factory=list)

    def name(self, kind: MappingKind, record_id: int | None) -> str:
        if record_id is None:
            return ""
        if kind is MappingKind.STATUS and record_id == C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT:
            return "Action/Ticket Type Default"
        record = self.records.get(kind, {}).get(record_id)
        if record is None:
            return f"(missing record {record_id})"
        return str(record.get(SPEC[kind].name_field) or record.get("name") or record_id)


def _field_option(record: Mapping[str, Any]) -> FieldOption:
    return FieldOption(
        id=int(record["id"]),
        name=str(record.get("name") or ""),
        label=str(record.get(C.FIELD_LABEL) or record.get("name") or ""),
        type=int(record.get(C.FIELD_TYPE) or 0),
        custom=bool(record.get(C.FIELD_CUSTOM)),
    )


def build_catalogue(records: Mapping[str, list[Record]]) -> Catalogue:
    """A Catalogue from the lists of one instance (live or from a snapshot)."""
    catalogue = Catalogue()
    for spec in KINDS:
        rows = records.get(spec.entity, [])
        if spec.kind is MappingKind.STATUS:
            rows = [r for r in rows if is_ticket_status(r)]
        if spec.kind is MappingKind.FIELD:
            rows = ticket_fields(rows)
            options = [_field_option(r) for r in rows]
            catalogue.fields = [o for o in options if is_mappable_field(o)]
            keep = {o.id for o in catalogue.fields}
            rows = [r for r in rows if int(r["id"]) in keep]
            catalogue.choices[spec.kind] = [field_choice(o) for o in catalogue.fields]
        else:
            catalogue.choices[spec.kind] = [
                Choice(int(r["id"]), str(r.get(spec.name_field) or r.get("name") or r["id"]))
                for r in rows
            ]
        catalogue.records[spec.kind] = {int(r["id"]): r for r in rows}
    return catalogue


async def load_catalogue(session: Session, side: Side) -> Catalogue:
    entities = [spec.entity for spec in KINDS]
    lists = await asyncio.gather(*(session.records(side, e) for e in entities))
    return build_catalogue(dict(zip(entities, lists, strict=True)))


# ---- reading what the instance holds ------------------------------------------------------


def mapping_row_count(record: Mapping[str, Any], direction: Direction) -> int:
    """How many mapping rows a profile record holds (read or not)."""
    return sum(len(record.get(spec.rows_field) or []) for spec in direction.kinds())


def parse_profile(
    record: Mapping[str, Any],
    direction: Direction,
    orientation: str | None,
    status_default: str | None = None,
) -> ProfileMappings:
    """The inbound settings a profile record holds, as plan mappings (origin: existing).

    `orientation` is the instance's answer to mapping-row-ids: without one the rows cannot be
    read (they are left out). `status_default` (status-action-default) turns the instance's
    value for "Action/Ticket Type Default" into the plan's."""
    found = ProfileMappings()
    rows: list[MappingRow] = []
    for spec in direction.kinds():
        for item in (record.get(spec.rows_field) or []) if orientation else []:
            if not isinstance(item, Mapping) or orientation is None:
                continue
            ids = unknowns.read_row(item, orientation)
            if ids.remote_id is None:
                continue
            rows.append(
                MappingRow(
                    kind=spec.kind,
                    remote_id=ids.remote_id,
                    remote_name=ids.remote_name,
                    local_id=ids.local_id,
                    local_name=ids.local_name,
                    origin=MappingOrigin.EXISTING,
                )
            )
        if spec.default_field:
            value = as_int(record.get(spec.default_field))
            if (
                spec.kind is MappingKind.STATUS
                and status_default is not None
                and value == unknowns.action_default_status(status_default)
            ):
                value = C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT
            setattr(found, _DEFAULT_ATTR[spec.kind], value)
    found.set_rows(rows)
    found.outbound_attachments = bool(as_int(record.get(C.OUTBOUND_ATTACHMENTS)))
    return found


def existing_mappings(
    plan: Plan, direction: Direction, record: Mapping[str, Any]
) -> ProfileMappings:
    """What a profile of the plan holds, read with what its instance has shown of Halo's
    conventions (rows it cannot read yet are left out)."""
    side = direction.receiver
    return parse_profile(
        record,
        direction,
        unknowns.answer(plan, side, C.MAPPING_ROW_IDS),
        unknowns.answer(plan, side, C.STATUS_ACTION_DEFAULT),
    )


async def profile_record(
    session: Session, direction: Direction, *, fresh: bool = False
) -> Record | None:
    """The plan's profile in the receiving instance, read in full, or None when it has none."""
    record_id = direction.role.plan(session.plan).record_id
    if not record_id:
        return None
    rows = await session.records(direction.receiver, direction.role.entity, fresh=fresh)
    return next((r for r in rows if as_int(r.get("id")) == record_id), None)


def merge_existing(mappings: ProfileMappings, existing: ProfileMappings) -> int:
    """Show what the instance already holds: rows the plan lacks are added as 'existing',
    defaults the plan has not set are taken. Never overwrites the admin's choices."""
    added = [r for r in existing.rows if mappings.find(r.kind, r.remote_id) is None]
    mappings.set_rows(added)
    for attr in _DEFAULT_ATTR.values():
        if getattr(mappings, attr) is None and getattr(existing, attr) is not None:
            setattr(mappings, attr, getattr(existing, attr))
    return len(added)


# ---- auto-mapping ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AutoMapCount:
    kind: MappingKind
    matched: int
    total: int

    @property
    def text(self) -> str:
        return f"{self.matched} of {self.total} matched automatically"


def _matches(
    spec: KindSpec, source: Catalogue, target: Catalogue, progress: AutoMapProgress | None = None
) -> list[Match]:
    if spec.kind is MappingKind.FIELD:
        return propose_field_mappings(source.fields, target.fields)
    return auto_map(
        source.choices.get(spec.kind, []), target.choices.get(spec.kind, []), progress=progress
    )


def auto_map_direction(
    mappings: ProfileMappings,
    source: Catalogue,
    target: Catalogue,
    kinds: Iterable[KindSpec],
    progress: AutoMapProgress | None = None,
) -> list[AutoMapCount]:
    """Propose a target for every source value the admin has not chosen by hand.

    Strong matches are applied (origin auto), weak ones kept as suggestions (not written until
    accepted); rows chosen by hand, accepted suggestions and rows already on the instance are left
    as they are. `progress(done, total)` hears how far each kind's matching is; an exception it
    raises stops the auto-map (how a caller cancels) with `mappings` unchanged by the kind it
    was matching."""
    counts: list[AutoMapCount] = []
    for spec in kinds:
        matches = _matches(spec, source, target, progress)
        rows: list[MappingRow] = []
        applied = 0
        for match in matches:
            current = mappings.find(spec.kind, match.source.id)
            if current is not None and current.origin in (
                MappingOrigin.MANUAL,
                MappingOrigin.ACCEPTED,
                MappingOrigin.EXISTING,
            ):
                continue
            if match.target is None or match.quality is MatchQuality.NONE:
                if current is not None:
                    mappings.remove_row(spec.kind, match.source.id)
                continue
            apply = match.applied and not (
                spec.kind is MappingKind.ACTION
                and unsafe_action_pair(
                    source.records[spec.kind].get(match.source.id),
                    target.records[spec.kind].get(match.target.id),
                )
            )
            applied += apply
            rows.append(
                MappingRow(
                    kind=spec.kind,
                    remote_id=match.source.id,
                    remote_name=match.source.name,
                    local_id=match.target.id,
                    local_name=match.target.name,
                    origin=MappingOrigin.AUTO if apply else MappingOrigin.SUGGESTED,
                    score=round(match.score, 1),
                )
            )
        mappings.set_rows(rows)
        counts.append(AutoMapCount(spec.kind, applied, len(matches)))
    return counts


def unsafe_action_pair(source: Mapping[str, Any] | None, target: Mapping[str, Any] | None) -> bool:
    """A pair seed 001 warns against, however alike the names: an e-mail action mapped to an
    e-mail action (the sync times out, R8), or a target that itself sends to the other instance
    (a loop, R9). Auto-map only suggests such pairs; the admin decides."""
    if source is None or target is None:
        return False
    both_email = sends_email(source) and sends_email(target)
    return both_email or bool(target.get(C.SYNC_TO_HALO))


def choose_default_action(actions: Iterable[Record]) -> Record | None:
    """A generic internal note hidden from the user that sends no e-mail and does not sync
    (seed 001: 'We recommend ... a generic action that is hidden from the user')."""

    def score(action: Record) -> tuple[int, ...]:
        name = str(action.get(C.OUTCOME_NAME) or "").casefold()
        return (
            int(is_hidden(action)),
            int(not sends_email(action)),
            int(not action.get(C.SYNC_TO_HALO)),
            int(system_use(action) == C.SYSTEMID_NONE),
            int("internal" in name),
            int("note" in name),
            -len(name),
        )

    candidates = [
        a
        for a in actions
        if is_hidden(a)
        and not sends_email(a)
        and not a.get(C.SYNC_TO_HALO)
        and system_use(a) == C.SYSTEMID_NONE
    ]
    return max(candidates, key=score) if candidates else None


def choose_default_ticket_type(types: Iterable[Record]) -> Record | None:
    records = list(types)
    for wanted in ("incident", "service request"):
        for record in records:
            if str(record.get("name") or "").casefold() == wanted:
                return record
    return records[0] if records else None


def choose_default_status(statuses: Iterable[Record]) -> Record | None:
    """A status for what arrives unmapped: the instance's New, else its first open status."""
    records = [s for s in statuses if not closes_ticket(s)]
    for record in records:
        if str(record.get("name") or "").casefold() == "new":
            return record
    return (
        min(records, key=lambda s: (as_int(s.get("sequence")) or 0, as_int(s.get("id")) or 0))
        if records
        else None
    )


def closes_ticket(status: Mapping[str, Any]) -> bool:
    return as_int(status.get("id")) in C.CLOSING_STATUS_IDS


def propose_defaults(
    mappings: ProfileMappings,
    target: Catalogue,
    direction: Direction,
    status_default: str | None = None,
) -> None:
    """Fill the defaults the admin has not chosen (R5, R6). "Action/Ticket Type Default" is
    proposed only where the instance has shown how it holds that option (status_default);
    elsewhere a real status is, so that nothing depends on an unknown."""
    if mappings.default_status is None:
        if status_default is not None:
            mappings.default_status = C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT
        else:
            status = choose_default_status(target.records.get(MappingKind.STATUS, {}).values())
            mappings.default_status = int(status["id"]) if status else None
    if mappings.default_action is None:
        action = choose_default_action(target.records.get(MappingKind.ACTION, {}).values())
        mappings.default_action = int(action["id"]) if action else None
    if direction.role is CUSTOMER_PROFILE and mappings.default_ticket_type is None:
        ticket_type = choose_default_ticket_type(
            target.records.get(MappingKind.TICKET_TYPE, {}).values()
        )
        mappings.default_ticket_type = int(ticket_type["id"]) if ticket_type else None


# ---- writing -----------------------------------------------------------------------------------


def profile_payload(plan: Plan, direction: Direction) -> dict[str, Any]:
    """The profile fields that hold the plan's mappings, as the receiving instance stores them.

    Raises unknowns.AnswerNeeded when a value depends on something the instance has not shown
    (which id a row keeps where; how it holds "Action/Ticket Type Default")."""
    mappings = direction.mappings(plan)
    side = direction.receiver
    payload: dict[str, Any] = {}
    for spec in direction.kinds():
        rows = sorted(
            (r for r in mappings.rows_of(spec.kind) if r.mapped),
            key=lambda r: (r.remote_name.casefold(), r.remote_id),
        )
        orientation = (
            unknowns.require(plan, side, C.MAPPING_ROW_IDS, "writing mapping rows") if rows else ""
        )
        payload[spec.rows_field] = [
            unknowns.write_row(
                orientation, int(r.local_id or 0), r.local_name, r.remote_id, r.remote_name
            )
            for r in rows
        ]
        if spec.default_field:
            value = getattr(mappings, _DEFAULT_ATTR[spec.kind])
            if spec.kind is MappingKind.STATUS and value == C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT:
                value = unknowns.action_default_status(
                    unknowns.require(
                        plan,
                        side,
                        C.STATUS_ACTION_DEFAULT,
                        "writing 'Action/Ticket Type Default' as a default status",
                    )
                )
            payload[spec.default_field] = value
    payload[C.OUTBOUND_ATTACHMENTS] = 1 if mappings.outbound_attachments else 0
    return payload


_SINGULAR = {
    MappingKind.STATUS: "Status",
    MappingKind.CATEGORY: "Category",
    MappingKind.FIELD: "Field",
    MappingKind.ACTION: "Action",
    MappingKind.TICKET_TYPE: "Ticket type",
}


def _row_keys(rows: Any) -> frozenset[tuple[int | None, int | None]]:
    """The rows as the instance holds them (fiid, thirdpartyname), whichever reading is right."""
    if not isinstance(rows, list):
        return frozenset()
    return frozenset(
        (as_int(r.get(C.MAPROW_LOCAL_ID)), as_int(r.get(C.MAPROW_REMOTE_ID)))
        for r in rows
        if isinstance(r, Mapping)
    )


def payload_differences(
    current: Mapping[str, Any],
    wanted: Mapping[str, Any],
    catalogue: Catalogue | None = None,
) -> list[FieldChange]:
    """What a profile update would change, in words ('Status mappings: 3 rows → 41 rows').

    With the receiving instance's `catalogue`, defaults are shown by name and the attachment
    setting as Yes/No (display only: the payload keeps the ids)."""
    changes: list[FieldChange] = []
    titles = {spec.rows_field: spec for spec in KINDS}
    defaults = {spec.default_field: spec.kind for spec in KINDS if spec.default_field}
    for name, value in wanted.items():
        old = current.get(name)
        if name in titles:
            if _row_keys(old) != _row_keys(value):
                title = _SINGULAR[titles[name].kind]
                changes.append(
                    FieldChange(
                        name,
                        f"{title} mappings",
                        f"{len(old) if isinstance(old, list) else 0} rows",
                        f"{len(value)} rows",
                    )
                )
        elif as_int(old) != as_int(value):
            if catalogue is not None and name in defaults:
                kind = defaults[name]
                old, value = catalogue.name(kind, as_int(old)), catalogue.name(kind, as_int(value))
            elif catalogue is not None and name == C.OUTBOUND_ATTACHMENTS:
                old, value = (None if old is None else bool(as_int(old))), bool(as_int(value))
            changes.append(FieldChange(name, _label(name), old, value))
    return changes


def _label(name: str) -> str:
    return {
        C.DEFAULT_STATUS: "Default status",
        C.DEFAULT_CATEGORY: "Default category",
        C.DEFAULT_ACTION: "Default action",
        C.DEFAULT_TICKET_TYPE: "Default ticket type",
        C.OUTBOUND_ATTACHMENTS: "Send attachments to the other instance",
    }.get(name, name)


class RecordsMissing(HaloError):
    """Mapping rows name records the receiving instance does not hold (deleted since, or a
    plan written for another instance): the profile is not updated."""

    title = "Records missing on the instance"


def missing_records(plan: Plan, direction: Direction, catalogue: Catalogue) -> list[str]:
    """Each mapped row or default whose record on the receiving instance is not there, in
    words ("status 41 (for 'Closed')"); kinds the catalogue did not read are not judged."""
    mappings = direction.mappings(plan)
    missing: list[str] = []
    for spec in direction.kinds():
        known = catalogue.records.get(spec.kind)
        if not known:
            continue
        noun = spec.kind.value.replace("_", " ")  # "status", "ticket type"
        wanted = [
            (row.local_id, f" (for '{row.remote_name}')" if row.remote_name else "")
            for row in mappings.rows_of(spec.kind)
            if row.mapped and row.local_id is not None
        ]
        attribute = _DEFAULT_ATTR.get(spec.kind)
        default = getattr(mappings, attribute) if attribute else None
        if isinstance(default, int):
            wanted.append((default, " (the default)"))
        for local_id, why in wanted:
            special = spec.kind is MappingKind.STATUS and (
                local_id == C.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT
            )
            if local_id not in known and not special:
                missing.append(f"{noun} {local_id}{why}")
    return missing


@dataclass(slots=True)
class MappingSurvey:
    catalogues: dict[Side, Catalogue] = field(default_factory=dict)
    profiles: dict[Side, Record] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    added_existing: int = 0
    learned: list[str] = field(default_factory=list)
    """What the instances showed of Halo's unknowns while they were read, in words."""
    blocked: list[unknowns.AnswerNeeded] = field(default_factory=list)
    """Profile updates that cannot be written yet: each names what the instance must show."""
    missing: list[RecordsMissing] = field(default_factory=list)
    """Profile updates refused: their rows name records the instance does not hold."""
    unread_rows: dict[Side, int] = field(default_factory=dict)
    """Mapping rows a profile holds that could not be read (which id is where is not known)."""


async def survey(session: Session, *, load_existing: bool = True) -> MappingSurvey:
    """Both catalogues and both profiles; what the instances show of Halo's conventions learned;
    existing mappings merged into the plan; the profile updates that would make the instances
    hold what the plan says (or, for a profile, what it still needs to know to write them)."""
    plan = session.plan
    result = MappingSurvey()
    customer, supplier = await asyncio.gather(
        load_catalogue(session, Side.CUSTOMER), load_catalogue(session, Side.SUPPLIER)
    )
    result.catalogues = {Side.CUSTOMER: customer, Side.SUPPLIER: supplier}
    for side in Side:
        result.learned += await unknowns.learn_from_instance(session, side)
    for direction in DIRECTIONS:
        record = await profile_record(session, direction)
        if record is None:
            continue
        result.profiles[direction.receiver] = record
        mappings = direction.mappings(plan)
        count = mapping_row_count(record, direction)
        if count and unknowns.answer(plan, direction.receiver, C.MAPPING_ROW_IDS) is None:
            result.unread_rows[direction.receiver] = count
        if load_existing:
            existing = existing_mappings(plan, direction, record)
            result.added_existing += merge_existing(mappings, existing)
        if direction.receiver is session.partner:
            continue  # the partner writes their own profile's mappings, from their own plan
        try:
            result.changes.extend(
                mapping_changes(plan, direction, record, result.catalogues[direction.receiver])
            )
        except unknowns.AnswerNeeded as exc:
            result.blocked.append(exc)
        except RecordsMissing as exc:
            result.missing.append(exc)
    return result


def mapping_changes(
    plan: Plan,
    direction: Direction,
    record: Mapping[str, Any],
    catalogue: Catalogue | None = None,
) -> list[Change]:
    """The profile update that makes the instance hold what the plan says (none when it does).
    Raises unknowns.AnswerNeeded when a value depends on something the instance has not shown."""
    mappings = direction.mappings(plan)
    if not mappings.rows and all(getattr(mappings, a) is None for a in _DEFAULT_ATTR.values()):
        return []  # nothing planned for this profile yet
    if catalogue is not None:
        missing = missing_records(plan, direction, catalogue)
        if missing:
            instance = plan.instance(direction.receiver).name
            shown = ", ".join(missing[:5]) + (
                f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            )
            raise RecordsMissing(
                f"The {direction.role.label} profile's mappings name records {instance} does "
                f"not hold: {shown}; nothing was written to that profile.",
                "Map those rows again on the Mappings step (7), or remove them from the plan, "
                "then apply again.",
                instance=instance,
            )
    wanted = profile_payload(plan, direction)
    fields = payload_differences(record, wanted, catalogue)
    if not fields:
        return []
    record_id = int(record["id"])
    return [
        Change(
            step=StepId.MAPPINGS,
            side=direction.receiver,
            instance=plan.instance(direction.receiver).name,
            entity=direction.role.entity,
            operation="update",
            record=str(record.get("name") or direction.role.plan(plan).name),
            record_id=record_id,
            fields=fields,
            payload={"id": record_id, **wanted},
            label=f"{direction.role.label} profile",
        )
    ]


def auto_map_plan(
    plan: Plan, catalogues: Mapping[Side, Catalogue]
) -> dict[Side, list[AutoMapCount]]:
    """Auto-map both directions and propose defaults; returns the counters per receiving side."""
    counts: dict[Side, list[AutoMapCount]] = {}
    for direction in DIRECTIONS:
        source, target = catalogues[direction.sender], catalogues[direction.receiver]
        mappings = direction.mappings(plan)
        counts[direction.receiver] = auto_map_direction(mappings, source, target, direction.kinds())
        status_default = unknowns.answer(plan, direction.receiver, C.STATUS_ACTION_DEFAULT)
        propose_defaults(mappings, target, direction, status_default)
    return counts
