"""What the rules share: both instances' actions, profiles, mappings and workflows, read once."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.plan.model import MappingKind, ProfileMappings, Side
from halo_wizard.rules.inputs import CheckInput, ProfileMatch
from halo_wizard.steps import unknowns
from halo_wizard.steps.configuration import (
    InstanceConfig,
    as_int,
    closes_tickets,
    workflow_action_ids,
)
from halo_wizard.steps.mappings import DIRECTIONS, direction_into, mapping_row_count, parse_profile
from halo_wizard.steps.profiles import CUSTOMER_PROFILE, SUPPLIER_PROFILE, ProfileRole

logger = logging.getLogger(__name__)

SOMEWHERE: Final = "?"
"""An action sent to a connected instance when the instance has not shown which value means
Supplier and which Customer (or only `default_send_to_halo` says it sends)."""


# ---- facts about one action (an Outcome record) ----------------------------------------------


def action_name(action: Mapping[str, Any] | None, fallback: int | None = None) -> str:
    if action is None:
        return f"(missing action {fallback})" if fallback is not None else "(none)"
    return str(action.get("outcome") or action.get("buttonname") or f"Action {action.get('id')}")


def sends_email(action: Mapping[str, Any]) -> bool:
    value = action.get("sendemail")
    if isinstance(value, bool):
        return value
    return (as_int(value) or 0) != C.SENDEMAIL_NO


def field_names(action: Mapping[str, Any]) -> set[str]:
    """The names on the action's field list (lower case)."""
    names: set[str] = set()
    for row in action.get("fields") or []:
        if isinstance(row, Mapping):
            name = str(row.get("fieldname") or row.get("name") or "").strip().casefold()
            if name:
                names.add(name)
    return names


def sync_party(action: Mapping[str, Any], answer: str | None) -> str:
    """ "Send to Connected Halo Instance" of an action: "No", "Supplier", "Customer", or SOMEWHERE
    when it sends but the instance has not shown which way its number points (sync-values)."""
    number = as_int(action.get(C.SYNC_TO_HALO))
    if number is None:
        return SOMEWHERE if action.get("default_send_to_halo") else "No"
    return unknowns.sync_party(answer, number) or SOMEWHERE


def sends_to_other(action: Mapping[str, Any], side: Side, answer: str | None) -> bool:
    """Whether the action's definition sends it to the connected instance (no choice needed); an
    action that sends where the instance has not shown counts (the check says so: X6)."""
    return sync_party(action, answer) in (unknowns.party_toward(side), SOMEWHERE)


def may_sync(action: Mapping[str, Any], side: Side, answer: str | None) -> bool:
    """Whether an action of `side` can reach the other instance: it sends by default, or its field
    list lets the agent choose to send it. The log-to-supplier action creates the ticket instead."""
    if as_int(action.get("systemid")) == C.SYSTEMID_LOG_TO_SUPPLIER:
        return False
    return sends_to_other(action, side, answer) or C.ACTION_FIELD_SEND_TO_HALO in field_names(
        action
    )


def is_hidden(action: Mapping[str, Any]) -> bool:
    return bool(action.get("hidefromuser"))


def sends_back(target: Mapping[str, Any], receiver: Side, answer: str | None) -> bool:
    """Whether an action that arrives in `receiver` is sent on to the other instance (a hidden
    action of the supplier's instance does not sync: rule R12 reports it)."""
    if receiver is Side.SUPPLIER and is_hidden(target):
        return False
    return sends_to_other(target, receiver, answer)


def system_use(action: Mapping[str, Any]) -> int:
    return as_int(action.get("systemid")) or C.SYSTEMID_NONE


def system_use_name(value: int) -> str:
    return C.SYSTEM_USES.get(value, f"system use {value}")


# ---- what happens to one synced action -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Flow:
    """A synced action of the sender and what it becomes in the receiver."""

    receiver: Side
    source: Record  # the action in the sender's instance
    target_id: int | None  # the action it arrives as (None: it does not arrive)
    target: Record | None  # None when missing from the receiver (or no target)
    via: str  # "mapping", "default" or "" (no mapping and no default)

    @property
    def sender(self) -> Side:
        return self.receiver.other

    @property
    def source_id(self) -> int:
        return as_int(self.source.get("id")) or 0

    @property
    def label(self) -> str:
        """'Note to Contoso → Internal Note' (with '(default action)' when it is the default)."""
        target = action_name(self.target, self.target_id)
        if self.via == "default":
            target += " (default action)"
        return f"{action_name(self.source)} → {target}"


