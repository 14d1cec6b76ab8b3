"""What the rules share: both instances' actions, profiles, mappings and workflows, read once."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final

from halo_wizard.api import constants as C
from halo_wizard.api.client import Record
from halo_wizard.plan.model import MappingKind, ProfileMappings, Side
from halo_wizard.rules.inputs import CheckInput, ProfileMatch
from halo_wizard.steps.configuration import InstanceConfig, as_int
from halo_wizard.steps.mappings import DIRECTIONS, direction_into, mapping_row_count, parse_profile
from halo_wizard.steps.profiles import CUSTOMER_PROFILE, SUPPLIER_PROFILE, ProfileRole
from halo_wizard.steps.read_model import ANY_ACTION, InstanceModel, arrives_as, logs_to_supplier

# The questions asked of one action are the read model's; the rules use them under these names.
from halo_wizard.steps.read_model import SOMEWHERE as SOMEWHERE
from halo_wizard.steps.read_model import action_name as action_name
from halo_wizard.steps.read_model import field_names as field_names
from halo_wizard.steps.read_model import is_hidden as is_hidden
from halo_wizard.steps.read_model import may_sync as may_sync
from halo_wizard.steps.read_model import sends_back as sends_back
from halo_wizard.steps.read_model import sends_email as sends_email
from halo_wizard.steps.read_model import sends_to_other as sends_to_other
from halo_wizard.steps.read_model import sync_party as sync_party
from halo_wizard.steps.read_model import system_use as system_use
from halo_wizard.steps.read_model import system_use_name as system_use_name

logger = logging.getLogger(__name__)


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
    MappingKind.FIELD: C.FIELD_LABEL,
    MappingKind.ACTION: C.OUTCOME_NAME,
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

    @cached_property
    def _models(self) -> dict[Side, InstanceModel]:
        return {side: InstanceModel(self.config(side), self.sync_answer(side)) for side in Side}

    def model(self, side: Side) -> InstanceModel:
        """The read model of `side`'s instance: what its actions do, what its types allow."""
        return self._models[side]

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
        return self.model(side).actions()

    def action(self, side: Side, action_id: int | None) -> Record | None:
        return self.model(side).action(action_id)

    def closes(self, side: Side, action: Mapping[str, Any]) -> bool:
        """Whether the action closes the ticket (its "Status after action" is a closed status)."""
        return self.model(side).closes(action)

    def answer(self, side: Side, unknown: C.Unknown) -> str | None:
        """What `side`'s instance has shown of one of Halo's unknowns (None: not yet)."""
        return self.input.answer(side, unknown)

    def sync_answer(self, side: Side) -> str | None:
        return self.answer(side, C.SYNC_VALUES)

    def sends_to_other(self, side: Side, action: Mapping[str, Any]) -> bool:
        return self.model(side).sends_to_other(action)

    def sends_back(self, receiver: Side, target: Mapping[str, Any]) -> bool:
        return self.model(receiver).sends_back(target)

    def live(self, side: Side) -> list[Record]:
        """The actions of `side` that can reach the other instance."""
        return self._live[side]

    @cached_property
    def _live(self) -> dict[Side, list[Record]]:
        return {
            side: [a for a in self.actions(side).values() if self.model(side).may_sync(a)]
            for side in Side
        }

    def target_of(self, receiver: Side, source_id: int) -> tuple[int | None, str]:
        """What an action of the sender arrives as in `receiver`: (action id, "mapping" /
        "default" / "")."""
        return arrives_as(self.mappings(receiver), source_id)

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
        return self.model(side).workflow_actions(workflow_id)

    def allowed(self, side: Side, ticket_type: Mapping[str, Any], action_id: int) -> bool | None:
        """Whether an action can be added to a ticket of this type (None: cannot be seen)."""
        return self.model(side).allowed(ticket_type, action_id)

    def ticket_types(self, side: Side) -> list[Record]:
        return self.config(side).list("TicketType")

    def workflow_name(self, side: Side, ticket_type: Mapping[str, Any]) -> str:
        workflow = self.model(side).workflow_of(ticket_type)
        if workflow is None:
            return str(ticket_type.get(C.TICKET_TYPE_WORKFLOW_NAME) or "its workflow")
        return str(workflow.get("name") or f"workflow {workflow.get('id')}")

    @cached_property
    def log_actions(self) -> list[Record]:
        """The customer side's actions that can send a ticket to the supplier (rule R11)."""
        return [
            a
            for a in self.actions(Side.CUSTOMER).values()
            if logs_to_supplier(a) and sends_email(a) and C.ACTION_FIELD_SUPPLIER in field_names(a)
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
            if logs_to_supplier(a)
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

    @cached_property
    def _allowing(self) -> dict[Side, tuple[int, Counter[int]]]:
        """Per side, over its relevant ticket types whose workflow can be seen: how many there
        are, and for each action how many of them allow it (one pass over the types' allowed
        actions, so counting for every candidate action costs nothing more)."""
        out: dict[Side, tuple[int, Counter[int]]] = {}
        for side in Side:
            model = self.model(side)
            seen = 0
            allowing: Counter[int] = Counter()
            everything = 0
            for ticket_type in self.relevant_types(side):
                allows = model.allowed_actions(ticket_type)
                if allows is None:
                    continue
                seen += 1
                if allows == ANY_ACTION:
                    everything += 1
                else:
                    allowing.update(allows)
            out[side] = (seen - everything, allowing)
        return out

    def refused_count(self, side: Side, action_id: int) -> int:
        """How many of the relevant ticket types do not allow the action: the length of
        not_allowed_on(side, action_id)[0], for ranking many candidate actions at once."""
        restricting, allowing = self._allowing[side]
        return restricting - allowing[action_id]

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

    def chosen_flows(self, sender: Side, role: str) -> list[Flow]:
        """Flows from `sender` in `role` whose source is sent only when the agent picks the other
        instance in its 'Send to Connected Halo Instance' field (it does not default to it)."""
        return [
            f
            for f in self.flows(sender.other)
            if not self.sends_to_other(sender, f.source) and self.role_of(f) == role
        ]

    def role_candidates(self, sender: Side, names: Iterable[str] = ()) -> list[Record]:
        """The actions of `sender` that look meant for a synced role: those that can reach the
        other instance, and those with one of the `names` the guide or the wizard gives such an
        action. The log-to-supplier action creates tickets and is never one."""
        wanted = {n.strip().casefold() for n in names}
        model = self.model(sender)
        return [
            a
            for a in self.actions(sender).values()
            if not logs_to_supplier(a)
            and (model.may_sync(a) or action_name(a).strip().casefold() in wanted)
        ]

    # ---- the other instance's own values (what a profile must hold: rule R3) ----

    def own_values_source(self, side: Side) -> str:
        """Where the check learned `side`'s own addresses, in the admin's words."""
        return {
            "live": "the address the wizard connects to",
            "plan": "the address in the plan",
            "instanceinfo": "its /api/instanceinfo page",
        }.get(self.config(side).addresses_from, "what the instance shows")


def hidden_from_agents(action: Mapping[str, Any]) -> bool:
    """Whether the action is hidden from agents' action lists (no agent can pick it)."""
    return bool(action.get(C.OUTCOME_HIDDEN))
