"""What the end-to-end test reads of each instance, through the read model, and the actions it
chooses for each hop of Halo's worked example (rules R11-R15)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.client import HaloClient, Record
from halo_wizard.plan.model import MappingKind, ProfileMappings, Side
from halo_wizard.steps import unknowns
from halo_wizard.steps.configuration import InstanceConfig, as_int
from halo_wizard.steps.mappings import direction_into, parse_profile
from halo_wizard.steps.read_model import (
    InstanceModel,
    arrives_as,
    field_names,
    is_hidden,
    logs_to_supplier,
    sends_email,
    sync_number,
    system_use,
    type_lists,
)

log = logging.getLogger(__name__)

READ_LISTS = ("Outcome", "Status", "Workflow", "TicketType")
"""The configuration lists the test reads of each instance (fresh: a proof reads them now)."""


@dataclass(slots=True)
class Instance:
    """What the run needs to know of one instance: its configuration as the read model answers
    it, and the profile that updates from the other instance arrive through."""

    side: Side
    name: str
    client: HaloClient
    model: InstanceModel = field(init=False)
    profile: Record = field(default_factory=dict)
    """The profile in this instance (the customer's: Supplier; the supplier's: Client)."""
    profile_entity: str = ""
    row_ids: str | None = None
    """How this instance keeps ids in mapping rows (mapping-row-ids), once it has shown it."""
    mappings: ProfileMappings = field(default_factory=ProfileMappings)
    """The profile's inbound settings, as far as they can be read (row_ids)."""

    def __post_init__(self) -> None:
        self.model = InstanceModel(InstanceConfig(self.side, self.name, {}))

    def take(
        self,
        lists: Mapping[str, list[Record]],
        profile: Record,
        entity: str,
        row_ids: str | None,
        sync: str | None,
    ) -> None:
        """Keep what was read: the configuration lists, the profile, the instance's answers."""
        config = InstanceConfig(self.side, self.name, {e: list(rows) for e, rows in lists.items()})
        self.model = InstanceModel(config, sync)
        self.profile = profile
        self.profile_entity = entity
        self.row_ids = row_ids
        self.mappings = parse_profile(profile, direction_into(self.side), row_ids)

    @property
    def sync(self) -> str | None:
        """Which sync_to_halo_api number is which (sync-values), once it has shown it."""
        return self.model.sync_answer

    @sync.setter
    def sync(self, answer: str | None) -> None:
        self.model.sync_answer = answer

    @property
    def outcomes(self) -> dict[int, Record]:
        return self.model.actions()

    @property
    def statuses(self) -> dict[int, Record]:
        return self.model.config.by_id("Status")

    @property
    def types(self) -> dict[int, Record]:
        return self.model.config.by_id("TicketType")

    def sends_toward_other(self, action: Mapping[str, Any]) -> bool:
        """Whether the action is sent to the other instance by its own setting."""
        return self.model.sends_to_other(action)

    def agent_sends(self, action: Mapping[str, Any]) -> bool:
        """Whether an agent using the action sends it to the other instance: it does by default,
        or (before the instance has shown which number is which) it offers the 'Send to Connected
        Halo Instance' field, which the agent sets on use (seed 001's worked example)."""
        if self.sends_toward_other(action):
            return True
        return (
            self.sync is None
            and not sync_number(action)
            and C.ACTION_FIELD_SEND_TO_HALO in field_names(action)
        )

    def numbers_to_try(self, action: Mapping[str, Any]) -> list[int]:
        """The sync_to_halo_api number a test action is sent with: the action's own, else the one
        this instance has shown for the other party, else both in turn (the test's own notes
        show which one Halo sends; a note sent with the other reaches nobody)."""
        own = sync_number(action)
        if own:
            return [own]
        if self.sync is not None:
            return [unknowns.sync_number(self.sync, unknowns.party_toward(self.side))]
        return [1, 2]

    def allowed(self, type_id: int | None, action_id: int) -> bool:
        """Whether a ticket of the type can take the action (what cannot be seen is allowed)."""
        ticket_type = self.types.get(type_id) if type_id is not None else None
        if ticket_type is None:
            return True
        return type_lists(ticket_type, action_id) and (
            self.model.allowed(ticket_type, action_id) is not False
        )

    def closes(self, action: Mapping[str, Any]) -> bool:
        return self.model.closes(action)

    def closed(self, status_id: Any) -> bool:
        """Whether a status closes tickets (Halo's built-in Closed or Cancelled)."""
        return self.model.closing_status(status_id)

    def action_name(self, action_id: Any) -> str:
        action = self.outcomes.get(as_int(action_id) or -1)
        return str(action.get(C.OUTCOME_NAME) or action_id) if action else f"action {action_id}"

    def workflow_name(self, type_id: int | None) -> str:
        ticket_type = self.types.get(type_id) if type_id is not None else None
        workflow = self.model.workflow_of(ticket_type)
        return str((workflow or {}).get("name") or "the ticket type's")

    def ticket_type_for(self, remote_type_id: int | None) -> int | None:
        """The ticket type a ticket of the other instance's type arrives as (mapping, default)."""
        row = (
            self.mappings.find(MappingKind.TICKET_TYPE, remote_type_id)
            if remote_type_id is not None
            else None
        )
        mapped = row.local_id if row is not None and row.mapped else None
        return mapped or self.mappings.default_ticket_type

    def arrives_as(self, remote_action_id: Any) -> tuple[int | None, bool]:
        """(the action an update from the other instance arrives as, True when by mapping)."""
        target, via = arrives_as(self.mappings, as_int(remote_action_id))
        return target, via == "mapping"

    @property
    def profile_label(self) -> str:
        kind = "supplier" if self.profile_entity == "Supplier" else "customer"
        return f"the {kind} profile '{self.profile.get('name', '')}'"