@dataclass(frozen=True, slots=True)
class MappedRow:
    """One mapping row of a profile, with the records on both ends (None when missing)."""

    receiver: Side
    kind: MappingKind
    remote_id: int
    local_id: int | None
    remote: Record | None
    local: Record | None
    remote_name: str
    local_name: str


ENTITY_OF: Final = {
    MappingKind.STATUS: "Status",
    MappingKind.CATEGORY: "Category",
    MappingKind.FIELD: "FieldInfo",
    MappingKind.ACTION: "Outcome",
    MappingKind.TICKET_TYPE: "TicketType",
}
NAME_OF: Final = {
    MappingKind.STATUS: "name",
    MappingKind.CATEGORY: "value",
    MappingKind.FIELD: "label",
    MappingKind.ACTION: "outcome",
    MappingKind.TICKET_TYPE: "name",
}


def record_name(kind: MappingKind, record: Mapping[str, Any] | None, fallback: str = "") -> str:
    if record is None:
        return fallback
    return str(record.get(NAME_OF[kind]) or record.get("name") or fallback or record.get("id"))


def role_in(side: Side) -> ProfileRole:
    """The profile that lives in `side`'s instance (it represents the other side)."""
    return SUPPLIER_PROFILE if side is Side.CUSTOMER else CUSTOMER_PROFILE


class Context:
    """One check run: the input and everything derived from it, computed once."""

    def __init__(self, found: CheckInput) -> None:
        self.input = found
        self._allowed: dict[tuple[Side, int], frozenset[int] | None] = {}

    # ---- instances and profiles ----

    def config(self, side: Side) -> InstanceConfig:
        return self.input.config(side)

    def name(self, side: Side) -> str:
        return self.config(side).name

    def profile_in(self, side: Side) -> ProfileMatch:
        """The profile that lives in `side`'s instance (the other side's representative)."""
        return self.input.profile(role_in(side))

    def profile_label(self, side: Side) -> str:
        """The profile's name as the admin knows it (the plan's or the other instance's name)."""
        match = self.profile_in(side)
        if match.found:
            return match.name
        plan = self.input.plan
        if plan is not None and match.role.plan(plan).name:
            return match.role.plan(plan).name
        return self.name(side.other)

    def profile_path(self, side: Side, where: str) -> str:
        """Where a profile setting lives: 'Suppliers > Northwind MSP > API Access > ...'."""
        top = "Suppliers" if role_in(side).entity == "Supplier" else "Customers"
        return f"{top} > {self.profile_label(side)} > API Access > {where}"

    def mapping_path(self, receiver: Side, table: str) -> str:
        return self.profile_path(receiver, f"Inbound settings > {table}")

    @cached_property
    def _mappings(self) -> dict[Side, ProfileMappings | None]:
        found: dict[Side, ProfileMappings | None] = {}
        for direction in DIRECTIONS:
            receiver = direction.receiver
            match = self.profile_in(receiver)
            if match.record is None:
                found[receiver] = None
                continue
            found[receiver] = self.input.planned(receiver) or parse_profile(
                match.record,
                direction,
                self.input.answer(receiver, C.MAPPING_ROW_IDS),
                self.input.answer(receiver, C.STATUS_ACTION_DEFAULT),
            )
        return found

    def rows_unreadable(self, receiver: Side) -> int:
        """Mapping rows the profile in `receiver`'s instance holds that cannot be read yet (the
        instance has not shown which id a row keeps where)."""
        match = self.profile_in(receiver)
        if match.record is None or self.input.planned(receiver) is not None:
            return 0
        if self.input.answer(receiver, C.MAPPING_ROW_IDS) is not None:
            return 0
        direction = direction_into(receiver)
        return mapping_row_count(match.record, direction)

    def mappings(self, receiver: Side) -> ProfileMappings | None:
        """The inbound settings of the profile in `receiver`'s instance (None: no profile)."""
        return self._mappings[receiver]

    def rows(self, receiver: Side, kind: MappingKind) -> list[MappedRow]:
        """The written (mapped) rows of one table, with the records on both ends."""
        mappings = self.mappings(receiver)
        if mappings is None:
            return []
        entity = ENTITY_OF[kind]
        local_records = self.config(receiver).by_id(entity)
        remote_records = self.config(receiver.other).by_id(entity)
        out: list[MappedRow] = []
        for row in mappings.rows_of(kind):
            if not row.mapped:
                continue
            remote = remote_records.get(row.remote_id)
            local = local_records.get(row.local_id) if row.local_id is not None else None
            out.append(
                MappedRow(
                    receiver,
                    kind,
                    row.remote_id,
                    row.local_id,
                    remote,
                    local,
                    record_name(kind, remote, row.remote_name or f"#{row.remote_id}"),
                    record_name(kind, local, row.local_name or f"#{row.local_id}"),
                )
            )
        return out

    # ---- actions ----

    def actions(self, side: Side) -> dict[int, Record]:
        return self.config(side).by_id("Outcome")

    def action(self, side: Side, action_id: int | None) -> Record | None:
        return self.config(side).get("Outcome", action_id)

    def closes(self, side: Side, action: Mapping[str, Any]) -> bool:
        """Whether the action closes the ticket: its "Status after action" is a closed status
        (Halo's built-in Closed or Cancelled: Status.type is the status's domain, not open or
        closed)."""
        return closes_tickets(action.get("newstatus"))

    def answer(self, side: Side, unknown: C.Unknown) -> str | None:
        """What `side`'s instance has shown of one of Halo's unknowns (None: not yet)."""
        return self.input.answer(side, unknown)

    def sync_answer(self, side: Side) -> str | None:
        return self.answer(side, C.SYNC_VALUES)

    def sends_to_other(self, side: Side, action: Mapping[str, Any]) -> bool:
        return sends_to_other(action, side, self.sync_answer(side))

    def sends_back(self, receiver: Side, target: Mapping[str, Any]) -> bool:
        return sends_back(target, receiver, self.sync_answer(receiver))

    def live(self, side: Side) -> list[Record]:
        """The actions of `side` that can reach the other instance."""
        return self._live[side]

    @cached_property
    def _live(self) -> dict[Side, list[Record]]:
        return {
            side: [
                a for a in self.actions(side).values() if may_sync(a, side, self.sync_answer(side))
            ]
            for side in Side
        }

    def target_of(self, receiver: Side, source_id: int) -> tuple[int | None, str]:
        """What an action of the sender arrives as in `receiver`: (action id, "mapping" /
        "default" / "")."""
        mappings = self.mappings(receiver)
        if mappings is None:
            return None, ""
        row = mappings.find(MappingKind.ACTION, source_id)
        if row is not None and row.mapped:
            return row.local_id, "mapping"
        if mappings.default_action:
            return mappings.default_action, "default"
        return None, ""

    def flows(self, receiver: Side) -> list[Flow]:
        """Every live action of the sender with what it becomes in `receiver`."""
        return self._flows[receiver]

    @cached_property
    def _flows(self) -> dict[Side, list[Flow]]:
        out: dict[Side, list[Flow]] = {}
        for receiver in Side:
            flows: list[Flow] = []
            if self.mappings(receiver) is not None:
                for source in self.live(receiver.other):
                    source_id = as_int(source.get("id"))
                    if source_id is None:
                        continue
                    target_id, via = self.target_of(receiver, source_id)
                    flows.append(
                        Flow(receiver, source, target_id, self.action(receiver, target_id), via)
                    )
            out[receiver] = flows
        return out

    # ---- workflows and ticket types ----

    def workflow_actions(self, side: Side, workflow_id: int) -> frozenset[int] | None:
        """Every action a workflow allows (its steps' and its always-allowed actions); None when
        the workflow or its lists cannot be seen."""
        key = (side, workflow_id)
        if key not in self._allowed:
            workflow = self.config(side).get("Workflow", workflow_id)
            ids: frozenset[int] | None = None
            if workflow is not None and (
                C.WORKFLOW_STEPS in workflow or C.WORKFLOW_ALWAYS_ALLOWED in workflow
            ):
                ids = frozenset(workflow_action_ids(workflow))
            self._allowed[key] = ids
        return self._allowed[key]

    def allowed(self, side: Side, ticket_type: Mapping[str, Any], action_id: int) -> bool | None:
        """Whether an action can be added to a ticket of this type (None: cannot be seen)."""
        if "workflow_id" not in ticket_type:
            return None
        workflow_id = as_int(ticket_type.get("workflow_id"))
        if workflow_id:
            ids = self.workflow_actions(side, workflow_id)
            if ids is None:
                return None
            if action_id not in ids:
                return False
        if ticket_type.get("allowall_actions") is False:
            allowed = {
                as_int(row.get(C.ALLOWED_ACTION_ID))
                for row in ticket_type.get("allowed_actions") or []
                if isinstance(row, Mapping)
            }
            return action_id in allowed
        return True

    def ticket_types(self, side: Side) -> list[Record]:
        return self.config(side).list("TicketType")

    def workflow_name(self, side: Side, ticket_type: Mapping[str, Any]) -> str:
        workflow = self.config(side).get("Workflow", as_int(ticket_type.get("workflow_id")))
        if workflow is None:
            return str(ticket_type.get("workflow_name") or "its workflow")
        return str(workflow.get("name") or f"workflow {workflow.get('id')}")

    @cached_property
    def log_actions(self) -> list[Record]:
        """The customer side's actions that can send a ticket to the supplier (rule R11)."""
        return [
            a
            for a in self.actions(Side.CUSTOMER).values()
            if system_use(a) == C.SYSTEMID_LOG_TO_SUPPLIER
            and sends_email(a)
            and C.ACTION_FIELD_SUPPLIER in field_names(a)
        ]

    @cached_property
    def _relevant_types(self) -> dict[Side, list[Record]]:
        out: dict[Side, list[Record]] = {}
        # Tickets reach the supplier's instance as the customer profile's ticket types.
        types = self.config(Side.SUPPLIER).by_id("TicketType")
        mappings = self.mappings(Side.SUPPLIER)
        ids: set[int] = set()
        if mappings is not None:
            ids = {
                r.local_id
                for r in mappings.rows_of(MappingKind.TICKET_TYPE)
                if r.mapped and r.local_id is not None
            }
            if mappings.default_ticket_type:
                ids.add(mappings.default_ticket_type)
        chosen = [types[i] for i in sorted(ids) if i in types]
        out[Side.SUPPLIER] = chosen or list(types.values())
        # Tickets are sent from the customer's ticket types that offer a log-to-supplier action.
        customer_types = self.ticket_types(Side.CUSTOMER)
        # Without a valid log-to-supplier action (R11 reports it), the one meant for it counts.
        senders = [as_int(a.get("id")) or 0 for a in self.log_actions] or [
            as_int(a.get("id")) or 0
            for a in self.actions(Side.CUSTOMER).values()
            if system_use(a) == C.SYSTEMID_LOG_TO_SUPPLIER
        ]
        escalating = [
            t
            for t in customer_types
            if any(self.allowed(Side.CUSTOMER, t, a) is not False for a in senders)
        ]
        out[Side.CUSTOMER] = escalating if senders and escalating else list(customer_types)
        return out

    def relevant_types(self, side: Side) -> list[Record]:
        """The ticket types a synced ticket can have in `side`'s instance."""
        return self._relevant_types[side]

    def not_allowed_on(
        self, side: Side, action_id: int, types: Iterable[Record] | None = None
    ) -> tuple[list[Record], list[Record]]:
        """(ticket types that do not allow the action, ticket types whose workflow is unseen)."""
        refused: list[Record] = []
        unknown: list[Record] = []
        for ticket_type in self.relevant_types(side) if types is None else types:
            allowed = self.allowed(side, ticket_type, action_id)
            if allowed is None:
                unknown.append(ticket_type)
            elif not allowed:
                refused.append(ticket_type)
        return refused, unknown

    # ---- the supplier side's synced actions, by the role seed 001 gives them ----

    def role_of(self, flow: Flow) -> str:
        """ "close", "indirect email", "email" (an e-mail action that syncs) or "note"."""
        side = flow.sender
        if self.closes(side, flow.source):
            return "close"
        if sends_email(flow.source):
            return "email"
        if flow.target is not None and sends_email(flow.target):
            return "indirect email"
        return "note"

    def roles_known(self, sender: Side) -> bool:
        """Whether roles can be told: the receiver's profile (its mappings) can be read."""
        return self.mappings(sender.other) is not None

    def role_flows(self, sender: Side, role: str) -> list[Flow]:
        """Flows from `sender` whose source sends by itself (not only when chosen) in `role`."""
        return [
            f
            for f in self.flows(sender.other)
            if self.sends_to_other(sender, f.source) and self.role_of(f) == role
        ]