# ---- choosing the actions of each hop ------------------------------------------------------


def choose_log_action(customer: Instance, type_id: int | None = None) -> Record | None:
    """R11: system use Log to supplier, with a Supplier field; the recommended clone first."""

    def score(action: Record) -> tuple[int, ...]:
        fields = field_names(action)
        return (
            int(customer.allowed(type_id, int(action["id"]))),
            int(C.ACTION_FIELD_SUPPLIER in fields),
            int(sends_email(action)),
            int(C.ACTION_FIELD_SUPPLIER_REF not in fields),
            int(not action.get(C.OUTCOME_HIDDEN)),
            -int(action["id"]),
        )

    found = [a for a in customer.outcomes.values() if logs_to_supplier(a)]
    return max(found, key=score) if found else None


def choose_customer_note(customer: Instance, type_id: int | None = None) -> Record | None:
    """R13: no system use, sends to the supplier, does not close the ticket."""

    def score(action: Record) -> tuple[int, ...]:
        return (
            int(customer.allowed(type_id, int(action["id"]))),
            int(not sends_email(action)),
            int(customer.sync is not None or sync_number(action) in (1, 2)),
            int(is_hidden(action)),
            int(C.ACTION_FIELD_NOTE in field_names(action)),
            -int(action["id"]),
        )

    found = [
        a
        for a in customer.outcomes.values()
        if system_use(a) == C.SYSTEMID_NONE and customer.agent_sends(a) and not customer.closes(a)
    ]
    return max(found, key=score) if found else None


@dataclass(slots=True)
class SupplierActions:
    note: Record | None = None  # R12
    email: Record | None = None  # R14
    close: Record | None = None  # R15


EMAIL_WORDS = ("email", "e-mail", "mail")
"""How an indirect e-mail action is told by its name where the customer's mappings are not known
(the guide and the recommended action name it 'Indirect email to end user')."""


def named_as_email(action: Mapping[str, Any]) -> bool:
    name = str(action.get(C.OUTCOME_NAME) or "").casefold()
    return any(word in name for word in EMAIL_WORDS)


def choose_supplier_actions(
    supplier: Instance, customer: Instance, type_id: int | None = None, *, by_name: bool = False
) -> SupplierActions:
    """R12, R14 and R15 on the supplier side, told apart by settings and by where they arrive:
    the closing one sets a closed status, the indirect e-mail is mapped to an e-mail action
    (`by_name`: the customer's mappings are known from their catalogue only, so an action they
    do not name is the e-mail when its name says so)."""
    notes: list[Record] = []
    emails: list[Record] = []
    closes: list[Record] = []
    for action in supplier.outcomes.values():
        if system_use(action) != C.SYSTEMID_NONE or not supplier.agent_sends(action):
            continue
        if supplier.closes(action):
            closes.append(action)
            continue
        target, by_mapping = customer.arrives_as(action["id"])
        target_action = customer.outcomes.get(target) if target is not None else None
        if (by_mapping and target_action is not None and sends_email(target_action)) or (
            by_name
            and customer.mappings.find(MappingKind.ACTION, int(action["id"])) is None
            and named_as_email(action)
        ):
            emails.append(action)
        else:
            notes.append(action)

    def score(action: Record) -> tuple[int, ...]:
        return (
            int(supplier.allowed(type_id, int(action["id"]))),
            int(not sends_email(action)),
            int(not is_hidden(action)),
            int(C.ACTION_FIELD_NOTE in field_names(action)),
            -int(action["id"]),
        )

    return SupplierActions(
        note=max(notes, key=score) if notes else None,
        email=max(emails, key=score) if emails else None,
        close=max(closes, key=score) if closes else None,
    )
